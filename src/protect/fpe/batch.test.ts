import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNodeAes } from './aes.js';
import { FpeError } from './errors.js';
import { createFf1, ff1 } from './ff1.js';
import { createFf3Feistel, ff3_1, splitFf3_1Tweak } from './ff3-1.js';
import type { FpeCipher } from './fpe.types.js';
import { parseAlphabet } from './numeral-string.js';

const ALPHABETS = ['0123456789', '0123456789abcdefghijklmnopqrstuvwxyz', '01'];

// Lengths on both sides of the point where a half stops fitting a double (radix^half > 2^45): the batch and
// single paths run on doubles below it and on bigints above it, and must agree everywhere.
const values = (alphabet: string) =>
  fc.array(
    fc
      .integer({ min: 6, max: 40 })
      .chain((n) => fc.string({ unit: fc.constantFrom(...alphabet), minLength: n, maxLength: n })),
    { minLength: 0, maxLength: 12 },
  );

// Each cipher beside the same cipher held on bigints for every length: the reference for the double path.
function pairs(alphabet: string, key: Uint8Array, tweak: Uint8Array): [FpeCipher, FpeCipher][] {
  const parsed = parseAlphabet(alphabet, 'test');
  const reversed = Uint8Array.from(key).reverse();
  const { left, right } = splitFf3_1Tweak(tweak.subarray(0, 7));
  return [
    [ff1({ key, tweak, alphabet }), createFf1(createNodeAes(key), tweak, parsed, { doubles: false })],
    [
      ff3_1({ key, tweak: tweak.subarray(0, 7), alphabet }),
      createFf3Feistel(createNodeAes(reversed), left, right, parsed, 'ff3-1', { doubles: false }),
    ],
  ];
}

const cases = fc.constantFrom(...ALPHABETS).chain((alphabet) =>
  fc.record({
    alphabet: fc.constant(alphabet),
    key: fc.constantFrom(16, 24, 32).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
    tweak: fc.uint8Array({ minLength: 7, maxLength: 20 }),
    xs: values(alphabet),
  }),
);

describe('encryptAll and decryptAll', () => {
  it('agree with the bigint reference on each value, in input order, for any mix of lengths', () => {
    fc.assert(
      fc.property(cases, ({ alphabet, key, tweak, xs }) => {
        for (const [cipher, reference] of pairs(alphabet, key, tweak)) {
          const inDomain = xs.filter((x) => x.length >= cipher.minLength && x.length <= cipher.maxLength);
          const hidden = cipher.encryptAll(inDomain);
          expect(hidden).toEqual(inDomain.map((x) => reference.encrypt(x)));
          expect(hidden).toEqual(inDomain.map((x) => cipher.encrypt(x)));
          expect(cipher.decryptAll(hidden)).toEqual(inDomain);
          expect(hidden.map((y) => reference.decrypt(y))).toEqual(inDomain);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('names a bad value by its position, never by its content, and returns nothing', () => {
    const cipher = ff1({ key: new Uint8Array(16), tweak: new Uint8Array() });
    let thrown: unknown;
    try {
      cipher.encryptAll(['4111111111111111', '41111111x1111111']);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(FpeError);
    expect((thrown as FpeError).code).toBe('DC_FPE_DOMAIN');
    expect((thrown as FpeError).message).toBe(
      'ff1: values[1]: input: index 8: character is not in the alphabet of radix 10',
    );
    expect(() => cipher.encryptAll(['123'])).toThrow(/values\[0\]: input: length 3 is outside the domain/);
  });
});
