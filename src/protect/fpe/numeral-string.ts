import { FpeError } from './errors.js';

/** The default alphabet: the decimal digits, radix 10. */
export const DEFAULT_ALPHABET = '0123456789';

/** The smallest radix NIST SP 800-38G Rev. 1 allows for FF1 and FF3-1. */
export const MIN_RADIX = 2;

/** The largest radix NIST SP 800-38G Rev. 1 allows for FF1 and FF3-1 (2^16). */
export const MAX_RADIX = 65_536;

// Symbols are Unicode code points, not UTF-16 units: a character outside the Basic Multilingual Plane (a CJK
// Extension B ideograph, an emoji of one code point) is one numeral, and lengths and indexes in messages are
// counted in code points. Nothing is normalised: a precomposed `é` and `e` + combining acute are different,
// and a grapheme made of several code points (a flag, a family emoji) is several numerals.

/**
 * A parsed alphabet: the symbol of each numeral, and the numeral of each code point.
 */
export interface Alphabet {
  /** The number of symbols. */
  readonly radix: number;
  /** The symbol of each numeral, indexed by numeral. */
  readonly symbols: readonly string[];
  /** The numeral of each code point below 256, or -1. */
  readonly latin1: Int32Array;
  /** The numeral of each code point from 256 up. */
  readonly wide: ReadonlyMap<number, number>;
}

/**
 * A numeral string: each element is a numeral in [0, radix).
 */
export type NumeralString = Uint16Array | readonly number[];

/**
 * Parses an alphabet given by the caller, rejecting a non-string, a radix outside 2..65536 and repeats.
 */
export function parseAlphabet(alphabet: unknown, context: string): Alphabet {
  if (typeof alphabet !== 'string') {
    throw new FpeError('DC_FPE_ALPHABET', `${context}: alphabet: expected a string`);
  }
  const symbols = Array.from(alphabet);
  if (symbols.length < MIN_RADIX || symbols.length > MAX_RADIX) {
    throw new FpeError(
      'DC_FPE_ALPHABET',
      `${context}: alphabet: ${symbols.length} characters; the radix must be ${MIN_RADIX} to ${MAX_RADIX}`,
    );
  }
  const latin1 = new Int32Array(256).fill(-1);
  const wide = new Map<number, number>();
  const firstSeen = new Map<number, number>();
  for (let i = 0; i < symbols.length; i++) {
    const codePoint = symbols[i]!.codePointAt(0)!;
    const earlier = firstSeen.get(codePoint);
    if (earlier !== undefined) {
      throw new FpeError(
        'DC_FPE_ALPHABET',
        `${context}: alphabet: index ${i}: character repeats the one at index ${earlier}; characters must be unique`,
      );
    }
    firstSeen.set(codePoint, i);
    if (codePoint < 256) latin1[codePoint] = i;
    else wide.set(codePoint, i);
  }
  return { radix: symbols.length, symbols, latin1, wide };
}

/**
 * Converts an input string to its numeral string, naming the index (in code points) of a character outside
 * the alphabet but never the character or the input.
 */
export function toNumerals(x: unknown, alphabet: Alphabet, context: string): Uint16Array {
  // from the caller: untrusted, possibly personal data; never copied into a message
  if (typeof x !== 'string') {
    throw new FpeError('DC_FPE_DOMAIN', `${context}: input: expected a string`);
  }
  const out = new Uint16Array(x.length);
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const codePoint = x.codePointAt(i)!;
    if (codePoint > 0xffff) i++;
    const numeral = codePoint < 256 ? alphabet.latin1[codePoint]! : (alphabet.wide.get(codePoint) ?? -1);
    if (numeral < 0) {
      throw new FpeError(
        'DC_FPE_DOMAIN',
        `${context}: input: index ${n}: character is not in the alphabet of radix ${alphabet.radix}`,
      );
    }
    out[n++] = numeral;
  }
  return out.subarray(0, n);
}

/**
 * Converts a numeral string back to a string over the alphabet.
 */
export function fromNumerals(numerals: NumeralString, alphabet: Alphabet): string {
  let out = '';
  for (let i = 0; i < numerals.length; i++) out += alphabet.symbols[numerals[i]!]!;
  return out;
}

interface RadixChunking {
  /** Numerals per chunk: the largest k with radix^k <= 2^53, so a chunk fits a double exactly. */
  readonly digits: number;
  /** radix^digits as a bigint. */
  readonly power: bigint;
}

const chunkings = new Map<number, RadixChunking>();

function chunkingOf(radix: number): RadixChunking {
  let chunking = chunkings.get(radix);
  if (chunking === undefined) {
    let digits = 0;
    let power = 1;
    while (power * radix <= 2 ** 53) {
      power *= radix;
      digits++;
    }
    chunking = { digits, power: BigInt(power) };
    chunkings.set(radix, chunking);
  }
  return chunking;
}

/**
 * NIST SP 800-38G Rev. 1, Algorithm 1, NUM_radix(X): the number that X[start..end) represents in base radix,
 * most significant numeral first.
 */
export function numRadix(x: NumeralString, radix: number, start = 0, end = x.length): bigint {
  const { digits, power } = chunkingOf(radix);
  let result = 0n;
  let i = start;
  // the first chunk takes the remainder so that every later chunk is full
  let take = (end - start) % digits || digits;
  while (i < end) {
    let chunk = 0;
    for (const stop = i + take; i < stop; i++) chunk = chunk * radix + x[i]!;
    result = result * (take === digits ? power : BigInt(radix ** take)) + BigInt(chunk);
    take = digits;
  }
  return result;
}

/**
 * NIST SP 800-38G Rev. 1, Algorithm 3, STR^m_radix(x): the m numerals of x in base radix, most significant
 * first, for 0 <= x < radix^m.
 */
export function strRadix(x: bigint, m: number, radix: number): Uint16Array {
  const { digits, power } = chunkingOf(radix);
  const out = new Uint16Array(m);
  let rest = x;
  let position = m;
  while (position > 0) {
    const take = Math.min(digits, position);
    const divisor = take === digits ? power : BigInt(radix ** take);
    let chunk = Number(rest % divisor);
    rest /= divisor;
    for (let j = 0; j < take; j++) {
      out[--position] = chunk % radix;
      chunk = Math.floor(chunk / radix);
    }
  }
  return out;
}

/**
 * NIST SP 800-38G Rev. 1, Algorithm 4, REV(X): the numerals of X in reverse order.
 */
export function rev(x: NumeralString): Uint16Array {
  const out = new Uint16Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[x.length - 1 - i]!;
  return out;
}

/**
 * NUM_radix(X[start..end)) as a double, for a domain small enough to be exact (radix^(end-start) <= 2^53).
 */
export function numRadixSmall(x: NumeralString, radix: number, start: number, end: number): number {
  let result = 0;
  for (let i = start; i < end; i++) result = result * radix + x[i]!;
  return result;
}

/**
 * STR^m_radix(x) for a double x with 0 <= x < radix^m <= 2^53, most significant numeral first.
 */
export function strRadixSmall(x: number, m: number, radix: number): Uint16Array {
  const out = new Uint16Array(m);
  let rest = x;
  for (let position = m - 1; position >= 0; position--) {
    // floor division without `%` (see modDouble): a rounded quotient is off by at most one
    let quotient = Math.floor(rest / radix);
    let numeral = rest - quotient * radix;
    if (numeral < 0) {
      quotient--;
      numeral += radix;
    } else if (numeral >= radix) {
      quotient++;
      numeral -= radix;
    }
    out[position] = numeral;
    rest = quotient;
  }
  return out;
}
