import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import vectors from '../../test/vectors/ledger/signed-note.json' with { type: 'json' };
import { utf8 } from './bytes.js';
import { formatNote, openNote, parseNote, signNote } from './note.js';
import { generateNoteKey } from './note-key.js';

const withoutControlCharacters = (s: string) => [...s].filter((c) => c.codePointAt(0)! >= 0x20).join('');

const { go } = vectors;
const peterSig = go.peterSignatureLine;
const enochSig = go.enochSignatureLine;

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? 'no code';
  }
}

describe('signNote', () => {
  it('produces the signed note of the Go vector byte for byte (golang/mod TestSign)', () => {
    expect(signNote(go.text, go.peterSignerKey)).toBe(`${go.text}\n${peterSig}`);
  });

  it('signs with several keys, one line each', () => {
    const a = generateNoteKey('a.example/log', new Uint8Array(32).fill(1));
    const b = generateNoteKey('b.example/log', new Uint8Array(32).fill(2));
    const note = signNote('hello\n', [a.signerKey, b.signerKey]);
    expect(parseNote(note).signatures.map((s) => s.name)).toEqual(['a.example/log', 'b.example/log']);
    expect(openNote(note, [a.verifierKey, b.verifierKey]).signatures).toHaveLength(2);
  });

  it('refuses a text without a final newline or with control characters (DC_LEDGER_NOTE_MALFORMED)', () => {
    expect(codeOf(() => signNote('abc', go.peterSignerKey))).toBe('DC_LEDGER_NOTE_MALFORMED');
    expect(codeOf(() => signNote('a\u0001b\n', go.peterSignerKey))).toBe('DC_LEDGER_NOTE_MALFORMED');
    expect(codeOf(() => signNote('', go.peterSignerKey))).toBe('DC_LEDGER_NOTE_MALFORMED');
  });

  it('refuses a bad signer key with DC_LEDGER_KEY', () => {
    expect(codeOf(() => signNote('abc\n', 'PRIVATE+KEY+nope'))).toBe('DC_LEDGER_KEY');
    expect(codeOf(() => signNote('abc\n', []))).toBe('DC_LEDGER_KEY');
  });
});

describe('openNote', () => {
  it('opens the signed-note spec example (C2SP)', () => {
    const opened = openNote(vectors.c2spExample.note, [vectors.c2spExample.verifierKey]);
    expect(opened.text).toBe(vectors.c2spExample.text);
    expect(opened.signatures.map((s) => s.name)).toEqual(['example.com/foo']);
  });

  it('verifies the known signature and sets the unknown one aside (golang/mod TestOpen)', () => {
    const opened = openNote(`${go.text}\n${peterSig}${enochSig}`, [go.peterVerifierKey]);
    expect(opened.text).toBe(go.text);
    expect(opened.signatures.map((s) => [s.name, s.keyId])).toEqual([['PeterNeumann', 0xc74f20a3]]);
    expect(opened.unverifiedSignatures.map((s) => [s.name, s.keyId])).toEqual([['EnochRoot', 0xaf0cfe78]]);
  });

  it('verifies both signatures when both keys are known', () => {
    const opened = openNote(`${go.text}\n${peterSig}${enochSig}`, [go.peterVerifierKey, go.enochVerifierKey]);
    expect(opened.signatures.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(opened.unverifiedSignatures).toEqual([]);
  });

  it('accepts bytes as well as a string', () => {
    expect(openNote(utf8(`${go.text}\n${peterSig}`), go.peterVerifierKey).text).toBe(go.text);
  });

  describe('when no signature is by a known key', () => {
    it('rejects the note with DC_LEDGER_NOTE_UNVERIFIED', () => {
      expect(codeOf(() => openNote(`${go.text}\n${peterSig}${enochSig}`, []))).toBe(
        'DC_LEDGER_NOTE_UNVERIFIED',
      );
      expect(codeOf(() => openNote(vectors.c2spExample.note, [go.peterVerifierKey]))).toBe(
        'DC_LEDGER_NOTE_UNVERIFIED',
      );
    });

    it('ignores a signature that shares only the name or only the key ID of a known key', () => {
      const sameName = peterSig.replace('x08go', 'x08gp');
      const otherName = peterSig.replace('PeterNeumann', 'PeterNeumanm');
      expect(codeOf(() => openNote(`${go.text}\n${sameName}`, [go.peterVerifierKey]))).toBe(
        'DC_LEDGER_NOTE_UNVERIFIED',
      );
      expect(codeOf(() => openNote(`${go.text}\n${otherName}`, [go.peterVerifierKey]))).toBe(
        'DC_LEDGER_NOTE_UNVERIFIED',
      );
    });
  });

  describe('when a signature by a known key does not verify', () => {
    it('rejects the whole note with DC_LEDGER_NOTE_SIGNATURE (golang/mod TestOpen)', () => {
      const bad = `${peterSig.slice(0, 60)}ABCD${peterSig.slice(60)}`;
      expect(codeOf(() => openNote(`${go.text}\n${bad}`, [go.peterVerifierKey]))).toBe(
        'DC_LEDGER_NOTE_SIGNATURE',
      );
    });

    it('rejects the note even when another known signature verifies', () => {
      const corrupted = `${enochSig.slice(0, 40)}AAAA${enochSig.slice(44)}`;
      expect(
        codeOf(() =>
          openNote(`${go.text}\n${peterSig}${corrupted}`, [go.peterVerifierKey, go.enochVerifierKey]),
        ),
      ).toBe('DC_LEDGER_NOTE_SIGNATURE');
    });

    it('rejects a signature over a changed text', () => {
      const changed = `${go.text.replace('problem', 'Problem')}\n${peterSig}`;
      expect(codeOf(() => openNote(changed, [go.peterVerifierKey]))).toBe('DC_LEDGER_NOTE_SIGNATURE');
    });
  });

  it('drops duplicate signatures, verified or not (golang/mod TestOpen)', () => {
    const enochABCD = `${enochSig.slice(0, 60)}ABCD${enochSig.slice(60)}`;
    const opened = openNote(`${go.text}\n${peterSig}${peterSig}${enochSig}${enochSig}${enochABCD}`, [
      go.peterVerifierKey,
    ]);
    expect(opened.signatures).toHaveLength(1);
    expect(opened.unverifiedSignatures).toHaveLength(2);
  });

  it('refuses two different verifier keys with the same name and key ID, when used', () => {
    const other = 'PeterNeumann+c74f20a3+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    expect(codeOf(() => openNote(`${go.text}\n${peterSig}`, [go.peterVerifierKey, other]))).toBe(
      'DC_LEDGER_KEY',
    );
  });

  it('accepts the same verifier key given twice', () => {
    expect(
      openNote(`${go.text}\n${peterSig}`, [go.peterVerifierKey, go.peterVerifierKey]).signatures,
    ).toHaveLength(1);
  });

  it('refuses more than 100 signatures as malformed', () => {
    expect(codeOf(() => openNote(`${go.text}\n${peterSig.repeat(101)}`, [go.peterVerifierKey]))).toBe(
      'DC_LEDGER_NOTE_MALFORMED',
    );
    expect(openNote(`${go.text}\n${peterSig.repeat(100)}`, [go.peterVerifierKey]).signatures).toHaveLength(1);
  });

  it.each([
    ['no blank line', go.text],
    ['no signature', `${go.text}\n`],
    ['no final newline', `${go.text}\n${peterSig.slice(0, -1)}`],
    ['a control character', `\u0001${go.text}\n${peterSig}`],
    [
      'a key name with a space',
      `${go.text}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
    ],
    ['a line after the signatures', `${go.text}\n${peterSig}Unexpected line.\n`],
    ['a signature of 4 bytes', `${go.text}\n— PeterNeumann x08gow==\n`],
    ['a plain hyphen for the dash', `${go.text}\n${peterSig.replace('—', '-')}`],
    ['a lone surrogate', `\ud800${go.text}\n${peterSig}`],
  ])('refuses a note with %s as DC_LEDGER_NOTE_MALFORMED (golang/mod TestOpen)', (_why, note) => {
    expect(codeOf(() => openNote(note, [go.peterVerifierKey]))).toBe('DC_LEDGER_NOTE_MALFORMED');
  });

  it('refuses bytes that are not UTF-8 as DC_LEDGER_NOTE_MALFORMED', () => {
    const bytes = new Uint8Array([0xff, ...utf8(`${go.text}\n${peterSig}`)]);
    expect(codeOf(() => openNote(bytes, [go.peterVerifierKey]))).toBe('DC_LEDGER_NOTE_MALFORMED');
  });

  it('opens what signNote signs, for any text (property)', () => {
    const key = generateNoteKey('prop.example/log', new Uint8Array(32).fill(3));
    const line = fc.string({ unit: 'grapheme' }).map(withoutControlCharacters);
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
        const text = `${lines.join('\n')}\n`;
        const opened = openNote(signNote(text, key.signerKey), [key.verifierKey]);
        expect(opened.text).toBe(text);
      }),
      { numRuns: 100 },
    );
  });
});

describe('formatNote', () => {
  it('puts a parsed note back together byte for byte', () => {
    const note = `${go.text}\n${peterSig}${enochSig}`;
    const parsed = parseNote(note);
    expect(formatNote(parsed.text, parsed.signatures)).toBe(note);
  });
});
