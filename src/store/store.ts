import { createHash } from 'node:crypto';
import { type Kysely, Migrator, sql } from 'kysely';
import type { Flow } from '../flow/index.js';
import { canonicalJson } from '../shared/canonical-json.js';
import { DataCustomsError } from '../shared/errors.js';
import { openDatabase, type StoreLocation } from './connection.js';
import { createGatewayStore, type GatewayDatabase, type GatewayStore } from './gateway-store.js';
import { type RecipientDatabase, type RecipientRepository, recipientRepository } from './recipient-store.js';

export type { StoreLocation } from './connection.js';

import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';

/** One stored version of a declared flow. */
export interface FlowVersionRecord {
  readonly id: string;
  readonly version: number;
  readonly declaredAt: string;
  readonly contentHash: string;
  readonly sourceFormat: string;
  readonly sourceText: string;
  readonly flow: Flow;
}

/** A line of the list of declared flows: the latest version of each. */
export interface FlowSummary {
  readonly id: string;
  readonly latestVersion: number;
  readonly date: string;
  readonly exporterCountry: string;
  readonly recipientCountry: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What to store when a flow is declared. */
export interface DeclareFlowInput {
  readonly id: string;
  readonly flow: Flow;
  readonly sourceText: string;
  readonly sourceFormat: 'yaml' | 'json';
  /** The time of declaration, ISO 8601, from the caller's clock. */
  readonly now: string;
}

/** Declared flows, each version kept. */
export interface FlowRepository {
  /** Stores a new version, or returns the latest one unchanged when its content is the same. */
  declare(
    input: DeclareFlowInput,
  ): Promise<{ readonly record: FlowVersionRecord; readonly created: boolean }>;
  list(options?: { readonly limit?: number; readonly after?: string }): Promise<FlowSummary[]>;
  latest(id: string): Promise<FlowVersionRecord | undefined>;
  version(id: string, version: number): Promise<FlowVersionRecord | undefined>;
  versions(id: string): Promise<Omit<FlowVersionRecord, 'sourceText' | 'flow'>[]>;
}

/** The store: repositories over SQLite or PostgreSQL with the same schema. */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** The flows of the `default` tenant (the library's and the demo's). */
  readonly flows: FlowRepository;
  /** The flows of one tenant: a tenant never sees another's. */
  flowsOf(tenant: string): FlowRepository;
  readonly gateway: GatewayStore;
  /** The recipients registry of one tenant: a tenant never sees another's. */
  recipientsOf(tenant: string): RecipientRepository;
  /** Brings the schema up to date; safe to call at every start. */
  migrate(): Promise<void>;
  /** One round trip to the database (`select 1`): rejects when it cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the store at a location (SQLite file `customs.db` in the data folder, or PostgreSQL).
 *
 * @example
 * const store = await openStore({ kind: 'sqlite', dataDir: './.customs' });
 * await store.migrate();
 */
export async function openStore(location: StoreLocation): Promise<Store> {
  const { db, kind } = openDatabase<Database>(location, { file: 'customs.db' });
  return {
    kind,
    flows: flowRepository(db, kind, 'default'),
    flowsOf: (tenant) => flowRepository(db, kind, tenant),
    gateway: createGatewayStore(db as unknown as Kysely<GatewayDatabase>, kind),
    recipientsOf: (tenant) => recipientRepository(db as unknown as Kysely<RecipientDatabase>, kind, tenant),
    async migrate() {
      const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
      if (error) {
        const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
        throw new DataCustomsError(
          'DC_STORE_MIGRATION',
          `migration ${failed} failed: ${(error as Error).message ?? String(error)}`,
          { cause: error },
        );
      }
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}

function flowRepository(db: Kysely<Database>, kind: Store['kind'], tenant: string): FlowRepository {
  const toRecord = (row: Database['flow_versions']): FlowVersionRecord => ({
    id: row.flow_id,
    version: Number(row.version),
    declaredAt: row.declared_at,
    contentHash: row.content_hash,
    sourceFormat: row.source_format,
    sourceText: row.source_text,
    flow: JSON.parse(row.normalised) as Flow,
  });
  return {
    async declare(input) {
      const normalised = canonicalJson(input.flow);
      const hash = createHash('sha256').update(normalised).digest('hex');
      return db.transaction().execute(async (tx) => {
        await tx
          .insertInto('flows')
          .values({ id: input.id, tenant, latest_version: 0, created_at: input.now, updated_at: input.now })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
        let query = tx.selectFrom('flows').select(['latest_version', 'tenant']).where('id', '=', input.id);
        if (kind === 'postgres') query = query.forUpdate();
        const head = await query.executeTakeFirstOrThrow();
        // Flow ids are unique across tenants; another tenant's id is reported as taken, nothing more.
        if (head.tenant !== tenant)
          throw new DataCustomsError('DC_CONFLICT', `flow id ${input.id} is taken; choose another id`);
        const current = Number(head.latest_version);
        if (current > 0) {
          const latest = await tx
            .selectFrom('flow_versions')
            .selectAll()
            .where('flow_id', '=', input.id)
            .where('version', '=', current)
            .executeTakeFirstOrThrow();
          if (latest.content_hash === hash) return { record: toRecord(latest), created: false };
        }
        const row = {
          flow_id: input.id,
          version: current + 1,
          declared_at: input.now,
          flow_date: input.flow.date,
          exporter_country: input.flow.exporter.country,
          recipient_country: input.flow.recipient.country,
          content_hash: hash,
          source_text: input.sourceText,
          source_format: input.sourceFormat,
          normalised,
        };
        await tx.insertInto('flow_versions').values(row).execute();
        await tx
          .updateTable('flows')
          .set({ latest_version: current + 1, updated_at: input.now })
          .where('id', '=', input.id)
          .execute();
        return { record: toRecord(row), created: true };
      });
    },
    async list(options = {}) {
      let q = db
        .selectFrom('flows')
        .innerJoin('flow_versions', (j) =>
          j
            .onRef('flow_versions.flow_id', '=', 'flows.id')
            .onRef('flow_versions.version', '=', 'flows.latest_version'),
        )
        .select([
          'flows.id',
          'flows.latest_version',
          'flows.created_at',
          'flows.updated_at',
          'flow_versions.flow_date',
          'flow_versions.exporter_country',
          'flow_versions.recipient_country',
        ])
        .where('flows.tenant', '=', tenant)
        .orderBy('flows.id')
        .limit(Math.min(options.limit ?? 100, 1000));
      if (options.after !== undefined) q = q.where('flows.id', '>', options.after);
      const rows = await q.execute();
      return rows.map((r) => ({
        id: r.id,
        latestVersion: Number(r.latest_version),
        date: r.flow_date,
        exporterCountry: r.exporter_country,
        recipientCountry: r.recipient_country,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      }));
    },
    async latest(id) {
      const head = await db
        .selectFrom('flows')
        .select('latest_version')
        .where('id', '=', id)
        .where('tenant', '=', tenant)
        .executeTakeFirst();
      if (head === undefined || Number(head.latest_version) === 0) return undefined;
      return this.version(id, Number(head.latest_version));
    },
    async version(id, version) {
      const row = await db
        .selectFrom('flow_versions')
        .innerJoin('flows', 'flows.id', 'flow_versions.flow_id')
        .selectAll('flow_versions')
        .where('flow_versions.flow_id', '=', id)
        .where('flow_versions.version', '=', version)
        .where('flows.tenant', '=', tenant)
        .executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },
    async versions(id) {
      const rows = await db
        .selectFrom('flow_versions')
        .innerJoin('flows', 'flows.id', 'flow_versions.flow_id')
        .select([
          'flow_versions.flow_id',
          'flow_versions.version',
          'flow_versions.declared_at',
          'flow_versions.content_hash',
          'flow_versions.source_format',
        ])
        .where('flow_versions.flow_id', '=', id)
        .where('flows.tenant', '=', tenant)
        .orderBy('flow_versions.version')
        .execute();
      return rows.map((r) => ({
        id: r.flow_id,
        version: Number(r.version),
        declaredAt: r.declared_at,
        contentHash: r.content_hash,
        sourceFormat: r.source_format,
      }));
    },
  };
}
