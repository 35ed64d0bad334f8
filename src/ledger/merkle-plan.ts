// Which complete subtrees a root, an inclusion proof or a consistency proof needs, following RFC 9162
// section 2.1.3.1 (PATH) and section 2.1.4.1 (SUBPROOF). Every proof element is the MTH of a leaf range;
// each range is split into complete subtrees so that a store reads O(log n) stored hashes.

import { LedgerError } from './errors.js';
import { foldSubtreeHashes, HASH_SIZE } from './merkle.js';
import type { HashPlan, NodeId } from './merkle.types.js';
import { completeSubtrees, isCount, type LeafRange, largestPowerOfTwoBelow } from './tree-math.js';

function argumentError(message: string): LedgerError {
  return new LedgerError('DC_LEDGER_ARGUMENT', message);
}

function checkCount(name: string, value: unknown): asserts value is number {
  if (!isCount(value)) throw argumentError(`${name} \`${String(value)}\` is not a non-negative safe integer`);
}

/** RFC 9162 section 2.1.3.1 PATH(m, D[begin:end]) as leaf ranges, from the leaf upwards. */
export function inclusionRanges(index: number, treeSize: number): LeafRange[] {
  const ranges: LeafRange[] = [];
  let begin = 0;
  let end = treeSize;
  // Walk down from the root, then reverse: the proof lists siblings from the leaf up.
  while (end - begin > 1) {
    const k = largestPowerOfTwoBelow(end - begin);
    if (index < begin + k) {
      ranges.push({ begin: begin + k, end });
      end = begin + k;
    } else {
      ranges.push({ begin, end: begin + k });
      begin += k;
    }
  }
  return ranges.reverse();
}

/** RFC 9162 section 2.1.4.1 SUBPROOF(m, D[0:n], true) as leaf ranges, in proof order; needs 0 < m < n. */
export function consistencyRanges(size1: number, size2: number): LeafRange[] {
  const ranges: LeafRange[] = [];
  let begin = 0;
  let end = size2;
  let complete = true; // the b flag: the subtree [begin, end) is known to the verifier as a whole
  while (size1 !== end) {
    const k = largestPowerOfTwoBelow(end - begin);
    if (size1 - begin <= k) {
      ranges.push({ begin: begin + k, end });
      end = begin + k;
    } else {
      ranges.push({ begin, end: begin + k });
      begin += k;
      complete = false;
    }
  }
  if (!complete) ranges.push({ begin, end });
  return ranges.reverse();
}

/** A plan whose result is the MTH of each range, in order. */
export function planRanges(ranges: readonly LeafRange[]): HashPlan<Uint8Array[]> {
  const nodes: NodeId[] = [];
  const parts: [number, number][] = [];
  for (const range of ranges) {
    const subtrees = completeSubtrees(range.begin, range.end);
    parts.push([nodes.length, nodes.length + subtrees.length]);
    nodes.push(...subtrees);
  }
  return {
    nodes,
    assemble(hashes) {
      checkHashes(nodes, hashes);
      return parts.map(([from, to]) => foldSubtreeHashes(hashes.slice(from, to)));
    },
  };
}

/** Checks that a source answered one 32-byte hash per requested node. */
export function checkHashes(nodes: readonly NodeId[], hashes: readonly Uint8Array[]): void {
  if (!Array.isArray(hashes) || hashes.length !== nodes.length) {
    throw new LedgerError(
      'DC_LEDGER_HASH_SOURCE',
      `hash source: asked for ${nodes.length} subtree hashes, got ${Array.isArray(hashes) ? hashes.length : 'no array'}`,
    );
  }
  for (let i = 0; i < hashes.length; i++) {
    const hash = hashes[i];
    if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
      const node = nodes[i]!;
      throw new LedgerError(
        'DC_LEDGER_HASH_SOURCE',
        `hash source: the hash of subtree level ${node.level} index ${node.index} is not ${HASH_SIZE} bytes`,
      );
    }
  }
}

/**
 * The complete subtrees whose hashes give the root of the tree of `treeSize` leaves (its frontier), and how
 * to fold them.
 */
export function planRootHash(treeSize: number): HashPlan<Uint8Array> {
  checkCount('tree size', treeSize);
  const nodes = completeSubtrees(0, treeSize);
  return {
    nodes,
    assemble(hashes) {
      checkHashes(nodes, hashes);
      return foldSubtreeHashes(hashes);
    },
  };
}

/** The complete subtrees an inclusion proof of leaf `index` in the tree of `treeSize` leaves needs. */
export function planInclusionProof(index: number, treeSize: number): HashPlan<Uint8Array[]> {
  checkCount('leaf index', index);
  checkCount('tree size', treeSize);
  if (index >= treeSize) throw argumentError(`leaf index ${index} is not below tree size ${treeSize}`);
  return planRanges(inclusionRanges(index, treeSize));
}

/** The complete subtrees a consistency proof from `size1` to `size2` needs (none when trivial). */
export function planConsistencyProof(size1: number, size2: number): HashPlan<Uint8Array[]> {
  checkCount('size1', size1);
  checkCount('size2', size2);
  if (size1 > size2) throw argumentError(`size1 ${size1} is greater than size2 ${size2}`);
  if (size1 === 0 || size1 === size2) return planRanges([]);
  return planRanges(consistencyRanges(size1, size2));
}
