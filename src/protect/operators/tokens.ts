// Token generation. Tokens replace a value and the vault keeps the original, encrypted; only the vault
// turns a token back into its value (detokenisation, with a role and purpose check and an access record).

import { base32, hmacSha256, type RandomSource, utf8 } from '../crypto.js';
import { alphabetOf, fpeField } from './fpe-field.js';

/** How tokens are drawn: `random` (unlinkable: the same value gets a new token each time) or `deterministic`. */
export type TokenMode = 'random' | 'deterministic';

/** What tokens look like: `opaque` (`tok_` and 26 base32 characters) or `preserve` (the value's format). */
export type TokenFormat = 'opaque' | 'preserve';

/** Options of the `tokenise` operator. */
export interface TokenOptions {
  readonly mode?: TokenMode;
  readonly format?: TokenFormat;
  /** The prefix of opaque tokens (default `tok_`). */
  readonly prefix?: string;
}

/** The default prefix of opaque tokens. */
export const TOKEN_PREFIX = 'tok_';

/** Bytes of randomness or HMAC output in an opaque token: 128 bits. */
const OPAQUE_TOKEN_BYTES = 16;

/** The smallest number of characters a format-preserving token replaces (NIST's FPE domain of 10^6). */
export const MIN_PRESERVED_CHARS = 6;

/** The alphabet a format-preserving token draws from: digits when the value's letters-or-digits are all digits. */
export function tokenAlphabet(value: string): string {
  return /^[^A-Za-z]*$/.test(value) ? alphabetOf('digits') : alphabetOf('alnum');
}

function preservedCount(value: string, alphabet: string): number {
  const members = new Set(Array.from(alphabet));
  let n = 0;
  for (const c of value) if (members.has(c)) n++;
  return n;
}

/** Tells whether a value has enough letters or digits for a format-preserving token. */
export function canPreserveFormat(value: string): boolean {
  return preservedCount(value, tokenAlphabet(value)) >= MIN_PRESERVED_CHARS;
}

/** A random opaque token: prefix and 128 random bits in base32. */
export function randomOpaqueToken(random: RandomSource, prefix = TOKEN_PREFIX): string {
  return prefix + base32(random(OPAQUE_TOKEN_BYTES));
}

/**
 * A deterministic opaque token: prefix and the first 128 bits of HMAC-SHA-256 under the tenant's token key,
 * in base32. Equal values give equal tokens within a tenant (records join); other tenants' keys give others.
 */
export function deterministicOpaqueToken(value: string, tokenKey: Uint8Array, prefix = TOKEN_PREFIX): string {
  return prefix + base32(hmacSha256(tokenKey, utf8(`dc-token\u0000${value}`)).slice(0, OPAQUE_TOKEN_BYTES));
}

/**
 * A random format-preserving token: each character of the value's alphabet replaced by a random one of the
 * same alphabet, every other character kept (`+86 138 0013 8000` -> `+49 702 5531 0246`); the vault checks
 * that it is not already taken. Uses rejection sampling, so every symbol is equally likely.
 */
export function randomPreservedToken(value: string, random: RandomSource): string {
  const alphabet = Array.from(tokenAlphabet(value));
  const members = new Set(alphabet);
  const radix = alphabet.length;
  const limit = 256 - (256 % radix);
  let out = '';
  let pool = random(64);
  let at = 0;
  for (const c of value) {
    if (!members.has(c)) {
      out += c;
      continue;
    }
    for (;;) {
      if (at >= pool.length) {
        pool = random(64);
        at = 0;
      }
      const b = pool[at++]!;
      if (b < limit) {
        out += alphabet[b % radix];
        break;
      }
    }
  }
  return out;
}

/**
 * A deterministic format-preserving token: FF1 under the tenant's token key over the value's digits (or
 * letters and digits), tweak `token`. Equal values give equal tokens; FF1 being a permutation, distinct
 * values of one format never share a token.
 */
export function deterministicPreservedToken(value: string, tokenKey: Uint8Array): string {
  return fpeField(tokenKey, { algorithm: 'ff1', alphabet: tokenAlphabet(value) }, 'token').encrypt(value);
}
