import { describe, expect, it } from 'vitest';
import { imei, rng } from '../../../test/detect/generators.js';
import { isValidImei } from './imei.js';

describe('IMEI', () => {
  it('accepts the 3GPP/Wikipedia example and rejects its corruption', () => {
    expect(isValidImei('490154203237518')).toBe(true);
    expect(isValidImei('490154203237519')).toBe(false);
    expect(isValidImei('49015420323751')).toBe(false);
  });
  it('rejects unknown reporting bodies', () => {
    expect(isValidImei('770154203237511')).toBe(false);
  });
  it('accepts generated IMEIs', () => {
    const r = rng(43);
    for (let i = 0; i < 200; i++) expect(isValidImei(imei(r))).toBe(true);
  });
});
