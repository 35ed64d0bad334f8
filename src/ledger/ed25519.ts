// Ed25519 (RFC 8032) through @noble/ed25519 with its synchronous API, SHA-512 from @noble/hashes.
// Browser-safe. Verification is strict RFC 8032 (zip215: false): no malleable signatures.

import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';

if (ed.hashes.sha512 === undefined) ed.hashes.sha512 = sha512;

/** The 32-byte public key of a 32-byte seed. */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  return ed.getPublicKey(seed);
}

/** The 64-byte signature of a message by a 32-byte seed. */
export function ed25519Sign(message: Uint8Array, seed: Uint8Array): Uint8Array {
  return ed.sign(message, seed);
}

/** Tells whether a 64-byte signature of a message verifies against a 32-byte public key. */
export function ed25519Verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return ed.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}
