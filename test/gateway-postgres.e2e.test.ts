// Several `customs serve` processes on PostgreSQL, as real processes started from dist/ (one file, so that
// the two tests run one after the other and never start five gateways at once on CI's two cores).
//
// 1. Three gateways share one database under concurrent load: clients send transfers with overlapping
//    individuals to all three at once. Afterwards the counters equal the distinct individuals sent (the
//    ground truth the test keeps), every acknowledged transfer has its receipt in the ledger exactly once,
//    at the index it was told, and `customs ledger verify` finds the log consistent. While the load runs,
//    the lock on the ledger head (the sequencer) is sampled: never more than one holder, and every gateway
//    takes its turn.
// 2. PostgreSQL stops in the middle of the load, twice (`pg_ctl stop -m fast`, then `-m immediate`, a
//    crash), under two gateways, on a server this test starts for itself (the shared one of global-setup
//    is never stopped). While it is down, clients get 503 DC_STORE_UNAVAILABLE with Retry-After (never a
//    500, never a hang) and `/readyz` says not ready; once it is back, the same gateway processes serve
//    again without a restart, and transfers the outage interrupted after their counts were committed are
//    finished by the gateways' recovery. Clients retry with the same Idempotency-Key until acknowledged,
//    so that at the end every transfer is acknowledged once, and the database holds exactly those: one row
//    each, one ledger entry each, the counters equal to the distinct individuals sent, and a ledger that
//    verifies.
import { rmSync } from 'node:fs';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { encodeReceipt } from '../src/ledger/index.js';
import { openLedgerStore } from '../src/store/index.js';
import { CN_FLOW } from './gateway-fixture.js';
import {
  BUILT,
  createKey,
  customs,
  deploymentSecrets,
  freshDatabase,
  type Gateway,
  killAll,
  type LogicalTransfer,
  NOT_BUILT,
  type OwnPostgres,
  sleep,
  startClients,
  startGateway,
  startOwnPostgres,
  statusCounts,
  stopGateway,
  tempDir,
} from './gateway-processes.js';

const pgUrl = inject('pgUrl');
if (process.env.CI && pgUrl === null)
  throw new Error(`PostgreSQL is required in CI: ${inject('pgSkipReason')}`);
const skip = !BUILT ? NOT_BUILT : pgUrl === null ? inject('pgSkipReason') : null;
if (skip) console.warn(`gateway-postgres.e2e: skipped: ${skip}`);

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  killAll();
  for (const c of cleanups.reverse()) await c();
});

/** Samples who holds the row lock of the ledger head, by gateway process, until stopped. */
function sampleSequencer(url: string) {
  const samples: { holders: string[] }[] = [];
  let running = true;
  let unavailable: string | null = null;
  const done = (async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('create extension if not exists pgrowlocks');
    } catch (err) {
      unavailable = (err as Error).message;
      await client.end();
      return;
    }
    try {
      while (running) {
        const { rows } = await client.query<{ application_name: string }>(
          `select a.application_name from pgrowlocks('ledger_head') l
             join pg_stat_activity a on a.pid = any(l.pids)`,
        );
        samples.push({ holders: rows.map((r) => r.application_name) });
        await sleep(2);
      }
    } finally {
      await client.end();
    }
  })();
  return {
    samples,
    unavailable: () => unavailable,
    async stop() {
      running = false;
      await done;
    },
  };
}

describe.skipIf(skip !== null)('three customs serve processes on one PostgreSQL', () => {
  it('counts each individual once, records each acknowledged transfer once, one sequencer at a time', async () => {
    const t0 = Date.now();
    const phases: string[] = [];
    const phase = (name: string) => phases.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    const db = await freshDatabase(pgUrl ?? '', 'gw3');
    cleanups.push(db.drop);
    const dirs = [tempDir('customs-gw3-a-'), tempDir('customs-gw3-b-'), tempDir('customs-gw3-c-')];
    cleanups.push(() => {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });
    // Three gateways started at once on a fresh database (their migrations race), each with its own data
    // folder and the deployment's shared secrets.
    const env = deploymentSecrets(dirs);
    const [apiKey, ...gateways] = (await Promise.all([
      createKey({ role: 'admin', tenant: 'acme', data: dirs[0]!, db: db.url }),
      ...dirs.map((d) => startGateway({ data: d, db: db.url, env })),
    ])) as [string, ...Gateway[]];
    expect(apiKey).toMatch(/^dck_/);
    const first = gateways[0]!;
    const declared = await fetch(`${first.url}/v1/flows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(CN_FLOW),
    });
    expect(declared.status).toBe(201);

    phase('started');
    const sequencer = sampleSequencer(db.url);
    const clients = startClients({
      urls: gateways.map((g) => g.url),
      apiKey,
      workers: 5,
      maxPerWorker: 10,
      batch: 20,
      pool: 1200,
      seed: 1,
      retry: false,
      requestTimeoutMs: 30_000,
    });
    await clients.done;
    await sequencer.stop();
    phase('load');
    const transfers: LogicalTransfer[] = clients.transfers;
    expect(statusCounts(transfers)).toEqual({ '201': 3 * 5 * 10 });
    const acks = transfers.map((t) => t.ack!);

    // Counters: each gateway reports the distinct individuals sent, whichever gateway counted them.
    const truth = new Set(transfers.flatMap((t) => t.subjects)).size;
    for (const gw of gateways) {
      const res = await fetch(`${gw.url}/v1/counters`, { headers: { authorization: `Bearer ${apiKey}` } });
      const { counters } = (await res.json()) as { counters: { kind: string; count: number }[] };
      const individuals = counters.filter((c) => c.kind === 'cn.counter.individuals');
      expect(individuals.length).toBeGreaterThan(0);
      for (const c of individuals) expect(c.count).toBe(truth);
    }

    // The ledger: one entry per acknowledged transfer, each at the index its client was told.
    const indices = acks.map((a) => a.ledgerIndex).sort((a, b) => a - b);
    expect(indices).toEqual(acks.map((_, i) => i));
    const ledger = await openLedgerStore({ kind: 'postgres', url: db.url });
    try {
      expect(await ledger.size()).toBe(acks.length);
      for (const a of acks) {
        const entry = await ledger.entry(a.ledgerIndex);
        expect(Buffer.from(entry?.leaf ?? []).equals(Buffer.from(encodeReceipt(a.receipt as never)))).toBe(
          true,
        );
      }
    } finally {
      await ledger.close();
    }
    const rows = await new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      const { rows: stored } = await rows.query<{ id: string; status: string; ledger_index: string }>(
        'select id, status, ledger_index from transfers',
      );
      expect(stored.length).toBe(acks.length);
      expect(stored.filter((r) => r.status !== 'recorded')).toEqual([]);
      const byId = new Map(stored.map((r) => [r.id, Number(r.ledger_index)]));
      for (const a of acks) expect(byId.get(a.transferId)).toBe(a.ledgerIndex);
    } finally {
      await rows.end();
    }

    for (const gw of gateways) expect(await stopGateway(gw)).toBe(0);
    phase('checked');
    const verify = await customs(['ledger', 'verify', '--db', db.url, '--data', dirs[0]!], env);
    expect(verify).toMatch(new RegExp(`^OK {2}ledger of size ${acks.length}\\b`));

    phase('verified');
    // The sequencer: never two holders of the head's lock at once, and each gateway held it in turn.
    const busy = sequencer.samples.filter((s) => s.holders.length > 0);
    const seen = new Set(busy.flatMap((s) => s.holders));
    console.info(
      `gateway-postgres.e2e: ${acks.length} transfers over 3 gateways, ${truth} individuals; sequencer lock sampled ${sequencer.samples.length} times, held in ${busy.length}, by ${seen.size} gateway(s); at ${phases.join(', ')}${sequencer.unavailable() ? ` (pgrowlocks unavailable: ${sequencer.unavailable()})` : ''}`,
    );
    expect(busy.filter((s) => s.holders.length > 1)).toEqual([]);
    if (sequencer.unavailable() === null)
      expect([...seen].sort()).toEqual(gateways.map((g) => `data-customs/${g.child.pid}`).sort());
  }, 180_000);
});

/** Waits until `check` holds, polling; fails with `what` after `ms`. */
async function until(what: string, ms: number, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(50);
  }
}

const count503 = (transfers: readonly LogicalTransfer[]) =>
  transfers.reduce((n, t) => n + t.answers.filter((a) => a.status === 503).length, 0);

async function readiness(gw: Gateway) {
  const res = await fetch(`${gw.url}/readyz`, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
}

describe.skipIf(skip !== null)('customs serve while PostgreSQL stops and starts again', () => {
  it('answers 503 with Retry-After while the database is down and finishes every transfer once it is back', async () => {
    const t0 = Date.now();
    const phases: string[] = [];
    const phase = (name: string) => phases.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    const server = (await startOwnPostgres()) as OwnPostgres;
    expect(server).toBeDefined();
    cleanups.push(() => server.destroy());
    const dirs = [tempDir('customs-outage-a-'), tempDir('customs-outage-b-')];
    cleanups.push(() => {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });
    const env = deploymentSecrets(dirs);
    const [apiKey, ...gateways] = (await Promise.all([
      createKey({ role: 'admin', tenant: 'acme', data: dirs[0]!, db: server.url }),
      ...dirs.map((d) => startGateway({ data: d, db: server.url, env })),
    ])) as [string, ...Gateway[]];
    const declared = await fetch(`${gateways[0]!.url}/v1/flows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(CN_FLOW),
    });
    expect(declared.status).toBe(201);
    for (const gw of gateways) expect((await readiness(gw)).status).toBe(200);
    phase('started');

    const clients = startClients({
      urls: gateways.map((g) => g.url),
      apiKey,
      workers: 4,
      maxPerWorker: 200,
      batch: 10,
      pool: 500,
      seed: 3,
      retry: true,
      requestTimeoutMs: 30_000,
      retryForMs: 60_000,
    });
    const notReady: unknown[] = [];
    for (const mode of ['fast', 'immediate'] as const) {
      const before = clients.acknowledged();
      await until('transfers before the outage', 30_000, () => clients.acknowledged() >= before + 25);
      const unavailableBefore = count503(clients.transfers);
      await server.stop(mode);
      phase(`stopped ${mode}`);
      // Down: not ready, and the clients' transfers are answered 503 (checked in full below).
      for (const gw of gateways) {
        const r = await readiness(gw);
        notReady.push(r);
        expect(r.status).toBe(503);
      }
      await until(
        '503 answers while the database is down',
        15_000,
        () => count503(clients.transfers) > unavailableBefore,
      );
      await sleep(1000);
      await server.start();
      phase(`started again`);
      // Back: ready again and acknowledging, the same processes (no restart).
      await until('readiness after the restart', 20_000, async () =>
        (await Promise.all(gateways.map(readiness))).every((r) => r.status === 200),
      );
      const resumed = clients.acknowledged();
      await until('transfers after the outage', 30_000, () => clients.acknowledged() >= resumed + 25);
      phase(`resumed after ${mode}`);
    }
    await clients.stop();
    phase('load');
    for (const gw of gateways) expect(gw.child.exitCode).toBeNull();

    // What the clients saw: 201, or while the database was down 503 with Retry-After and an error body,
    // or 409 for a retry while the first attempt of its key was unfinished, then 200 (its replay).
    const transfers = clients.transfers;
    const answers = transfers.flatMap((t) => t.answers);
    const counts = statusCounts(transfers);
    const unexpected = answers.filter((a) => ![200, 201, 409, 503].includes(a.status));
    expect(unexpected, JSON.stringify(counts)).toEqual([]);
    const unavailable = answers.filter((a) => a.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const a of unavailable) {
      expect(a.code).toBe('DC_STORE_UNAVAILABLE');
      expect(a.message).toMatch(/retry/);
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
    }
    for (const a of answers.filter((x) => x.status === 409)) expect(a.code).toBe('DC_CONFLICT');
    for (const r of notReady)
      expect(r).toMatchObject({ retryAfter: '2', body: { error: { code: 'DC_STORE_UNAVAILABLE' } } });
    // Every transfer was acknowledged in the end, each once (a replay carries the first answer).
    expect(transfers.filter((t) => t.ack === undefined).map((t) => t.answers)).toEqual([]);
    const acks = transfers.map((t) => t.ack!);

    // The database holds exactly the acknowledged transfers: nothing half-written, nothing lost.
    const pool = new pg.Pool({ connectionString: server.url, max: 1 });
    try {
      const { rows } = await pool.query<{ id: string; key: string; status: string; ledger_index: string }>(
        'select id, idempotency_key as key, status, ledger_index from transfers',
      );
      expect(rows.length).toBe(transfers.length);
      expect(rows.filter((r) => r.status !== 'recorded')).toEqual([]);
      const byKey = new Map(rows.map((r) => [r.key, r]));
      for (const t of transfers) {
        expect(byKey.get(t.key)?.id).toBe(t.ack?.transferId);
        expect(Number(byKey.get(t.key)?.ledger_index)).toBe(t.ack?.ledgerIndex);
      }
    } finally {
      await pool.end();
    }
    expect(acks.map((a) => a.ledgerIndex).sort((a, b) => a - b)).toEqual(acks.map((_, i) => i));
    const ledger = await openLedgerStore({ kind: 'postgres', url: server.url });
    try {
      expect(await ledger.size()).toBe(acks.length);
      for (const a of acks) {
        const entry = await ledger.entry(a.ledgerIndex);
        expect(Buffer.from(entry?.leaf ?? []).equals(Buffer.from(encodeReceipt(a.receipt as never)))).toBe(
          true,
        );
      }
    } finally {
      await ledger.close();
    }
    const truth = new Set(transfers.flatMap((t) => t.subjects)).size;
    const res = await fetch(`${gateways[1]!.url}/v1/counters`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    const { counters } = (await res.json()) as { counters: { kind: string; count: number }[] };
    const individuals = counters.filter((c) => c.kind === 'cn.counter.individuals');
    expect(individuals.length).toBeGreaterThan(0);
    for (const c of individuals) expect(c.count).toBe(truth);

    const recovered = gateways
      .flatMap((g) => [...g.out().matchAll(/recovered (\d+) interrupted/g)])
      .reduce((n, m) => n + Number(m[1]), 0);
    for (const gw of gateways) expect(await stopGateway(gw)).toBe(0);
    const verify = await customs(['ledger', 'verify', '--db', server.url, '--data', dirs[0]!], env);
    expect(verify).toMatch(new RegExp(`^OK {2}ledger of size ${acks.length}\\b`));
    phase('verified');
    console.info(
      `gateway-postgres.e2e (outage): ${acks.length} transfers, answers ${JSON.stringify(counts)}, slowest answer ${Math.max(...answers.map((a) => a.ms))} ms, ${recovered} finished by recovery; at ${phases.join(', ')}`,
    );
  }, 180_000);
});
