// Cryptographic building blocks of protection, over node:crypto: HMAC-SHA-256 (RFC 2104, FIPS 198-1),
// HKDF-SHA-256 (RFC 5869) and AES-256-GCM (NIST SP 800-38D). Randomness is never drawn here: callers
// pass a RandomSource, so that the core stays deterministic under test.

import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { ProtectError } from './errors.js';

/** Fills a new array with `length` cryptographically strong random bytes (the adapter passes `randomBytes`). */
export type RandomSource = (length: number) => Uint8Array;

/** AES-256 key length in bytes. */
export const AES_256_KEY_BYTES = 32;
/** The GCM nonce length used here: 96 bits (NIST SP 800-38D, section 8.2.2, random construction). */
export const GCM_NONCE_BYTES = 12;
/** The GCM tag length used here: 128 bits. */
export const GCM_TAG_BYTES = 16;

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * HMAC-SHA-256 (RFC 2104 with SHA-256; test vectors in RFC 4231).
 *
 * @example
 * hmacSha256(key, utf8('what do ya want for nothing?'));
 */
export function hmacSha256(key: Uint8Array, data: Uint8Array | string): Uint8Array {
  return new Uint8Array(createHmac('sha256', key).update(data).digest());
}

/** HKDF-SHA-256 (RFC 5869): `length` bytes from input keying material, a salt and a context string. */
export function hkdfSha256(ikm: Uint8Array, salt: string, info: string, length = 32): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', ikm, utf8(salt), utf8(info), length));
}

/** Checks that a value is a key of the expected length, naming the context and never the key bytes. */
export function assertKey(key: unknown, length: number, context: string): asserts key is Uint8Array {
  if (!(key instanceof Uint8Array) || key.length !== length) {
    throw new ProtectError(
      'DC_PROTECT_KEYS',
      `${context}: expected a ${length}-byte key${key instanceof Uint8Array ? `, got ${key.length} bytes` : ''}`,
    );
  }
}

/**
 * Encrypts with AES-256-GCM under a random 96-bit nonce; returns nonce || ciphertext || tag. The
 * additional data binds the ciphertext to where it is stored (tenant, token, category), so that a row
 * copied elsewhere does not decrypt.
 */
export function sealAesGcm(
  key: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
  random: RandomSource,
): Uint8Array {
  assertKey(key, AES_256_KEY_BYTES, 'aes-256-gcm');
  const nonce = random(GCM_NONCE_BYTES);
  if (nonce.length !== GCM_NONCE_BYTES) {
    throw new ProtectError('DC_PROTECT_KEYS', 'aes-256-gcm: the random source returned a short nonce');
  }
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(aad);
  const body = cipher.update(plaintext);
  const final = cipher.final();
  const tag = cipher.getAuthTag();
  const out = new Uint8Array(GCM_NONCE_BYTES + body.length + final.length + GCM_TAG_BYTES);
  out.set(nonce, 0);
  out.set(body, GCM_NONCE_BYTES);
  out.set(final, GCM_NONCE_BYTES + body.length);
  out.set(tag, out.length - GCM_TAG_BYTES);
  return out;
}

/**
 * Decrypts what `sealAesGcm` produced; returns undefined when authentication fails (altered bytes, other
 * additional data, or the wrong key), so that the caller chooses the error.
 */
export function openAesGcm(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | undefined {
  assertKey(key, AES_256_KEY_BYTES, 'aes-256-gcm');
  if (sealed.length < GCM_NONCE_BYTES + GCM_TAG_BYTES) return undefined;
  const nonce = sealed.subarray(0, GCM_NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - GCM_TAG_BYTES);
  const body = sealed.subarray(GCM_NONCE_BYTES, sealed.length - GCM_TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: GCM_TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    const head = decipher.update(body);
    const tail = decipher.final();
    const out = new Uint8Array(head.length + tail.length);
    out.set(head, 0);
    out.set(tail, head.length);
    return out;
  } catch {
    return undefined;
  }
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32 in lower case without padding: token bodies that survive case-insensitive systems. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/** Lower-case hexadecimal of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Base64 (RFC 4648 section 4) of bytes. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Bytes of a base64 string; undefined when it is not canonical base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  return toBase64(bytes) === text ? bytes : undefined;
}
