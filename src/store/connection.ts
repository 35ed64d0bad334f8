import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { DataCustomsError } from '../shared/errors.js';

/** Where a store keeps its data: a folder for the embedded SQLite files, memory, or a PostgreSQL URL. */
export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly dataDir: string }
  | { readonly kind: 'sqlite-memory' }
  | { readonly kind: 'postgres'; readonly url: string };

/**
 * Opens a Kysely database at a location: one SQLite file of the data folder (WAL, foreign keys, a busy
 * timeout) or a PostgreSQL pool. Each store keeps its own SQLite file, since better-sqlite3 waits for a
 * lock synchronously and two connections to one file in one process could stall each other.
 */
export function openDatabase<DB>(
  location: StoreLocation,
  options: {
    readonly file: string;
    readonly synchronousFull?: boolean;
    readonly busyTimeoutMs?: number;
    /**
     * Keep up to this many prepared SQLite statements by SQL text (default 0: Kysely prepares every query
     * anew). Only for stores that never stream a query: a cached statement cannot run twice at once.
     */
    readonly statementCache?: number;
  },
): { db: Kysely<DB>; kind: 'sqlite' | 'postgres' } {
  if (location.kind === 'postgres') {
    // Bounded waits, so that a request never hangs on a database that is down or stuck: a connection (or a
    // free client of the pool) within 10 s, a row lock within 15 s (else 55P03, answered 503), and a
    // session idle inside a transaction for 60 s is ended by the server, which releases its locks (a
    // frozen gateway cannot hold the ledger's sequencer lock for ever). Parameters in the URL win.
    const pool = new pg.Pool({
      connectionString: location.url,
      max: 10,
      connectionTimeoutMillis: 10_000,
      lock_timeout: 15_000,
      idle_in_transaction_session_timeout: 60_000,
      keepAlive: true,
      // Which process holds a lock, in pg_stat_activity.
      application_name: `data-customs/${process.pid}`,
    });
    pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it. Nothing to report per request.
    });
    pool.on('connect', (client) => {
      // A client checked out of the pool has no 'error' listener: a server that shuts down while a
      // transaction waits between two queries would crash the process with an unhandled 'error' event.
      // The failure reaches the query in flight (or the next one) instead, and the pool drops the client.
      client.on('error', () => undefined);
    });
    return { db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), kind: 'postgres' };
  }
  let file = ':memory:';
  if (location.kind === 'sqlite') {
    try {
      mkdirSync(location.dataDir, { recursive: true });
    } catch {
      throw new DataCustomsError('DC_STORE', `cannot create the data folder ${location.dataDir}`);
    }
    file = join(location.dataDir, options.file);
  }
  let sqlite: SqliteDatabase.Database;
  try {
    sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    // FULL: a commit is on disk before the call answers (durability of every acknowledged write).
    if (options.synchronousFull) sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  } catch (err) {
    throw new DataCustomsError('DC_STORE', `cannot open the SQLite store ${file}: ${(err as Error).message}`);
  }
  const limit = options.statementCache ?? 0;
  if (limit <= 0)
    return { db: new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) }), kind: 'sqlite' };
  // Parsing SQL costs as much as running a point query: reuse statements whose text repeats.
  const statements = new Map<string, SqliteDatabase.Statement>();
  const database = {
    close: () => {
      statements.clear();
      sqlite.close();
    },
    prepare: (text: string) => {
      let statement = statements.get(text);
      if (statement === undefined) {
        statement = sqlite.prepare(text);
        if (statements.size >= limit) statements.delete(statements.keys().next().value as string);
        statements.set(text, statement);
      }
      return statement;
    },
  };
  return { db: new Kysely<DB>({ dialect: new SqliteDialect({ database }) }), kind: 'sqlite' };
}
