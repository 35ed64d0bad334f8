import { createHash } from 'node:crypto';
import { assertKey, utf8 } from '../crypto.js';
import { FF1_MAX_TWEAK_BYTES, FF3_1_TWEAK_BYTES, type FpeCipher, ff1, ff3_1 } from '../fpe/index.js';

/** Named alphabets of the `fpe` operator and of format-preserving tokens. */
export const FPE_ALPHABETS = {
  digits: '0123456789',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  letters: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  alnum: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
} as const;

/** An FPE algorithm of NIST SP 800-38G Rev. 1. */
export type FpeAlgorithm = 'ff1' | 'ff3-1';

/** Options of the `fpe` operator. */
export interface FpeFieldOptions {
  /** FF1 (default) or FF3-1. */
  readonly algorithm?: FpeAlgorithm;
  /** A named alphabet (`digits`, default) or the alphabet's characters. */
  readonly alphabet?: keyof typeof FPE_ALPHABETS | string;
  /** The tweak as text (default: the category key), so that one value encrypts differently per field kind. */
  readonly tweak?: string;
}

/** A format-preserving transform of whole field values: characters outside the alphabet stay in place. */
export interface FpeField {
  encrypt(value: string): string;
  decrypt(value: string): string;
}

/** The characters of a named or literal alphabet. */
export function alphabetOf(name: string | undefined): string {
  if (name === undefined) return FPE_ALPHABETS.digits;
  return (FPE_ALPHABETS as Record<string, string>)[name] ?? name;
}

/**
 * The FPE cipher of a field: FF1 takes the tweak's UTF-8 bytes (at most 256), FF3-1 the first 7 bytes of
 * its SHA-256 (its tweak is exactly 56 bits).
 */
export function fpeCipher(key: Uint8Array, options: FpeFieldOptions, defaultTweak: string): FpeCipher {
  assertKey(key, 32, 'fpe');
  const alphabet = alphabetOf(options.alphabet);
  const tweakText = options.tweak ?? defaultTweak;
  if (options.algorithm === 'ff3-1') {
    const tweak = new Uint8Array(createHash('sha256').update(tweakText).digest()).slice(0, FF3_1_TWEAK_BYTES);
    return ff3_1({ key, tweak, alphabet });
  }
  return ff1({ key, tweak: utf8(tweakText).slice(0, FF1_MAX_TWEAK_BYTES), alphabet });
}

/**
 * Format-preserving encryption of a field value: the characters of the value that belong to the alphabet
 * are encrypted together with FF1 or FF3-1, every other character (`+`, spaces, dashes, letters outside
 * a digit alphabet) stays where it was. Reversible by whoever holds the key (`decrypt`). Throws FpeError
 * `DC_FPE_DOMAIN` when the value has too few (or, for FF3-1, too many) alphabet characters.
 *
 * @example
 * const field = fpeField(keys.fpe, { algorithm: 'ff1' }, 'user.contact.phone_number');
 * field.encrypt('+86 138 0013 8000'); // '+70 419 6652 1187', say
 */
export function fpeField(key: Uint8Array, options: FpeFieldOptions, defaultTweak: string): FpeField {
  const cipher = fpeCipher(key, options, defaultTweak);
  const members = new Set(Array.from(alphabetOf(options.alphabet)));
  const run = (value: string, f: (x: string) => string): string => {
    const chars = Array.from(value);
    let inside = '';
    for (const c of chars) if (members.has(c)) inside += c;
    const out = Array.from(f(inside));
    let k = 0;
    let result = '';
    for (const c of chars) result += members.has(c) ? out[k++] : c;
    return result;
  };
  return {
    encrypt: (value) => run(value, (x) => cipher.encrypt(x)),
    decrypt: (value) => run(value, (x) => cipher.decrypt(x)),
  };
}
