import { describe, expect, it } from 'vitest';
import { cpf, rng } from '../../../test/detect/generators.js';
import { cpfCheckDigits, isValidCpf } from './br-cpf.js';

describe('Brazilian CPF', () => {
  it('accepts the published examples and rejects corruptions and repeated digits', () => {
    expect(isValidCpf('39053344705')).toBe(true);
    expect(isValidCpf('52998224725')).toBe(true);
    expect(cpfCheckDigits('529982247')).toBe('25');
    expect(isValidCpf('23100299900')).toBe(false);
    expect(isValidCpf('11111111111')).toBe(false);
    expect(isValidCpf('5299822472')).toBe(false);
  });
  it('accepts generated numbers', () => {
    const r = rng(17);
    for (let i = 0; i < 300; i++) expect(isValidCpf(cpf(r, false))).toBe(true);
  });
});
