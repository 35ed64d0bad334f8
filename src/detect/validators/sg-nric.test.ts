import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rng, sgNric } from '../../../test/detect/generators.js';
import { isValidNric, nricCheckLetter } from './sg-nric.js';

describe('Singapore NRIC/FIN', () => {
  it('accepts the usual examples of each series', () => {
    expect(isValidNric('S1234567D')).toBe(true);
    expect(isValidNric('T1234567J')).toBe(true);
    expect(isValidNric('F1234567N')).toBe(true);
    expect(isValidNric('G1234567X')).toBe(true);
    expect(nricCheckLetter('M1234567')).toBe('K');
  });
  it('rejects a wrong letter or shape', () => {
    expect(isValidNric('S1234567A')).toBe(false);
    expect(isValidNric('X1234567D')).toBe(false);
    expect(isValidNric('S123456D')).toBe(false);
  });
  it('rejects every single-digit corruption', () => {
    const r = rng(5);
    fc.assert(
      fc.property(fc.nat(6), fc.integer({ min: 1, max: 9 }), (i, delta) => {
        const id = sgNric(r);
        const at = i + 1;
        const bad = id.slice(0, at) + ((Number(id[at]) + delta) % 10) + id.slice(at + 1);
        return isValidNric(id) && !isValidNric(bad);
      }),
    );
  });
});
