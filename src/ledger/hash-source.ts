// Adapters that turn what a store has (leaf hashes, or complete-subtree hashes kept at some levels only)
// into the SubtreeHashSource that roots and proofs read from.

import { LedgerError } from './errors.js';
import { HASH_SIZE, nodeHash, rootHash } from './merkle.js';
import type {
  HashSource,
  LeafHashSource,
  MaybePromise,
  NodeId,
  SubtreeCache,
  SubtreeHashSource,
} from './merkle.types.js';
import { checkHashes } from './merkle-plan.js';

function isSubtreeHashSource(source: HashSource): source is SubtreeHashSource {
  return typeof (source as Partial<SubtreeHashSource>).subtreeHashes === 'function';
}

function isLeafHashSource(source: HashSource): source is LeafHashSource {
  return typeof (source as Partial<LeafHashSource>).leafHash === 'function';
}

function checkLeaf(index: number, hash: unknown): Uint8Array {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
    throw new LedgerError(
      'DC_LEDGER_HASH_SOURCE',
      `hash source: leaf hash ${index} is not ${HASH_SIZE} bytes`,
    );
  }
  return hash;
}

/** A cache of complete-subtree hashes kept in memory. */
export function createSubtreeCache(): SubtreeCache {
  const entries = new Map<string, Uint8Array>();
  return {
    get: (level, index) => entries.get(`${level}:${index}`),
    set: (level, index, hash) => {
      entries.set(`${level}:${index}`, hash);
    },
  };
}

/**
 * A subtree source that computes each complete subtree from leaf hashes: O(2^level) leaf reads per node,
 * or fewer when `cache` holds hashes already computed.
 */
export function subtreeSourceFromLeaves(
  leaves: LeafHashSource | ((index: number) => MaybePromise<Uint8Array>) | readonly Uint8Array[],
  cache?: SubtreeCache,
): SubtreeHashSource {
  if (Array.isArray(leaves)) {
    const array = leaves as readonly Uint8Array[];
    return {
      subtreeHashes: (nodes) =>
        nodes.map(({ level, index }) => {
          const width = 2 ** level;
          const begin = index * width;
          if (begin + width > array.length) {
            throw new LedgerError('DC_LEDGER_HASH_SOURCE', `hash source: no leaf ${begin + width - 1}`);
          }
          const cached = cache?.get(level, index);
          if (cached) return cached;
          const hash =
            level === 0 ? checkLeaf(begin, array[begin]) : rootHash(array.slice(begin, begin + width));
          cache?.set(level, index, hash);
          return hash;
        }),
    };
  }
  const read =
    typeof leaves === 'function' ? leaves : (index: number) => (leaves as LeafHashSource).leafHash(index);
  const compute = async (level: number, index: number): Promise<Uint8Array> => {
    const cached = cache?.get(level, index);
    if (cached) return cached;
    const hash =
      level === 0
        ? checkLeaf(index, await read(index))
        : nodeHash(await compute(level - 1, 2 * index), await compute(level - 1, 2 * index + 1));
    cache?.set(level, index, hash);
    return hash;
  };
  return {
    subtreeHashes: (nodes) => Promise.all(nodes.map(({ level, index }) => compute(level, index))),
  };
}

/** Any hash source as a subtree source. */
export function toSubtreeHashSource(source: HashSource): SubtreeHashSource {
  if (Array.isArray(source)) return subtreeSourceFromLeaves(source as readonly Uint8Array[]);
  const candidate = source as HashSource;
  if (isSubtreeHashSource(candidate)) return candidate;
  if (typeof candidate === 'function' || isLeafHashSource(candidate))
    return subtreeSourceFromLeaves(candidate);
  throw new LedgerError(
    'DC_LEDGER_ARGUMENT',
    'hash source: not an array, a function, leafHash or subtreeHashes',
  );
}

/** Tells whether a store that keeps every `stride`-th level keeps the complete subtrees of `level`. */
export function isStoredLevel(level: number, stride: number): boolean {
  return level % stride === 0;
}

/**
 * A subtree source over a store that keeps complete subtrees only at levels 0, stride, 2*stride... (a
 * "tile" layout): a node between two stored levels is rebuilt from at most 2^(stride-1) stored nodes,
 * all read in one call to `readStored`.
 */
export function createStridedSubtreeSource(
  readStored: (nodes: readonly NodeId[]) => MaybePromise<readonly Uint8Array[]>,
  stride: number,
): SubtreeHashSource {
  if (!Number.isSafeInteger(stride) || stride < 1 || stride > 16) {
    throw new LedgerError(
      'DC_LEDGER_ARGUMENT',
      `stride \`${String(stride)}\` is not an integer from 1 to 16`,
    );
  }
  const finish = (nodes: readonly NodeId[], stored: readonly NodeId[], hashes: readonly Uint8Array[]) => {
    checkHashes(stored, hashes);
    const results: Uint8Array[] = [];
    let at = 0;
    for (const { level } of nodes) {
      const width = 2 ** (level % stride);
      let row = hashes.slice(at, at + width);
      at += width;
      while (row.length > 1) {
        const next: Uint8Array[] = [];
        for (let i = 0; i < row.length; i += 2) next.push(nodeHash(row[i]!, row[i + 1]!));
        row = next;
      }
      results.push(row[0]!);
    }
    return results;
  };
  return {
    subtreeHashes(nodes) {
      const stored: NodeId[] = [];
      for (const { level, index } of nodes) {
        const base = level - (level % stride);
        const width = 2 ** (level - base);
        for (let i = 0; i < width; i++) stored.push({ level: base, index: index * width + i });
      }
      const hashes = readStored(stored);
      return hashes instanceof Promise
        ? hashes.then((resolved) => finish(nodes, stored, resolved))
        : finish(nodes, stored, hashes);
    },
  };
}
