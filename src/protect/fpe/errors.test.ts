import { describe, expect, it } from 'vitest';
import { FpeError } from './errors.js';

describe('FpeError', () => {
  it('is an Error carrying its code and name', () => {
    const error = new FpeError('DC_FPE_DOMAIN', 'ff1: input: length 3 is outside the domain');
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('DC_FPE_DOMAIN');
    expect(error.name).toBe('FpeError');
    expect(error.message).toBe('ff1: input: length 3 is outside the domain');
  });
});
