import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cnResidentId, rng } from '../../../test/detect/generators.js';
import { isValidCnResidentId, parseCnResidentId } from './cn-resident-id.js';

describe('Chinese resident ID (GB 11643-1999)', () => {
  it('accepts the standard example and python-stdnum test vectors', () => {
    expect(isValidCnResidentId('11010519491231002X')).toBe(true);
    expect(isValidCnResidentId('360426199101010071')).toBe(true);
    expect(isValidCnResidentId('44011320141005001x')).toBe(true);
    expect(parseCnResidentId('11010519491231002X')).toEqual({
      region: 'county',
      birthDate: '1949-12-31',
      sex: 'female',
    });
  });
  it('rejects a wrong check character, an impossible birth date and an unknown province', () => {
    expect(isValidCnResidentId('36042619910102009X')).toBe(false);
    expect(isValidCnResidentId('360426199113010079')).toBe(false);
    expect(isValidCnResidentId('990426199112010074')).toBe(false);
    expect(isValidCnResidentId('11010518991231002X')).toBe(false); // born before 1900
  });
  it('keeps IDs of abolished counties, knowing only the city or province', () => {
    // 120110 was Tianjin's 东郊区 before 1991 (python-stdnum vector).
    expect(parseCnResidentId('120110198012010073')?.region).toMatch(/county|city|province/);
  });
  it('treats the residence permits of Hong Kong, Macao and Taiwan residents as their own kind', () => {
    const body = '81000019900101001';
    const id =
      body +
      '10X98765432'[
        [...body].reduce(
          (s, c, i) => s + Number(c) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i]!,
          0,
        ) % 11
      ];
    expect(parseCnResidentId(id)?.region).toBe('hmt_permit');
  });
  it('rejects birth dates after the latest plausible year', () => {
    expect(parseCnResidentId('11010519491231002X', 1940)).toBeNull();
  });
  it('accepts every generated ID and rejects every single-digit corruption', () => {
    const r = rng(7);
    fc.assert(
      fc.property(fc.nat(), fc.nat(16), fc.integer({ min: 1, max: 9 }), (seed, i, delta) => {
        r.int(0, seed % 3);
        const id = cnResidentId(r);
        const bad = id.slice(0, i) + ((Number(id[i]) + delta) % 10) + id.slice(i + 1);
        return isValidCnResidentId(id) && !isValidCnResidentId(bad);
      }),
    );
  });
});
