import { AES_BLOCK_BYTES, assertAesKey, type BlockCipher, createNodeAes } from './aes.js';
import { feistelRound, runByLength } from './batch.js';
import {
  numBytes,
  numBytesMod,
  SMALL_MODULUS_LIMIT,
  writeBytes,
  writeBytesSmall,
  writeUint32,
} from './byte-string.js';
import { assertLengthInDomain, FF1_MAX_LENGTH, minLengthFor } from './domain.js';
import { FpeError } from './errors.js';
import type { FeistelOptions, Ff1Options, FpeCipher } from './fpe.types.js';
import {
  type Alphabet,
  DEFAULT_ALPHABET,
  fromNumerals,
  numRadix,
  numRadixSmall,
  parseAlphabet,
  strRadix,
  strRadixSmall,
  toNumerals,
} from './numeral-string.js';

/**
 * The longest FF1 tweak accepted, in bytes: this implementation's maxTlen (NIST SP 800-38G Rev. 1,
 * section 5.1 leaves it to the implementation).
 */
export const FF1_MAX_TWEAK_BYTES = 256;

/** FF1's number of Feistel rounds (NIST SP 800-38G Rev. 1, Algorithm 7, step 6). */
const FF1_ROUNDS = 10;

/** How many input lengths keep their precomputed round layout before the cache starts over. */
const LAYOUT_CACHE_SIZE = 64;

const CONTEXT = 'ff1';

/**
 * Creates an FF1 cipher (NIST SP 800-38G Rev. 1, Algorithms 7 and 8) over AES from `node:crypto`.
 *
 * @example
 * const cipher = ff1({ key, tweak: new TextEncoder().encode('orders.card'), alphabet: '0123456789' });
 * const hidden = cipher.encrypt('4111111111111111'); // 16 digits
 * cipher.decrypt(hidden); // '4111111111111111'
 */
export function ff1(options: Ff1Options): FpeCipher {
  const { key, tweak, alphabet = DEFAULT_ALPHABET } = options ?? ({} as Partial<Ff1Options>);
  assertAesKey(key, CONTEXT);
  assertFf1Tweak(tweak);
  return createFf1(createNodeAes(key), tweak, parseAlphabet(alphabet, CONTEXT));
}

/**
 * Checks that a value is an FF1 tweak: a byte string of 0 to `FF1_MAX_TWEAK_BYTES` bytes.
 */
export function assertFf1Tweak(tweak: unknown): asserts tweak is Uint8Array {
  if (!(tweak instanceof Uint8Array)) {
    throw new FpeError('DC_FPE_TWEAK', `${CONTEXT}: tweak: expected a Uint8Array`);
  }
  if (tweak.length > FF1_MAX_TWEAK_BYTES) {
    throw new FpeError(
      'DC_FPE_TWEAK',
      `${CONTEXT}: tweak: length ${tweak.length} is too long; FF1 tweaks here are 0 to ${FF1_MAX_TWEAK_BYTES} bytes`,
    );
  }
}

/** What FF1 derives from the input length n alone, computed once per length. */
interface Ff1Layout {
  readonly u: number;
  readonly v: number;
  /** b: the bytes of [NUM_radix(B)]^b. */
  readonly b: number;
  /** d: the bytes of S kept for y. */
  readonly d: number;
  readonly modulusU: bigint;
  readonly modulusV: bigint;
  /**
   * Whether both halves run on doubles: radix^v (v >= u) is at most `SMALL_MODULUS_LIMIT`, so b <= 6 and
   * d <= 12, S is one block, and y mod radix^m is computed byte by byte without the number y.
   */
  readonly small: boolean;
  readonly smallModulusU: number;
  readonly smallModulusV: number;
  /** The CBC-MAC chaining value after P and the leading blocks of Q that hold only T and zero padding. */
  readonly prefixMac: Uint8Array;
  /** The rest of Q: the last bytes of T, zero padding, [i]^1 at `roundAt`, then [NUM_radix(B)]^b. */
  readonly tail: Uint8Array;
  readonly roundAt: number;
}

/**
 * Creates FF1 over any block cipher; the seam where another AES implementation plugs in.
 */
export function createFf1(
  cipher: BlockCipher,
  tweakIn: Uint8Array,
  alphabet: Alphabet,
  options: FeistelOptions = {},
): FpeCipher {
  const tweak = Uint8Array.from(tweakIn);
  const { radix } = alphabet;
  const minLength = minLengthFor(radix);
  const bigRadix = BigInt(radix);
  const layouts = new Map<number, Ff1Layout>();
  const block = new Uint8Array(AES_BLOCK_BYTES);

  function chain(state: Uint8Array, data: Uint8Array, offset: number): Uint8Array {
    for (let k = 0; k < AES_BLOCK_BYTES; k++) block[k] = state[k]! ^ data[offset + k]!;
    return cipher.encryptBlock(block);
  }

  function layoutFor(n: number): Ff1Layout {
    const cached = layouts.get(n);
    if (cached !== undefined) return cached;
    // Algorithm 7, steps 1, 3 and 4; ceil(v * log2(radix)) is the bit length of radix^v - 1, in integers
    const u = Math.floor(n / 2);
    const v = n - u;
    const modulusU = bigRadix ** BigInt(u);
    const modulusV = bigRadix ** BigInt(v);
    const b = Math.ceil((modulusV - 1n).toString(2).length / 8);
    const d = 4 * Math.ceil(b / 4) + 4;
    // step 5: P = [1]^1 || [2]^1 || [1]^1 || [radix]^3 || [10]^1 || [u mod 256]^1 || [n]^4 || [t]^4
    const p = new Uint8Array(AES_BLOCK_BYTES);
    p.set([1, 2, 1, (radix >>> 16) & 0xff, (radix >>> 8) & 0xff, radix & 0xff, 10, u & 0xff]);
    writeUint32(n, p, 8);
    writeUint32(tweak.length, p, 12);
    // step 6.i: Q = T || [0]^((-t-b-1) mod 16) || [i]^1 || [NUM_radix(B)]^b, a whole number of blocks
    const t = tweak.length;
    const padding = (((-t - b - 1) % 16) + 16) % 16;
    const q = new Uint8Array(t + padding + 1 + b);
    q.set(tweak);
    const fixed = Math.floor((t + padding) / AES_BLOCK_BYTES) * AES_BLOCK_BYTES;
    let prefixMac = cipher.encryptBlock(p);
    for (let offset = 0; offset < fixed; offset += AES_BLOCK_BYTES) prefixMac = chain(prefixMac, q, offset);
    const small = options.doubles !== false && modulusV <= BigInt(SMALL_MODULUS_LIMIT);
    const layout: Ff1Layout = {
      u,
      v,
      b,
      d,
      modulusU,
      modulusV,
      small,
      smallModulusU: small ? Number(modulusU) : 0,
      smallModulusV: small ? Number(modulusV) : 0,
      prefixMac: Uint8Array.from(prefixMac),
      tail: q.slice(fixed),
      roundAt: t + padding - fixed,
    };
    if (layouts.size >= LAYOUT_CACHE_SIZE) layouts.clear();
    layouts.set(n, layout);
    return layout;
  }

  // Algorithm 7, steps 6.i to 6.iv (Algorithm 8 alike): y = NUM(S), S the first d bytes of
  // R || CIPH(R xor [1]^16) || ..., R = PRF(P || Q) the CBC-MAC of Algorithm 6
  function roundValue(layout: Ff1Layout, round: number, half: bigint): bigint {
    const { tail, roundAt, b, d } = layout;
    tail[roundAt] = round;
    writeBytes(half, b, tail, roundAt + 1);
    let r = layout.prefixMac;
    for (let offset = 0; offset < tail.length; offset += AES_BLOCK_BYTES) r = chain(r, tail, offset);
    if (d <= AES_BLOCK_BYTES) return numBytes(r, 0, d);
    const blocks = Math.ceil(d / AES_BLOCK_BYTES);
    const s = new Uint8Array(blocks * AES_BLOCK_BYTES);
    s.set(r);
    const counter = new Uint8Array(AES_BLOCK_BYTES);
    for (let j = 1; j < blocks; j++) {
      writeUint32(j, counter, AES_BLOCK_BYTES - 4);
      s.set(chain(r, counter, 0), j * AES_BLOCK_BYTES);
    }
    return numBytes(s, 0, d);
  }

  // INVARIANT: NUM_radix(STR^m_radix(c)) = c for 0 <= c < radix^m, so the rounds carry NUM_radix(A) and
  // NUM_radix(B) as numbers and build the numeral strings once at the end; after an even number of rounds
  // A again has u numerals and B has v.

  // NIST SP 800-38G Rev. 1, Algorithm 7: FF1.Encrypt(K, T, X)
  function encrypt(x: string): string {
    const numerals = toNumerals(x, alphabet, CONTEXT);
    const n = numerals.length;
    assertLengthInDomain(n, minLength, FF1_MAX_LENGTH, CONTEXT);
    const layout = layoutFor(n);
    if (layout.small) return feistelSmall(layout, [numerals], false)[0]!;
    const { u, v } = layout;
    let a = numRadix(numerals, radix, 0, u);
    let b = numRadix(numerals, radix, u, n);
    for (let i = 0; i < FF1_ROUNDS; i++) {
      const modulus = i % 2 === 0 ? layout.modulusU : layout.modulusV;
      const c = (a + roundValue(layout, i, b)) % modulus;
      a = b;
      b = c;
    }
    return fromNumerals(strRadix(a, u, radix), alphabet) + fromNumerals(strRadix(b, v, radix), alphabet);
  }

  // NIST SP 800-38G Rev. 1, Algorithm 8: FF1.Decrypt(K, T, Y)
  function decrypt(x: string): string {
    const numerals = toNumerals(x, alphabet, CONTEXT);
    const n = numerals.length;
    assertLengthInDomain(n, minLength, FF1_MAX_LENGTH, CONTEXT);
    const layout = layoutFor(n);
    if (layout.small) return feistelSmall(layout, [numerals], true)[0]!;
    const { u, v } = layout;
    let a = numRadix(numerals, radix, 0, u);
    let b = numRadix(numerals, radix, u, n);
    for (let i = FF1_ROUNDS - 1; i >= 0; i--) {
      const modulus = i % 2 === 0 ? layout.modulusU : layout.modulusV;
      let c = (b - roundValue(layout, i, a)) % modulus;
      if (c < 0n) c += modulus;
      b = a;
      a = c;
    }
    return fromNumerals(strRadix(a, u, radix), alphabet) + fromNumerals(strRadix(b, v, radix), alphabet);
  }

  // Algorithms 7 and 8 on doubles, for many values of one length at once: each round builds every value's
  // CBC-MAC input blocks side by side and enciphers them in one call (ECB: the blocks stay independent).
  // INVARIANT: y is only ever used mod radix^m, so y mod radix^m = NUM(S) mod radix^m is computed from the
  // bytes of S directly; A + (y mod radix^m) < 2 radix^m stays exact.
  function feistelSmall(layout: Ff1Layout, group: readonly Uint16Array[], decrypting: boolean): string[] {
    const { u, v, b, d, tail, roundAt, prefixMac, smallModulusU, smallModulusV } = layout;
    const count = group.length;
    const n = u + v;
    const a = new Float64Array(count);
    const bHalf = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      a[k] = numRadixSmall(group[k]!, radix, 0, u);
      bHalf[k] = numRadixSmall(group[k]!, radix, u, n);
    }
    const blocks = new Uint8Array(count * AES_BLOCK_BYTES);
    for (let step = 0; step < FF1_ROUNDS; step++) {
      const round = decrypting ? FF1_ROUNDS - 1 - step : step;
      const modulus = round % 2 === 0 ? smallModulusU : smallModulusV;
      // the PRF input's numeral half: B when encrypting, A when decrypting
      const half = decrypting ? a : bHalf;
      tail[roundAt] = round;
      let states: Uint8Array | null = null;
      for (let offset = 0; offset < tail.length; offset += AES_BLOCK_BYTES) {
        for (let k = 0; k < count; k++) {
          writeBytesSmall(half[k]!, b, tail, roundAt + 1);
          const state = states ?? prefixMac;
          const from = states === null ? 0 : k * AES_BLOCK_BYTES;
          const to = k * AES_BLOCK_BYTES;
          for (let j = 0; j < AES_BLOCK_BYTES; j++) blocks[to + j] = state[from + j]! ^ tail[offset + j]!;
        }
        states = cipher.encryptBlocks(blocks);
      }
      for (let k = 0; k < count; k++) {
        const y = numBytesMod(states!, k * AES_BLOCK_BYTES, k * AES_BLOCK_BYTES + d, modulus);
        feistelRound(a, bHalf, k, y, modulus, decrypting);
      }
    }
    const out = new Array<string>(count);
    for (let k = 0; k < count; k++)
      out[k] =
        fromNumerals(strRadixSmall(a[k]!, u, radix), alphabet) +
        fromNumerals(strRadixSmall(bHalf[k]!, v, radix), alphabet);
    return out;
  }

  function runAll(xs: readonly string[], decrypting: boolean): string[] {
    return runByLength(
      xs,
      alphabet,
      { minLength, maxLength: FF1_MAX_LENGTH, context: CONTEXT },
      (n, group) => {
        const layout = layoutFor(n);
        if (layout.small) return feistelSmall(layout, group, decrypting);
        const one = decrypting ? decrypt : encrypt;
        return group.map((numerals) => one(fromNumerals(numerals, alphabet)));
      },
    );
  }

  return Object.freeze({
    encrypt,
    decrypt,
    encryptAll: (xs: readonly string[]) => runAll(xs, false),
    decryptAll: (xs: readonly string[]) => runAll(xs, true),
    radix,
    minLength,
    maxLength: FF1_MAX_LENGTH,
  });
}
