import { describe, expect, it } from 'vitest';
import vectors from '../../test/vectors/ledger/rfc6962.json' with { type: 'json' };
import { fromHex, utf8 } from './bytes.js';
import { emptyRootHash, leafHash } from './merkle.js';
import { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './merkle-verify.js';

const leaves = vectors.leaves.map((hex) => leafHash(fromHex(hex)!));
const roots = vectors.roots.map((hex) => fromHex(hex)!);
const someHash = fromHex('abacaba000000000000000000000000000000000000000000060061e00123456')!;
const emptyHash = emptyRootHash();

function flipBit(proof: readonly Uint8Array[], element: number, bit: number): Uint8Array[] {
  return proof.map((hash, i) => {
    if (i !== element) return hash;
    const copy = hash.slice();
    copy[Math.floor(bit / 8)]! ^= 1 << (bit % 8);
    return copy;
  });
}

interface InclusionProbe {
  desc: string;
  leaf: Uint8Array;
  index: number;
  size: number;
  proof: Uint8Array[];
  root: Uint8Array;
}

/** Wrong variants of a good inclusion proof; every one of them must fail. */
function inclusionProbes(
  index: number,
  size: number,
  proof: Uint8Array[],
  root: Uint8Array,
  leaf: Uint8Array,
) {
  const probes: InclusionProbe[] = [
    { desc: 'index - 1', leaf, index: index - 1, size, proof, root },
    { desc: 'index + 1', leaf, index: index + 1, size, proof, root },
    { desc: 'index ^ 2', leaf, index: index ^ 2, size, proof, root },
    { desc: 'size * 2', leaf, index, size: size * 2, proof, root },
    { desc: 'size / 2', leaf, index, size: Math.floor(size / 2), proof, root },
    { desc: 'wrong leaf', leaf: utf8('WrongLeaf'), index, size, proof, root },
    { desc: 'other leaf', leaf: leafHash(utf8('other')), index, size, proof, root },
    { desc: 'empty root', leaf, index, size, proof, root: emptyHash },
    { desc: 'random root', leaf, index, size, proof, root: someHash },
    { desc: 'trailing garbage', leaf, index, size, proof: [...proof, new Uint8Array(0)], root },
    { desc: 'trailing root', leaf, index, size, proof: [...proof, root], root },
    { desc: 'preceding garbage', leaf, index, size, proof: [new Uint8Array(0), ...proof], root },
    { desc: 'preceding root', leaf, index, size, proof: [root, ...proof], root },
  ];
  if (proof.length > 0)
    probes.push({ desc: 'removed component', leaf, index, size, proof: proof.slice(0, -1), root });
  if (proof.length > 1) {
    probes.push({
      desc: 'inserted component',
      leaf,
      index,
      size,
      proof: [proof[0]!, someHash, ...proof.slice(1)],
      root,
    });
    probes.push({
      desc: 'swapped components',
      leaf,
      index,
      size,
      proof: [proof[1]!, proof[0]!, ...proof.slice(2)],
      root,
    });
  }
  for (let element = 0; element < proof.length; element++) {
    for (let bit = 0; bit < 256; bit++) {
      probes.push({
        desc: `proof[${element}] bit ${bit}`,
        leaf,
        index,
        size,
        proof: flipBit(proof, element, bit),
        root,
      });
    }
  }
  for (let bit = 0; bit < 256; bit++) {
    probes.push({ desc: `root bit ${bit}`, leaf, index, size, proof, root: flipBit([root], 0, bit)[0]! });
    probes.push({ desc: `leaf bit ${bit}`, leaf: flipBit([leaf], 0, bit)[0]!, index, size, proof, root });
  }
  return probes;
}

interface ConsistencyProbe {
  desc: string;
  size1: number;
  size2: number;
  proof: Uint8Array[];
  root1: Uint8Array;
  root2: Uint8Array;
}

/** Wrong variants of a good non-trivial consistency proof; every one of them must fail. */
function consistencyProbes(
  size1: number,
  size2: number,
  proof: Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
) {
  const probes: ConsistencyProbe[] = [
    { desc: 'size1 - 1', size1: size1 - 1, size2, proof, root1, root2 },
    { desc: 'size1 + 1', size1: size1 + 1, size2, proof, root1, root2 },
    { desc: 'size1 ^ 2', size1: size1 ^ 2, size2, proof, root1, root2 },
    { desc: 'size2 * 2', size1, size2: size2 * 2, proof, root1, root2 },
    { desc: 'size2 / 2', size1, size2: Math.floor(size2 / 2), proof, root1, root2 },
    { desc: 'wrong root1', size1, size2, proof, root1: utf8('WrongRoot'), root2 },
    { desc: 'wrong root2', size1, size2, proof, root1, root2: utf8('WrongRoot') },
    { desc: 'swapped roots', size1, size2, proof, root1: root2, root2: root1 },
    { desc: 'empty proof', size1, size2, proof: [], root1, root2 },
    { desc: 'trailing garbage', size1, size2, proof: [...proof, new Uint8Array(0)], root1, root2 },
    { desc: 'trailing root1', size1, size2, proof: [...proof, root1], root1, root2 },
    { desc: 'trailing root2', size1, size2, proof: [...proof, root2], root1, root2 },
    { desc: 'preceding garbage', size1, size2, proof: [new Uint8Array(0), ...proof], root1, root2 },
    { desc: 'preceding root1', size1, size2, proof: [root1, ...proof], root1, root2 },
    { desc: 'preceding root2', size1, size2, proof: [root2, ...proof], root1, root2 },
    { desc: 'preceding proof[0]', size1, size2, proof: [proof[0]!, ...proof], root1, root2 },
    { desc: 'truncated proof', size1, size2, proof: proof.slice(0, -1), root1, root2 },
  ];
  for (let element = 0; element < proof.length; element++) {
    for (let bit = 0; bit < 256; bit++) {
      probes.push({
        desc: `proof[${element}] bit ${bit}`,
        size1,
        size2,
        proof: flipBit(proof, element, bit),
        root1,
        root2,
      });
    }
  }
  for (let bit = 0; bit < 256; bit++) {
    probes.push({
      desc: `root1 bit ${bit}`,
      size1,
      size2,
      proof,
      root1: flipBit([root1], 0, bit)[0]!,
      root2,
    });
    probes.push({
      desc: `root2 bit ${bit}`,
      size1,
      size2,
      proof,
      root1,
      root2: flipBit([root2], 0, bit)[0]!,
    });
  }
  return probes;
}

function failsWith(code: string, run: () => unknown): boolean {
  try {
    run();
    return false;
  } catch (error) {
    return (error as { code?: string }).code === code;
  }
}

describe('verifyInclusion', () => {
  describe('with the published RFC 6962 inclusion proofs (transparency-dev/merkle)', () => {
    for (const vector of vectors.inclusion) {
      const proof = vector.proof.map((hex) => fromHex(hex)!);
      const root = roots[vector.treeSize - 1]!;
      const leaf = leaves[vector.index]!;

      it(`accepts leaf ${vector.index} in the tree of size ${vector.treeSize}`, () => {
        expect(verifyInclusion(leaf, vector.index, vector.treeSize, proof, root)).toBe(true);
        expect(rootFromInclusionProof(leaf, vector.index, vector.treeSize, proof)).toEqual(root);
      });

      it(`rejects every corrupted variant of leaf ${vector.index} in size ${vector.treeSize} with DC_LEDGER_INCLUSION`, () => {
        const accepted = inclusionProbes(vector.index, vector.treeSize, proof, root, leaf)
          .filter(
            (p) =>
              !failsWith('DC_LEDGER_INCLUSION', () =>
                verifyInclusion(p.leaf, p.index, p.size, p.proof, p.root),
              ),
          )
          .map((p) => p.desc);
        expect(accepted).toEqual([]);
      });
    }
  });

  describe('when the tree has one leaf', () => {
    const hash = leafHash(utf8('data'));

    it('accepts the leaf hash as the root with an empty proof', () => {
      expect(verifyInclusion(hash, 0, 1, [], hash)).toBe(true);
    });

    it('rejects an empty leaf hash or an empty root', () => {
      const empty = new Uint8Array(0);
      expect(failsWith('DC_LEDGER_INCLUSION', () => verifyInclusion(empty, 0, 1, [], hash))).toBe(true);
      expect(failsWith('DC_LEDGER_INCLUSION', () => verifyInclusion(hash, 0, 1, [], empty))).toBe(true);
      expect(failsWith('DC_LEDGER_INCLUSION', () => verifyInclusion(empty, 0, 1, [], empty))).toBe(true);
    });
  });

  describe('when the index is not below the tree size', () => {
    it.each([
      [0, 0],
      [1, 0],
      [1, 1],
      [2, 1],
    ])('rejects index %i in size %i whatever the hashes', (index, size) => {
      for (const [leaf, root] of [
        [someHash, new Uint8Array(0)],
        [new Uint8Array(0), emptyHash],
        [someHash, emptyHash],
        [someHash, someHash],
      ] as const) {
        expect(failsWith('DC_LEDGER_INCLUSION', () => verifyInclusion(leaf, index, size, [], root))).toBe(
          true,
        );
      }
    });
  });

  it('rejects negative, fractional and unsafe numbers', () => {
    const leaf = leaves[0]!;
    expect(failsWith('DC_LEDGER_INCLUSION', () => verifyInclusion(leaf, -1, 1, [], leaf))).toBe(true);
    expect(failsWith('DC_LEDGER_INCLUSION', () => verifyInclusion(leaf, 0.5, 1, [], leaf))).toBe(true);
    expect(failsWith('DC_LEDGER_INCLUSION', () => verifyInclusion(leaf, 0, 2 ** 53, [], leaf))).toBe(true);
  });

  it('says how long the proof should be', () => {
    expect(() => verifyInclusion(leaves[0]!, 0, 8, [someHash], roots[7]!)).toThrow(
      'proof has 1 hashes; expected 3',
    );
  });
});

describe('verifyConsistency', () => {
  describe('with the published RFC 6962 consistency proofs (transparency-dev/merkle)', () => {
    for (const vector of vectors.consistency) {
      const proof = vector.proof.map((hex) => fromHex(hex)!);
      const root1 = roots[vector.size1 - 1]!;
      const root2 = roots[vector.size2 - 1]!;

      it(`accepts the proof from size ${vector.size1} to size ${vector.size2}`, () => {
        expect(verifyConsistency(vector.size1, vector.size2, proof, root1, root2)).toBe(true);
      });

      if (proof.length > 0) {
        it(`rejects every corrupted variant of the proof from ${vector.size1} to ${vector.size2} with DC_LEDGER_CONSISTENCY`, () => {
          const accepted = consistencyProbes(vector.size1, vector.size2, proof, root1, root2)
            .filter(
              (p) =>
                !failsWith('DC_LEDGER_CONSISTENCY', () =>
                  verifyConsistency(p.size1, p.size2, p.proof, p.root1, p.root2),
                ),
            )
            .map((p) => p.desc);
          expect(accepted).toEqual([]);
        });
      }
    }
  });

  describe('with trivial sizes (transparency-dev/merkle TestVerifyConsistency)', () => {
    const root1 = utf8("don't care 1");
    const root2 = utf8("don't care 2");
    it.each([
      ['equal sizes 0 with different roots', 0, 0, root1, root2, [], false],
      ['equal sizes 1 with different roots', 1, 1, root1, root2, [], false],
      ['equal sizes 0 with equal roots', 0, 0, root1, root1, [], true],
      ['from the empty tree', 0, 1, root1, root2, [], true],
      ['equal sizes 1 with equal roots', 1, 1, root2, root2, [], true],
      ['a shrinking log from 1 to 0', 1, 0, root1, root2, [], false],
      ['a shrinking log from 2 to 1', 2, 1, root1, root2, [], false],
      ['an empty proof between different sizes', 1, 2, root1, root2, [], false],
      ['size 0 roots that differ', 0, 0, emptyHash, root2, [], false],
      ['size 1 roots that differ', 1, 1, emptyHash, root2, [], false],
      ['a non-empty proof between equal sizes 0', 0, 0, emptyHash, emptyHash, [emptyHash], false],
      ['a non-empty proof from the empty tree', 0, 1, emptyHash, emptyHash, [emptyHash], false],
      ['a non-empty proof between equal sizes 1', 1, 1, emptyHash, emptyHash, [emptyHash], false],
    ] as const)('treats %s as %s', (_desc, size1, size2, a, b, proof, ok) => {
      const run = () => verifyConsistency(size1, size2, [...proof], a, b);
      if (ok) expect(run()).toBe(true);
      else expect(failsWith('DC_LEDGER_CONSISTENCY', run)).toBe(true);
    });
  });

  it('says that a log never shrinks', () => {
    expect(() => verifyConsistency(5, 2, [], roots[4]!, roots[1]!)).toThrow('a log never shrinks');
  });
});
