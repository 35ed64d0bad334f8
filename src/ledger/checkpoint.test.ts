import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import rfc6962 from '../../test/vectors/ledger/rfc6962.json' with { type: 'json' };
import vectors from '../../test/vectors/ledger/signed-note.json' with { type: 'json' };
import { fromBase64, toBase64 } from './bytes.js';
import { formatCheckpoint, parseCheckpoint } from './checkpoint.js';

const withoutControlCharacters = (s: string) => [...s].filter((c) => c.codePointAt(0)! >= 0x20).join('');

const root = fromBase64('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=')!;
const good = 'example.com/log\n123\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

function problemsOf(text: string): readonly string[] {
  try {
    parseCheckpoint(text);
    return [];
  } catch (error) {
    expect((error as { code?: string }).code).toBe('DC_LEDGER_CHECKPOINT');
    return (error as { problems: readonly string[] }).problems;
  }
}

describe('parseCheckpoint', () => {
  it('parses the checkpoint of the tlog-checkpoint spec (C2SP)', () => {
    const checkpoint = parseCheckpoint(vectors.c2spCheckpoint.body);
    expect(checkpoint).toEqual({
      origin: 'example.com/behind-the-sofa',
      size: 20852163,
      rootHash: root,
      extensions: [],
    });
  });

  it('parses the Go checksum database tree note (golang/mod sumdb/tlog TestParseTree)', () => {
    const body = `go.sum database tree\n123456789012\n${rfc6962.hasher.sumdbRecord.hashBase64}\n`;
    expect(parseCheckpoint(body)).toMatchObject({ origin: 'go.sum database tree', size: 123456789012 });
  });

  it('keeps extension lines', () => {
    expect(parseCheckpoint(`${good}ext one\nExtendo\n`).extensions).toEqual(['ext one', 'Extendo']);
  });

  it('parses the size 0 of the empty tree', () => {
    expect(parseCheckpoint('log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n').size).toBe(0);
  });

  it.each([
    ['too few lines (transparency-dev/formats)', 'Head\n9944\n', 'at least 3'],
    [
      'an empty origin (transparency-dev/formats)',
      '\n123\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
      'line 1',
    ],
    ['no final newline (transparency-dev/formats)', good.slice(0, -1), 'newline'],
    ['a size that is no number (transparency-dev/formats)', good.replace('123', 'bananas'), 'line 2'],
    ['a negative size (transparency-dev/formats)', good.replace('123', '-34'), 'line 2'],
    [
      'a size too large (transparency-dev/formats)',
      good.replace('123', '3438945738945739845734895735'),
      'line 2',
    ],
    ['a root hash that is not base64 (transparency-dev/formats)', "Log\n123\nThisIsn'tBase64\n", 'line 3'],
    ['a hex size (golang/mod)', good.replace('123', '0xabcdef'), 'line 2'],
    [
      'a root hash of the wrong size (golang/mod)',
      'go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBTOOBIG=\n',
      'line 3',
    ],
    ['a size with a leading zero', good.replace('123', '0123'), 'line 2'],
    ['a size with a plus sign', good.replace('123', '+123'), 'line 2'],
    ['a size with spaces', good.replace('123', ' 123'), 'line 2'],
    ['a size above 2^53 - 1', good.replace('123', '9007199254740992'), '2^53'],
    ['a root hash of 31 bytes', `log\n1\n${toBase64(new Uint8Array(31))}\n`, '31 bytes'],
    ['a root hash without padding', good.replace('q2I=', 'q2I'), 'line 3'],
    ['a root hash with unused bits set', good.replace('q2I=', 'q2J='), 'line 3'],
    ['an empty extension line (trailing newlines)', `${good}\n\n`, 'line 4'],
    ['a blank line then signatures (a whole note)', `${good}\n— log abcd\n`, 'line 4'],
    ['a control character in the origin', `lo\u0001g${good.slice(15)}`, 'control'],
    ['a carriage return', good.replace('\n123', '\r\n123'), 'control'],
  ])('refuses %s with DC_LEDGER_CHECKPOINT', (_why, text, problem) => {
    expect(problemsOf(text).join('; ')).toContain(problem);
  });

  it('lists every problem with its line', () => {
    expect(problemsOf('\n012\nnope\n\n')).toHaveLength(4);
  });
});

describe('formatCheckpoint', () => {
  it('writes the checkpoint of the tlog-checkpoint spec (C2SP)', () => {
    expect(formatCheckpoint({ origin: 'example.com/behind-the-sofa', size: 20852163, rootHash: root })).toBe(
      vectors.c2spCheckpoint.body,
    );
  });

  it('writes the Go checksum database tree note (golang/mod sumdb/tlog TestFormatTree)', () => {
    const rootHash = fromBase64(rfc6962.hasher.sumdbRecord.hashBase64)!;
    expect(formatCheckpoint({ origin: 'go.sum database tree', size: 123456789012, rootHash })).toBe(
      `go.sum database tree\n123456789012\n${rfc6962.hasher.sumdbRecord.hashBase64}\n`,
    );
  });

  it('refuses what it could not parse back, with DC_LEDGER_CHECKPOINT', () => {
    for (const bad of [
      { origin: '', size: 1, rootHash: root },
      { origin: 'a\nb', size: 1, rootHash: root },
      { origin: 'log', size: -1, rootHash: root },
      { origin: 'log', size: 1.5, rootHash: root },
      { origin: 'log', size: 1, rootHash: new Uint8Array(31) },
      { origin: 'log', size: 1, rootHash: root, extensions: [''] },
      { origin: 'log', size: 1, rootHash: root, extensions: ['a\nb'] },
    ]) {
      expect(() => formatCheckpoint(bad)).toThrow(expect.objectContaining({ code: 'DC_LEDGER_CHECKPOINT' }));
    }
  });

  it('round-trips through parseCheckpoint (property)', () => {
    const line = fc
      .string({ unit: 'grapheme', minLength: 1 })
      .map(withoutControlCharacters)
      .filter((s) => s.length > 0);
    fc.assert(
      fc.property(
        line,
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.array(line, { maxLength: 3 }),
        (origin, size, rootHash, extensions) => {
          const text = formatCheckpoint({ origin, size, rootHash, extensions });
          expect(parseCheckpoint(text)).toEqual({ origin, size, rootHash, extensions });
          expect(formatCheckpoint(parseCheckpoint(text))).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });
});
