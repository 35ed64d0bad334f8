import { describe, expect, it } from 'vitest';
import { krRrn, rng } from '../../../test/detect/generators.js';
import { isValidKrRrn, parseKrRrn } from './kr-rrn.js';

describe('Korean resident registration number', () => {
  it('accepts the python-stdnum example and rejects its corruption', () => {
    expect(isValidKrRrn('9710139019902')).toBe(true);
    expect(isValidKrRrn('9710139019903')).toBe(false);
  });
  it('keeps post-2020 numbers (random tail) apart from impossible ones', () => {
    expect(parseKrRrn('9710139019903')).toEqual({ birthYear: 1897, checksumValid: false });
    expect(parseKrRrn('9713139019902')).toBeNull();
  });
  it('accepts generated numbers and catches most single-digit corruptions', () => {
    const r = rng(9);
    let caught = 0;
    for (let i = 0; i < 500; i++) {
      const n = krRrn(r, false);
      expect(isValidKrRrn(n)).toBe(true);
      const at = 7 + (i % 5);
      const bad = n.slice(0, at) + ((Number(n[at]) + 1 + (i % 8)) % 10) + n.slice(at + 1);
      if (!isValidKrRrn(bad)) caught++;
    }
    // (11 − s mod 11) mod 10 maps remainders 0 and 10 alike, so a few corruptions pass.
    expect(caught / 500).toBeGreaterThan(0.85);
  });
});
