import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, rowRecord, sniffDelimiter } from './csv.js';

const parse = (chunks: string[], delimiter = ',', maxFieldChars = 1000) => {
  const p = new CsvParser({ delimiter, maxFieldChars, maxFields: 100 });
  return [...chunks.flatMap((c) => p.push(c)), ...p.end()];
};

describe('CsvParser', () => {
  it('reads quoted fields with doubled quotes, delimiters and line breaks inside', () => {
    const rows = parse(['name,note\r\n"Zhang, Wei","said ""hi""\nthen left"\r\n', 'Li,ok']);
    expect(rows.map((r) => r.fields)).toEqual([
      ['name', 'note'],
      ['Zhang, Wei', 'said "hi"\nthen left'],
      ['Li', 'ok'],
    ]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 4]);
  });
  it('gives the same rows whatever the chunking', () => {
    const text = 'a,b\n"x,1","y\n2"\n3,"4"""\n';
    const whole = parse([text]).map((r) => r.fields);
    fc.assert(
      fc.property(fc.array(fc.nat(text.length), { maxLength: 6 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: string[] = [];
        let from = 0;
        for (const p of points) {
          chunks.push(text.slice(from, p));
          from = p;
        }
        chunks.push(text.slice(from));
        expect(parse(chunks).map((r) => r.fields)).toEqual(whole);
      }),
    );
  });
  it('caps long fields and never throws on arbitrary input', () => {
    expect(parse(['x'.repeat(50)], ',', 10)[0]).toMatchObject({ truncated: true, fields: ['x'.repeat(10)] });
    fc.assert(fc.property(fc.string(), (s) => Array.isArray(parse([s]))));
  });
  it('guesses tab, comma and semicolon delimiters', () => {
    expect(sniffDelimiter('a\tb\tc\n1\t2\t3')).toBe('\t');
    expect(sniffDelimiter('a,b\n1,2')).toBe(',');
    expect(sniffDelimiter('a;b;c\n1;2;3')).toBe(';');
    expect(sniffDelimiter('just text')).toBeNull();
  });
  it('names columns beyond the header', () => {
    expect(rowRecord(['a'], ['1', '2'])).toEqual({ a: '1', column_2: '2' });
  });
});
