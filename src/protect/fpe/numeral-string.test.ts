import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FpeError } from './errors.js';
import { fromNumerals, numRadix, parseAlphabet, rev, strRadix, toNumerals } from './numeral-string.js';

describe('parseAlphabet', () => {
  it('takes the radix from the number of code points', () => {
    expect(parseAlphabet('0123456789', 'test').radix).toBe(10);
    expect(parseAlphabet('𠀀𠀁𠀂', 'test').radix).toBe(3);
  });

  it('rejects a repeated character with DC_FPE_ALPHABET, naming both positions', () => {
    expect(() => parseAlphabet('abcb', 'test')).toThrow(
      'test: alphabet: index 3: character repeats the one at index 1; characters must be unique',
    );
  });

  it('rejects a repeated character beyond the BMP', () => {
    expect(() => parseAlphabet('𠀀a𠀀', 'test')).toThrow(
      expect.objectContaining({ code: 'DC_FPE_ALPHABET' }),
    );
  });

  it('accepts 2 and 65536 characters but not 1 or 65537', () => {
    const symbols = Array.from({ length: 65_537 }, (_, i) => String.fromCodePoint(0x10000 + i));
    expect(parseAlphabet(symbols.slice(0, 2).join(''), 'test').radix).toBe(2);
    expect(parseAlphabet(symbols.slice(0, 65_536).join(''), 'test').radix).toBe(65_536);
    expect(() => parseAlphabet('a', 'test')).toThrow(FpeError);
    expect(() => parseAlphabet(symbols.join(''), 'test')).toThrow(
      expect.objectContaining({ code: 'DC_FPE_ALPHABET' }),
    );
  });

  it('rejects a value that is not a string', () => {
    expect(() => parseAlphabet(10, 'test')).toThrow(expect.objectContaining({ code: 'DC_FPE_ALPHABET' }));
  });
});

describe('toNumerals', () => {
  const mixed = parseAlphabet('a𠀀bé', 'test');

  it('maps each code point to its index in the alphabet', () => {
    expect(Array.from(toNumerals('é𠀀ab𠀀', mixed, 'test'))).toEqual([3, 1, 0, 2, 1]);
  });

  it('counts the index of a foreign character in code points, not UTF-16 units', () => {
    expect(() => toNumerals('𠀀𠀀z', mixed, 'test')).toThrow(
      'test: input: index 2: character is not in the alphabet of radix 4',
    );
  });

  it('does not normalise: a decomposed é is not the precomposed é of the alphabet', () => {
    expect(() => toNumerals('e\u0301', mixed, 'test')).toThrow(
      expect.objectContaining({ code: 'DC_FPE_DOMAIN' }),
    );
  });

  it('round-trips through fromNumerals (property)', () => {
    const symbols = Array.from('a𠀀bé');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...symbols)), (chars) => {
        const text = chars.join('');
        expect(fromNumerals(toNumerals(text, mixed, 'test'), mixed)).toBe(text);
      }),
    );
  });
});

describe('numRadix', () => {
  // NIST SP 800-38G, section 4.5 examples
  it('reads NUM_10(00011010) as 11010 and NUM_2(00011010) as 26', () => {
    const x = [0, 0, 0, 1, 1, 0, 1, 0];
    expect(numRadix(x, 10)).toBe(11010n);
    expect(numRadix(x, 2)).toBe(26n);
  });

  it('reads numeral strings longer than one double-precision chunk exactly', () => {
    const digits = '31415926535897932384626433832795028841971';
    expect(numRadix(Array.from(digits, Number), 10)).toBe(BigInt(digits));
  });

  it('reads the empty numeral string as 0', () => {
    expect(numRadix([], 36)).toBe(0n);
  });
});

describe('strRadix', () => {
  it('writes STR^4_12(559) as [0, 3, 10, 7] (NIST SP 800-38G, section 4.5)', () => {
    expect(Array.from(strRadix(559n, 4, 12))).toEqual([0, 3, 10, 7]);
  });

  it('is the inverse of numRadix for every radix up to 65536 (property)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 65_536 })
          .chain((radix) =>
            fc.tuple(fc.constant(radix), fc.array(fc.integer({ min: 0, max: radix - 1 }), { maxLength: 60 })),
          ),
        ([radix, numerals]) => {
          expect(Array.from(strRadix(numRadix(numerals, radix), numerals.length, radix))).toEqual(numerals);
        },
      ),
    );
  });
});

describe('rev', () => {
  it('reverses REV([1, 3, 5, 7, 9]) to [9, 7, 5, 3, 1] (NIST SP 800-38G, section 4.5)', () => {
    expect(Array.from(rev([1, 3, 5, 7, 9]))).toEqual([9, 7, 5, 3, 1]);
  });
});
