import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aadhaar, rng } from '../../../test/detect/generators.js';
import { isValidAadhaar } from './in-aadhaar.js';

describe('Aadhaar number', () => {
  it('accepts the python-stdnum example and rejects its corruption, a leading 1 and palindromes', () => {
    expect(isValidAadhaar('234123412346')).toBe(true);
    expect(isValidAadhaar('234123412347')).toBe(false);
    expect(isValidAadhaar('123412341234')).toBe(false);
    expect(isValidAadhaar('222222222222')).toBe(false);
  });
  it('rejects every single-digit corruption of generated numbers', () => {
    const r = rng(31);
    fc.assert(
      fc.property(fc.nat(11), fc.integer({ min: 1, max: 9 }), (i, delta) => {
        const n = aadhaar(r, false);
        const bad = n.slice(0, i) + ((Number(n[i]) + delta) % 10) + n.slice(i + 1);
        return isValidAadhaar(n) && !isValidAadhaar(bad);
      }),
    );
  });
});
