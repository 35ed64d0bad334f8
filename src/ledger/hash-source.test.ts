import { describe, expect, it } from 'vitest';
import {
  createStridedSubtreeSource,
  createSubtreeCache,
  isStoredLevel,
  subtreeSourceFromLeaves,
  toSubtreeHashSource,
} from './hash-source.js';
import { createMemoryTree } from './memory-tree.js';
import { leafHash } from './merkle.js';
import type { NodeId } from './merkle.types.js';
import { appendToFrontier, emptyFrontier } from './merkle-frontier.js';
import { consistencyProof, inclusionProof, treeRootHash } from './merkle-proof.js';

const leaves = Array.from({ length: 333 }, (_, i) => leafHash(Uint8Array.of(i & 255, i >> 8, 7)));
const tree = createMemoryTree(leaves);

describe('createStridedSubtreeSource', () => {
  for (const stride of [1, 2, 3, 4, 8]) {
    describe(`when the store keeps every ${stride}th level`, () => {
      // The store keeps only the nodes appendToFrontier emits at stored levels.
      const stored = new Map<string, Uint8Array>();
      for (const node of appendToFrontier(emptyFrontier(), leaves).nodes) {
        if (isStoredLevel(node.level, stride)) stored.set(`${node.level}:${node.index}`, node.hash);
      }
      const reads: number[] = [];
      const source = createStridedSubtreeSource((nodes: readonly NodeId[]) => {
        reads.push(nodes.length);
        return nodes.map(({ level, index }) => {
          const hash = stored.get(`${level}:${index}`);
          if (!hash) throw new Error(`not stored: ${level}:${index}`);
          return hash;
        });
      }, stride);

      it('gives the same roots and proofs as a store that keeps every level', async () => {
        for (const [index, size] of [
          [0, 1],
          [100, 333],
          [332, 333],
          [255, 256],
          [31, 200],
        ] as const) {
          expect(await inclusionProof(index, size, source)).toEqual(tree.inclusionProof(index, size));
          expect(await consistencyProof(index + 1, size, source)).toEqual(
            tree.consistencyProof(index + 1, size),
          );
          expect(await treeRootHash(size, source)).toEqual(tree.rootHash(size));
        }
      });

      it('reads at most 2^(stride-1) stored hashes per subtree, in one call per proof', async () => {
        reads.length = 0;
        const proof = await inclusionProof(150, 333, source);
        expect(reads).toHaveLength(1);
        expect(reads[0]!).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(333)) * 2 ** (stride - 1));
        expect(proof.length).toBeGreaterThan(0);
      });
    });
  }

  it('rejects a stride out of range with DC_LEDGER_ARGUMENT', () => {
    expect(() => createStridedSubtreeSource(() => [], 0)).toThrow(
      expect.objectContaining({ code: 'DC_LEDGER_ARGUMENT' }),
    );
  });

  it('passes asynchronous reads through', async () => {
    const source = createStridedSubtreeSource(async (nodes) => tree.subtreeHashes(nodes), 3);
    expect(await treeRootHash(300, source)).toEqual(tree.rootHash(300));
  });
});

describe('subtreeSourceFromLeaves', () => {
  it('fills the cache so that later reads need no leaf', async () => {
    let reads = 0;
    const cache = createSubtreeCache();
    const source = subtreeSourceFromLeaves((i) => {
      reads++;
      return leaves[i]!;
    }, cache);
    await inclusionProof(10, 256, source);
    const first = reads;
    await inclusionProof(10, 256, source);
    expect(first).toBe(255); // every leaf but the proven one
    expect(reads).toBe(first);
  });

  it('rejects a request past the end of a leaf array with DC_LEDGER_HASH_SOURCE', () => {
    expect(() => subtreeSourceFromLeaves(leaves.slice(0, 3)).subtreeHashes([{ level: 2, index: 0 }])).toThrow(
      expect.objectContaining({ code: 'DC_LEDGER_HASH_SOURCE' }),
    );
  });
});

describe('toSubtreeHashSource', () => {
  it('rejects something that is no hash source with DC_LEDGER_ARGUMENT', () => {
    expect(() => toSubtreeHashSource({} as never)).toThrow(
      expect.objectContaining({ code: 'DC_LEDGER_ARGUMENT' }),
    );
  });
});
