import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verhoeffCheckDigit, verhoeffValid } from './verhoeff.js';

describe('Verhoeff check digit', () => {
  it('matches the published examples', () => {
    // Wikipedia "Verhoeff algorithm": 236 → 3; and 12345 → 1.
    expect(verhoeffCheckDigit('236')).toBe(3);
    expect(verhoeffValid('2363')).toBe(true);
    expect(verhoeffCheckDigit('12345')).toBe(1);
    expect(verhoeffValid('2364')).toBe(false);
  });
  it('detects every single-digit substitution', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{4,15}$/),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (body, at, delta) => {
          const n = body + verhoeffCheckDigit(body);
          const i = at % (n.length - 1);
          const bad = n.slice(0, i) + ((Number(n[i]) + delta) % 10) + n.slice(i + 1);
          return verhoeffValid(n) && !verhoeffValid(bad);
        },
      ),
    );
  });
});
