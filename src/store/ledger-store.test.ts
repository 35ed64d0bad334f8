import SqliteDatabase from 'better-sqlite3';
import fc from 'fast-check';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cosignCheckpoint, generateCosignerKey, generateNoteKey, leafHash } from '../ledger/index.js';
import { createLedgerStore, type LedgerDatabase, type LedgerStore } from './ledger-store.js';

// Tampering with the rows of a SQLite ledger behind the store's back: `verifyAll` must report every
// changed, deleted, reordered or inserted entry with its index, and every forged subtree or checkpoint.

const ORIGIN = 'data-customs.test/log';
const logKey = generateNoteKey(ORIGIN, new Uint8Array(32).fill(1));
const witness = generateCosignerKey('auditor.test/witness', new Uint8Array(32).fill(2));
const bytes = (text: string) => new TextEncoder().encode(text);

async function openMemoryLedger(): Promise<{ raw: SqliteDatabase.Database; store: LedgerStore }> {
  const raw = new SqliteDatabase(':memory:');
  const store = createLedgerStore(
    new Kysely<LedgerDatabase>({ dialect: new SqliteDialect({ database: raw }) }),
    'sqlite',
  );
  await store.migrate();
  return { raw, store };
}

/** A log of `n` entries with checkpoints at the given sizes. */
async function buildLedger(n: number, checkpointsAt: readonly number[]) {
  const ledger = await openMemoryLedger();
  let size = 0;
  for (const at of [...checkpointsAt, n]) {
    if (at > size)
      await ledger.store.append(Array.from({ length: at - size }, (_, i) => bytes(`entry ${size + i}`)));
    size = Math.max(size, at);
    await ledger.store.checkpoint(logKey.signerKey, ORIGIN, new Date('2026-11-29T10:00:00Z'));
  }
  return ledger;
}

const indicesOf = (report: Awaited<ReturnType<LedgerStore['verifyAll']>>) =>
  report.problems.map((p) => ({ kind: p.kind, index: p.index, lastIndex: p.lastIndex, size: p.size }));

describe('LedgerStore.verifyAll', () => {
  let raw: SqliteDatabase.Database;
  let store: LedgerStore;
  beforeEach(async () => {
    ({ raw, store } = await buildLedger(50, [10, 33]));
  });
  afterEach(async () => {
    await store.close();
  });

  describe('when nothing was touched', () => {
    it('reports no problem and counts what it checked', async () => {
      const report = await store.verifyAll(logKey.verifierKey, { batchSize: 7 });
      expect(report).toMatchObject({ ok: true, size: 50, entries: 50, checkpoints: 3, problems: [] });
      expect(report.rootHash).toEqual(await store.rootHash());
    });
  });

  describe('when an entry was changed', () => {
    it('names the entry when only its data changed', async () => {
      raw.prepare('update ledger_entries set leaf = ? where idx = 17').run(Buffer.from('forged'));
      const report = await store.verifyAll(logKey.verifierKey);
      expect(report.ok).toBe(false);
      expect(indicesOf(report)).toContainEqual(expect.objectContaining({ kind: 'entry_hash', index: 17 }));
      expect(report.problems.every((p) => p.index === 17 || p.size !== undefined)).toBe(true);
      expect(report.problems.map((p) => p.size).filter(Boolean)).toEqual([33, 50]);
    });

    it('names the entry when its data and leaf hash were changed together', async () => {
      const forged = Buffer.from('forged');
      raw
        .prepare('update ledger_entries set leaf = ?, leaf_hash = ? where idx = 17')
        .run(forged, Buffer.from(leafHash(forged)));
      const report = await store.verifyAll(logKey.verifierKey, { batchSize: 5 });
      const entryProblems = report.problems.filter((p) => p.index !== undefined);
      expect(entryProblems).toEqual([expect.objectContaining({ kind: 'entry_changed', index: 17 })]);
      expect(entryProblems[0]?.message).toBe(
        'entry 17: its data is not what was appended (changed, reordered or inserted)',
      );
      expect(report.problems.filter((p) => p.kind === 'checkpoint_root').map((p) => p.size)).toEqual([
        33, 50,
      ]);
    });

    it('names every entry of a consistent rewrite of the data, subtrees and head (checkpoints still catch it)', async () => {
      // The forger recomputes leaf hashes but cannot re-sign: the signed roots no longer match.
      const forged = Buffer.from('forged');
      raw
        .prepare('update ledger_entries set leaf = ?, leaf_hash = ? where idx = 3')
        .run(forged, Buffer.from(leafHash(forged)));
      raw
        .prepare('update ledger_nodes set hash = ? where level = 0 and idx = 3')
        .run(Buffer.from(leafHash(forged)));
      const report = await store.verifyAll(logKey.verifierKey);
      expect(report.ok).toBe(false);
      expect(report.problems.filter((p) => p.kind === 'subtree_mismatch')[0]).toMatchObject({
        index: 2,
        lastIndex: 3,
      });
      expect(report.problems.filter((p) => p.kind === 'checkpoint_root').map((p) => p.size)).toEqual([
        10, 33, 50,
      ]);
    });
  });

  describe('when an entry was deleted', () => {
    it('names it, and still checks the entries after it', async () => {
      raw.prepare('delete from ledger_entries where idx = 17').run();
      raw.prepare("update ledger_entries set leaf = X'00' where idx = 40").run();
      const report = await store.verifyAll(logKey.verifierKey, { batchSize: 16 });
      expect(indicesOf(report)).toEqual([
        { kind: 'entry_missing', index: 17, lastIndex: 17, size: undefined },
        { kind: 'entry_hash', index: 40, lastIndex: undefined, size: undefined },
        { kind: 'checkpoint_root', index: undefined, lastIndex: undefined, size: 50 },
      ]);
      expect(report.problems[0]?.message).toBe('entry 17: missing (deleted)');
    });

    it('names a run of deleted entries as one range across batches', async () => {
      raw.prepare('delete from ledger_entries where idx between 14 and 21').run();
      const report = await store.verifyAll(logKey.verifierKey, { batchSize: 8 });
      expect(report.problems.filter((p) => p.kind === 'entry_missing')).toEqual([
        expect.objectContaining({ index: 14, lastIndex: 21, message: 'entries 14 to 21: missing (deleted)' }),
      ]);
    });

    it('names the missing tail when the head was moved back too', async () => {
      raw.prepare('delete from ledger_entries where idx >= 45').run();
      raw.prepare('update ledger_head set size = 45').run();
      const report = await store.verifyAll(logKey.verifierKey);
      expect(report.problems).toContainEqual(
        expect.objectContaining({
          kind: 'checkpoint_size',
          size: 50,
          message: 'checkpoint of size 50: the log has only 45 entries (entries 45 to 49 are missing)',
        }),
      );
      expect(report.problems.some((p) => p.kind === 'subtree_extra')).toBe(true);
    });
  });

  describe('when entries were reordered', () => {
    it('names both entries', async () => {
      raw.exec(`
        update ledger_entries set idx = -1 where idx = 5;
        update ledger_entries set idx = 5 where idx = 40;
        update ledger_entries set idx = 40 where idx = -1;`);
      const report = await store.verifyAll(logKey.verifierKey);
      const entries = report.problems.filter((p) => p.index !== undefined);
      expect(entries.map((p) => [p.kind, p.index])).toEqual([
        ['entry_changed', 5],
        ['entry_changed', 40],
      ]);
    });
  });

  describe('when an entry was inserted', () => {
    it('names the inserted position when later entries were shifted', async () => {
      raw.exec('update ledger_entries set idx = idx + 1000 where idx >= 20');
      raw.exec('update ledger_entries set idx = idx - 999 where idx >= 1000');
      const forged = Buffer.from('inserted');
      raw
        .prepare("insert into ledger_entries (idx, leaf, leaf_hash, appended_at) values (20, ?, ?, 'x')")
        .run(forged, Buffer.from(leafHash(forged)));
      raw.exec('update ledger_head set size = 51');
      const report = await store.verifyAll(logKey.verifierKey);
      const first = report.problems.find((p) => p.index !== undefined);
      expect(first).toMatchObject({ kind: 'entry_changed', index: 20 });
      expect(report.ok).toBe(false);
    });

    it('names an entry appended behind the sequencer', async () => {
      raw
        .prepare("insert into ledger_entries (idx, leaf, leaf_hash, appended_at) values (50, X'01', ?, 'x')")
        .run(Buffer.from(leafHash(Uint8Array.of(1))));
      const report = await store.verifyAll(logKey.verifierKey);
      expect(indicesOf(report)).toEqual([
        { kind: 'entry_extra', index: 50, lastIndex: undefined, size: undefined },
      ]);
    });
  });

  describe('when stored subtree hashes or checkpoints were forged', () => {
    it('names the entries under a changed or deleted subtree hash', async () => {
      raw.prepare('update ledger_nodes set hash = ? where level = 2 and idx = 3').run(Buffer.alloc(32, 1));
      raw.prepare('delete from ledger_nodes where level = 1 and idx = 20').run();
      const report = await store.verifyAll(logKey.verifierKey);
      expect(indicesOf(report)).toEqual([
        { kind: 'subtree_mismatch', index: 12, lastIndex: 15, size: undefined },
        { kind: 'subtree_missing', index: 40, lastIndex: 41, size: undefined },
      ]);
    });

    it('reports a checkpoint whose note or root column was changed', async () => {
      const note = (
        raw.prepare('select note from ledger_checkpoints where size = 33').get() as { note: string }
      ).note;
      raw
        .prepare('update ledger_checkpoints set note = ? where size = 33')
        .run(note.replace('\n33\n', '\n34\n'));
      raw.prepare('update ledger_checkpoints set root_hash = ? where size = 10').run(Buffer.alloc(32));
      const report = await store.verifyAll(logKey.verifierKey);
      expect(report.problems.map((p) => [p.kind, p.size])).toEqual([
        ['checkpoint_root', 10],
        ['checkpoint_signature', 33],
      ]);
    });

    it('reports checkpoints that the given log key did not sign', async () => {
      const other = generateNoteKey(ORIGIN, new Uint8Array(32).fill(3));
      const report = await store.verifyAll(other.verifierKey);
      expect(report.problems.map((p) => p.kind)).toEqual([
        'checkpoint_signature',
        'checkpoint_signature',
        'checkpoint_signature',
      ]);
    });

    it('reports a stored cosignature that does not verify', async () => {
      const checkpoint = (await store.checkpointAt(50))!;
      const { line } = cosignCheckpoint(checkpoint.body, witness.signerKey, 1_800_000_000);
      await store.addCosignature({
        size: 50,
        line,
        verifierKey: witness.verifierKey,
        receivedAt: new Date(),
      });
      const forged = cosignCheckpoint(checkpoint.body.replace('\n50\n', '\n51\n'), witness.signerKey, 1);
      raw.prepare('update ledger_cosignatures set line = ?').run(forged.line);
      const report = await store.verifyAll(logKey.verifierKey, { witnessKeys: [witness.verifierKey] });
      expect(report.problems).toEqual([
        expect.objectContaining({
          kind: 'cosignature',
          size: 50,
          message: 'checkpoint of size 50: the cosignature by `auditor.test/witness` does not verify',
        }),
      ]);
      expect((await store.verifyAll(logKey.verifierKey)).unverifiedCosignatures).toBe(1);
    });
  });

  it('lists at most maxProblems problems and counts the rest', async () => {
    raw.exec("update ledger_entries set leaf = X'00'");
    const report = await store.verifyAll(logKey.verifierKey, { maxProblems: 5 });
    expect(report.problems).toHaveLength(5);
    expect(report.moreProblems).toBeGreaterThan(45);
  });
});

describe('LedgerStore.verifyAll on any log', () => {
  it('names the index of any single changed, deleted or swapped entry (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 70 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            i: fc.integer({ min: 0, max: n - 1 }),
            j: fc.integer({ min: 0, max: n - 1 }),
            how: fc.constantFrom('data', 'data-and-hash', 'delete', 'swap'),
            batchSize: fc.integer({ min: 1, max: 40 }),
          }),
        ),
        async ({ n, i, j, how, batchSize }) => {
          const { raw, store } = await buildLedger(n, [Math.floor(n / 2)]);
          try {
            const forged = Buffer.from(`forged ${i}`);
            if (how === 'data')
              raw.prepare('update ledger_entries set leaf = ? where idx = ?').run(forged, i);
            if (how === 'data-and-hash')
              raw
                .prepare('update ledger_entries set leaf = ?, leaf_hash = ? where idx = ?')
                .run(forged, Buffer.from(leafHash(forged)), i);
            if (how === 'delete') raw.prepare('delete from ledger_entries where idx = ?').run(i);
            if (how === 'swap') {
              if (i === j) return;
              raw.prepare('update ledger_entries set idx = -1 where idx = ?').run(i);
              raw.prepare('update ledger_entries set idx = ? where idx = ?').run(i, j);
              raw.prepare('update ledger_entries set idx = ? where idx = -1').run(j);
            }
            const report = await store.verifyAll(logKey.verifierKey, { batchSize });
            expect(report.ok).toBe(false);
            const named = report.problems.filter((p) => p.index !== undefined).map((p) => p.index);
            expect(named).toContain(i);
            if (how === 'swap') expect(named).toContain(j);
            else expect(named).toEqual([i]);
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});
