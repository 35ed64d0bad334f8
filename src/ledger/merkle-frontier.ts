// The frontier (compact range [0, n)) of an append-only tree: the hashes of its complete subtrees of
// decreasing size. Appending to it yields every new complete subtree, which a store persists so that
// later roots and proofs read O(log n) rows.

import { LedgerError } from './errors.js';
import { foldSubtreeHashes, HASH_SIZE, nodeHash } from './merkle.js';
import type { NodeId, SubtreeNode } from './merkle.types.js';
import { completeSubtrees, isCount } from './tree-math.js';

/**
 * The right edge of a tree of `size` leaves: one hash per set bit of `size`, largest subtree first.
 * INVARIANT: `hashes.length` is the number of set bits of `size`.
 */
export interface MerkleFrontier {
  readonly size: number;
  readonly hashes: readonly Uint8Array[];
}

/** The frontier of the empty tree. */
export function emptyFrontier(): MerkleFrontier {
  return { size: 0, hashes: [] };
}

/** The complete subtrees whose hashes make up the frontier of a tree of `size` leaves, largest first. */
export function frontierNodes(size: number): NodeId[] {
  if (!isCount(size))
    throw new LedgerError('DC_LEDGER_ARGUMENT', `tree size \`${String(size)}\` is not valid`);
  return completeSubtrees(0, size);
}

/** A frontier rebuilt from the stored hashes of `frontierNodes(size)`, given in that order. */
export function restoreFrontier(size: number, hashes: readonly Uint8Array[]): MerkleFrontier {
  const nodes = frontierNodes(size);
  if (
    hashes.length !== nodes.length ||
    hashes.some((h) => !(h instanceof Uint8Array) || h.length !== HASH_SIZE)
  ) {
    throw new LedgerError(
      'DC_LEDGER_ARGUMENT',
      `frontier of size ${size} needs ${nodes.length} hashes of ${HASH_SIZE} bytes`,
    );
  }
  return { size, hashes: [...hashes] };
}

/** The root hash of the tree a frontier describes. */
export function frontierRootHash(frontier: MerkleFrontier): Uint8Array {
  return foldSubtreeHashes(frontier.hashes);
}

/**
 * Appends leaf hashes to a frontier; returns the new frontier and every complete subtree the append
 * completed (each leaf at level 0, then each interior node), in the order they were completed.
 * @example
 * const { frontier: next, nodes } = appendToFrontier(frontier, batch.map(leafHash)) // store `nodes`
 */
export function appendToFrontier(
  frontier: MerkleFrontier,
  leafHashes: readonly Uint8Array[],
): { frontier: MerkleFrontier; nodes: SubtreeNode[] } {
  const levels = frontierNodes(frontier.size).map((node) => node.level);
  if (levels.length !== frontier.hashes.length) {
    throw new LedgerError(
      'DC_LEDGER_ARGUMENT',
      `frontier of size ${frontier.size} has the wrong number of hashes`,
    );
  }
  const hashes = [...frontier.hashes];
  const nodes: SubtreeNode[] = [];
  let size = frontier.size;
  for (const leaf of leafHashes) {
    if (!(leaf instanceof Uint8Array) || leaf.length !== HASH_SIZE) {
      throw new LedgerError('DC_LEDGER_ARGUMENT', `leaf hash ${size} is not ${HASH_SIZE} bytes`);
    }
    let hash = leaf;
    let level = 0;
    nodes.push({ level: 0, index: size, hash });
    size += 1;
    while (levels.length > 0 && levels[levels.length - 1] === level) {
      hash = nodeHash(hashes.pop()!, hash);
      levels.pop();
      level += 1;
      nodes.push({ level, index: size / 2 ** level - 1, hash });
    }
    hashes.push(hash);
    levels.push(level);
  }
  return { frontier: { size, hashes }, nodes };
}
