import { describe, expect, it } from 'vitest';
import { isValidBic } from './swift-bic.js';

describe('SWIFT BIC (ISO 9362)', () => {
  it('accepts 8- and 11-character codes with a real country', () => {
    expect(isValidBic('DEUTDEFF')).toBe(true);
    expect(isValidBic('BKCHCNBJ110')).toBe(true);
  });
  it('rejects unknown countries and test codes', () => {
    expect(isValidBic('DEUTQQFF')).toBe(false);
    expect(isValidBic('DEUTDEF0')).toBe(false);
    expect(isValidBic('DEUTDEF')).toBe(false);
  });
});
