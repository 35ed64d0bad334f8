import { AES_BLOCK_BYTES, assertAesKey, type BlockCipher, createNodeAes } from './aes.js';
import { feistelRound, runByLength } from './batch.js';
import { numBytes, numBytesMod, SMALL_MODULUS_LIMIT, writeBytes, writeBytesSmall } from './byte-string.js';
import { assertLengthInDomain, ff3_1MaxLengthFor, minLengthFor } from './domain.js';
import { FpeError } from './errors.js';
import type { FeistelOptions, Ff3_1Options, FpeCipher } from './fpe.types.js';
import {
  type Alphabet,
  DEFAULT_ALPHABET,
  fromNumerals,
  numRadix,
  numRadixSmall,
  parseAlphabet,
  rev,
  strRadix,
  strRadixSmall,
  toNumerals,
} from './numeral-string.js';

/** The FF3-1 tweak length in bytes: 56 bits (NIST SP 800-38G Rev. 1, section 5.2). */
export const FF3_1_TWEAK_BYTES = 7;

/** FF3's number of Feistel rounds (NIST SP 800-38G Rev. 1, Algorithm 9, step 4). */
const FF3_ROUNDS = 8;

/** The bytes of [NUM_radix(REV(B))]^12 in P (NIST SP 800-38G Rev. 1, Algorithm 9, step 4.ii). */
const FF3_HALF_BYTES = 12;

const CONTEXT = 'ff3-1';

/**
 * Creates an FF3-1 cipher (NIST SP 800-38G Rev. 1, Algorithms 9 and 10) over AES from `node:crypto`.
 *
 * @example
 * const cipher = ff3_1({ key, tweak: Uint8Array.of(0xd8, 0xe7, 0x92, 0x0a, 0xfa, 0x33, 0x0a) });
 * const hidden = cipher.encrypt('890121234567890000'); // 18 digits
 * cipher.decrypt(hidden); // '890121234567890000'
 */
export function ff3_1(options: Ff3_1Options): FpeCipher {
  const { key, tweak, alphabet = DEFAULT_ALPHABET } = options ?? ({} as Partial<Ff3_1Options>);
  assertAesKey(key, CONTEXT);
  assertFf3_1Tweak(tweak);
  const parsed = parseAlphabet(alphabet, CONTEXT);
  // FF3 enciphers under REVB(K), the key with its bytes reversed (Algorithm 9, step 4.iii)
  const reversedKey = Uint8Array.from(key).reverse();
  const cipher = createNodeAes(reversedKey);
  reversedKey.fill(0);
  const { left, right } = splitFf3_1Tweak(tweak);
  return createFf3Feistel(cipher, left, right, parsed, CONTEXT);
}

/**
 * Checks that a value is an FF3-1 tweak: exactly 7 bytes.
 */
export function assertFf3_1Tweak(tweak: unknown): asserts tweak is Uint8Array {
  if (!(tweak instanceof Uint8Array)) {
    throw new FpeError('DC_FPE_TWEAK', `${CONTEXT}: tweak: expected a Uint8Array`);
  }
  if (tweak.length !== FF3_1_TWEAK_BYTES) {
    throw new FpeError(
      'DC_FPE_TWEAK',
      `${CONTEXT}: tweak: length ${tweak.length} is not ${FF3_1_TWEAK_BYTES} bytes; FF3-1 tweaks are exactly 56 bits`,
    );
  }
}

/**
 * NIST SP 800-38G Rev. 1, Algorithm 9, step 3: splits the 56-bit tweak into the 32-bit halves
 * T_L = T[0..27] || 0^4 and T_R = T[32..55] || T[28..31] || 0^4.
 */
export function splitFf3_1Tweak(tweak: Uint8Array): { left: Uint8Array; right: Uint8Array } {
  const [t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0] = tweak;
  return {
    left: Uint8Array.of(t0, t1, t2, t3 & 0xf0),
    right: Uint8Array.of(t4, t5, t6, (t3 & 0x0f) << 4),
  };
}

/**
 * Creates the FF3 Feistel network of Algorithms 9 and 10 from a block cipher keyed with REVB(K) and the
 * two 32-bit tweak halves; internal, shared by FF3-1 and the tests that replay NIST's FF3 samples.
 */
export function createFf3Feistel(
  reversedKeyCipher: BlockCipher,
  tweakLeft: Uint8Array,
  tweakRight: Uint8Array,
  alphabet: Alphabet,
  context: string,
  options: FeistelOptions = {},
): FpeCipher {
  const left = Uint8Array.from(tweakLeft);
  const right = Uint8Array.from(tweakRight);
  const { radix } = alphabet;
  const bigRadix = BigInt(radix);
  const minLength = minLengthFor(radix);
  const maxLength = ff3_1MaxLengthFor(radix);
  const p = new Uint8Array(AES_BLOCK_BYTES);
  const reversed = new Uint8Array(AES_BLOCK_BYTES);

  // Algorithm 9, steps 4.i to 4.iv (Algorithm 10 alike): P = W xor [i]^4 || [NUM_radix(REV(B))]^12,
  // S = REVB(CIPH_REVB(K)(REVB(P))), y = NUM(S)
  function roundValue(round: number, half: bigint): bigint {
    const w = round % 2 === 0 ? right : left;
    p.set(w);
    p[3] = w[3]! ^ round;
    writeBytes(half, FF3_HALF_BYTES, p, 4);
    for (let k = 0; k < AES_BLOCK_BYTES; k++) reversed[k] = p[AES_BLOCK_BYTES - 1 - k]!;
    const s = reversedKeyCipher.encryptBlock(reversed).reverse();
    return numBytes(s);
  }

  function split(numerals: Uint16Array): { u: number; v: number; a: bigint; b: bigint } {
    const n = numerals.length;
    // step 1: u = ceil(n/2), v = n - u; step 2: A = X[1..u], B = X[u+1..n]
    const u = Math.ceil(n / 2);
    return {
      u,
      v: n - u,
      a: numRadix(rev(numerals.subarray(0, u)), radix),
      b: numRadix(rev(numerals.subarray(u)), radix),
    };
  }

  function join(a: bigint, u: number, b: bigint, v: number): string {
    return (
      fromNumerals(rev(strRadix(a, u, radix)), alphabet) + fromNumerals(rev(strRadix(b, v, radix)), alphabet)
    );
  }

  // INVARIANT: NUM_radix(REV(REV(STR^m_radix(c)))) = c for 0 <= c < radix^m, so the rounds carry
  // NUM_radix(REV(A)) and NUM_radix(REV(B)) as numbers and build the numeral strings once at the end; after
  // an even number of rounds A again has u numerals and B has v.

  // Algorithms 9 and 10 on doubles, for many values of one length at once (u = ceil(n/2) >= v, so the
  // larger modulus is radix^u): each round builds every value's reversed block P side by side and enciphers
  // them in one call. As in FF1, y is only used mod radix^m, read from the bytes of S directly.
  function feistelSmall(u: number, v: number, group: readonly Uint16Array[], decrypting: boolean): string[] {
    const count = group.length;
    const modulusU = radix ** u;
    const modulusV = radix ** v;
    // NUM_radix(REV(A)) and NUM_radix(REV(B)): the numerals read from the last to the first
    const a = new Float64Array(count);
    const b = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      a[k] = numRadixSmall(rev(group[k]!.subarray(0, u)), radix, 0, u);
      b[k] = numRadixSmall(rev(group[k]!.subarray(u)), radix, 0, v);
    }
    const blocks = new Uint8Array(count * AES_BLOCK_BYTES);
    for (let step = 0; step < FF3_ROUNDS; step++) {
      const round = decrypting ? FF3_ROUNDS - 1 - step : step;
      const modulus = round % 2 === 0 ? modulusU : modulusV;
      const half = decrypting ? a : b;
      const w = round % 2 === 0 ? right : left;
      p.set(w);
      p[3] = w[3]! ^ round;
      for (let k = 0; k < count; k++) {
        writeBytesSmall(half[k]!, FF3_HALF_BYTES, p, 4);
        const to = k * AES_BLOCK_BYTES;
        for (let j = 0; j < AES_BLOCK_BYTES; j++) blocks[to + j] = p[AES_BLOCK_BYTES - 1 - j]!;
      }
      const enciphered = reversedKeyCipher.encryptBlocks(blocks);
      for (let k = 0; k < count; k++) {
        // S = REVB(CIPH(REVB(P))): NUM(S) reads the enciphered block from its last byte to its first
        const at = k * AES_BLOCK_BYTES;
        const y = numBytesMod(enciphered, at, at + AES_BLOCK_BYTES, modulus, true);
        feistelRound(a, b, k, y, modulus, decrypting);
      }
    }
    const out = new Array<string>(count);
    for (let k = 0; k < count; k++)
      out[k] =
        fromNumerals(rev(strRadixSmall(a[k]!, u, radix)), alphabet) +
        fromNumerals(rev(strRadixSmall(b[k]!, v, radix)), alphabet);
    return out;
  }

  const isSmall = (u: number) => options.doubles !== false && radix ** u <= SMALL_MODULUS_LIMIT;

  function runAll(xs: readonly string[], decrypting: boolean): string[] {
    return runByLength(xs, alphabet, { minLength, maxLength, context }, (n, group) => {
      const u = Math.ceil(n / 2);
      if (isSmall(u)) return feistelSmall(u, n - u, group, decrypting);
      const one = decrypting ? decrypt : encrypt;
      return group.map((numerals) => one(fromNumerals(numerals, alphabet)));
    });
  }

  // NIST SP 800-38G Rev. 1, Algorithm 9: FF3-1.Encrypt(K, T, X)
  function encrypt(x: string): string {
    const numerals = toNumerals(x, alphabet, context);
    const n = numerals.length;
    assertLengthInDomain(n, minLength, maxLength, context);
    const u0 = Math.ceil(n / 2);
    if (isSmall(u0)) return feistelSmall(u0, n - u0, [numerals], false)[0]!;
    const { u, v, ...halves } = split(numerals);
    let { a, b } = halves;
    const modulusU = bigRadix ** BigInt(u);
    const modulusV = bigRadix ** BigInt(v);
    for (let i = 0; i < FF3_ROUNDS; i++) {
      const modulus = i % 2 === 0 ? modulusU : modulusV;
      const c = (a + roundValue(i, b)) % modulus;
      a = b;
      b = c;
    }
    return join(a, u, b, v);
  }

  // NIST SP 800-38G Rev. 1, Algorithm 10: FF3-1.Decrypt(K, T, Y)
  function decrypt(x: string): string {
    const numerals = toNumerals(x, alphabet, context);
    const n = numerals.length;
    assertLengthInDomain(n, minLength, maxLength, context);
    const u0 = Math.ceil(n / 2);
    if (isSmall(u0)) return feistelSmall(u0, n - u0, [numerals], true)[0]!;
    const { u, v, ...halves } = split(numerals);
    let { a, b } = halves;
    const modulusU = bigRadix ** BigInt(u);
    const modulusV = bigRadix ** BigInt(v);
    for (let i = FF3_ROUNDS - 1; i >= 0; i--) {
      const modulus = i % 2 === 0 ? modulusU : modulusV;
      let c = (b - roundValue(i, a)) % modulus;
      if (c < 0n) c += modulus;
      b = a;
      a = c;
    }
    return join(a, u, b, v);
  }

  return Object.freeze({
    encrypt,
    decrypt,
    encryptAll: (xs: readonly string[]) => runAll(xs, false),
    decryptAll: (xs: readonly string[]) => runAll(xs, true),
    radix,
    minLength,
    maxLength,
  });
}
