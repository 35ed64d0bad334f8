import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luhnCheckDigit, luhnValid } from './luhn.js';

describe('Luhn (ISO/IEC 7812-1 Annex B)', () => {
  it('accepts the published examples and rejects their corruptions', () => {
    // Wikipedia "Luhn algorithm" and the PCI test card numbers.
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('5555555555554444')).toBe(true);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
  it('computes the check digit that makes a number valid', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
    fc.assert(fc.property(fc.stringMatching(/^\d{1,30}$/), (body) => luhnValid(body + luhnCheckDigit(body))));
  });
  it('detects every single-digit substitution', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{5,18}$/),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (body, at, delta) => {
          const n = body + luhnCheckDigit(body);
          const i = at % n.length;
          const bad = n.slice(0, i) + ((Number(n[i]) + delta) % 10) + n.slice(i + 1);
          return !luhnValid(bad);
        },
      ),
    );
  });
  it('rejects non-digits and too-short input', () => {
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('0')).toBe(false);
    expect(luhnValid('4111-1111')).toBe(false);
  });
});
