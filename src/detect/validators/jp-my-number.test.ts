import { describe, expect, it } from 'vitest';
import { myNumber, rng } from '../../../test/detect/generators.js';
import { isValidMyNumber, myNumberCheckDigit } from './jp-my-number.js';

describe('Japanese Individual Number (My Number)', () => {
  it('accepts the python-stdnum example and rejects its corruption', () => {
    expect(isValidMyNumber('621498320257')).toBe(true);
    expect(isValidMyNumber('621498320258')).toBe(false);
    expect(myNumberCheckDigit('62149832025')).toBe(7);
  });
  it('accepts generated numbers and catches most single-digit corruptions', () => {
    const r = rng(13);
    let caught = 0;
    for (let i = 0; i < 500; i++) {
      const n = myNumber(r);
      expect(isValidMyNumber(n)).toBe(true);
      const at = i % 11;
      const bad = n.slice(0, at) + ((Number(n[at]) + 1 + (i % 8)) % 10) + n.slice(at + 1);
      if (!isValidMyNumber(bad)) caught++;
    }
    expect(caught / 500).toBeGreaterThan(0.85);
  });
});
