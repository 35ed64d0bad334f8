import { describe, expect, it } from 'vitest';
import { maskValue } from './mask.js';

describe('masked examples', () => {
  it('keep the shape of a value and hide most of it', () => {
    expect(maskValue('13812345678', 'user.contact.phone_number')).toBe('138******78');
    expect(maskValue('zhang.wei@example.com', 'user.contact.email')).toBe('z***@example.com');
    expect(maskValue('张伟', 'user.name')).toBe('张*');
    expect(
      maskValue(
        '11010519491231002X',
        'user.government_id.national_identification_number.cn_resident_id',
        'core',
      ),
    ).toBe('11**************2X');
    expect(maskValue('4111 1111 1111 1111', 'user.financial.bank_card', 'core')).toBe('41** **** **** **11');
  });
  it('never return more than a few characters of the original', () => {
    const v = 'Hauptstraße 5, 10115 Berlin';
    const m = maskValue(v, 'user.contact.address');
    expect([...m].filter((c, i) => c === [...v][i] && /[\p{L}\p{N}]/u.test(c)).length).toBeLessThanOrEqual(3);
  });
});
