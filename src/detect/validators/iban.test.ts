import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iban, rng } from '../../../test/detect/generators.js';
import { IBAN_LENGTHS, isValidIban } from './iban.js';

describe('IBAN (ISO 13616)', () => {
  it('accepts the registry examples', () => {
    expect(isValidIban('GB82WEST12345698765432')).toBe(true);
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban('FR1420041010050500013M02606')).toBe(true);
    expect(isValidIban('NL91ABNA0417164300')).toBe(true);
    expect(isValidIban('BE68539007547034')).toBe(true);
  });
  it('rejects a wrong check, a wrong length for the country and an unknown country', () => {
    expect(isValidIban('GB82WEST12345698765433')).toBe(false);
    expect(isValidIban('GB82WEST1234569876543')).toBe(false);
    expect(isValidIban('QQ82WEST12345698765432')).toBe(false);
  });
  it('knows the length of every registered country', () => {
    expect(IBAN_LENGTHS.size).toBeGreaterThan(80);
    expect(IBAN_LENGTHS.get('NO')).toBe(15);
    expect(IBAN_LENGTHS.get('RU')).toBe(33);
  });
  it('rejects every single-character corruption of generated IBANs', () => {
    const r = rng(37);
    fc.assert(
      fc.property(fc.nat(40), fc.integer({ min: 1, max: 9 }), (at, delta) => {
        const n = iban(r, undefined, false);
        const i = 2 + (at % (n.length - 2));
        if (!/\d/.test(n[i]!)) return true;
        const bad = n.slice(0, i) + ((Number(n[i]) + delta) % 10) + n.slice(i + 1);
        return isValidIban(n) && !isValidIban(bad);
      }),
    );
  });
});
