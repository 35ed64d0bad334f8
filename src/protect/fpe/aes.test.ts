import { describe, expect, it } from 'vitest';
import { assertAesKey, createNodeAes } from './aes.js';
import { FpeError } from './errors.js';

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

// FIPS 197, Appendix C: example vectors for AES-128, AES-192 and AES-256
const FIPS_197_VECTORS = [
  {
    name: 'AES-128',
    key: '000102030405060708090a0b0c0d0e0f',
    ciphertext: '69c4e0d86a7b0430d8cdb78070b4c55a',
  },
  {
    name: 'AES-192',
    key: '000102030405060708090a0b0c0d0e0f1011121314151617',
    ciphertext: 'dda97ca4864cdfe06eaf70a0ec0d7191',
  },
  {
    name: 'AES-256',
    key: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
    ciphertext: '8ea2b7ca516745bfeafc49904b496089',
  },
];
const FIPS_197_PLAINTEXT = '00112233445566778899aabbccddeeff';

describe('createNodeAes', () => {
  it.each(FIPS_197_VECTORS)('encrypts the FIPS 197 example block with $name', ({ key, ciphertext }) => {
    expect(toHex(createNodeAes(hex(key)).encryptBlock(hex(FIPS_197_PLAINTEXT)))).toBe(ciphertext);
  });

  it('encrypts every block independently, with no chaining between calls', () => {
    const aes = createNodeAes(hex(FIPS_197_VECTORS[0]!.key));
    const block = hex(FIPS_197_PLAINTEXT);
    const first = toHex(aes.encryptBlock(block));
    aes.encryptBlock(new Uint8Array(16));
    expect(toHex(aes.encryptBlock(block))).toBe(first);
    expect(toHex(block)).toBe(FIPS_197_PLAINTEXT);
  });
});

describe('assertAesKey', () => {
  it.each([16, 24, 32])('accepts a %i-byte key', (length) => {
    expect(() => assertAesKey(new Uint8Array(length), 'test')).not.toThrow();
  });

  it('rejects other lengths with DC_FPE_KEY, naming the length and not the bytes', () => {
    const key = new Uint8Array(20).fill(0xab);
    expect(() => assertAesKey(key, 'test')).toThrow(FpeError);
    expect(() => assertAesKey(key, 'test')).toThrow(
      'test: key: length 20 is not an AES key length; use 16, 24 or 32 bytes',
    );
  });

  it('rejects a value that is not a Uint8Array with DC_FPE_KEY', () => {
    expect(() => assertAesKey([1, 2, 3], 'test')).toThrow(expect.objectContaining({ code: 'DC_FPE_KEY' }));
  });
});
