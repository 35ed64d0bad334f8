// An append-only Merkle tree held in memory, keeping every complete subtree: the reference model for the
// stores, and a synchronous way to get roots and proofs for small logs and tests.

import { LedgerError } from './errors.js';
import { HASH_SIZE } from './merkle.js';
import type { HashPlan, NodeId, SubtreeHashSource } from './merkle.types.js';
import { appendToFrontier, emptyFrontier, type MerkleFrontier } from './merkle-frontier.js';
import { planConsistencyProof, planInclusionProof, planRootHash } from './merkle-plan.js';

/** An in-memory append-only Merkle tree; proofs and roots may be asked for any earlier size too. */
export interface MemoryTree extends SubtreeHashSource {
  /** The number of leaves. */
  readonly size: number;
  /** Appends a leaf hash and returns its index. */
  append(leafHash: Uint8Array): number;
  /** The leaf hash at an index. */
  leafHash(index: number): Uint8Array;
  /** The root hash of the first `treeSize` leaves (default: all). */
  rootHash(treeSize?: number): Uint8Array;
  /** The inclusion proof of leaf `index` in the tree of `treeSize` leaves (default: all). */
  inclusionProof(index: number, treeSize?: number): Uint8Array[];
  /** The consistency proof from `size1` to `size2` leaves (default: all). */
  consistencyProof(size1: number, size2?: number): Uint8Array[];
  subtreeHashes(nodes: readonly NodeId[]): Uint8Array[];
}

/**
 * Creates an in-memory Merkle tree, optionally filled with leaf hashes.
 * @example
 * const tree = createMemoryTree(entries.map(leafHash))
 * verifyInclusion(leafHash(entries[3]), 3, tree.size, tree.inclusionProof(3), tree.rootHash())
 */
export function createMemoryTree(leafHashes: Iterable<Uint8Array> = []): MemoryTree {
  const levels: Uint8Array[][] = [];
  let frontier: MerkleFrontier = emptyFrontier();

  const subtreeHashes = (nodes: readonly NodeId[]): Uint8Array[] =>
    nodes.map(({ level, index }) => {
      const hash = levels[level]?.[index];
      if (!hash) {
        throw new LedgerError(
          'DC_LEDGER_HASH_SOURCE',
          `memory tree: no complete subtree at level ${level} index ${index}`,
        );
      }
      return hash;
    });
  const resolve = <T>(plan: HashPlan<T>): T => plan.assemble(subtreeHashes(plan.nodes));

  const tree: MemoryTree = {
    get size() {
      return frontier.size;
    },
    append(leafHash) {
      if (!(leafHash instanceof Uint8Array) || leafHash.length !== HASH_SIZE) {
        throw new LedgerError('DC_LEDGER_ARGUMENT', `leaf hash is not ${HASH_SIZE} bytes`);
      }
      const index = frontier.size;
      const appended = appendToFrontier(frontier, [leafHash]);
      frontier = appended.frontier;
      for (const node of appended.nodes) {
        let level = levels[node.level];
        if (!level) {
          level = [];
          levels[node.level] = level;
        }
        level[node.index] = node.hash;
      }
      return index;
    },
    leafHash(index) {
      return subtreeHashes([{ level: 0, index }])[0]!;
    },
    rootHash: (treeSize = frontier.size) => resolve(planRootHash(checkSize(treeSize, frontier.size))),
    inclusionProof: (index, treeSize = frontier.size) =>
      resolve(planInclusionProof(index, checkSize(treeSize, frontier.size))),
    consistencyProof: (size1, size2 = frontier.size) =>
      resolve(planConsistencyProof(size1, checkSize(size2, frontier.size))),
    subtreeHashes,
  };
  for (const hash of leafHashes) tree.append(hash);
  return tree;
}

function checkSize(treeSize: number, size: number): number {
  if (treeSize > size) {
    throw new LedgerError(
      'DC_LEDGER_ARGUMENT',
      `tree size ${treeSize} is beyond the ${size} leaves of the tree`,
    );
  }
  return treeSize;
}
