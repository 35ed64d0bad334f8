import { describe, expect, it } from 'vitest';
import { postcodeCountries } from './postcode.js';

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
