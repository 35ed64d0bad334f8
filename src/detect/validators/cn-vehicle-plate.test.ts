import { describe, expect, it } from 'vitest';
import { isCnPlate } from './cn-vehicle-plate.js';

describe('Chinese vehicle plates', () => {
  it('accepts ordinary and new-energy plates', () => {
    for (const p of ['京A12345', '粤B·D12345', '沪AD12345', '浙A12345F', '川A1B2C3'.slice(0, 7)])
      expect(isCnPlate(p), p).toBe(true);
  });
  it('rejects unknown provinces, I and O, and wrong lengths', () => {
    for (const p of ['港A12345', '京I12345', '京A1234', '京A1234567']) expect(isCnPlate(p), p).toBe(false);
  });
});
