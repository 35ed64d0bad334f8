import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  cosignCheckpoint,
  createMemoryTree,
  generateCosignerKey,
  generateNoteKey,
  isLedgerError,
  leafHash,
  type MemoryTree,
  openCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '../src/ledger/index.js';
import { type LedgerStore, openLedgerStore, type StoreLocation } from '../src/store/index.js';

// One contract for the log store, run on SQLite and on PostgreSQL (each PostgreSQL store in a database
// of its own, so that runs and test files never see each other's entries).

const pgUrl = inject('pgUrl');
if (process.env.CI && pgUrl === null) {
  throw new Error(`PostgreSQL is required in CI: ${inject('pgSkipReason')}`);
}

const databases: string[] = [];

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl ?? '' });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function freshLocation(backend: 'sqlite' | 'postgres'): Promise<StoreLocation> {
  if (backend === 'sqlite') return { kind: 'sqlite-memory' };
  const name = `ledger_${randomUUID().replaceAll('-', '')}`;
  await adminQuery(`create database ${name}`);
  databases.push(name);
  // `postgresql://user@/db?host=...` (no host part) is not a WHATWG URL: replace the path by hand.
  const url = (pgUrl ?? '').replace(/^(postgres(?:ql)?:\/\/[^/]*\/)[^?]*/, `$1${name}`);
  return { kind: 'postgres', url };
}

async function freshStore(backend: 'sqlite' | 'postgres'): Promise<LedgerStore> {
  const store = await openLedgerStore(await freshLocation(backend), {
    clock: { now: () => new Date('2026-11-29T10:00:00.000Z') },
  });
  await store.migrate();
  return store;
}

afterAll(async () => {
  for (const name of databases) await adminQuery(`drop database if exists ${name} with (force)`);
});

const bytes = (text: string) => new TextEncoder().encode(text);
const ORIGIN = 'data-customs.test/log';
const logKey = generateNoteKey(ORIGIN, new Uint8Array(32).fill(7));
const witness = generateCosignerKey('auditor.test/witness', new Uint8Array(32).fill(9));

interface Model {
  leaves: Uint8Array[];
  tree: MemoryTree;
}
interface Real {
  store: LedgerStore;
}
type LedgerCommand = fc.AsyncCommand<Model, Real>;

/** A fraction in [0, 1) turned into an integer in [lo, hi]. */
const pick = (fraction: number, lo: number, hi: number) => lo + Math.floor(fraction * (hi - lo + 1));

class AppendCommand implements LedgerCommand {
  constructor(
    readonly batch: Uint8Array[],
    readonly concurrently: boolean,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const before = model.leaves.length;
    if (this.concurrently) {
      const results = await Promise.all(this.batch.map((leaf) => real.store.append([leaf])));
      // Group commit keeps the callers' order within one process.
      expect(results.map((r) => r.firstIndex)).toEqual(this.batch.map((_, i) => before + i));
    } else {
      const result = await real.store.append(this.batch);
      expect(result.firstIndex).toBe(before);
      expect(result.size).toBe(before + this.batch.length);
    }
    for (const leaf of this.batch) {
      model.leaves.push(leaf);
      model.tree.append(leafHash(leaf));
    }
    expect(await real.store.size()).toBe(model.leaves.length);
  }
  toString = () => `append(${this.batch.length}${this.concurrently ? ', one by one at once' : ''})`;
}

class RootCommand implements LedgerCommand {
  constructor(readonly at: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const size = pick(this.at, 0, model.leaves.length);
    expect(await real.store.rootHash(size)).toEqual(model.tree.rootHash(size));
  }
  toString = () => `root(${this.at.toFixed(2)})`;
}

class InclusionCommand implements LedgerCommand {
  constructor(
    readonly atIndex: number,
    readonly atSize: number,
  ) {}
  check = (model: Readonly<Model>) => model.leaves.length > 0;
  async run(model: Model, real: Real) {
    const size = pick(this.atSize, 1, model.leaves.length);
    const index = pick(this.atIndex, 0, size - 1);
    const result = await real.store.inclusionProof(index, size);
    expect(result.proof).toEqual(model.tree.inclusionProof(index, size));
    expect(result.rootHash).toEqual(model.tree.rootHash(size));
    expect(result.leafHash).toEqual(leafHash(model.leaves[index]!));
    expect(verifyInclusion(result.leafHash, index, size, result.proof, model.tree.rootHash(size))).toBe(true);
  }
  toString = () => `inclusion(${this.atIndex.toFixed(2)}, ${this.atSize.toFixed(2)})`;
}

class ByLeafHashCommand implements LedgerCommand {
  constructor(readonly atIndex: number) {}
  check = (model: Readonly<Model>) => model.leaves.length > 0;
  async run(model: Model, real: Real) {
    const index = pick(this.atIndex, 0, model.leaves.length - 1);
    const hash = leafHash(model.leaves[index]!);
    const first = model.leaves.findIndex((leaf) => leafHash(leaf).every((b, i) => b === hash[i]));
    const result = await real.store.inclusionProofByLeafHash(hash);
    expect(result?.index).toBe(first);
    expect(await real.store.inclusionProofByLeafHash(leafHash(bytes(`absent ${randomUUID()}`)))).toBe(
      undefined,
    );
  }
  toString = () => `byLeafHash(${this.atIndex.toFixed(2)})`;
}

class ConsistencyCommand implements LedgerCommand {
  constructor(
    readonly a: number,
    readonly b: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const size2 = pick(this.b, 0, model.leaves.length);
    const size1 = pick(this.a, 0, size2);
    const result = await real.store.consistencyProof(size1, size2);
    expect(result.proof).toEqual(model.tree.consistencyProof(size1, size2));
    expect(
      verifyConsistency(size1, size2, result.proof, model.tree.rootHash(size1), model.tree.rootHash(size2)),
    ).toBe(true);
  }
  toString = () => `consistency(${this.a.toFixed(2)}, ${this.b.toFixed(2)})`;
}

class EntryCommand implements LedgerCommand {
  constructor(readonly at: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const index = pick(this.at, 0, model.leaves.length);
    const entry = await real.store.entry(index);
    if (index === model.leaves.length) expect(entry).toBe(undefined);
    else expect(entry?.leaf).toEqual(model.leaves[index]);
  }
  toString = () => `entry(${this.at.toFixed(2)})`;
}

class CheckpointCommand implements LedgerCommand {
  check = () => true;
  async run(model: Model, real: Real) {
    const stored = await real.store.checkpoint(logKey.signerKey, ORIGIN, new Date('2026-11-29T10:00:00Z'));
    const opened = openCheckpoint(stored.note, { logKeys: logKey.verifierKey });
    expect(opened.checkpoint.size).toBe(model.leaves.length);
    expect(opened.checkpoint.rootHash).toEqual(model.tree.rootHash());
    expect((await real.store.latestCheckpoint())?.size).toBe(model.leaves.length);
  }
  toString = () => 'checkpoint';
}

const leafArb = fc.uint8Array({ maxLength: 12 });
const commandArbs = [
  fc
    .tuple(fc.array(leafArb, { minLength: 1, maxLength: 40 }), fc.boolean())
    .map(([batch, concurrently]) => new AppendCommand(batch, concurrently)),
  fc.double({ min: 0, max: 0.999, noNaN: true }).map((at) => new RootCommand(at)),
  fc
    .tuple(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.double({ min: 0, max: 0.999, noNaN: true }))
    .map(([i, s]) => new InclusionCommand(i, s)),
  fc.double({ min: 0, max: 0.999, noNaN: true }).map((at) => new ByLeafHashCommand(at)),
  fc
    .tuple(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.double({ min: 0, max: 0.999, noNaN: true }))
    .map(([a, b]) => new ConsistencyCommand(a, b)),
  fc.double({ min: 0, max: 0.999, noNaN: true }).map((at) => new EntryCommand(at)),
  fc.constant(new CheckpointCommand()),
];

const backends: ['SQLite' | 'PostgreSQL', 'sqlite' | 'postgres', string | null][] = [
  ['SQLite', 'sqlite', null],
  ['PostgreSQL', 'postgres', pgUrl === null ? inject('pgSkipReason') : null],
];

describe.each(backends)('the ledger store on %s', (_name, backend, skip) => {
  const test = skip ? it.skip : it;

  test('behaves like an in-memory Merkle tree (model-based)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commandArbs, { maxCommands: 25 }), async (commands) => {
        const store = await freshStore(backend);
        try {
          const model: Model = { leaves: [], tree: createMemoryTree() };
          await fc.asyncModelRun(() => ({ model, real: { store } }), commands);
          const report = await store.verifyAll(logKey.verifierKey);
          expect(report.problems).toEqual([]);
          expect(report.ok).toBe(true);
          expect(report.size).toBe(model.leaves.length);
          expect(report.rootHash).toEqual(model.tree.rootHash());
        } finally {
          await store.close();
        }
      }),
      { numRuns: backend === 'sqlite' ? 40 : 12 },
    );
  }, 120_000);

  describe('with a few entries', () => {
    let store: LedgerStore;
    beforeAll(async () => {
      if (skip) return;
      store = await freshStore(backend);
      await store.migrate(); // idempotent
      await store.append(Array.from({ length: 10 }, (_, i) => bytes(`entry ${i}`)));
    });
    afterAll(async () => {
      await store?.close();
    });

    test('keeps one checkpoint per size, signed by the log', async () => {
      const first = await store.checkpoint(logKey.signerKey, ORIGIN, new Date('2026-11-29T10:00:00Z'));
      const again = await store.checkpoint(logKey.signerKey, ORIGIN, new Date('2026-11-29T11:00:00Z'));
      expect(again.note).toBe(first.note);
      expect(again.createdAt).toBe('2026-11-29T10:00:00.000Z');
      expect(first.body).toBe(`${ORIGIN}\n10\n${Buffer.from(first.rootHash).toString('base64')}\n`);
      expect((await store.checkpointAt(10))?.note).toBe(first.note);
      expect(await store.checkpointAt(3)).toBe(undefined);
    });

    test('verifies and keeps a witness cosignature, and serves it with the checkpoint', async () => {
      const checkpoint = await store.checkpoint(logKey.signerKey, ORIGIN, new Date());
      const { line } = cosignCheckpoint(checkpoint.body, witness.signerKey, 1_800_000_000);
      const stored = await store.addCosignature({
        size: checkpoint.size,
        line,
        verifierKey: witness.verifierKey,
        receivedAt: new Date('2026-11-29T10:00:05Z'),
      });
      expect(stored).toMatchObject({ size: 10, keyName: 'auditor.test/witness', timestamp: 1_800_000_000 });
      // The same witness again: idempotent, the first is kept.
      const later = cosignCheckpoint(checkpoint.body, witness.signerKey, 1_800_000_100).line;
      await store.addCosignature({
        size: 10,
        line: later,
        verifierKey: witness.verifierKey,
        receivedAt: new Date(),
      });
      const latest = await store.latestCheckpoint();
      expect(latest?.cosignatures.map((c) => c.timestamp)).toEqual([1_800_000_000]);
      const opened = openCheckpoint(latest!.note, {
        logKeys: logKey.verifierKey,
        witnessKeys: [witness.verifierKey],
      });
      expect(opened.cosignatures.map((c) => c.timestamp)).toEqual([1_800_000_000]);
      const report = await store.verifyAll(logKey.verifierKey, { witnessKeys: [witness.verifierKey] });
      expect(report).toMatchObject({ ok: true, cosignatures: 1, unverifiedCosignatures: 0 });
    });

    test('refuses a cosignature that does not verify, or of no stored checkpoint', async () => {
      const checkpoint = await store.checkpoint(logKey.signerKey, ORIGIN, new Date());
      const other = generateCosignerKey('auditor.test/witness', new Uint8Array(32).fill(10));
      const forged = cosignCheckpoint(checkpoint.body, other.signerKey, 1_800_000_000).line;
      await expect(
        store.addCosignature({
          size: 10,
          line: forged,
          verifierKey: witness.verifierKey,
          receivedAt: new Date(),
        }),
      ).rejects.toSatisfy((e) => isLedgerError(e, 'DC_LEDGER_COSIGNATURE'));
      const good = cosignCheckpoint(checkpoint.body, witness.signerKey, 1_800_000_000).line;
      await expect(
        store.addCosignature({
          size: 4,
          line: good,
          verifierKey: witness.verifierKey,
          receivedAt: new Date(),
        }),
      ).rejects.toSatisfy((e) => isLedgerError(e, 'DC_LEDGER_ARGUMENT'));
    });

    test('refuses proofs beyond the log with DC_LEDGER_ARGUMENT', async () => {
      const refused = (e: unknown) => isLedgerError(e, 'DC_LEDGER_ARGUMENT');
      await expect(store.inclusionProof(10, 10)).rejects.toSatisfy(refused);
      await expect(store.inclusionProof(0, 11)).rejects.toSatisfy(refused);
      await expect(store.inclusionProof(-1)).rejects.toSatisfy(refused);
      await expect(store.consistencyProof(5, 11)).rejects.toSatisfy(refused);
      await expect(store.consistencyProof(6, 5)).rejects.toSatisfy(refused);
      await expect(store.rootHash(11)).rejects.toSatisfy(refused);
      await expect(store.append(['x' as unknown as Uint8Array])).rejects.toSatisfy(refused);
      expect(await store.append([])).toEqual({ firstIndex: 10, indices: [], appended: 0, size: 10 });
      await expect(store.append([bytes('x')], { refs: [] })).rejects.toSatisfy(refused);
      await expect(store.append([bytes('x')], { refs: [''] })).rejects.toSatisfy(refused);
    });
  });

  test('sequences several writers without gaps or duplicates', async () => {
    const location = await freshLocation(backend);
    // SQLite: one connection per file and process (see openLedgerStore), so the writers share a store
    // here; PostgreSQL: one store (pool) per writer, as separate gateway processes would have.
    const writers = backend === 'postgres' ? 4 : 1;
    const stores: LedgerStore[] = [];
    for (let w = 0; w < writers; w++) stores.push(await openLedgerStore(location));
    await stores[0]!.migrate();
    try {
      const jobs: Promise<{ writer: number; n: number; firstIndex: number }>[] = [];
      for (let w = 0; w < 4; w++) {
        const store = stores[w % writers]!;
        for (let n = 0; n < 15; n++) {
          const batch = Array.from({ length: 1 + ((w + n) % 4) }, (_, k) => bytes(`w${w} n${n} k${k}`));
          jobs.push(store.append(batch).then((r) => ({ writer: w, n, firstIndex: r.firstIndex })));
        }
      }
      const results = await Promise.all(jobs);
      const taken = new Map<number, string>();
      for (const { writer, n, firstIndex } of results) {
        for (let k = 0; k < 1 + ((writer + n) % 4); k++) {
          const index = firstIndex + k;
          expect(taken.has(index)).toBe(false);
          taken.set(index, `w${writer} n${n} k${k}`);
        }
      }
      const size = await stores[0]!.size();
      expect([...taken.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: size }, (_, i) => i));
      for (const [index, text] of taken) {
        if (index % 7 === 0) expect((await stores[0]!.entry(index))?.leaf).toEqual(bytes(text));
      }
      await Promise.all(stores.map((s) => s.checkpoint(logKey.signerKey, ORIGIN, new Date())));
      const report = await stores[0]!.verifyAll(logKey.verifierKey);
      expect(report.problems).toEqual([]);
      expect(report.entries).toBe(size);
    } finally {
      for (const s of stores) await s.close();
    }
  }, 180_000);

  test('appends a leaf once per ref, however many writers race to append it', async () => {
    const location = await freshLocation(backend);
    const writers = backend === 'postgres' ? 3 : 1;
    const stores: LedgerStore[] = [];
    for (let w = 0; w < writers; w++) stores.push(await openLedgerStore(location));
    await stores[0]!.migrate();
    try {
      // Each transfer is appended by three racing callers (a request and two recoveries, say), some in
      // one group commit, some across processes; one has no ref and is always appended.
      const jobs: Promise<{ ref: string; index: number; appended: number }>[] = [];
      for (let t = 0; t < 12; t++)
        for (let c = 0; c < 3; c++)
          jobs.push(
            stores[(t + c) % writers]!.append([bytes(`receipt ${t}`)], { refs: [`tr_${t}`] }).then((r) => ({
              ref: `tr_${t}`,
              index: r.firstIndex,
              appended: r.appended,
            })),
          );
      const plain = await stores[0]!.append([bytes('no ref'), bytes('receipt 0')], { refs: [null, 'tr_0'] });
      const results = await Promise.all(jobs);
      const byRef = new Map<string, Set<number>>();
      for (const r of results) byRef.set(r.ref, (byRef.get(r.ref) ?? new Set()).add(r.index));
      for (const indices of byRef.values()) expect(indices.size).toBe(1);
      expect(results.reduce((n, r) => n + r.appended, 0)).toBe(12);
      expect(plain.appended).toBe(1);
      expect(plain.indices[1]).toBe([...byRef.get('tr_0')!][0]);
      expect(await stores[0]!.size()).toBe(13);
      for (const [ref, [index]] of [...byRef].map(([r, i]) => [r, [...i]] as const))
        expect((await stores[0]!.entry(index!))?.leaf).toEqual(bytes(`receipt ${ref.slice(3)}`));
      const again = await stores[0]!.append([bytes('receipt 5'), bytes('new')], { refs: ['tr_5', 'tr_new'] });
      expect(again).toMatchObject({ indices: [[...byRef.get('tr_5')!][0], 13], appended: 1, size: 14 });
      expect((await stores[0]!.verifyAll(logKey.verifierKey)).problems).toEqual([]);
    } finally {
      for (const s of stores) await s.close();
    }
  }, 60_000);
});
