import { createHash, timingSafeEqual } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import { DataCustomsError } from '../shared/errors.js';
import {
  insertQuarantined,
  listQuarantined,
  type QuarantineDatabase,
  type QuarantinedRecord,
} from './quarantine-store.js';

// The gateway's tables (migration 0003_gateway): API keys, verdicts of flow versions, counters of
// individuals by keyed hash, and transfers. Same schema on SQLite and PostgreSQL.

/** Roles of API keys, from most to least powerful within a tenant; `regulator` reads across tenants. */
export const ROLES = ['admin', 'operator', 'auditor', 'regulator'] as const;

/** A role. */
export type Role = (typeof ROLES)[number];

/** Who is calling: the tenant whose data they see and their role. */
export interface Principal {
  readonly keyId: string;
  readonly tenant: string;
  readonly role: Role;
}

interface ApiKeysTable {
  id: string;
  tenant: string;
  role: string;
  secret_hash: string;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
}
interface FlowVerdictsTable {
  flow_id: string;
  version: number;
  verdict: string;
  level: string;
  evaluated_at: string;
}
interface CountedSubjectsTable {
  tenant: string;
  counter: string;
  window: string;
  subject_hash: string;
  first_seen: string;
  last_seen: string;
}
interface CounterHeadsTable {
  tenant: string;
  counter: string;
  window: string;
  count: number | string | bigint;
  updated_at: string;
}
interface TransfersTable {
  id: string;
  tenant: string;
  flow_id: string;
  flow_version: number;
  idempotency_key: string | null;
  request_hash: string;
  status: string;
  created_at: string;
  ledger_index: number | string | bigint | null;
  receipt: string | null;
  response: string | null;
}
interface TransferSubjectsTable {
  tenant: string;
  subject_hash: string;
  transfer_id: string;
}

/** The gateway's tables, for Kysely. */
export interface GatewayDatabase {
  api_keys: ApiKeysTable;
  flow_verdicts: FlowVerdictsTable;
  counted_subjects: CountedSubjectsTable;
  counter_heads: CounterHeadsTable;
  transfers: TransfersTable;
  transfer_subjects: TransferSubjectsTable;
}

/** A stored transfer, as answered to idempotent retries and data-subject requests. */
export interface TransferRecord {
  readonly id: string;
  readonly tenant: string;
  readonly flowId: string;
  readonly flowVersion: number;
  readonly status: 'accepted' | 'recorded';
  readonly createdAt: string;
  readonly ledgerIndex: number | null;
  readonly receipt: string | null;
  readonly response: string | null;
  readonly requestHash: string;
}

/** What a transfer transaction can do while it holds the counters' lock. */
export interface CounterTransaction {
  /** The individuals counted so far (before this transfer) in a counter's window. */
  count(counter: string, window: string, since: string | null): Promise<number>;
  /** Of these hashes, those not yet counted in the counter's window. */
  unseen(counter: string, window: string, since: string | null, hashes: readonly string[]): Promise<string[]>;
  /** Counts these hashes (idempotently) and refreshes their last-seen day; `unseen` of them were new. */
  record(
    counter: string,
    window: string,
    hashes: readonly string[],
    unseen: number,
    day: string,
  ): Promise<void>;
  /** Stores the transfer and the keyed hashes of its individuals. */
  saveTransfer(
    t: TransferRecord & { readonly idempotencyKey: string | null },
    subjectHashes: readonly string[],
  ): Promise<void>;
  /** Holds the records of the transfer's batch that its flow quarantines (saved with the transfer). */
  hold(records: readonly QuarantinedRecord[]): Promise<void>;
}

/** The gateway's store. */
export interface GatewayStore {
  createApiKey(input: {
    tenant: string;
    role: Role;
    label?: string;
    now: string;
    random: Uint8Array;
  }): Promise<{ id: string; key: string }>;
  authenticate(key: string): Promise<Principal | undefined>;
  revokeApiKey(id: string, now: string): Promise<boolean>;
  listApiKeys(
    tenant: string,
  ): Promise<
    { id: string; role: string; label: string | null; created_at: string; revoked_at: string | null }[]
  >;
  saveVerdict(flowId: string, version: number, verdict: unknown, level: string, now: string): Promise<void>;
  verdictOf(flowId: string, version: number): Promise<unknown | undefined>;
  /** Runs `fn` holding the lock of these counters, so that counts stay exact under concurrency. */
  withCounters<T>(
    tenant: string,
    counters: readonly { counter: string; window: string }[],
    now: string,
    fn: (tx: CounterTransaction) => Promise<T>,
  ): Promise<T>;
  counters(
    tenant: string | null,
  ): Promise<{ tenant: string; counter: string; window: string; count: number; updated_at: string }[]>;
  transferByIdempotencyKey(tenant: string, key: string): Promise<TransferRecord | undefined>;
  /** Stores the answer of an accepted transfer (and its ledger index when a ledger is kept). */
  recordTransfer(id: string, ledgerIndex: number | null, receipt: string, response: string): Promise<void>;
  /**
   * Transfers counted but not yet recorded (their ledger append has not finished), oldest first; with
   * `createdBefore` (ISO 8601) only those created earlier, at most `limit`.
   */
  transfersPendingLedger(options?: {
    readonly createdBefore?: string;
    readonly limit?: number;
  }): Promise<TransferRecord[]>;
  transfersOfSubject(tenant: string, subjectHash: string): Promise<TransferRecord[]>;
  /** Holds quarantined records of a batch of which nothing was sent. */
  hold(records: readonly QuarantinedRecord[]): Promise<void>;
  /** A tenant's quarantined records, oldest first, by pages. */
  quarantined(
    tenant: string,
    options?: { readonly limit?: number; readonly after?: string; readonly flow?: string },
  ): Promise<{ records: QuarantinedRecord[]; next: string | null }>;
}

const KEY_PREFIX = 'dck';
const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');
const base64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');

const toTransfer = (r: TransfersTable): TransferRecord => ({
  id: r.id,
  tenant: r.tenant,
  flowId: r.flow_id,
  flowVersion: Number(r.flow_version),
  status: r.status as TransferRecord['status'],
  createdAt: r.created_at,
  ledgerIndex: r.ledger_index == null ? null : Number(r.ledger_index),
  receipt: r.receipt,
  response: r.response,
  requestHash: r.request_hash,
});

/** The gateway store over a Kysely database that has run the store's migrations. */
export function createGatewayStore(db: Kysely<GatewayDatabase>, kind: 'sqlite' | 'postgres'): GatewayStore {
  const tx = (t: Transaction<GatewayDatabase>, tenant: string): CounterTransaction => ({
    async count(counter, window, since) {
      if (since === null) {
        const head = await t
          .selectFrom('counter_heads')
          .select('count')
          .where('tenant', '=', tenant)
          .where('counter', '=', counter)
          .where('window', '=', window)
          .executeTakeFirst();
        return head ? Number(head.count) : 0;
      }
      const row = await t
        .selectFrom('counted_subjects')
        .select(sql<number>`count(*)`.as('n'))
        .where('tenant', '=', tenant)
        .where('counter', '=', counter)
        .where('window', '=', window)
        .where('last_seen', '>=', since)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async unseen(counter, window, since, hashes) {
      const seen = new Set<string>();
      for (let i = 0; i < hashes.length; i += 500) {
        let q = t
          .selectFrom('counted_subjects')
          .select('subject_hash')
          .where('tenant', '=', tenant)
          .where('counter', '=', counter)
          .where('window', '=', window)
          .where('subject_hash', 'in', hashes.slice(i, i + 500));
        if (since !== null) q = q.where('last_seen', '>=', since);
        for (const r of await q.execute()) seen.add(r.subject_hash);
      }
      return [...new Set(hashes)].filter((h) => !seen.has(h));
    },
    async record(counter, window, hashes, unseen, day) {
      const unique = [...new Set(hashes)];
      for (let i = 0; i < unique.length; i += 500) {
        const rows = unique
          .slice(i, i + 500)
          .map((h) => ({ tenant, counter, window, subject_hash: h, first_seen: day, last_seen: day }));
        await t
          .insertInto('counted_subjects')
          .values(rows)
          .onConflict((oc) =>
            oc.columns(['tenant', 'counter', 'window', 'subject_hash']).doUpdateSet({ last_seen: day }),
          )
          .execute();
      }
      // INVARIANT: `unseen` was computed under this transaction's lock, so the head stays exact.
      await t
        .updateTable('counter_heads')
        .set({ count: sql`count + ${unseen}`, updated_at: day })
        .where('tenant', '=', tenant)
        .where('counter', '=', counter)
        .where('window', '=', window)
        .execute();
    },
    async saveTransfer(r, subjectHashes) {
      await t
        .insertInto('transfers')
        .values({
          id: r.id,
          tenant: r.tenant,
          flow_id: r.flowId,
          flow_version: r.flowVersion,
          idempotency_key: r.idempotencyKey,
          request_hash: r.requestHash,
          status: r.status,
          created_at: r.createdAt,
          ledger_index: r.ledgerIndex,
          receipt: r.receipt,
          response: r.response,
        })
        .execute();
      const unique = [...new Set(subjectHashes)];
      for (let i = 0; i < unique.length; i += 500) {
        await t
          .insertInto('transfer_subjects')
          .values(
            unique.slice(i, i + 500).map((h) => ({ tenant: r.tenant, subject_hash: h, transfer_id: r.id })),
          )
          .execute();
      }
    },
    hold: (records) => insertQuarantined(t as unknown as Kysely<QuarantineDatabase>, records),
  });

  return {
    async createApiKey({ tenant, role, label, now, random }) {
      if (random.length < 24)
        throw new DataCustomsError('DC_USAGE', 'an API key needs at least 24 random bytes');
      const id = Buffer.from(random.subarray(0, 6)).toString('hex');
      const key = `${KEY_PREFIX}_${id}_${base64url(random.subarray(6))}`;
      await db
        .insertInto('api_keys')
        .values({
          id,
          tenant,
          role,
          secret_hash: hashKey(key),
          label: label ?? null,
          created_at: now,
          revoked_at: null,
        })
        .execute();
      return { id, key };
    },
    async authenticate(key) {
      // From the Authorization header: untrusted.
      const m = /^dck_([0-9a-f]{12})_[A-Za-z0-9_-]{20,100}$/.exec(key);
      if (!m) return undefined;
      const row = await db
        .selectFrom('api_keys')
        .selectAll()
        .where('id', '=', m[1] ?? '')
        .executeTakeFirst();
      if (!row || row.revoked_at !== null) return undefined;
      const a = Buffer.from(row.secret_hash, 'hex');
      const b = Buffer.from(hashKey(key), 'hex');
      if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
      return { keyId: row.id, tenant: row.tenant, role: row.role as Role };
    },
    async revokeApiKey(id, now) {
      const r = await db
        .updateTable('api_keys')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async listApiKeys(tenant) {
      return db
        .selectFrom('api_keys')
        .select(['id', 'role', 'label', 'created_at', 'revoked_at'])
        .where('tenant', '=', tenant)
        .orderBy('created_at')
        .execute();
    },
    async saveVerdict(flowId, version, verdict, level, now) {
      await db
        .insertInto('flow_verdicts')
        .values({ flow_id: flowId, version, verdict: JSON.stringify(verdict), level, evaluated_at: now })
        .onConflict((oc) =>
          oc
            .columns(['flow_id', 'version'])
            .doUpdateSet({ verdict: JSON.stringify(verdict), level, evaluated_at: now }),
        )
        .execute();
    },
    async verdictOf(flowId, version) {
      const row = await db
        .selectFrom('flow_verdicts')
        .select('verdict')
        .where('flow_id', '=', flowId)
        .where('version', '=', version)
        .executeTakeFirst();
      return row ? JSON.parse(row.verdict) : undefined;
    },
    async withCounters(tenant, counters, now, fn) {
      return db.transaction().execute(async (t) => {
        for (const c of counters) {
          await t
            .insertInto('counter_heads')
            .values({ tenant, counter: c.counter, window: c.window, count: 0, updated_at: now })
            .onConflict((oc) => oc.columns(['tenant', 'counter', 'window']).doNothing())
            .execute();
        }
        if (kind === 'postgres') {
          // INVARIANT: every transfer locks its counters' head rows in one order before reading counts,
          // so concurrent gateways serialise on shared counters and never deadlock.
          const sorted = [...counters].sort((a, b) =>
            `${a.counter}|${a.window}`.localeCompare(`${b.counter}|${b.window}`),
          );
          for (const c of sorted) {
            await t
              .selectFrom('counter_heads')
              .select('count')
              .where('tenant', '=', tenant)
              .where('counter', '=', c.counter)
              .where('window', '=', c.window)
              .forUpdate()
              .execute();
          }
        }
        return fn(tx(t, tenant));
      });
    },
    async counters(tenant) {
      let q = db
        .selectFrom('counter_heads')
        .selectAll()
        .orderBy('tenant')
        .orderBy('counter')
        .orderBy('window');
      if (tenant !== null) q = q.where('tenant', '=', tenant);
      return (await q.execute()).map((r) => ({
        tenant: r.tenant,
        counter: r.counter,
        window: r.window,
        count: Number(r.count),
        updated_at: r.updated_at,
      }));
    },
    async transferByIdempotencyKey(tenant, key) {
      const row = await db
        .selectFrom('transfers')
        .selectAll()
        .where('tenant', '=', tenant)
        .where('idempotency_key', '=', key)
        .executeTakeFirst();
      return row ? toTransfer(row) : undefined;
    },
    async recordTransfer(id, ledgerIndex, receipt, response) {
      await db
        .updateTable('transfers')
        .set({ status: 'recorded', ledger_index: ledgerIndex, receipt, response })
        .where('id', '=', id)
        .execute();
    },
    async transfersPendingLedger(options = {}) {
      let q = db.selectFrom('transfers').selectAll().where('status', '=', 'accepted').orderBy('created_at');
      if (options.createdBefore !== undefined) q = q.where('created_at', '<', options.createdBefore);
      if (options.limit !== undefined) q = q.limit(options.limit);
      return (await q.execute()).map(toTransfer);
    },
    async transfersOfSubject(tenant, subjectHash) {
      const rows = await db
        .selectFrom('transfer_subjects')
        .innerJoin('transfers', 'transfers.id', 'transfer_subjects.transfer_id')
        .selectAll('transfers')
        .where('transfer_subjects.tenant', '=', tenant)
        .where('transfer_subjects.subject_hash', '=', subjectHash)
        .orderBy('transfers.created_at')
        .execute();
      return rows.map(toTransfer);
    },
    hold: (records) => insertQuarantined(db as unknown as Kysely<QuarantineDatabase>, records),
    quarantined: (tenant, options) =>
      listQuarantined(db as unknown as Kysely<QuarantineDatabase>, tenant, options),
  };
}
