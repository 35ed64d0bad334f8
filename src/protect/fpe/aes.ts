import { createCipheriv } from 'node:crypto';
import { FpeError } from './errors.js';

/** The AES block size in bytes (FIPS 197). */
export const AES_BLOCK_BYTES = 16;

/** The AES key lengths in bytes: AES-128, AES-192 and AES-256 (FIPS 197). */
export const AES_KEY_BYTES: readonly number[] = [16, 24, 32];

// Node's `crypto` implements BlockCipher today; another synchronous AES (pure JS, WASM) can replace it
// without touching the algorithms. WebCrypto's AES is asynchronous and has no ECB mode, so plugging it in
// would need an asynchronous variant of the ciphers (one-block AES-CBC with a zero IV gives CIPH_K).

/**
 * The subset of a block cipher that FF1 and FF3-1 need: the forward function CIPH_K on one 16-byte block.
 */
export interface BlockCipher {
  /** Encrypts exactly one 16-byte block into a fresh array, leaving the input untouched for reuse. */
  encryptBlock(block: Uint8Array): Uint8Array;
  /**
   * Encrypts consecutive 16-byte blocks independently (ECB) into a fresh array: what the batch paths use so
   * that many values' rounds cross into the cipher once.
   */
  encryptBlocks(blocks: Uint8Array): Uint8Array;
}

/** Makes a block cipher from a validated AES key. */
export type BlockCipherFactory = (key: Uint8Array) => BlockCipher;

/**
 * Checks that a value is an AES key, naming the context and the length found, never the key bytes.
 */
export function assertAesKey(key: unknown, context: string): asserts key is Uint8Array {
  if (!(key instanceof Uint8Array)) {
    throw new FpeError('DC_FPE_KEY', `${context}: key: expected a Uint8Array`);
  }
  if (!AES_KEY_BYTES.includes(key.length)) {
    throw new FpeError(
      'DC_FPE_KEY',
      `${context}: key: length ${key.length} is not an AES key length; use 16, 24 or 32 bytes`,
    );
  }
}

/**
 * Creates the AES forward cipher from `node:crypto` in ECB mode without padding, one block at a time.
 */
export function createNodeAes(key: Uint8Array): BlockCipher {
  assertAesKey(key, 'aes');
  // INVARIANT: ECB without padding has no chaining state, so one Cipher object serves every block; final()
  // is never called, which keeps it usable for the lifetime of the FPE cipher.
  const cipher = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
  cipher.setAutoPadding(false);
  return {
    encryptBlock(block: Uint8Array): Uint8Array {
      return cipher.update(block);
    },
    encryptBlocks(blocks: Uint8Array): Uint8Array {
      return cipher.update(blocks);
    },
  };
}
