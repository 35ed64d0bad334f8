// A database that cannot be reached or is locked is a passing failure: the gateway answers 503
// DC_STORE_UNAVAILABLE with Retry-After (never a 500), `/readyz` says not ready, and a transfer the failure
// interrupted after its counts were committed is finished by the recovery once the database answers. The
// errors here are real ones: better-sqlite3's SQLITE_BUSY, node-postgres's refused and missing sockets.
// (PostgreSQL stopped under real gateway processes: test/gateway-postgres.e2e.test.ts.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startTransferRecovery } from '../src/server/index.js';
import { DataCustomsError } from '../src/shared/errors.js';
import {
  createLedgerStore,
  isStoreUnavailable,
  type LedgerDatabase,
  openLedgerStore,
  openStore,
} from '../src/store/index.js';
import { CN_FLOW, cnBatch, createGatewayFixture, type GatewayFixture } from './gateway-fixture.js';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

const declare = (gw: GatewayFixture) =>
  gw.app.inject({
    method: 'POST',
    url: '/v1/flows',
    headers: { ...gw.auth('admin'), 'content-type': 'application/json' },
    payload: JSON.stringify(CN_FLOW),
  });
const send = (gw: GatewayFixture, body: unknown, key: string) =>
  gw.app.inject({
    method: 'POST',
    url: '/v1/flows/cn-analytics/transfers',
    headers: { ...gw.auth('operator'), 'content-type': 'application/json', 'idempotency-key': key },
    payload: JSON.stringify(body),
  });

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

describe('isStoreUnavailable', () => {
  it('knows a refused connection, a missing socket and a locked SQLite file as passing', async () => {
    const refused = await caught(
      new pg.Client({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 5000 }).connect(),
    );
    const dir = mkdtempSync(join(tmpdir(), 'customs-unavailable-'));
    dirs.push(dir);
    const missing = await caught(new pg.Client({ host: dir, port: 5432 }).connect());
    const a = new SqliteDatabase(join(dir, 'x.db'));
    const b = new SqliteDatabase(join(dir, 'x.db'));
    a.pragma('journal_mode = WAL');
    a.exec('create table t (x)');
    b.pragma('busy_timeout = 0');
    a.exec('begin immediate');
    let busy: unknown;
    try {
      b.exec('insert into t values (1)');
    } catch (err) {
      busy = err;
    }
    a.exec('rollback');
    a.close();
    b.close();
    for (const err of [refused, missing, busy]) expect(isStoreUnavailable(err)).toBe(true);
    // Wrapped by the stores, through `cause`.
    expect(
      isStoreUnavailable(new DataCustomsError('DC_STORE', 'ledger store: append failed', { cause: busy })),
    ).toBe(true);
    // PostgreSQL shutting down, starting up, a lock not granted in time, a cut connection.
    for (const code of ['57P01', '57P03', '55P03', '08006'])
      expect(isStoreUnavailable(Object.assign(new Error('x'), { code }))).toBe(true);
    expect(isStoreUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('leaves other failures to be failures', () => {
    for (const code of ['23505', '42P01', 'SQLITE_CONSTRAINT_PRIMARYKEY', 'DC_STORE', 'ENOENT'])
      expect(isStoreUnavailable(Object.assign(new Error('x'), { code }))).toBe(false);
    expect(isStoreUnavailable(new Error('boom'))).toBe(false);
    expect(isStoreUnavailable(undefined)).toBe(false);
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    expect(isStoreUnavailable(loop)).toBe(false);
  });
});

describe('the gateway when SQLite is locked by another process', () => {
  it('answers 503 with Retry-After, then finishes the interrupted transfer once the lock is gone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'customs-busy-'));
    dirs.push(dataDir);
    // The ledger's own file with a short busy timeout, so that the test does not wait 10 s.
    const file = join(dataDir, 'ledger.db');
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 200');
    const ledger = createLedgerStore(
      new Kysely<LedgerDatabase>({ dialect: new SqliteDialect({ database: sqlite }) }),
      'sqlite',
    );
    await ledger.migrate();
    const store = await openStore({ kind: 'sqlite', dataDir });
    const gw = await createGatewayFixture({}, { store, ledger });
    await declare(gw);
    expect((await send(gw, cnBatch(0, 3), 'first')).statusCode).toBe(201);

    // Another process (a `customs ledger append`, say) holds the ledger's write lock.
    const other = new SqliteDatabase(file);
    other.exec('begin immediate');
    const res = await send(gw, cnBatch(3, 2), 'second');
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.json()).toEqual({
      error: { code: 'DC_STORE_UNAVAILABLE', message: expect.stringMatching(/retry after 2 seconds/) },
    });
    // The counts were committed before the append failed: the transfer waits for its ledger entry, and a
    // retry meanwhile is told it is in progress rather than counted again.
    const [pending] = await store.gateway.transfersPendingLedger();
    expect(pending).toMatchObject({ status: 'accepted', ledgerIndex: null });
    expect((await send(gw, cnBatch(3, 2), 'second')).statusCode).toBe(409);
    other.exec('rollback');
    other.close();

    const recovered: unknown[] = [];
    const recovery = startTransferRecovery(store, ledger, {
      intervalMs: 60_000,
      graceMs: 0,
      clock: { now: () => new Date('2026-11-29T10:00:01Z') },
      onRecovered: (r) => recovered.push(r),
    });
    expect(await recovery.runOnce()).toEqual({ appended: 1, alreadyLogged: 0, withoutReceipt: [] });
    await recovery.stop();
    expect(recovered).toHaveLength(1);
    const replay = await send(gw, cnBatch(3, 2), 'second');
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({ ledger_index: 1, receipt: { counts: { subjects: 2 } } });
    expect(await ledger.size()).toBe(2);
    const counters = (
      await gw.app.inject({ method: 'GET', url: '/v1/counters', headers: gw.auth('auditor') })
    ).json().counters as { kind: string; count: number }[];
    expect(counters.find((c) => c.kind === 'cn.counter.individuals')?.count).toBe(5);
    await gw.close();
  });
});

describe('GET /readyz', () => {
  it('is ready while the store answers, and 503 DC_STORE_UNAVAILABLE with Retry-After when it does not', async () => {
    const ledger = await openLedgerStore({ kind: 'sqlite-memory' });
    await ledger.migrate();
    const gw = await createGatewayFixture({}, { ledger });
    const ready = await gw.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', store: 'sqlite' });
    await ledger.close();
    const down = await gw.app.inject({ method: 'GET', url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBe('2');
    expect(down.json().error.code).toBe('DC_STORE_UNAVAILABLE');
    await gw.app.close();
    await gw.store.close();
  });
});
