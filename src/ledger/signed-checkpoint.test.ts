import { describe, expect, it } from 'vitest';
import vectors from '../../test/vectors/ledger/signed-note.json' with { type: 'json' };
import { fromBase64 } from './bytes.js';
import { cosignCheckpoint, generateCosignerKey } from './cosignature.js';
import { leafHash } from './merkle.js';
import { signNote } from './note.js';
import { generateNoteKey } from './note-key.js';
import { openCheckpoint, signCheckpoint } from './signed-checkpoint.js';

const real = vectors.realCheckpoint;

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('openCheckpoint', () => {
  it('opens a real checkpoint with the log key and verifies four witness cosignatures', () => {
    const opened = openCheckpoint(real.note, { logKeys: real.logKey, witnessKeys: real.witnessKeys });
    expect(opened.checkpoint.origin).toBe(real.origin);
    expect(opened.checkpoint.size).toBe(real.size);
    expect(opened.checkpoint.rootHash).toEqual(fromBase64(real.rootHash));
    expect(opened.logSignatures.map((s) => s.keyId)).toEqual([0xba2f06c0]);
    expect(opened.cosignatures.map((s) => [s.name, s.timestamp])).toEqual([
      ['transparency.dev/DEV:witness-little-garden', real.cosignatureTime],
      ['witness1.smartit.nu/witness1', real.cosignatureTime],
      ['remora.n621.de', real.cosignatureTime],
      ['witness.stagemole.eu', real.cosignatureTime],
    ]);
    // The log's RFC 6962 tree head signature (another key type) is left unverified, as the spec asks.
    expect(opened.note.unverifiedSignatures.map((s) => s.keyId)).toEqual([0xcd333cb1]);
  });

  it('rejects the real checkpoint with its size changed', () => {
    const changed = real.note.replace(String(real.size), '42');
    expect(codeOf(() => openCheckpoint(changed, { logKeys: real.logKey }))).toBe('DC_LEDGER_NOTE_SIGNATURE');
  });

  it('rejects a checkpoint signed by a witness only with DC_LEDGER_NOTE_UNVERIFIED', () => {
    expect(
      codeOf(() =>
        openCheckpoint(real.note, { logKeys: [vectors.go.peterVerifierKey], witnessKeys: real.witnessKeys }),
      ),
    ).toBe('DC_LEDGER_NOTE_UNVERIFIED');
  });

  it('rejects a signed note whose text is no checkpoint with DC_LEDGER_CHECKPOINT', () => {
    const log = generateNoteKey('log.example', new Uint8Array(32).fill(1));
    const note = signNote('log.example\nnot a size\n', log.signerKey);
    expect(codeOf(() => openCheckpoint(note, { logKeys: log.verifierKey }))).toBe('DC_LEDGER_CHECKPOINT');
  });
});

describe('signCheckpoint', () => {
  it('signs a checkpoint that opens with the log key and gathers cosignatures', () => {
    const log = generateNoteKey('customs.example/log', new Uint8Array(32).fill(2));
    const witness = generateCosignerKey('regulator.example/w', new Uint8Array(32).fill(3));
    const note = signCheckpoint(
      { origin: 'customs.example/log', size: 3, rootHash: leafHash(Uint8Array.of(1)) },
      log.signerKey,
    );
    const body = note.slice(0, note.indexOf('\n\n') + 1);
    const cosigned = note + cosignCheckpoint(body, witness.signerKey, 99).line;
    const opened = openCheckpoint(cosigned, {
      logKeys: [log.verifierKey],
      witnessKeys: [witness.verifierKey],
    });
    expect(opened.body).toBe(body);
    expect(opened.cosignatures.map((s) => s.timestamp)).toEqual([99]);
  });
});
