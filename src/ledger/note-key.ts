// C2SP signed-note keys (https://c2sp.org/signed-note): verifier keys `<name>+<hex key ID>+<base64(type ||
// public key)>` and Go-compatible signer keys `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || seed)>`.
// Key ID = SHA-256(name || 0x0A || type || public key)[:4], big-endian.

import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, fromBase64, readUint32BE, toBase64, utf8 } from './bytes.js';
import { ed25519PublicKey } from './ed25519.js';
import { LedgerError } from './errors.js';

/** Signature type of plain Ed25519 note signatures (c2sp.org/signed-note). */
export const SIGNED_NOTE_TYPE_ED25519 = 0x01;

/** Signature type of timestamped Ed25519 cosignatures (c2sp.org/tlog-cosignature). */
export const SIGNED_NOTE_TYPE_COSIGNATURE_V1 = 0x04;

/** The signature types this ledger verifies. */
export type NoteKeyType = typeof SIGNED_NOTE_TYPE_ED25519 | typeof SIGNED_NOTE_TYPE_COSIGNATURE_V1;

/** A parsed verifier key. */
export interface NoteVerifierKey {
  readonly name: string;
  readonly keyId: number;
  readonly type: NoteKeyType;
  readonly publicKey: Uint8Array;
  /** The key string, as given. */
  readonly text: string;
}

/** A parsed signer key (secret). */
export interface NoteSignerKey {
  readonly name: string;
  /** The key ID of its plain Ed25519 (type 0x01) verifier key. */
  readonly keyId: number;
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** A signer key string and the verifier key string that goes with it. */
export interface NoteKeyPair {
  readonly signerKey: string;
  readonly verifierKey: string;
}

const SIGNER_PREFIX = 'PRIVATE+KEY+';
// Unicode spaces as Go's unicode.IsSpace sees them: the Z categories plus the ASCII and Latin-1 ones.
const SPACE = /[\p{Z}\t\n\v\f\r\u0085]/u;

/** Tells whether a key name is valid: non-empty, well-formed, without Unicode spaces or `+`. */
export function isValidKeyName(name: string): boolean {
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    !name.includes('+') &&
    !SPACE.test(name) &&
    !/\p{Cs}/u.test(name)
  );
}

/** The key ID of a key: the first four bytes, big-endian, of SHA-256(name || 0x0A || type || public key). */
export function noteKeyId(name: string, type: number, publicKey: Uint8Array): number {
  const digest = sha256(concatBytes(utf8(name), Uint8Array.of(0x0a, type), publicKey));
  return readUint32BE(digest, 0);
}

/** The key ID as the 8 lower-case hex digits used in key strings. */
export function formatKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/** The verifier key string of a public key. */
export function formatVerifierKey(name: string, type: NoteKeyType, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw new LedgerError('DC_LEDGER_KEY', `key name \`${name}\` is not valid`);
  if (publicKey.length !== 32) throw new LedgerError('DC_LEDGER_KEY', 'an Ed25519 public key is 32 bytes');
  const material = concatBytes(Uint8Array.of(type), publicKey);
  return `${name}+${formatKeyId(noteKeyId(name, type, publicKey))}+${toBase64(material)}`;
}

/** Splits `<name>+<hex>+<base64>` where the base64 may itself hold `+`. */
function splitKey(text: string): [string, string, string] | undefined {
  const first = text.indexOf('+');
  if (first < 0) return undefined;
  const second = text.indexOf('+', first + 1);
  if (second < 0) return undefined;
  return [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
}

function parseKeyId(hex: string): number | undefined {
  return /^[0-9a-fA-F]{8}$/.test(hex) ? Number.parseInt(hex, 16) : undefined;
}

/**
 * Parses a C2SP verifier key string of type 0x01 (Ed25519) or 0x04 (cosignature/v1); throws
 * `DC_LEDGER_KEY` when it is malformed, of another type, or its key ID does not match.
 */
export function parseVerifierKey(text: string): NoteVerifierKey {
  const bad = (why: string) => new LedgerError('DC_LEDGER_KEY', `verifier key: ${why}`);
  if (typeof text !== 'string') throw bad('not a string');
  const parts = splitKey(text);
  if (!parts) throw bad('not of the form `<name>+<key ID>+<key>`');
  const [name, hex, material64] = parts;
  if (!isValidKeyName(name)) throw bad(`key name \`${name}\` is not valid`);
  const keyId = parseKeyId(hex);
  if (keyId === undefined) throw bad(`key ID \`${hex}\` is not 8 hex digits`);
  const material = fromBase64(material64);
  if (!material || material.length === 0) throw bad('key material is not canonical base64');
  const type = material[0]!;
  if (type !== SIGNED_NOTE_TYPE_ED25519 && type !== SIGNED_NOTE_TYPE_COSIGNATURE_V1) {
    throw bad(`signature type 0x${type.toString(16).padStart(2, '0')} is not supported`);
  }
  const publicKey = material.slice(1);
  if (publicKey.length !== 32) throw bad('an Ed25519 public key is 32 bytes');
  if (noteKeyId(name, type, publicKey) !== keyId) throw bad(`key ID \`${hex}\` does not match the key`);
  return { name, keyId, type, publicKey, text };
}

/**
 * Parses a signer key string `PRIVATE+KEY+<name>+<key ID>+<base64(0x01 || seed)>`; throws `DC_LEDGER_KEY`.
 * The error never quotes the key.
 */
export function parseSignerKey(text: string): NoteSignerKey {
  const bad = (why: string) => new LedgerError('DC_LEDGER_KEY', `signer key: ${why}`);
  if (typeof text !== 'string' || !text.startsWith(SIGNER_PREFIX))
    throw bad('does not start with `PRIVATE+KEY+`');
  const parts = splitKey(text.slice(SIGNER_PREFIX.length));
  if (!parts) throw bad('not of the form `PRIVATE+KEY+<name>+<key ID>+<key>`');
  const [name, hex, material64] = parts;
  if (!isValidKeyName(name)) throw bad(`key name \`${name}\` is not valid`);
  const keyId = parseKeyId(hex);
  if (keyId === undefined) throw bad('key ID is not 8 hex digits');
  const material = fromBase64(material64);
  if (material?.length !== 33 || material[0] !== SIGNED_NOTE_TYPE_ED25519) {
    throw bad('key material is not base64 of 0x01 and a 32-byte Ed25519 seed');
  }
  const seed = material.slice(1);
  const publicKey = ed25519PublicKey(seed);
  if (noteKeyId(name, SIGNED_NOTE_TYPE_ED25519, publicKey) !== keyId)
    throw bad('key ID does not match the key');
  return { name, keyId, seed, publicKey };
}

/**
 * Makes an Ed25519 signer key and its verifier key for a name, from a 32-byte seed or, without one, from
 * the platform's cryptographic random source.
 * @example
 * const { signerKey, verifierKey } = generateNoteKey('customs.example/log')
 */
export function generateNoteKey(name: string, seed?: Uint8Array): NoteKeyPair {
  if (!isValidKeyName(name)) throw new LedgerError('DC_LEDGER_KEY', `key name \`${name}\` is not valid`);
  const secret = seed ?? globalThis.crypto.getRandomValues(new Uint8Array(32));
  if (!(secret instanceof Uint8Array) || secret.length !== 32) {
    throw new LedgerError('DC_LEDGER_KEY', 'an Ed25519 seed is 32 bytes');
  }
  const publicKey = ed25519PublicKey(secret);
  const keyId = noteKeyId(name, SIGNED_NOTE_TYPE_ED25519, publicKey);
  const material = concatBytes(Uint8Array.of(SIGNED_NOTE_TYPE_ED25519), secret);
  return {
    signerKey: `${SIGNER_PREFIX}${name}+${formatKeyId(keyId)}+${toBase64(material)}`,
    verifierKey: formatVerifierKey(name, SIGNED_NOTE_TYPE_ED25519, publicKey),
  };
}

/**
 * The cosignature/v1 (type 0x04) verifier key of the same Ed25519 key as a signer key or a type 0x01
 * verifier key, as witnesses publish it.
 */
export function toCosignatureVerifierKey(key: string): string {
  if (key.startsWith(SIGNER_PREFIX)) {
    const signer = parseSignerKey(key);
    return formatVerifierKey(signer.name, SIGNED_NOTE_TYPE_COSIGNATURE_V1, signer.publicKey);
  }
  const verifier = parseVerifierKey(key);
  return formatVerifierKey(verifier.name, SIGNED_NOTE_TYPE_COSIGNATURE_V1, verifier.publicKey);
}
