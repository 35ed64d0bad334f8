// RFC 6962 section 2.1 / RFC 9162 section 2.1.1 Merkle Tree Hash, with SHA-256. Browser-safe.

import { sha256 } from '@noble/hashes/sha2.js';
import { LedgerError } from './errors.js';

/** The byte before a leaf's data in its hash (RFC 6962 section 2.1). */
export const RFC6962_LEAF_PREFIX = 0x00;

/** The byte before two child hashes in an interior node's hash (RFC 6962 section 2.1). */
export const RFC6962_NODE_PREFIX = 0x01;

/** The size in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;

/**
 * The hash of a leaf: SHA-256(0x00 || data).
 * @example
 * leafHash(new TextEncoder().encode('L123456')) // 395aa064...
 */
export function leafHash(data: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + data.length);
  input[0] = RFC6962_LEAF_PREFIX;
  input.set(data, 1);
  return sha256(input);
}

/** The hash of an interior node: SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = RFC6962_NODE_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256(input);
}

/** The root hash of the empty tree: SHA-256 of the empty string. */
export function emptyRootHash(): Uint8Array {
  return sha256(new Uint8Array(0));
}

/**
 * Folds the hashes of complete subtrees that cover a range, left to right in decreasing size, into the
 * range's Merkle Tree Hash: h0 || (h1 || (h2 || ...)).
 */
export function foldSubtreeHashes(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return emptyRootHash();
  let acc = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i]!, acc);
  return acc;
}

/**
 * The Merkle Tree Hash (RFC 9162 section 2.1.1) of a list of leaf hashes, in O(n) time and O(log n) memory.
 * @example
 * rootHash([leafHash(a), leafHash(b), leafHash(c)])
 */
export function rootHash(leafHashes: readonly Uint8Array[]): Uint8Array {
  // The stack holds the hashes of the complete subtrees seen so far, sizes strictly decreasing.
  const stack: Uint8Array[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < leafHashes.length; i++) {
    const hash = leafHashes[i]!;
    if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
      throw new LedgerError('DC_LEDGER_ARGUMENT', `root hash: leaf hash ${i} is not ${HASH_SIZE} bytes`);
    }
    let node = hash;
    let size = 1;
    while (sizes.length > 0 && sizes[sizes.length - 1] === size) {
      node = nodeHash(stack.pop()!, node);
      sizes.pop();
      size *= 2;
    }
    stack.push(node);
    sizes.push(size);
  }
  return foldSubtreeHashes(stack);
}
