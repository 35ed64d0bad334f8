import { describe, expect, it } from 'vitest';
import { isValidNik } from './id-nik.js';

describe('Indonesian NIK', () => {
  it('accepts the python-stdnum example and women’s numbers (day + 40)', () => {
    expect(isValidNik('3171011708450001')).toBe(true);
    expect(isValidNik('3171015708450001')).toBe(true);
  });
  it('rejects an unknown province, an impossible date and a bad length', () => {
    expect(isValidNik('9971011708450001')).toBe(false);
    expect(isValidNik('3171013002001234')).toBe(false);
    expect(isValidNik('31710117084500')).toBe(false);
  });
});
