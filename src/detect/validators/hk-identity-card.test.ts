import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hkid, rng } from '../../../test/detect/generators.js';
import { hkidCheck, isValidHkid } from './hk-identity-card.js';

describe('Hong Kong Identity Card number', () => {
  it('accepts the published examples with one and two letters', () => {
    expect(isValidHkid('A123456(3)')).toBe(true);
    expect(isValidHkid('E364912(5)')).toBe(true);
    expect(isValidHkid('AB987654(3)')).toBe(true);
    expect(isValidHkid('a1234563')).toBe(true);
    expect(hkidCheck('AB123456')).toBe('9');
  });
  it('rejects a wrong check character', () => {
    expect(isValidHkid('A123456(4)')).toBe(false);
    expect(isValidHkid('A12345(3)')).toBe(false);
  });
  it('rejects every single-digit corruption of generated numbers', () => {
    const r = rng(11);
    fc.assert(
      fc.property(fc.nat(5), fc.integer({ min: 1, max: 9 }), (i, delta) => {
        const id = hkid(r, false);
        const at = id.length - 7 + i;
        const bad = id.slice(0, at) + ((Number(id[at]) + delta) % 10) + id.slice(at + 1);
        return isValidHkid(id) && !isValidHkid(bad);
      }),
    );
  });
});
