import { describe, expect, it } from 'vitest';
import { rng, thaiId } from '../../../test/detect/generators.js';
import { isValidThaiId } from './th-national-id.js';

describe('Thai national ID', () => {
  it('accepts the python-stdnum examples and rejects corruptions', () => {
    expect(isValidThaiId('3100600445635')).toBe(true);
    expect(isValidThaiId('1234545678781')).toBe(true);
    expect(isValidThaiId('1234545678789')).toBe(false);
    expect(isValidThaiId('9100600445635')).toBe(false);
  });
  it('accepts generated numbers', () => {
    const r = rng(29);
    for (let i = 0; i < 300; i++) expect(isValidThaiId(thaiId(r, false))).toBe(true);
  });
});
