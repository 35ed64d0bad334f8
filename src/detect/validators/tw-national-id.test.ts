import { describe, expect, it } from 'vitest';
import { rng, twId } from '../../../test/detect/generators.js';
import { isValidTwNationalId } from './tw-national-id.js';

describe('Taiwan national ID', () => {
  it('accepts the textbook example and rejects its corruption', () => {
    expect(isValidTwNationalId('A123456789')).toBe(true);
    expect(isValidTwNationalId('A123456788')).toBe(false);
    expect(isValidTwNationalId('A323456789')).toBe(false);
  });
  it('accepts generated numbers', () => {
    const r = rng(3);
    for (let i = 0; i < 200; i++) expect(isValidTwNationalId(twId(r))).toBe(true);
  });
});
