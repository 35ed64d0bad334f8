import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from './lines.js';

const all = (s: LineSplitter, chunks: string[]) => [...chunks.flatMap((c) => s.push(c)), ...s.end()];

describe('LineSplitter', () => {
  it('returns whole lines whatever the chunking, without line ends', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '\n', '\r', '中') }), { maxLength: 20 }),
        (parts) => {
          const text = parts.join('');
          const lines = all(new LineSplitter(1000), parts).map((l) => l.text);
          const expected = text === '' ? [] : text.split('\n').map((l) => l.replace(/\r$/, ''));
          if (text.endsWith('\n')) expected.pop();
          expect(lines).toEqual(expected);
        },
      ),
    );
  });
  it('caps a line and reports its full length', () => {
    const lines = all(new LineSplitter(5), ['abcdefgh', 'ij\nxy']);
    expect(lines[0]).toEqual({ index: 0, text: 'abcde', truncated: true, length: 10 });
    expect(lines[1]).toEqual({ index: 1, text: 'xy', truncated: false, length: 2 });
  });
});
