import { assertKey, hmacSha256, toHex, utf8 } from '../crypto.js';

/** The shortest keyed hash output accepted, in hex characters (64 bits). */
export const MIN_HASH_HEX = 16;

/** Options of the keyed hash. */
export interface HashOptions {
  /** Hex characters kept (16 to 64; default 64). */
  readonly length?: number;
  /**
   * A domain string mixed into the hash: the same value hashes differently under different scopes. Without
   * one, equal values hash alike across fields, so that records still join (the pseudonym use).
   */
  readonly scope?: string;
}

/**
 * The keyed hash: HMAC-SHA-256 (RFC 2104) under the tenant's hash key, in hex. Never a plain hash, which
 * anyone could recompute over a list of candidate phone numbers. Not reversible; whoever holds the tenant
 * key can confirm a guessed value, so the key stays in the country of the vault.
 *
 * @example
 * keyedHash('li.wei@example.cn', keys.hash, { length: 32 });
 */
export function keyedHash(value: string, key: Uint8Array, options: HashOptions = {}): string {
  assertKey(key, 32, 'hash');
  const data = options.scope === undefined ? utf8(value) : utf8(`${options.scope}\u0000${value}`);
  const hex = toHex(hmacSha256(key, data));
  const length = Math.max(MIN_HASH_HEX, Math.min(64, options.length ?? 64));
  return hex.slice(0, length);
}
