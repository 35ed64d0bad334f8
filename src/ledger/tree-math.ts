// Integer helpers for tree sizes and indices. Sizes may exceed 2^32, so these use arithmetic, never the
// 32-bit bitwise operators. INVARIANT: every argument is a non-negative safe integer.

import type { NodeId } from './merkle.types.js';

/** A half-open range of leaf indices `[begin, end)`. */
export interface LeafRange {
  readonly begin: number;
  readonly end: number;
}

/** Tells whether a value is a non-negative safe integer. */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Tells whether n is a power of two (n >= 1). */
export function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  let p = 1;
  while (p < n) p *= 2;
  return p === n;
}

/** The largest power of two strictly smaller than n, for n >= 2 (RFC 9162 section 2.1.1's k). */
export function largestPowerOfTwoBelow(n: number): number {
  let p = 1;
  while (p * 2 < n) p *= 2;
  return p;
}

/** n shifted right by one bit. */
export function half(n: number): number {
  return Math.floor(n / 2);
}

/** Tells whether the lowest bit of n is set. */
export function isOdd(n: number): boolean {
  return n % 2 === 1;
}

/**
 * Splits `[begin, end)` into the fewest complete subtrees, left to right. For the ranges RFC 6962 proofs
 * use, the subtrees come in strictly decreasing size, so folding their hashes from the right gives the
 * range's MTH.
 */
export function completeSubtrees(begin: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  let at = begin;
  while (at < end) {
    let width = 1;
    let level = 0;
    while (at % (width * 2) === 0 && at + width * 2 <= end) {
      width *= 2;
      level++;
    }
    nodes.push({ level, index: at / width });
    at += width;
  }
  return nodes;
}
