import { describe, expect, it } from 'vitest';
import { isValidNino } from './gb-nino.js';

describe('UK National Insurance number', () => {
  it('accepts well-formed numbers with or without spaces', () => {
    expect(isValidNino('AB123456C')).toBe(true);
    expect(isValidNino('ab 12 34 56 c')).toBe(true);
  });
  it('rejects the letters and prefixes HMRC never allocates, and bad suffixes', () => {
    for (const n of [
      'QQ123456C',
      'DA123456A',
      'AO123456A',
      'BG123456A',
      'GB123456A',
      'ZZ123456A',
      'AB123456E',
      'AB12345C',
    ])
      expect(isValidNino(n)).toBe(false);
  });
});
