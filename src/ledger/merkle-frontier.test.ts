import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual, toHex } from './bytes.js';
import { createMemoryTree } from './memory-tree.js';
import { leafHash, rootHash } from './merkle.js';
import type { SubtreeNode } from './merkle.types.js';
import {
  appendToFrontier,
  emptyFrontier,
  frontierNodes,
  frontierRootHash,
  type MerkleFrontier,
  restoreFrontier,
} from './merkle-frontier.js';

const leaves = Array.from({ length: 300 }, (_, i) => leafHash(Uint8Array.of(i & 255, i >> 8)));

describe('appendToFrontier', () => {
  it('keeps the root equal to the root of all leaves appended so far', () => {
    let frontier = emptyFrontier();
    for (let i = 0; i < 100; i++) {
      frontier = appendToFrontier(frontier, [leaves[i]!]).frontier;
      expect(toHex(frontierRootHash(frontier)), `size ${i + 1}`).toBe(
        toHex(rootHash(leaves.slice(0, i + 1))),
      );
    }
  });

  it('emits every complete subtree exactly once, with its hash, whatever the batches (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 12 }), (batches) => {
        let frontier: MerkleFrontier = emptyFrontier();
        const emitted: SubtreeNode[] = [];
        let at = 0;
        for (const count of batches) {
          const batch = leaves.slice(at, at + count);
          at += batch.length;
          const result = appendToFrontier(frontier, batch);
          frontier = result.frontier;
          emitted.push(...result.nodes);
        }
        const tree = createMemoryTree(leaves.slice(0, at));
        expect(frontier.size).toBe(at);
        expect(frontierRootHash(frontier)).toEqual(tree.rootHash());
        const keys = emitted.map((n) => `${n.level}:${n.index}`);
        expect(new Set(keys).size).toBe(keys.length);
        let expected = 0;
        for (let level = 0; 2 ** level <= at; level++) expected += Math.floor(at / 2 ** level);
        expect(emitted).toHaveLength(expected);
        const expectedHashes = tree.subtreeHashes(emitted);
        expect(emitted.every((node, i) => bytesEqual(node.hash, expectedHashes[i]!))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('rejects a leaf hash that is not 32 bytes with DC_LEDGER_ARGUMENT', () => {
    expect(() => appendToFrontier(emptyFrontier(), [new Uint8Array(8)])).toThrow(
      expect.objectContaining({ code: 'DC_LEDGER_ARGUMENT' }),
    );
  });
});

describe('restoreFrontier', () => {
  it('rebuilds a frontier from the stored hashes of frontierNodes', () => {
    const tree = createMemoryTree(leaves.slice(0, 77));
    const restored = restoreFrontier(77, tree.subtreeHashes(frontierNodes(77)));
    const direct = appendToFrontier(emptyFrontier(), leaves.slice(0, 77)).frontier;
    expect(restored).toEqual(direct);
    const next = appendToFrontier(restored, leaves.slice(77, 90)).frontier;
    expect(frontierRootHash(next)).toEqual(rootHash(leaves.slice(0, 90)));
  });

  it('rejects the wrong number of hashes with DC_LEDGER_ARGUMENT', () => {
    expect(() => restoreFrontier(3, [leaves[0]!])).toThrow(
      expect.objectContaining({ code: 'DC_LEDGER_ARGUMENT' }),
    );
  });
});

describe('frontierNodes', () => {
  it('lists one complete subtree per set bit, largest first', () => {
    expect(frontierNodes(13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(frontierNodes(0)).toEqual([]);
  });
});
