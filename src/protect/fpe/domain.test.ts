import { describe, expect, it } from 'vitest';
import { assertLengthInDomain, ff3_1MaxLengthFor, minLengthFor } from './domain.js';

describe('minLengthFor', () => {
  it.each([
    [2, 20],
    [10, 6],
    [26, 5],
    [36, 4],
    [64, 4],
    [1000, 2],
    [65_536, 2],
  ])(
    'needs radix %i to have inputs of at least %i numerals so the domain reaches 1,000,000',
    (radix, min) => {
      expect(minLengthFor(radix)).toBe(min);
      expect(BigInt(radix) ** BigInt(min)).toBeGreaterThanOrEqual(1_000_000n);
      if (min > 2) expect(BigInt(radix) ** BigInt(min - 1)).toBeLessThan(1_000_000n);
    },
  );
});

describe('ff3_1MaxLengthFor', () => {
  it.each([
    [2, 192],
    [10, 56],
    [26, 40],
    [36, 36],
    [64, 32],
    [65_536, 12],
  ])('allows radix %i at most %i numerals, 2 * floor(log_radix(2^96))', (radix, max) => {
    expect(ff3_1MaxLengthFor(radix)).toBe(max);
  });

  it('is exact where log_radix(2^96) is an integer', () => {
    expect(ff3_1MaxLengthFor(256)).toBe(24);
    expect(ff3_1MaxLengthFor(4096)).toBe(16);
  });
});

describe('assertLengthInDomain', () => {
  it('accepts both bounds and rejects one past each with DC_FPE_DOMAIN', () => {
    expect(() => assertLengthInDomain(6, 6, 56, 'test')).not.toThrow();
    expect(() => assertLengthInDomain(56, 6, 56, 'test')).not.toThrow();
    expect(() => assertLengthInDomain(5, 6, 56, 'test')).toThrow(
      expect.objectContaining({ code: 'DC_FPE_DOMAIN' }),
    );
    expect(() => assertLengthInDomain(57, 6, 56, 'test')).toThrow(
      'test: input: length 57 is outside the domain; this alphabet needs 6 to 56 characters',
    );
  });
});
