import { describe, expect, it } from 'vitest';
import { isValidPersonalPan, panHolderType } from './in-pan.js';

describe('Indian PAN', () => {
  it('reads the holder type from the fourth letter', () => {
    expect(panHolderType('ABCPE1234F')).toBe('P');
    expect(panHolderType('AAACR5055K')).toBe('C');
    expect(isValidPersonalPan('ABCPE1234F')).toBe(true);
  });
  it('rejects unknown holder types, serial 0000 and bad shapes', () => {
    expect(panHolderType('ABCXE1234F')).toBeNull();
    expect(panHolderType('ABCPE0000F')).toBeNull();
    expect(panHolderType('ABCPE1234')).toBeNull();
  });
});
