import { describe, expect, it } from 'vitest';
import { isValidSsn } from './us-ssn.js';

describe('US Social Security number', () => {
  it('accepts numbers the SSA issue rules allow', () => {
    expect(isValidSsn('536901234')).toBe(true);
    expect(isValidSsn('001010001')).toBe(true);
  });
  it('rejects area 000, 666 and 9xx, group 00, serial 0000 and advertising numbers', () => {
    for (const n of [
      '000123456',
      '666123456',
      '912345678',
      '123004567',
      '123450000',
      '078051120',
      '219099999',
      '123456789',
    ])
      expect(isValidSsn(n)).toBe(false);
  });
});
