import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mod11_2Check, mod11_2Valid, mod11_10Check, mod97 } from './iso7064.js';

describe('ISO 7064 MOD 11-2', () => {
  it('accepts ORCID identifiers (ORCID uses MOD 11-2), including the X check character', () => {
    // orcid.org support: "Structure of the ORCID identifier".
    expect(mod11_2Valid('0000000218250097')).toBe(true);
    expect(mod11_2Valid('0000000151093700')).toBe(true);
    expect(mod11_2Valid('000000021694233X')).toBe(true);
    expect(mod11_2Valid('000000021694233x')).toBe(true);
    expect(mod11_2Valid('0000000218250098')).toBe(false);
  });
  it('gives the GB 11643-1999 example resident ID its X', () => {
    expect(mod11_2Check('11010519491231002')).toBe('X');
  });
  it('detects every single-digit substitution and every adjacent transposition', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{17}$/),
        fc.nat(16),
        fc.integer({ min: 1, max: 9 }),
        (body, i, delta) => {
          const n = body + mod11_2Check(body);
          const bad = n.slice(0, i) + ((Number(n[i]) + delta) % 10) + n.slice(i + 1);
          const swapped = n[i] === n[i + 1] ? n : n.slice(0, i) + n[i + 1] + n[i] + n.slice(i + 2);
          return !mod11_2Valid(bad) && (swapped === n || !mod11_2Valid(swapped));
        },
      ),
    );
  });
});

describe('ISO 7064 MOD 11,10', () => {
  it('gives the German tax ID example its check digit', () => {
    expect(mod11_10Check('8609574271')).toBe(9);
  });
});

describe('ISO 7064 MOD 97-10', () => {
  it('reads letters as 10–35 and handles any length', () => {
    // ISO 13616: GB82 WEST 1234 5698 7654 32 rearranged is 1 mod 97.
    expect(mod97('WEST12345698765432GB82')).toBe(1);
    expect(mod97('3214282912345698765432161182')).toBe(1);
    expect(mod97('1'.repeat(500))).toBe(Number(BigInt('1'.repeat(500)) % 97n));
  });
  it('returns -1 for characters outside 0-9 and A-Z', () => {
    expect(mod97('12-3')).toBe(-1);
  });
});
