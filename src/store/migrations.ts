import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';

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
};

/** The store's migrations, in order. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
