import { describe, expect, it } from 'vitest';
import { isValidCccd } from './vn-cccd.js';

describe('Vietnamese CCCD', () => {
  it('accepts a known province code with a 1900s or 2000s sex/century digit', () => {
    expect(isValidCccd('001090012345')).toBe(true); // Hà Nội, male, born 1990
    expect(isValidCccd('079305012345')).toBe(true); // TP HCM, female, born 2005
  });
  it('rejects unknown provinces and other centuries', () => {
    expect(isValidCccd('003090012345')).toBe(false);
    expect(isValidCccd('001590012345')).toBe(false);
    expect(isValidCccd('00109001234')).toBe(false);
  });
});
