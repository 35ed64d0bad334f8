import { describe, expect, it } from 'vitest';
import vectors from '../../test/vectors/ledger/signed-note.json' with { type: 'json' };
import { fromBase64, toBase64, utf8 } from './bytes.js';
import {
  cosignatureTimestamp,
  cosignCheckpoint,
  generateCosignerKey,
  verifyCosignature,
} from './cosignature.js';
import { cosignatureV1Message } from './cosignature-message.js';
import { openNote, parseNote, signNote } from './note.js';
import { generateNoteKey, parseVerifierKey, toCosignatureVerifierKey } from './note-key.js';

const body = vectors.c2spCheckpoint.body;
const witness = generateCosignerKey('auditor.example/witness', new Uint8Array(32).fill(4));

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('cosignatureV1Message', () => {
  it('is the header line, the time line and the checkpoint body (tlog-cosignature example)', () => {
    expect(cosignatureV1Message(body, vectors.c2spCheckpoint.cosignatureTime)).toEqual(
      utf8(vectors.c2spCheckpoint.cosignedMessage),
    );
  });
});

describe('cosignatureTimestamp', () => {
  it('reads the time of the tlog-cosignature example (C2SP)', () => {
    expect(cosignatureTimestamp(vectors.c2spCheckpoint.cosignatureLine)).toBe(
      vectors.c2spCheckpoint.cosignatureTime,
    );
  });

  it('reads the time of a published cosignature (transparency-dev/formats TestCosignatureTimestamp)', () => {
    const signature = { name: 'x', keyId: 0, base64: vectors.formats.timestampedSignature };
    expect(cosignatureTimestamp(signature)).toBe(vectors.formats.timestamp);
  });

  it('refuses a plain Ed25519 signature or gibberish with DC_LEDGER_COSIGNATURE', () => {
    expect(
      codeOf(() => cosignatureTimestamp({ name: 'x', keyId: 0, base64: vectors.formats.plainSignature })),
    ).toBe('DC_LEDGER_COSIGNATURE');
    expect(codeOf(() => cosignatureTimestamp('5%/$!\n 2'))).toBe('DC_LEDGER_COSIGNATURE');
  });
});

describe('cosignCheckpoint', () => {
  it('makes a type 0x04 signature line that verifyCosignature and openNote accept', () => {
    const cosignature = cosignCheckpoint(body, witness.signerKey, 1700000000);
    expect(cosignature.keyId).toBe(parseVerifierKey(witness.verifierKey).keyId);
    expect(cosignature.line.startsWith('— auditor.example/witness ')).toBe(true);
    expect(verifyCosignature(body, cosignature.line, witness.verifierKey).timestamp).toBe(1700000000);

    const log = generateNoteKey('example.com/behind-the-sofa', new Uint8Array(32).fill(5));
    const note = signNote(body, log.signerKey) + cosignature.line;
    const opened = openNote(note, [log.verifierKey, witness.verifierKey]);
    expect(opened.signatures.map((s) => [s.type, s.timestamp])).toEqual([
      ['ed25519', undefined],
      ['cosignature/v1', 1700000000],
    ]);
  });

  it('is deterministic for the same key, body and time', () => {
    expect(cosignCheckpoint(body, witness.signerKey, 5).base64).toBe(
      cosignCheckpoint(body, witness.signerKey, 5).base64,
    );
  });

  it('refuses to cosign a whole note or any text that is not a checkpoint body', () => {
    expect(
      codeOf(() =>
        cosignCheckpoint(`${body}\n${vectors.c2spCheckpoint.logSignatureLine}`, witness.signerKey, 1),
      ),
    ).toBe('DC_LEDGER_COSIGNATURE');
    expect(codeOf(() => cosignCheckpoint('hello\n', witness.signerKey, 1))).toBe('DC_LEDGER_COSIGNATURE');
  });

  it('refuses a time that is not whole non-negative seconds', () => {
    for (const time of [-1, 1.5, Number.NaN, 2 ** 53]) {
      expect(codeOf(() => cosignCheckpoint(body, witness.signerKey, time))).toBe('DC_LEDGER_ARGUMENT');
    }
  });
});

describe('verifyCosignature', () => {
  const line = cosignCheckpoint(body, witness.signerKey, 1234).line;

  it('verifies a published cosignature of a real checkpoint (florolf/tlog-scales)', () => {
    const note = parseNote(vectors.realCheckpoint.note);
    const remora = note.signatures.find((s) => s.name === 'remora.n621.de')!;
    const verified = verifyCosignature(note.text, remora, vectors.realCheckpoint.witnessKeys[0]!);
    expect(verified.timestamp).toBe(vectors.realCheckpoint.cosignatureTime);
  });

  it('accepts the witness type 0x01 key as well as its type 0x04 key', () => {
    const plain = generateNoteKey('auditor.example/witness', new Uint8Array(32).fill(4)).verifierKey;
    expect(toCosignatureVerifierKey(plain)).toBe(witness.verifierKey);
    expect(verifyCosignature(body, line, plain).timestamp).toBe(1234);
  });

  it('rejects a cosignature over another body, time or key with DC_LEDGER_COSIGNATURE', () => {
    const otherBody = body.replace('20852163', '20852164');
    expect(codeOf(() => verifyCosignature(otherBody, line, witness.verifierKey))).toBe(
      'DC_LEDGER_COSIGNATURE',
    );
    const other = generateCosignerKey('auditor.example/witness', new Uint8Array(32).fill(6));
    expect(codeOf(() => verifyCosignature(body, line, other.verifierKey))).toBe('DC_LEDGER_COSIGNATURE');
    const bytes = fromBase64(parseNote(`x\n\n${line}`).signatures[0]!.base64)!;
    bytes[11]! ^= 1; // the last byte of the timestamp
    const retimed = {
      name: 'auditor.example/witness',
      keyId: parseVerifierKey(witness.verifierKey).keyId,
      base64: toBase64(bytes),
    };
    expect(codeOf(() => verifyCosignature(body, retimed, witness.verifierKey))).toBe('DC_LEDGER_COSIGNATURE');
  });

  it('rejects a plain note signature by the same key with DC_LEDGER_COSIGNATURE', () => {
    const plain = generateNoteKey('auditor.example/witness', new Uint8Array(32).fill(4));
    const signed = parseNote(signNote(body, plain.signerKey)).signatures[0]!;
    expect(codeOf(() => verifyCosignature(body, signed, witness.verifierKey))).toBe('DC_LEDGER_COSIGNATURE');
  });
});
