import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RecipientEntry } from '../recipients/index.js';
import { canonicalJson } from '../shared/canonical-json.js';
import { DataCustomsError } from '../shared/errors.js';

// The recipients registry (migration 0005_recipients): a head row per tenant and id, and every version of
// the entry with who changed it and when. Same schema on SQLite and PostgreSQL.

interface RecipientsTable {
  tenant: string;
  id: string;
  latest_version: number;
  created_at: string;
  updated_at: string;
}
interface RecipientVersionsTable {
  tenant: string;
  id: string;
  version: number;
  entry: string;
  content_hash: string;
  change: string;
  changed_at: string;
  changed_by: string;
  changed_by_role: string;
}

/** The registry's tables, for Kysely. */
export interface RecipientDatabase {
  recipients: RecipientsTable;
  recipient_versions: RecipientVersionsTable;
}

/** One version of a registry entry, with who made it and when. */
export interface RecipientRecord {
  readonly id: string;
  readonly version: number;
  readonly entry: RecipientEntry;
  /** SHA-256 (hex) of the entry's canonical JSON. */
  readonly contentHash: string;
  readonly change: 'created' | 'updated';
  readonly changedAt: string;
  /** The API key id (or `local`) that made the change, and its role. */
  readonly changedBy: string;
  readonly changedByRole: string;
}

/** Who changes an entry, and when (ISO 8601, from the caller's clock). */
export interface RecipientChange {
  readonly entry: RecipientEntry;
  readonly actor: string;
  readonly role: string;
  readonly now: string;
  /** Update only if the latest version is this one (optimistic concurrency); DC_CONFLICT otherwise. */
  readonly expectedVersion?: number;
}

/** One tenant's recipients registry; every version kept. */
export interface RecipientRepository {
  /** Adds an entry as version 1; DC_CONFLICT when the tenant already has that id. */
  create(change: RecipientChange): Promise<RecipientRecord>;
  /** Stores a new version of an existing entry (unchanged content: the latest, `created` false); undefined when there is no such id. */
  update(change: RecipientChange): Promise<{ record: RecipientRecord; created: boolean } | undefined>;
  latest(id: string): Promise<RecipientRecord | undefined>;
  version(id: string, version: number): Promise<RecipientRecord | undefined>;
  /** Every version of an entry, oldest first (empty when there is no such id). */
  history(id: string): Promise<RecipientRecord[]>;
  /** The latest version of each entry, by id, from after `after`. */
  list(options?: { readonly limit?: number; readonly after?: string }): Promise<RecipientRecord[]>;
}

const toRecord = (row: RecipientVersionsTable): RecipientRecord => ({
  id: row.id,
  version: Number(row.version),
  entry: JSON.parse(row.entry) as RecipientEntry,
  contentHash: row.content_hash,
  change: row.change as RecipientRecord['change'],
  changedAt: row.changed_at,
  changedBy: row.changed_by,
  changedByRole: row.changed_by_role,
});

/** The registry of one tenant over a Kysely database that has run the store's migrations. */
export function recipientRepository(
  db: Kysely<RecipientDatabase>,
  kind: 'sqlite' | 'postgres',
  tenant: string,
): RecipientRepository {
  const write = (c: RecipientChange, mode: 'create' | 'update') =>
    db.transaction().execute(async (tx) => {
      const text = canonicalJson(c.entry);
      const hash = createHash('sha256').update(text).digest('hex');
      const id = c.entry.id;
      if (mode === 'create')
        await tx
          .insertInto('recipients')
          .values({ tenant, id, latest_version: 0, created_at: c.now, updated_at: c.now })
          .onConflict((oc) => oc.columns(['tenant', 'id']).doNothing())
          .execute();
      let q = tx
        .selectFrom('recipients')
        .select('latest_version')
        .where('tenant', '=', tenant)
        .where('id', '=', id);
      // INVARIANT: the head row is locked while a version is numbered, so concurrent changes get 1, 2, 3, …
      if (kind === 'postgres') q = q.forUpdate();
      const head = await q.executeTakeFirst();
      if (head === undefined) return undefined;
      const current = Number(head.latest_version);
      if (mode === 'update' && c.expectedVersion !== undefined && c.expectedVersion !== current)
        throw new DataCustomsError(
          'DC_CONFLICT',
          `recipient ${id} is at version ${current}, not ${c.expectedVersion}: read it again and re-apply the change`,
        );
      if (mode === 'create' && current > 0)
        throw new DataCustomsError(
          'DC_CONFLICT',
          `recipient ${id} exists; change it with PUT /v1/recipients/${id}`,
        );
      if (current > 0) {
        const latest = await tx
          .selectFrom('recipient_versions')
          .selectAll()
          .where('tenant', '=', tenant)
          .where('id', '=', id)
          .where('version', '=', current)
          .executeTakeFirstOrThrow();
        if (latest.content_hash === hash) return { record: toRecord(latest), created: false };
      }
      const row: RecipientVersionsTable = {
        tenant,
        id,
        version: current + 1,
        entry: text,
        content_hash: hash,
        change: current === 0 ? 'created' : 'updated',
        changed_at: c.now,
        changed_by: c.actor,
        changed_by_role: c.role,
      };
      await tx.insertInto('recipient_versions').values(row).execute();
      await tx
        .updateTable('recipients')
        .set({ latest_version: current + 1, updated_at: c.now })
        .where('tenant', '=', tenant)
        .where('id', '=', id)
        .execute();
      return { record: toRecord(row), created: true };
    });

  return {
    async create(change) {
      const out = await write(change, 'create');
      if (out === undefined)
        throw new DataCustomsError('DC_STORE', `recipient ${change.entry.id}: head row missing`);
      return out.record;
    },
    update: (change) => write(change, 'update'),
    async latest(id) {
      const head = await db
        .selectFrom('recipients')
        .select('latest_version')
        .where('tenant', '=', tenant)
        .where('id', '=', id)
        .executeTakeFirst();
      if (head === undefined || Number(head.latest_version) === 0) return undefined;
      return this.version(id, Number(head.latest_version));
    },
    async version(id, version) {
      const row = await db
        .selectFrom('recipient_versions')
        .selectAll()
        .where('tenant', '=', tenant)
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },
    async history(id) {
      const rows = await db
        .selectFrom('recipient_versions')
        .selectAll()
        .where('tenant', '=', tenant)
        .where('id', '=', id)
        .orderBy('version')
        .execute();
      return rows.map(toRecord);
    },
    async list(options = {}) {
      let q = db
        .selectFrom('recipients')
        .innerJoin('recipient_versions', (j) =>
          j
            .onRef('recipient_versions.tenant', '=', 'recipients.tenant')
            .onRef('recipient_versions.id', '=', 'recipients.id')
            .onRef('recipient_versions.version', '=', 'recipients.latest_version'),
        )
        .selectAll('recipient_versions')
        .where('recipients.tenant', '=', tenant)
        .orderBy('recipients.id')
        .limit(Math.min(options.limit ?? 100, 1000));
      if (options.after !== undefined) q = q.where('recipients.id', '>', options.after);
      return (await q.execute()).map(toRecord);
    },
  };
}
