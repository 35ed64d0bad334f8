import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numBytes, writeBytes, writeUint32 } from './byte-string.js';

describe('numBytes', () => {
  it('reads bytes most significant first, as NUM(X) in NIST SP 800-38G Algorithm 2', () => {
    // NIST SP 800-38G, section 4.5 example: NUM(10000000) = 128
    expect(numBytes(Uint8Array.of(0b10000000))).toBe(128n);
    expect(numBytes(Uint8Array.of(0x01, 0x02, 0x03, 0x04, 0x05))).toBe(0x0102030405n);
  });

  it('reads the empty byte string as 0', () => {
    expect(numBytes(new Uint8Array())).toBe(0n);
  });

  it('reads only the requested range', () => {
    expect(numBytes(Uint8Array.of(0xff, 0x12, 0x34, 0xff), 1, 3)).toBe(0x1234n);
  });
});

describe('writeBytes', () => {
  it('writes [x]^s big-endian and left-padded with zeros', () => {
    const out = new Uint8Array(7).fill(0xee);
    writeBytes(0x0a0b0cn, 5, out, 1);
    expect(Array.from(out)).toEqual([0xee, 0, 0, 0x0a, 0x0b, 0x0c, 0xee]);
  });

  it('is the inverse of numBytes for every length (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const out = new Uint8Array(bytes.length);
        writeBytes(numBytes(bytes), bytes.length, out);
        expect(out).toEqual(bytes);
      }),
    );
  });
});

describe('writeUint32', () => {
  it('writes [x]^4 big-endian', () => {
    const out = new Uint8Array(4);
    writeUint32(0xfedcba98, out, 0);
    expect(Array.from(out)).toEqual([0xfe, 0xdc, 0xba, 0x98]);
  });
});
