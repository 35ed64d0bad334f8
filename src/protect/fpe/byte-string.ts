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

/**
 * The largest modulus for which NUM(X) mod m runs exactly on doubles, one byte at a time: the running
 * remainder r < m must keep r * 256 + 255 below 2^53.
 */
export const SMALL_MODULUS_LIMIT = 2 ** 45;

/**
 * t mod m for integers 0 <= t < 2^53 and 0 < m held in doubles, without `%`: on doubles past 2^31 V8's `%`
 * calls fmod, an order of magnitude slower than a division and a multiply. The quotient of the rounded
 * division is off by at most one, which the two comparisons correct; every product stays below 2^53.
 */
export function modDouble(t: number, m: number): number {
  const r = t - Math.floor(t / m) * m;
  return r < 0 ? r + m : r >= m ? r - m : r;
}

/** 256^k for k = 0..7, exact doubles. */
const POWERS_OF_256 = [1, 2 ** 8, 2 ** 16, 2 ** 24, 2 ** 32, 2 ** 40, 2 ** 48, 2 ** 56];

/**
 * NUM(X[start..end)) mod m without the number itself: Horner's rule on as many bytes at a time as keep the
 * running value below 2^53, reduced at each step; exact for m <= `SMALL_MODULUS_LIMIT` (one byte at a time
 * at worst). With `reversed`, reads the bytes from end - 1 down to start (NUM(REVB(X))).
 */
export function numBytesMod(x: Uint8Array, start: number, end: number, m: number, reversed = false): number {
  let width = 1;
  while (width < 6 && m * POWERS_OF_256[width + 1]! <= 2 ** 53) width++;
  const scale = POWERS_OF_256[width]!;
  let r = 0;
  let i = reversed ? end - 1 : start;
  const direction = reversed ? -1 : 1;
  // the first chunk takes the remainder so that every later chunk is `width` bytes
  let take = (end - start) % width || width;
  for (let left = end - start; left > 0; left -= take, take = width) {
    let chunk = 0;
    for (let j = 0; j < take; j++, i += direction) chunk = chunk * 256 + x[i]!;
    r = modDouble(r * (take === width ? scale : POWERS_OF_256[take]!) + chunk, m);
  }
  return r;
}

/**
 * Writes [x]^s for a double 0 <= x < 2^53, big-endian, into `out` at `offset` (leading bytes zero).
 */
export function writeBytesSmall(x: number, s: number, out: Uint8Array, offset: number): void {
  let rest = x;
  let position = offset + s - 1;
  // below 2^32 the bitwise operators are exact and fast
  for (; position >= offset && rest >= 2 ** 32; position--) {
    const high = Math.floor(rest / 256);
    out[position] = rest - high * 256;
    rest = high;
  }
  let low = rest >>> 0;
  for (; position >= offset; position--) {
    out[position] = low & 0xff;
    low >>>= 8;
  }
}
