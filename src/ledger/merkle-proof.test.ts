import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import vectors from '../../test/vectors/ledger/rfc6962.json' with { type: 'json' };
import { fromHex, toHex } from './bytes.js';
import { createMemoryTree } from './memory-tree.js';
import { leafHash, rootHash } from './merkle.js';
import type { LeafHashSource, NodeId, SubtreeHashSource } from './merkle.types.js';
import { planConsistencyProof, planInclusionProof, planRootHash } from './merkle-plan.js';
import { consistencyProof, inclusionProof, treeRootHash } from './merkle-proof.js';
import { verifyConsistency, verifyInclusion } from './merkle-verify.js';

const vectorLeaves = vectors.leaves.map((hex) => leafHash(fromHex(hex)!));

function makeLeaves(count: number, salt = 0): Uint8Array[] {
  return Array.from({ length: count }, (_, i) =>
    leafHash(Uint8Array.of(salt & 255, i & 255, (i >> 8) & 255)),
  );
}

function throws(run: () => unknown): boolean {
  try {
    run();
    return false;
  } catch {
    return true;
  }
}

describe('inclusionProof', () => {
  it('generates the published RFC 6962 inclusion proofs (transparency-dev/merkle)', async () => {
    for (const vector of vectors.inclusion) {
      const proof = await inclusionProof(vector.index, vector.treeSize, vectorLeaves);
      expect(proof.map(toHex), `leaf ${vector.index} size ${vector.treeSize}`).toEqual(vector.proof);
    }
  });

  it('reads from every kind of hash source alike', async () => {
    const leaves = makeLeaves(37);
    const tree = createMemoryTree(leaves);
    const asLeafSource: LeafHashSource = { leafHash: async (i) => leaves[i]! };
    const sources = [leaves, (i: number) => leaves[i]!, asLeafSource, tree];
    for (const source of sources) {
      for (const [index, size] of [
        [0, 1],
        [5, 37],
        [36, 37],
        [20, 21],
      ] as const) {
        expect(await inclusionProof(index, size, source)).toEqual(tree.inclusionProof(index, size));
      }
    }
  });

  it('asks a subtree source for O(log n) hashes in one call', async () => {
    const tree = createMemoryTree(makeLeaves(1000));
    const calls: (readonly NodeId[])[] = [];
    const source: SubtreeHashSource = {
      subtreeHashes: (nodes) => {
        calls.push(nodes);
        return tree.subtreeHashes(nodes);
      },
    };
    await inclusionProof(777, 1000, source);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(1000)));
  });

  it('rejects an index that is not below the tree size with DC_LEDGER_ARGUMENT', async () => {
    await expect(inclusionProof(3, 3, vectorLeaves)).rejects.toMatchObject({ code: 'DC_LEDGER_ARGUMENT' });
    expect(() => planInclusionProof(-1, 3)).toThrow(expect.objectContaining({ code: 'DC_LEDGER_ARGUMENT' }));
  });

  it('rejects a source that answers hashes of the wrong size or number with DC_LEDGER_HASH_SOURCE', async () => {
    const short: SubtreeHashSource = {
      subtreeHashes: (nodes) => nodes.slice(1).map(() => new Uint8Array(32)),
    };
    const bad: SubtreeHashSource = { subtreeHashes: (nodes) => nodes.map(() => new Uint8Array(31)) };
    await expect(inclusionProof(0, 8, short)).rejects.toMatchObject({ code: 'DC_LEDGER_HASH_SOURCE' });
    await expect(inclusionProof(0, 8, bad)).rejects.toMatchObject({ code: 'DC_LEDGER_HASH_SOURCE' });
    await expect(inclusionProof(0, 8, () => new Uint8Array(3))).rejects.toMatchObject({
      code: 'DC_LEDGER_HASH_SOURCE',
    });
  });
});

describe('consistencyProof', () => {
  it('generates the published RFC 6962 consistency proofs (transparency-dev/merkle)', async () => {
    for (const vector of vectors.consistency) {
      const proof = await consistencyProof(vector.size1, vector.size2, vectorLeaves);
      expect(proof.map(toHex), `${vector.size1} to ${vector.size2}`).toEqual(vector.proof);
    }
  });

  it('is empty from the empty tree and between equal sizes', () => {
    expect(planConsistencyProof(0, 5).nodes).toEqual([]);
    expect(planConsistencyProof(5, 5).nodes).toEqual([]);
  });

  it('rejects size1 greater than size2 with DC_LEDGER_ARGUMENT', async () => {
    await expect(consistencyProof(4, 3, vectorLeaves)).rejects.toMatchObject({ code: 'DC_LEDGER_ARGUMENT' });
  });

  it('verifies for every pair of sizes up to 64', () => {
    const tree = createMemoryTree(makeLeaves(64));
    for (let size2 = 1; size2 <= 64; size2++) {
      const root2 = tree.rootHash(size2);
      for (let size1 = 0; size1 <= size2; size1++) {
        const proof = tree.consistencyProof(size1, size2);
        expect(verifyConsistency(size1, size2, proof, tree.rootHash(size1), root2)).toBe(true);
      }
    }
  });
});

describe('treeRootHash', () => {
  it('gives the published roots from leaf hashes', async () => {
    for (let size = 0; size <= 8; size++) {
      const expected = size === 0 ? vectors.hasher.emptyRoot : vectors.roots[size - 1];
      expect(toHex(await treeRootHash(size, vectorLeaves))).toBe(expected);
    }
  });

  it('reads one hash per set bit of the size', () => {
    expect(planRootHash(0b1011011).nodes).toHaveLength(5);
  });
});

describe('proofs of random trees (property)', () => {
  const treeSize = fc.integer({ min: 1, max: 200 });

  it('verifies every inclusion proof of every leaf', () => {
    fc.assert(
      fc.property(treeSize, fc.integer({ min: 0, max: 255 }), (size, salt) => {
        const leaves = makeLeaves(size, salt);
        const tree = createMemoryTree(leaves);
        const root = rootHash(leaves);
        expect(tree.rootHash()).toEqual(root);
        for (let index = 0; index < size; index++) {
          expect(verifyInclusion(leaves[index]!, index, size, tree.inclusionProof(index), root)).toBe(true);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('verifies the consistency proof from every earlier size', () => {
    fc.assert(
      fc.property(treeSize, (size) => {
        const tree = createMemoryTree(makeLeaves(size));
        const root = tree.rootHash();
        for (let size1 = 0; size1 <= size; size1++) {
          expect(
            verifyConsistency(size1, size, tree.consistencyProof(size1), tree.rootHash(size1), root),
          ).toBe(true);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('verifies inclusion in an earlier tree size', () => {
    fc.assert(
      fc.property(
        treeSize.chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 1, max: size }))),
        fc.nat(),
        ([size, earlier], pick) => {
          const leaves = makeLeaves(size);
          const tree = createMemoryTree(leaves);
          const index = pick % earlier;
          const proof = tree.inclusionProof(index, earlier);
          expect(
            verifyInclusion(leaves[index]!, index, earlier, proof, rootHash(leaves.slice(0, earlier))),
          ).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects an inclusion proof with one bit flipped, a wrong index, or a hash too many or too few', () => {
    fc.assert(
      fc.property(
        treeSize.filter((n) => n >= 2),
        fc.nat(),
        fc.nat(),
        fc.nat(255),
        (size, pick, element, bit) => {
          const leaves = makeLeaves(size);
          const tree = createMemoryTree(leaves);
          const index = pick % size;
          const proof = tree.inclusionProof(index);
          const root = tree.rootHash();
          const at = element % proof.length;
          const flipped = proof.map((h, i) =>
            i === at ? h.map((b, j) => (j === bit >> 3 ? b ^ (1 << (bit & 7)) : b)) : h,
          );
          expect(throws(() => verifyInclusion(leaves[index]!, index, size, flipped, root))).toBe(true);
          expect(throws(() => verifyInclusion(leaves[index]!, index + 1, size, proof, root))).toBe(true);
          if (index > 0)
            expect(throws(() => verifyInclusion(leaves[index]!, index - 1, size, proof, root))).toBe(true);
          expect(throws(() => verifyInclusion(leaves[index]!, index, size, proof.slice(1), root))).toBe(true);
          expect(throws(() => verifyInclusion(leaves[index]!, index, size, [...proof, root], root))).toBe(
            true,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects a consistency proof with one bit flipped or a hash too many or too few', () => {
    fc.assert(
      fc.property(
        treeSize
          .filter((n) => n >= 2)
          .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n - 1 }))),
        fc.nat(),
        fc.nat(255),
        ([size, size1], element, bit) => {
          const tree = createMemoryTree(makeLeaves(size));
          const proof = tree.consistencyProof(size1);
          const [root1, root2] = [tree.rootHash(size1), tree.rootHash()];
          const at = element % proof.length;
          const flipped = proof.map((h, i) =>
            i === at ? h.map((b, j) => (j === bit >> 3 ? b ^ (1 << (bit & 7)) : b)) : h,
          );
          expect(throws(() => verifyConsistency(size1, size, flipped, root1, root2))).toBe(true);
          expect(throws(() => verifyConsistency(size1, size, proof.slice(0, -1), root1, root2))).toBe(true);
          expect(throws(() => verifyConsistency(size1, size, [...proof, root2], root1, root2))).toBe(true);
          expect(throws(() => verifyConsistency(size1, size, proof, root2, root1))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
