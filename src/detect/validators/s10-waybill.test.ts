import { describe, expect, it } from 'vitest';
import { isValidS10 } from './s10-waybill.js';

describe('UPU S10 item identifiers', () => {
  it('accepts the UPU example and rejects its corruption', () => {
    expect(isValidS10('RA473124829CN')).toBe(true);
    expect(isValidS10('RA473124828CN')).toBe(false);
    expect(isValidS10('RA47312482CN')).toBe(false);
  });
});
