import { describe, expect, it } from 'vitest';
import { isPostcodeShape, postcodeCountries } from './postcode.js';

describe('postcodes', () => {
  it('recognises distinctive shapes', () => {
    expect(postcodeCountries('SW1A 1AA')).toContain('GB');
    expect(postcodeCountries('〒100-0005')).toContain('JP');
    expect(postcodeCountries('K1A 0B1')).toContain('CA');
    expect(postcodeCountries('1012 AB')).toContain('NL');
    expect(postcodeCountries('01310-100')).toContain('BR');
    expect(postcodeCountries('310012')).toContain('CN');
  });
  it('returns nothing for what is no postcode', () => {
    expect(postcodeCountries('hello')).toEqual([]);
  });
});

describe('isPostcodeShape', () => {
  it('says whether some country has the shape, like postcodeCountries', () => {
    for (const v of ['SW1A 1AA', '〒100-0005', '10115', ' 310012 ', '75 007', 'hello', '', '12', 'ABC 123'])
      expect(isPostcodeShape(v), v).toBe(postcodeCountries(v).length > 0);
  });
});
