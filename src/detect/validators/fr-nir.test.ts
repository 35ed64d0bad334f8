import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frNir, rng } from '../../../test/detect/generators.js';
import { isValidNir } from './fr-nir.js';

describe('French NIR', () => {
  it('accepts the published examples, Corsica included', () => {
    expect(isValidNir('295109912611193')).toBe(true);
    expect(isValidNir('255081416802538')).toBe(true);
    expect(isValidNir('253072B07300470')).toBe(true);
    expect(isValidNir('253072A07300443')).toBe(true);
  });
  it('rejects a wrong key, a bad department and a bad length', () => {
    expect(isValidNir('295109912611199')).toBe(false);
    expect(isValidNir('253072C07300443')).toBe(false);
    expect(isValidNir('6546546546546703')).toBe(false);
  });
  it('rejects every single-digit corruption', () => {
    const r = rng(23);
    fc.assert(
      fc.property(fc.nat(14), fc.integer({ min: 1, max: 9 }), (i, delta) => {
        const n = frNir(r, false);
        const bad = n.slice(0, i) + ((Number(n[i]) + delta) % 10) + n.slice(i + 1);
        return isValidNir(n) && !isValidNir(bad);
      }),
    );
  });
});
