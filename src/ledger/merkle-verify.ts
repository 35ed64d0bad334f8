// Verification of RFC 9162 inclusion proofs (section 2.1.3.2) and consistency proofs (section 2.1.4.2).
// Browser-safe: SHA-256 from @noble/hashes, no Node APIs. Every input here is untrusted.

import { bytesEqual } from './bytes.js';
import { LedgerError } from './errors.js';
import { HASH_SIZE, nodeHash } from './merkle.js';
import { consistencyRanges, inclusionRanges } from './merkle-plan.js';
import { half, isCount, isOdd, isPowerOfTwo } from './tree-math.js';

function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}

function checkProofShape(
  code: 'DC_LEDGER_INCLUSION' | 'DC_LEDGER_CONSISTENCY',
  proof: unknown,
  expected: number,
): asserts proof is readonly Uint8Array[] {
  if (!Array.isArray(proof)) throw new LedgerError(code, 'proof is not an array of hashes');
  if (proof.length !== expected) {
    throw new LedgerError(code, `proof has ${proof.length} hashes; expected ${expected}`);
  }
  for (let i = 0; i < proof.length; i++) {
    if (!isHash(proof[i])) throw new LedgerError(code, `proof[${i}] is not a ${HASH_SIZE}-byte hash`);
  }
}

/**
 * The root hash implied by an inclusion proof of `leafHash` at `index` in a tree of `treeSize` leaves
 * (RFC 9162 section 2.1.3.2 steps 1 to 4); throws `DC_LEDGER_INCLUSION` when the proof has the wrong shape.
 */
export function rootFromInclusionProof(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
): Uint8Array {
  if (!isCount(index) || !isCount(treeSize)) {
    throw new LedgerError(
      'DC_LEDGER_INCLUSION',
      'leaf index and tree size must be non-negative safe integers',
    );
  }
  if (index >= treeSize) {
    throw new LedgerError('DC_LEDGER_INCLUSION', `leaf index ${index} is not below tree size ${treeSize}`);
  }
  if (!isHash(leafHash)) throw new LedgerError('DC_LEDGER_INCLUSION', `leaf hash is not ${HASH_SIZE} bytes`);
  checkProofShape('DC_LEDGER_INCLUSION', proof, inclusionRanges(index, treeSize).length);

  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) throw new LedgerError('DC_LEDGER_INCLUSION', 'proof is longer than the path to the root');
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new LedgerError('DC_LEDGER_INCLUSION', 'proof is shorter than the path to the root');
  return r;
}

/**
 * Verifies that `leafHash` is leaf `index` of the tree of `treeSize` leaves whose root is `root` (RFC 9162
 * section 2.1.3.2): returns true, or throws `LedgerError` with code `DC_LEDGER_INCLUSION`.
 * @example
 * verifyInclusion(leafHash(entry), 5, 8, proof, checkpoint.rootHash) // true
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): true {
  const computed = rootFromInclusionProof(leafHash, index, treeSize, proof);
  if (!isHash(root)) throw new LedgerError('DC_LEDGER_INCLUSION', `root hash is not ${HASH_SIZE} bytes`);
  if (!bytesEqual(computed, root)) {
    throw new LedgerError(
      'DC_LEDGER_INCLUSION',
      `leaf ${index} is not in the tree of size ${treeSize}: the proof leads to another root`,
    );
  }
  return true;
}

/**
 * Verifies that the tree of `size2` leaves with root `root2` extends the tree of `size1` leaves with root
 * `root1` (RFC 9162 section 2.1.4.2): returns true, or throws `LedgerError` with code
 * `DC_LEDGER_CONSISTENCY`. Equal sizes need equal roots and an empty proof; size1 = 0 needs an empty proof.
 * @example
 * verifyConsistency(previous.size, latest.size, proof, previous.rootHash, latest.rootHash) // true
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): true {
  const fail = (message: string) => new LedgerError('DC_LEDGER_CONSISTENCY', message);
  if (!isCount(size1) || !isCount(size2)) throw fail('tree sizes must be non-negative safe integers');
  if (size2 < size1) throw fail(`size2 ${size2} is smaller than size1 ${size1}: a log never shrinks`);
  if (!Array.isArray(proof)) throw fail('proof is not an array of hashes');
  if (size1 === size2) {
    if (proof.length !== 0)
      throw fail(`proof between equal sizes must be empty; it has ${proof.length} hashes`);
    if (!(root1 instanceof Uint8Array) || !(root2 instanceof Uint8Array) || !bytesEqual(root1, root2)) {
      throw fail(`two different roots for the same tree size ${size1}`);
    }
    return true;
  }
  if (size1 === 0) {
    if (proof.length !== 0)
      throw fail(`proof from the empty tree must be empty; it has ${proof.length} hashes`);
    return true;
  }
  checkProofShape('DC_LEDGER_CONSISTENCY', proof, consistencyRanges(size1, size2).length);
  if (!isHash(root1) || !isHash(root2)) throw fail(`roots must be ${HASH_SIZE}-byte hashes`);

  // Step 2: when size1 is a power of two, the old root is the first node of the path.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (sn === 0) throw fail('proof is longer than the path to the root');
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw fail('proof is shorter than the path to the root');
  if (!bytesEqual(fr, root1)) throw fail(`the proof does not lead to the root of size ${size1}`);
  if (!bytesEqual(sr, root2)) throw fail(`the proof does not lead to the root of size ${size2}`);
  return true;
}
