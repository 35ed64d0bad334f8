// Adapter: the vault's storage in SQL (Kysely), the same on SQLite (better-sqlite3) and PostgreSQL (pg).
// Three tables: data keys (wrapped), tokens (encrypted originals) and access records. Nothing here is a
// value or a subject's id in clear: subjects are keyed-hash references, values are AES-256-GCM ciphertext.

import type { ColumnType, Kysely, Selectable } from 'kysely';
import { ProtectError } from '../protect/errors.js';
import type { AccessRecord, StoredKey, StoredToken, VaultStorage } from '../protect/index.js';
import { DataCustomsError } from '../shared/errors.js';
import { openDatabase, type StoreLocation } from './connection.js';

type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;

/** The vault tables, for Kysely. */
export interface VaultDatabase {
  /** Data keys: one per tenant (subject_ref `''`: the tenant's root) and per subject. */
  vault_keys: {
    tenant: string;
    subject_ref: string;
    key_id: string;
    /** The master key version that wraps it. */
    master_version: number;
    wrapped: Bytes;
    created_at: string;
  };
  /** Tokens and their encrypted originals; a deterministic token has one row per subject. */
  vault_tokens: {
    tenant: string;
    token: string;
    subject_ref: string;
    key_id: string;
    category: string;
    profile: string;
    ciphertext: Bytes;
    created_at: string;
  };
  /** Random tokens reserved before they are stored: the one place where two processes' draws meet. */
  vault_token_claims: {
    tenant: string;
    token: string;
  };
  /** Every detokenisation (granted or refused), erasure and re-wrapping. Never updated or deleted. */
  vault_access: {
    id: string;
    tenant: string;
    action: string;
    token: string;
    category: string;
    subject_ref: string;
    actor: string;
    role: string;
    purpose: string;
    country: string;
    outcome: string;
    grant_id: string;
    at: string;
  };
}

/**
 * Creates the vault tables and indexes if they do not exist. The body of migration `0003_vault`; until it
 * is wired, `openVaultStore` calls it at open. Uses only what SQLite and PostgreSQL share (`bytea` is
 * PostgreSQL's binary type; SQLite keeps BLOBs in a column of that declared type).
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration runs on a Kysely of any schema, as Kysely's own migrations do
export async function createVaultTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('vault_keys')
    .ifNotExists()
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('subject_ref', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('master_version', 'integer', (c) => c.notNull())
    .addColumn('wrapped', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vault_keys_pk', ['tenant', 'subject_ref'])
    .execute();
  await db.schema
    .createIndex('vault_keys_master_version')
    .ifNotExists()
    .on('vault_keys')
    .column('master_version')
    .execute();
  await db.schema
    .createTable('vault_tokens')
    .ifNotExists()
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('subject_ref', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('ciphertext', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vault_tokens_pk', ['tenant', 'token', 'subject_ref'])
    .execute();
  await db.schema
    .createIndex('vault_tokens_subject')
    .ifNotExists()
    .on('vault_tokens')
    .columns(['tenant', 'subject_ref'])
    .execute();
  await db.schema
    .createTable('vault_token_claims')
    .ifNotExists()
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vault_token_claims_pk', ['tenant', 'token'])
    .execute();
  await db.schema
    .createTable('vault_access')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('subject_ref', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('vault_access_tenant_at')
    .ifNotExists()
    .on('vault_access')
    .columns(['tenant', 'at'])
    .execute();
}

/** Drops the vault tables (the `down` of migration `0003_vault`). */
// biome-ignore lint/suspicious/noExplicitAny: as createVaultTables
export async function dropVaultTables(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('vault_access').ifExists().execute();
  await db.schema.dropTable('vault_token_claims').ifExists().execute();
  await db.schema.dropTable('vault_tokens').ifExists().execute();
  await db.schema.dropTable('vault_keys').ifExists().execute();
}

/** Vault storage that also owns its connection. */
export interface VaultStore extends VaultStorage {
  readonly kind: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

/** Largest number of values bound in one `in (...)` list (SQLite's default limit is 32,766). */
const IN_CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function storeError(message: string, cause?: unknown): ProtectError {
  return new ProtectError('DC_VAULT_STORAGE', message, { cause });
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  throw storeError('a binary vault column did not hold bytes');
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Vault storage over a Kysely instance whose database has the vault tables (`createVaultTables`).
 *
 * @example
 * await createVaultTables(db);
 * const vault = createVault({ storage: createVaultStorage(db), keys, random: randomBytes, clock, policy });
 */
export function createVaultStorage(db: Kysely<VaultDatabase>): VaultStorage {
  const toKey = (r: Selectable<VaultDatabase['vault_keys']>): StoredKey => ({
    tenant: r.tenant,
    subjectRef: r.subject_ref,
    keyId: r.key_id,
    wrapped: { version: Number(r.master_version), bytes: toBytes(r.wrapped) },
    createdAt: r.created_at,
  });
  const toToken = (r: Selectable<VaultDatabase['vault_tokens']>): StoredToken => ({
    tenant: r.tenant,
    token: r.token,
    subjectRef: r.subject_ref,
    keyId: r.key_id,
    category: r.category,
    profile: r.profile,
    ciphertext: toBytes(r.ciphertext),
    createdAt: r.created_at,
  });
  const guard = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (err) {
      if (err instanceof DataCustomsError) throw err;
      throw storeError(
        `vault storage: ${what} failed: ${(err as Error).message?.split('\n')[0] ?? 'unknown error'}`,
        err,
      );
    }
  };
  return {
    getKeys: (tenant, subjectRefs) =>
      guard('reading keys', async () => {
        const out: StoredKey[] = [];
        for (const part of chunks([...new Set(subjectRefs)], IN_CHUNK)) {
          if (part.length === 0) continue;
          const rows = await db
            .selectFrom('vault_keys')
            .selectAll()
            .where('tenant', '=', tenant)
            .where('subject_ref', 'in', part)
            .execute();
          out.push(...rows.map(toKey));
        }
        return out;
      }),
    insertKey: (key) =>
      guard('storing a key', async () => {
        await db
          .insertInto('vault_keys')
          .values({
            tenant: key.tenant,
            subject_ref: key.subjectRef,
            key_id: key.keyId,
            master_version: key.wrapped.version,
            wrapped: toBuffer(key.wrapped.bytes),
            created_at: key.createdAt,
          })
          .onConflict((oc) => oc.columns(['tenant', 'subject_ref']).doNothing())
          .execute();
        const row = await db
          .selectFrom('vault_keys')
          .selectAll()
          .where('tenant', '=', key.tenant)
          .where('subject_ref', '=', key.subjectRef)
          .executeTakeFirst();
        if (row === undefined) throw storeError('vault storage: a key vanished right after it was stored');
        return toKey(row);
      }),
    takenTokens: (tenant, tokens) =>
      guard('checking tokens', async () => {
        const taken = new Set<string>();
        for (const part of chunks([...new Set(tokens)], IN_CHUNK)) {
          if (part.length === 0) continue;
          const rows = await db
            .selectFrom('vault_tokens')
            .select('token')
            .distinct()
            .where('tenant', '=', tenant)
            .where('token', 'in', part)
            .execute();
          for (const r of rows) taken.add(r.token);
        }
        return taken;
      }),
    claimTokens: (tenant, tokens) =>
      guard('reserving tokens', async () => {
        const claimed = new Set<string>();
        for (const part of chunks([...new Set(tokens)], IN_CHUNK)) {
          if (part.length === 0) continue;
          const rows = await db
            .insertInto('vault_token_claims')
            .values(part.map((token) => ({ tenant, token })))
            .onConflict((oc) => oc.columns(['tenant', 'token']).doNothing())
            .returning('token')
            .execute();
          for (const r of rows) claimed.add(r.token);
        }
        return claimed;
      }),
    putTokens: (rows) =>
      guard('storing tokens', async () => {
        if (rows.length === 0) return;
        await db.transaction().execute(async (tx) => {
          for (const part of chunks(rows, 200)) {
            await tx
              .insertInto('vault_tokens')
              .values(
                part.map((r) => ({
                  tenant: r.tenant,
                  token: r.token,
                  subject_ref: r.subjectRef,
                  key_id: r.keyId,
                  category: r.category,
                  profile: r.profile,
                  ciphertext: toBuffer(r.ciphertext),
                  created_at: r.createdAt,
                })),
              )
              .onConflict((oc) => oc.columns(['tenant', 'token', 'subject_ref']).doNothing())
              .execute();
          }
        });
      }),
    findToken: (tenant, token) =>
      guard('reading a token', async () => {
        const rows = await db
          .selectFrom('vault_tokens')
          .selectAll()
          .where('tenant', '=', tenant)
          .where('token', '=', token)
          .orderBy('created_at')
          .orderBy('subject_ref')
          .execute();
        return rows.map(toToken);
      }),
    deleteSubject: (tenant, subjectRef) =>
      guard('forgetting a subject', () =>
        db.transaction().execute(async (tx) => {
          // The key first: once it is gone the rows are unreadable even if the second delete never runs.
          const keys = await tx
            .deleteFrom('vault_keys')
            .where('tenant', '=', tenant)
            .where('subject_ref', '=', subjectRef)
            .executeTakeFirst();
          const tokens = await tx
            .deleteFrom('vault_tokens')
            .where('tenant', '=', tenant)
            .where('subject_ref', '=', subjectRef)
            .executeTakeFirst();
          return { keys: Number(keys.numDeletedRows), tokens: Number(tokens.numDeletedRows) };
        }),
      ),
    recordAccess: (r) =>
      guard('recording an access', async () => {
        await db
          .insertInto('vault_access')
          .values({
            id: r.id,
            tenant: r.tenant,
            action: r.action,
            token: r.token,
            category: r.category,
            subject_ref: r.subjectRef,
            actor: r.actor,
            role: r.role,
            purpose: r.purpose,
            country: r.country,
            outcome: r.outcome,
            grant_id: r.grant,
            at: r.at,
          })
          .execute();
      }),
    listAccess: (tenant, options = {}) =>
      guard('reading access records', async () => {
        let q = db
          .selectFrom('vault_access')
          .selectAll()
          .where('tenant', '=', tenant)
          .orderBy('at', 'desc')
          .orderBy('id', 'desc')
          .limit(Math.min(options.limit ?? 100, 10_000));
        if (options.token !== undefined) q = q.where('token', '=', options.token);
        const rows = await q.execute();
        return rows.map(
          (r): AccessRecord => ({
            id: r.id,
            tenant: r.tenant,
            action: r.action as AccessRecord['action'],
            token: r.token,
            category: r.category,
            subjectRef: r.subject_ref,
            actor: r.actor,
            role: r.role,
            purpose: r.purpose,
            country: r.country,
            outcome: r.outcome as AccessRecord['outcome'],
            grant: r.grant_id,
            at: r.at,
          }),
        );
      }),
    keysNotWrappedBy: (version, limit) =>
      guard('listing keys to re-wrap', async () => {
        const rows = await db
          .selectFrom('vault_keys')
          .selectAll()
          .where('master_version', '<>', version)
          .orderBy('tenant')
          .orderBy('subject_ref')
          .limit(limit)
          .execute();
        return rows.map(toKey);
      }),
    rewrapKey: (key, fromVersion, wrapped) =>
      guard('re-wrapping a key', async () => {
        const result = await db
          .updateTable('vault_keys')
          .set({ master_version: wrapped.version, wrapped: toBuffer(wrapped.bytes) })
          .where('tenant', '=', key.tenant)
          .where('subject_ref', '=', key.subjectRef)
          .where('key_id', '=', key.keyId)
          .where('master_version', '=', fromVersion)
          .executeTakeFirst();
        return Number(result.numUpdatedRows) === 1;
      }),
    countKeysByVersion: () =>
      guard('counting keys', async () => {
        const rows = await db
          .selectFrom('vault_keys')
          .select(['master_version', (eb) => eb.fn.countAll<number | string>().as('n')])
          .groupBy('master_version')
          .execute();
        return new Map(rows.map((r) => [Number(r.master_version), Number(r.n)]));
      }),
  };
}

/**
 * Opens the vault's storage at a store location: the SQLite file `customs.db` in the data folder (the
 * store's own file), or PostgreSQL; creates the tables if needed (until migration `0003_vault` does).
 *
 * @example
 * const store = await openVaultStore({ kind: 'sqlite', dataDir: './.customs' });
 */
export async function openVaultStore(
  location: StoreLocation,
  options: { readonly sqliteFile?: string } = {},
): Promise<VaultStore> {
  // The vault has its own SQLite file: tokens are written while a transfer holds the flow store's
  // write lock, and a second connection to that file in the same process would stall on it.
  const { db, kind } = openDatabase<VaultDatabase>(location, { file: options.sqliteFile ?? 'vault.db' });
  try {
    await createVaultTables(db);
  } catch (err) {
    await db.destroy();
    throw new DataCustomsError(
      'DC_STORE_MIGRATION',
      `cannot create the vault tables: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  return { ...createVaultStorage(db), kind, close: () => db.destroy() };
}
