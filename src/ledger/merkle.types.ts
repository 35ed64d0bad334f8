/** A value, or a promise of it: stores may answer synchronously (better-sqlite3) or not (pg). */
export type MaybePromise<T> = T | Promise<T>;

/**
 * A complete (perfect) subtree of the log: the `2^level` leaves starting at leaf `index * 2^level`.
 * Level 0 nodes are the leaf hashes themselves.
 */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** A complete subtree with its RFC 6962 hash. */
export interface SubtreeNode extends NodeId {
  readonly hash: Uint8Array;
}

/**
 * What a store implements so that roots and proofs need O(log n) reads: the hashes of complete subtrees,
 * answered in the order asked. A SQL store keeps rows `(level, index, hash)` written from
 * `appendToFrontier` and answers one `WHERE (level, index) IN (...)` query.
 */
export interface SubtreeHashSource {
  subtreeHashes(nodes: readonly NodeId[]): MaybePromise<readonly Uint8Array[]>;
}

/** The least a store can offer: leaf hashes by index (proofs then cost O(n) unless a cache helps). */
export interface LeafHashSource {
  leafHash(index: number): MaybePromise<Uint8Array>;
}

/** Any of the ways to hand leaf or subtree hashes to proof generation. */
export type HashSource =
  | SubtreeHashSource
  | LeafHashSource
  | ((index: number) => MaybePromise<Uint8Array>)
  | readonly Uint8Array[];

/** A cache of complete-subtree hashes; entries never go stale because a complete subtree never changes. */
export interface SubtreeCache {
  get(level: number, index: number): Uint8Array | undefined;
  set(level: number, index: number, hash: Uint8Array): void;
}

/**
 * The complete subtrees a root or proof needs (`nodes`), and how to combine their hashes, given in the
 * same order, into the result (`assemble`).
 */
export interface HashPlan<T> {
  readonly nodes: readonly NodeId[];
  assemble(hashes: readonly Uint8Array[]): T;
}
