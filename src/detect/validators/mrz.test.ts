import { describe, expect, it } from 'vitest';
import { mrzTd3, rng } from '../../../test/detect/generators.js';
import { isValidTd3Line2 } from './mrz.js';

describe('machine-readable zones', () => {
  it('accepts the ICAO Doc 9303 specimen passport line', () => {
    expect(isValidTd3Line2('L898902C36UTO7408122F1204159ZE184226B<<<<<10')).toBe(true);
  });
  it('rejects a corrupted document number, birth date or composite digit', () => {
    expect(isValidTd3Line2('L898902C46UTO7408122F1204159ZE184226B<<<<<10')).toBe(false);
    expect(isValidTd3Line2('L898902C36UTO7408132F1204159ZE184226B<<<<<10')).toBe(false);
    expect(isValidTd3Line2('L898902C36UTO7408122F1204159ZE184226B<<<<<11')).toBe(false);
  });
  it('accepts generated passports', () => {
    const r = rng(47);
    for (let i = 0; i < 100; i++) expect(isValidTd3Line2(mrzTd3(r).split('\n')[1]!)).toBe(true);
  });
});
