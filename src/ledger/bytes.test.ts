import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual, findControlCharacter, fromBase64, fromHex, fromUtf8, toBase64, toHex } from './bytes.js';

describe('toBase64', () => {
  it('encodes the RFC 4648 section 10 test vectors', () => {
    const cases = ['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'Zm9vYmFy'];
    cases.forEach((expected, n) => {
      expect(toBase64(new TextEncoder().encode('foobar'.slice(0, n)))).toBe(expected);
    });
  });

  it('agrees with the platform encoder and round-trips (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = toBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(fromBase64(text)).toEqual(bytes);
      }),
    );
  });
});

describe('fromBase64', () => {
  it('refuses non-canonical or malformed text', () => {
    for (const text of [
      'Zg',
      'Zg=',
      'Zh==',
      'Zm9=',
      'Z===',
      '====',
      'Zm9v\n',
      'Zm-v',
      'Zm_v',
      ' Zm9v',
      'Zg==Zg==',
    ]) {
      expect(fromBase64(text), text).toBeUndefined();
    }
  });
});

describe('hex, UTF-8 and comparison helpers', () => {
  it('round-trip hex', () => {
    expect(toHex(fromHex('00ff10Ab')!)).toBe('00ff10ab');
    expect(fromHex('0')).toBeUndefined();
    expect(fromHex('zz')).toBeUndefined();
  });

  it('refuse bytes that are not UTF-8', () => {
    expect(fromUtf8(Uint8Array.of(0xff))).toBeUndefined();
    expect(fromUtf8(Uint8Array.of(0xe2, 0x80, 0x94))).toBe('\u2014');
  });

  it('compare bytes', () => {
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(bytesEqual(Uint8Array.of(1), Uint8Array.of(1, 2))).toBe(false);
  });

  it('find control characters', () => {
    expect(findControlCharacter('a\nb', true)).toBe(-1);
    expect(findControlCharacter('a\nb', false)).toBe(1);
    expect(findControlCharacter('ab\u001f', true)).toBe(2);
  });
});
