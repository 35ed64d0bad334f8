import { describe, expect, it } from 'vitest';
import { isCnLandline, isCnMobile } from './cn-phone.js';

describe('Chinese phone numbers', () => {
  it('accepts mobile numbers in allocated prefixes only', () => {
    for (const n of [
      '13812345678',
      '15012345678',
      '16612345678',
      '17712345678',
      '18912345678',
      '19912345678',
    ])
      expect(isCnMobile(n), n).toBe(true);
    for (const n of ['12012345678', '15412345678', '17412345678', '1381234567', '23812345678'])
      expect(isCnMobile(n), n).toBe(false);
  });
  it('accepts fixed lines with a trunk prefix and area code', () => {
    expect(isCnLandline('01062345678')).toBe(true);
    expect(isCnLandline('02187654321')).toBe(true);
    expect(isCnLandline('057187654321')).toBe(true);
    expect(isCnLandline('05718765432')).toBe(true);
    expect(isCnLandline('01002345678')).toBe(false);
    expect(isCnLandline('4008123123')).toBe(false);
  });
});
