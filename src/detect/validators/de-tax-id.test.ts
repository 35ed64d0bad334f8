import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deTaxId, rng } from '../../../test/detect/generators.js';
import { isValidDeTaxId } from './de-tax-id.js';

describe('German tax identification number', () => {
  it('accepts the BZSt example and python-stdnum vectors', () => {
    expect(isValidDeTaxId('86095742719')).toBe(true);
    expect(isValidDeTaxId('11234567890')).toBe(true); // one digit twice
  });
  it('rejects bad digit patterns, a leading zero and a wrong check digit', () => {
    expect(isValidDeTaxId('12345678903')).toBe(false); // every digit once
    expect(isValidDeTaxId('11112345678')).toBe(false); // one digit four times
    expect(isValidDeTaxId('11223456785')).toBe(false); // two digits repeated
    expect(isValidDeTaxId('11123456786')).toBe(false); // three in a row (not allowed since 2016)
    expect(isValidDeTaxId('01234567896')).toBe(false);
    expect(isValidDeTaxId('86095742718')).toBe(false);
  });
  it('rejects every single-digit corruption of the check digit of generated numbers', () => {
    const r = rng(19);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), (delta) => {
        const n = deTaxId(r);
        const bad = n.slice(0, 10) + ((Number(n[10]) + delta) % 10);
        return isValidDeTaxId(n) && !isValidDeTaxId(bad);
      }),
    );
  });
});
