/**
 * NIST SP 800-38G Rev. 1, Algorithm 2, NUM(X): the number that the bytes X[start..end) represent, most
 * significant byte first.
 */
export function numBytes(x: Uint8Array, start = 0, end = x.length): bigint {
  let result = 0n;
  let i = start;
  // the first word takes the remainder so that every later word is a full 32 bits
  let take = (end - start) % 4 || 4;
  while (i < end) {
    let word = 0;
    for (const stop = i + take; i < stop; i++) word = word * 256 + x[i]!;
    result = (result << BigInt(take * 8)) | BigInt(word);
    take = 4;
  }
  return result;
}

/**
 * Writes [x]^s, the s-byte big-endian representation of x (NIST SP 800-38G Rev. 1, section 2.3), into
 * `out` at `offset`; x must be below 2^(8s).
 */
export function writeBytes(x: bigint, s: number, out: Uint8Array, offset = 0): void {
  let rest = x;
  let position = offset + s;
  while (position > offset) {
    let word = Number(BigInt.asUintN(32, rest));
    rest >>= 32n;
    for (let j = 0; j < 4 && position > offset; j++) {
      out[--position] = word & 0xff;
      word >>>= 8;
    }
  }
}

/**
 * Writes the 4-byte big-endian representation [x]^4 of an unsigned 32-bit integer into `out` at `offset`.
 */
export function writeUint32(x: number, out: Uint8Array, offset: number): void {
  out[offset] = (x >>> 24) & 0xff;
  out[offset + 1] = (x >>> 16) & 0xff;
  out[offset + 2] = (x >>> 8) & 0xff;
  out[offset + 3] = x & 0xff;
}
