// Roots and proofs read from a hash source (a store, or leaf hashes in memory).

import { toSubtreeHashSource } from './hash-source.js';
import type { HashPlan, HashSource } from './merkle.types.js';
import { planConsistencyProof, planInclusionProof, planRootHash } from './merkle-plan.js';

/** Reads the hashes a plan needs from a source, in one request, and assembles the result. */
export async function resolvePlan<T>(plan: HashPlan<T>, source: HashSource): Promise<T> {
  if (plan.nodes.length === 0) return plan.assemble([]);
  const hashes = await toSubtreeHashSource(source).subtreeHashes(plan.nodes);
  return plan.assemble(hashes);
}

/**
 * The root hash of the tree of the first `treeSize` leaves of a source.
 * @example
 * await treeRootHash(1000, store) // O(log n) subtree reads
 */
export async function treeRootHash(treeSize: number, source: HashSource): Promise<Uint8Array> {
  return resolvePlan(planRootHash(treeSize), source);
}

/**
 * The RFC 9162 inclusion proof of leaf `index` in the tree of `treeSize` leaves, siblings from the leaf up.
 * @example
 * const proof = await inclusionProof(5, 8, leafHashes)
 */
export async function inclusionProof(
  index: number,
  treeSize: number,
  source: HashSource,
): Promise<Uint8Array[]> {
  return resolvePlan(planInclusionProof(index, treeSize), source);
}

/**
 * The RFC 9162 consistency proof that the tree of `size2` leaves extends the tree of `size1` leaves.
 * @example
 * const proof = await consistencyProof(6, 8, leafHashes)
 */
export async function consistencyProof(
  size1: number,
  size2: number,
  source: HashSource,
): Promise<Uint8Array[]> {
  return resolvePlan(planConsistencyProof(size1, size2), source);
}
