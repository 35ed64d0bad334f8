// Three `customs serve` processes share one PostgreSQL database under concurrent load: clients send
// transfers with overlapping individuals to all three at once. Afterwards the counters equal the distinct
// individuals sent (the ground truth the test keeps), every acknowledged transfer has its receipt in the
// ledger exactly once, at the index it was told, and `customs ledger verify` finds the log consistent. While
// the load runs, the lock on the ledger head (the sequencer) is sampled: never more than one holder, and
// every gateway takes its turn.
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
  sleep,
  startClients,
  startGateway,
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
