import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runServe } from '../src/cli/serve-command.js';
import { recoverTransfers } from '../src/server/index.js';
import { type LedgerStore, openLedgerStore, openStore } from '../src/store/index.js';
import { CN_FLOW, cnBatch, createGatewayFixture, type GatewayFixture } from './gateway-fixture.js';

/** A ledger whose appends fail, as if the process died between the counters' commit and the append. */
const crashingLedger = (ledger: LedgerStore): LedgerStore => ({
  ...ledger,
  append: async () => {
    throw new Error('simulated crash before the ledger append');
  },
});

const declare = (gw: GatewayFixture) =>
  gw.app.inject({
    method: 'POST',
    url: '/v1/flows',
    headers: { ...gw.auth('admin'), 'content-type': 'application/json' },
    payload: JSON.stringify(CN_FLOW),
  });
const send = (gw: GatewayFixture, body: unknown, headers: Record<string, string> = {}) =>
  gw.app.inject({
    method: 'POST',
    url: '/v1/flows/cn-analytics/transfers',
    headers: { ...gw.auth('operator'), 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(body),
  });

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('recoverTransfers', () => {
  it('appends the receipt of a transfer counted but never logged, once, and answers retries with it', async () => {
    const store = await openStore({ kind: 'sqlite-memory' });
    const ledger = await openLedgerStore({ kind: 'sqlite-memory' });
    await ledger.migrate();
    const crashed = await createGatewayFixture({}, { store, ledger: crashingLedger(ledger) });
    await declare(crashed);
    const res = await send(crashed, cnBatch(0, 4), { 'idempotency-key': 'retry-me' });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('DC_INTERNAL');
    const [pending] = await store.gateway.transfersPendingLedger();
    expect(pending).toMatchObject({ status: 'accepted', ledgerIndex: null });
    expect(pending?.receipt).not.toBeNull();
    // A retry while the transfer is unfinished is a conflict, never a second count.
    expect((await send(crashed, cnBatch(0, 4), { 'idempotency-key': 'retry-me' })).statusCode).toBe(409);
    await crashed.app.close();

    expect(await recoverTransfers(store, ledger)).toEqual({
      appended: 1,
      alreadyLogged: 0,
      withoutReceipt: [],
    });
    expect(await ledger.size()).toBe(1);
    expect(await store.gateway.transfersPendingLedger()).toEqual([]);
    // Running it again changes nothing.
    expect(await recoverTransfers(store, ledger)).toEqual({
      appended: 0,
      alreadyLogged: 0,
      withoutReceipt: [],
    });
    expect(await ledger.size()).toBe(1);

    const gw = await createGatewayFixture({}, { store, ledger });
    const replay = await send(gw, cnBatch(0, 4), { 'idempotency-key': 'retry-me' });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toMatchObject({
      ledger_index: 0,
      receipt: { counts: { records: 4, subjects: 4 } },
    });
    await gw.close();
  });

  it('does not append twice when the crash came after the append', async () => {
    const store = await openStore({ kind: 'sqlite-memory' });
    const ledger = await openLedgerStore({ kind: 'sqlite-memory' });
    await ledger.migrate();
    // The append succeeds, then the process "dies" before the transfer is marked recorded.
    const gw = await createGatewayFixture({}, { store, ledger });
    await declare(gw);
    const record = store.gateway.recordTransfer;
    (store.gateway as { recordTransfer: typeof record }).recordTransfer = async () => {
      throw new Error('simulated crash after the ledger append');
    };
    expect((await send(gw, cnBatch(10, 2))).statusCode).toBe(500);
    (store.gateway as { recordTransfer: typeof record }).recordTransfer = record;
    expect(await ledger.size()).toBe(1);
    expect(await recoverTransfers(store, ledger)).toEqual({
      appended: 0,
      alreadyLogged: 1,
      withoutReceipt: [],
    });
    expect(await ledger.size()).toBe(1);
    await gw.close();
  });

  it('leaves rows younger than createdBefore to the gateway still working on them', async () => {
    const store = await openStore({ kind: 'sqlite-memory' });
    const ledger = await openLedgerStore({ kind: 'sqlite-memory' });
    await ledger.migrate();
    const crashed = await createGatewayFixture({}, { store, ledger: crashingLedger(ledger) });
    await declare(crashed);
    await send(crashed, cnBatch(0, 1));
    expect(
      await recoverTransfers(store, ledger, { createdBefore: new Date('2026-11-29T09:59:00Z') }),
    ).toMatchObject({ appended: 0 });
    expect(await recoverTransfers(store, ledger)).toMatchObject({ appended: 1 });
    await crashed.close();
  });
});

describe('customs serve at start', () => {
  it('appends the receipts of transfers a crash left out of the ledger', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'customs-recover-'));
    dirs.push(dataDir);
    const store = await openStore({ kind: 'sqlite', dataDir });
    const ledger = await openLedgerStore({ kind: 'sqlite', dataDir });
    await ledger.migrate();
    const crashed = await createGatewayFixture({}, { store, ledger: crashingLedger(ledger) });
    await declare(crashed);
    expect((await send(crashed, cnBatch(0, 3))).statusCode).toBe(500);
    await crashed.close();
    await ledger.close();

    let out = '';
    const io = {
      out: (t: string) => {
        out += t;
      },
      err: () => {},
      readStdin: async () => '',
      isTty: false,
      cwd: dataDir,
      today: () => '2026-11-29',
    };
    const serving = runServe({ host: '127.0.0.1', port: '0', data: dataDir, rateLimit: '0' }, io);
    for (let i = 0; i < 200 && !out.includes('listening'); i++) await new Promise((r) => setTimeout(r, 25));
    expect(out).toContain('recovered 1 interrupted transfer(s): 1 receipt(s) appended to the ledger');
    process.emit('SIGTERM');
    expect(await serving).toBe(0);
    expect(out).toContain('customs serve: stopped');

    const after = await openLedgerStore({ kind: 'sqlite', dataDir });
    const check = await openStore({ kind: 'sqlite', dataDir });
    try {
      expect(await after.size()).toBe(1);
      expect(await check.gateway.transfersPendingLedger()).toEqual([]);
    } finally {
      await after.close();
      await check.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight transfer finish and record its receipt before the server closes', async () => {
    const ledger = await openLedgerStore({ kind: 'sqlite-memory' });
    await ledger.migrate();
    let appending = false;
    const slow: LedgerStore = {
      ...ledger,
      append: async (leaves) => {
        appending = true;
        await new Promise((r) => setTimeout(r, 300));
        return ledger.append(leaves);
      },
    };
    const gw = await createGatewayFixture({}, { ledger: slow });
    await declare(gw);
    const address = await gw.app.listen({ host: '127.0.0.1', port: 0 });
    const inFlight = fetch(`${address}/v1/flows/cn-analytics/transfers`, {
      method: 'POST',
      headers: { ...gw.auth('operator'), 'content-type': 'application/json' },
      body: JSON.stringify(cnBatch(0, 5)),
    });
    for (let i = 0; i < 400 && !appending; i++) await new Promise((r) => setTimeout(r, 5));
    const closing = gw.app.close();
    const res = await inFlight;
    expect(res.status).toBe(201);
    await closing;
    expect(await ledger.size()).toBe(1);
    expect(await gw.store.gateway.transfersPendingLedger()).toEqual([]);
    await expect(fetch(`${address}/healthz`)).rejects.toThrow();
    await ledger.close();
    await gw.store.close();
  });
});
