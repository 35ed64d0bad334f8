import { describe, expect, it } from 'vitest';
import * as fpe from './index.js';

describe('the fpe entry point', () => {
  it('exports exactly ff1, ff3_1, FpeError and the tweak-length constants', () => {
    expect(Object.keys(fpe).sort()).toEqual([
      'FF1_MAX_TWEAK_BYTES',
      'FF3_1_TWEAK_BYTES',
      'FpeError',
      'ff1',
      'ff3_1',
    ]);
  });

  it('returns ciphers with encrypt and decrypt from both constructors', () => {
    const key = new Uint8Array(16);
    for (const cipher of [
      fpe.ff1({ key, tweak: new Uint8Array() }),
      fpe.ff3_1({ key, tweak: new Uint8Array(7) }),
    ]) {
      expect(cipher.decrypt(cipher.encrypt('000000'))).toBe('000000');
    }
  });

  it('raises FpeError instances that callers can match by code', () => {
    expect(() => fpe.ff3_1({ key: new Uint8Array(16), tweak: new Uint8Array(8) })).toThrow(fpe.FpeError);
  });
});
