import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonValueSplitter } from './json-values.js';

const split = (chunks: string[], max = 10_000) => {
  const s = new JsonValueSplitter(max);
  return [...chunks.flatMap((c) => s.push(c)), ...s.end()];
};

describe('JsonValueSplitter', () => {
  it('yields the elements of a top-level array, with their lines', () => {
    const pieces = split(['[\n {"a": "]}"},\n 2, "x",\n [1, [2]]\n]']);
    expect(pieces.map((p) => JSON.parse(p.text!))).toEqual([{ a: ']}' }, 2, 'x', [1, [2]]]);
    expect(pieces.map((p) => p.line)).toEqual([2, 3, 3, 4]);
  });
  it('yields a sequence of top-level values', () => {
    expect(split(['{"a":1}\n{"b":2} 3']).map((p) => JSON.parse(p.text!))).toEqual([{ a: 1 }, { b: 2 }, 3]);
  });
  it('gives the same pieces whatever the chunking', () => {
    const values = fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 });
    fc.assert(
      fc.property(values, fc.array(fc.nat(), { maxLength: 5 }), (vs, cuts) => {
        const text = JSON.stringify(vs, null, 1);
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let from = 0;
        for (const p of points) {
          chunks.push(text.slice(from, p));
          from = p;
        }
        chunks.push(text.slice(from));
        expect(split(chunks).map((p) => JSON.parse(p.text!))).toEqual(
          vs.map((v) => JSON.parse(JSON.stringify(v))),
        );
      }),
    );
  });
  it('skips values over the cap but counts them', () => {
    const pieces = split([`[${JSON.stringify({ x: 'y'.repeat(100) })}, 1]`], 50);
    expect(pieces[0]).toMatchObject({ text: null, index: 0 });
    expect(pieces[1]).toMatchObject({ text: '1', index: 1 });
  });
  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.string(), (s) => Array.isArray(split([s]))));
  });
});
