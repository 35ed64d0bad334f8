import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';
import { createVaultTables, dropVaultTables } from './vault-store.js';

// Migrations are code, in order, and written once: a migration that has run anywhere is never
// edited; a change is a new migration. They use only what SQLite and PostgreSQL share, so that both
// back ends have the same schema.

const migrations: Record<string, Migration> = {
  '0001_flows': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('flows')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('latest_version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('flow_versions')
        .addColumn('flow_id', 'text', (c) => c.notNull().references('flows.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('declared_at', 'text', (c) => c.notNull())
        .addColumn('flow_date', 'text', (c) => c.notNull())
        .addColumn('exporter_country', 'text', (c) => c.notNull())
        .addColumn('recipient_country', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('source_text', 'text', (c) => c.notNull())
        .addColumn('source_format', 'text', (c) => c.notNull())
        .addColumn('normalised', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('flow_versions_pk', ['flow_id', 'version'])
        .execute();
      await db.schema
        .createIndex('flow_versions_hash')
        .on('flow_versions')
        .columns(['flow_id', 'content_hash'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('flow_versions').execute();
      await db.schema.dropTable('flows').execute();
      await sql`select 1`.execute(db);
    },
  },
  // The transparency log (issue 6). Entries, the hashes of every complete subtree (level 0 = leaf hashes,
  // written from appendToFrontier so that a proof reads O(log n) rows), signed checkpoints, witnesses'
  // cosignatures, and the head: one row whose lock chooses the sequencer on PostgreSQL. `bytea` is
  // PostgreSQL's binary type; SQLite keeps the bytes as BLOBs in a column of that declared type.
  '0002_ledger': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('ledger_entries')
        .addColumn('idx', 'bigint', (c) => c.primaryKey())
        .addColumn('leaf', 'bytea', (c) => c.notNull())
        .addColumn('leaf_hash', 'bytea', (c) => c.notNull())
        .addColumn('appended_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('ledger_entries_leaf_hash')
        .on('ledger_entries')
        .column('leaf_hash')
        .execute();
      await db.schema
        .createTable('ledger_nodes')
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('idx', 'bigint', (c) => c.notNull())
        .addColumn('hash', 'bytea', (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_nodes_pk', ['level', 'idx'])
        .execute();
      await db.schema
        .createTable('ledger_checkpoints')
        .addColumn('size', 'bigint', (c) => c.primaryKey())
        .addColumn('root_hash', 'bytea', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('ledger_cosignatures')
        .addColumn('size', 'bigint', (c) => c.notNull().references('ledger_checkpoints.size'))
        .addColumn('key_name', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('line', 'text', (c) => c.notNull())
        .addColumn('timestamp', 'bigint', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_cosignatures_pk', ['size', 'key_name', 'key_id'])
        .execute();
      await db.schema
        .createTable('ledger_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .execute();
      await sql`insert into ledger_head (id, size) values (1, 0)`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('ledger_head').execute();
      await db.schema.dropTable('ledger_cosignatures').execute();
      await db.schema.dropTable('ledger_checkpoints').execute();
      await db.schema.dropTable('ledger_nodes').execute();
      await db.schema.dropTable('ledger_entries').execute();
    },
  },
  // The gateway: API keys (hashed), the tenant that owns each flow, the verdict of each flow version,
  // the keyed hashes of the individuals counted per legal counter and window, and transfers (for
  // idempotent retries and data-subject requests).
  '0003_gateway': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('label', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .alterTable('flows')
        .addColumn('tenant', 'text', (c) => c.notNull().defaultTo('default'))
        .execute();
      await db.schema.createIndex('flows_tenant').on('flows').columns(['tenant', 'id']).execute();
      await db.schema
        .createTable('flow_verdicts')
        .addColumn('flow_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('verdict', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('evaluated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('flow_verdicts_pk', ['flow_id', 'version'])
        .execute();
      await db.schema
        .createTable('counted_subjects')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('counter', 'text', (c) => c.notNull())
        .addColumn('window', 'text', (c) => c.notNull())
        .addColumn('subject_hash', 'text', (c) => c.notNull())
        .addColumn('first_seen', 'text', (c) => c.notNull())
        .addColumn('last_seen', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('counted_subjects_pk', ['tenant', 'counter', 'window', 'subject_hash'])
        .execute();
      await db.schema
        .createTable('counter_heads')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('counter', 'text', (c) => c.notNull())
        .addColumn('window', 'text', (c) => c.notNull())
        .addColumn('count', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('counter_heads_pk', ['tenant', 'counter', 'window'])
        .execute();
      await db.schema
        .createTable('transfers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('flow_id', 'text', (c) => c.notNull())
        .addColumn('flow_version', 'integer', (c) => c.notNull())
        .addColumn('idempotency_key', 'text')
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('ledger_index', 'bigint')
        .addColumn('receipt', 'text')
        .addColumn('response', 'text')
        .execute();
      await db.schema
        .createIndex('transfers_idempotency')
        .on('transfers')
        .columns(['tenant', 'idempotency_key'])
        .unique()
        .execute();
      await db.schema
        .createTable('transfer_subjects')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('subject_hash', 'text', (c) => c.notNull())
        .addColumn('transfer_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('transfer_subjects_pk', ['tenant', 'subject_hash', 'transfer_id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const t of [
        'transfer_subjects',
        'transfers',
        'counter_heads',
        'counted_subjects',
        'flow_verdicts',
        'api_keys',
      ]) {
        await db.schema.dropTable(t).execute();
      }
    },
  },
  // The vault (issue 5): tokens' encrypted originals, wrapped per-subject data keys, the access log.
  '0004_vault': {
    async up(db: Kysely<unknown>) {
      await createVaultTables(db);
    },
    async down(db: Kysely<unknown>) {
      await dropVaultTables(db);
    },
  },
  // The recipients registry (issue 7): per tenant, every version of every entry kept with who changed it and
  // when (an audit trail; nothing is updated in place but the head row's latest version). Quarantined
  // records: held, not sent, and kept only as a keyed digest with the paths and categories that held them.
  '0005_recipients': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('recipients')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('latest_version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('recipients_pk', ['tenant', 'id'])
        .execute();
      await db.schema
        .createTable('recipient_versions')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('entry', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('change', 'text', (c) => c.notNull())
        .addColumn('changed_at', 'text', (c) => c.notNull())
        .addColumn('changed_by', 'text', (c) => c.notNull())
        .addColumn('changed_by_role', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('recipient_versions_pk', ['tenant', 'id', 'version'])
        .execute();
      await db.schema
        .createTable('quarantined_records')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('flow_id', 'text', (c) => c.notNull())
        .addColumn('flow_version', 'integer', (c) => c.notNull())
        .addColumn('transfer_id', 'text')
        .addColumn('record_index', 'integer', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('categories', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('quarantined_records_tenant')
        .on('quarantined_records')
        .columns(['tenant', 'created_at', 'id'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const t of ['quarantined_records', 'recipient_versions', 'recipients'])
        await db.schema.dropTable(t).execute();
    },
  },
  // Transfers finished exactly once (issue 7): a ledger entry may name what it records (`ref`, a transfer
  // id), unique, so that the request and a recovery racing to append the same receipt append it once; and
  // the transfers still waiting for their ledger entry are found by index.
  '0006_transfer_recovery': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('ledger_entries').addColumn('ref', 'text').execute();
      await db.schema
        .createIndex('ledger_entries_ref')
        .on('ledger_entries')
        .column('ref')
        .unique()
        .where(sql.ref('ref'), 'is not', null)
        .execute();
      await db.schema
        .createIndex('transfers_accepted')
        .on('transfers')
        .column('created_at')
        .where(sql.ref('status'), '=', 'accepted')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('transfers_accepted').execute();
      await db.schema.dropIndex('ledger_entries_ref').execute();
      await db.schema.alterTable('ledger_entries').dropColumn('ref').execute();
    },
  },
};

/** The store's migrations, in order. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
