// The dashboard's verification code, run here in Node on a log made in memory (the browser test runs the
// same module in Chromium against a real server).
import { describe, expect, it } from 'vitest';
import {
  cosignCheckpoint,
  createMemoryTree,
  formatCheckpoint,
  formatNote,
  formatSignatureLine,
  generateCosignerKey,
  generateNoteKey,
  leafHash,
  parseNote,
  signCheckpoint,
} from '../../src/ledger/index.js';
import {
  base64ToBytes,
  bytesToBase64,
  bytesToHex,
  checkCheckpoint,
  proveInclusion,
  signatureLines,
} from './ledger-verify.js';

const log = generateNoteKey('test.example/log', new Uint8Array(32).fill(7));
const witness = generateCosignerKey('auditor.example/witness', new Uint8Array(32).fill(9));
const entries = Array.from({ length: 7 }, (_, i) => `{"entry":${i}}`);
const tree = createMemoryTree(entries.map((e) => leafHash(new TextEncoder().encode(e))));
const body = formatCheckpoint({ origin: 'test.example/log', size: tree.size, rootHash: tree.rootHash() });
const signed = signCheckpoint(
  { origin: 'test.example/log', size: tree.size, rootHash: tree.rootHash() },
  log.signerKey,
);
const cosigned = formatNote(body, [
  ...parseNote(signed).signatures,
  parseNote(`${body}\n${formatSignatureLine(cosignCheckpoint(body, witness.signerKey, 1_795_000_000))}`)
    .signatures[0]!,
]);
const proofText = (index: number) => tree.inclusionProof(index).map(bytesToBase64).join('\n');

describe('base64 helpers', () => {
  it('round-trip bytes and refuse what is not base64', () => {
    const bytes = Uint8Array.from([0, 1, 2, 250, 255]);
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
    expect(base64ToBytes('not base64!')).toBeUndefined();
    expect(base64ToBytes('abc')).toBeUndefined();
    expect(bytesToHex(Uint8Array.from([0, 171]))).toBe('00ab');
  });
});

describe('checkCheckpoint', () => {
  it('verifies the log signature, and a witness cosignature when its key is given', () => {
    const plain = checkCheckpoint(cosigned, log.verifierKey);
    expect(plain).toMatchObject({
      ok: true,
      value: { size: 7, logSigners: ['test.example/log'], witnesses: [] },
    });
    const both = checkCheckpoint(cosigned, log.verifierKey, [witness.verifierKey]);
    expect(both).toMatchObject({
      ok: true,
      value: { witnesses: [{ name: 'auditor.example/witness', timestamp: 1_795_000_000 }] },
    });
    expect(signatureLines(cosigned).map((l) => [l.name, l.timestamp])).toEqual([
      ['test.example/log', null],
      ['auditor.example/witness', 1_795_000_000],
    ]);
  });
  it('fails with the verifier’s code for another log key or an edited note', () => {
    const other = generateNoteKey('test.example/log', new Uint8Array(32).fill(8));
    expect(checkCheckpoint(signed, other.verifierKey)).toMatchObject({
      ok: false,
      code: 'DC_LEDGER_NOTE_UNVERIFIED',
    });
    expect(checkCheckpoint(signed.replace('\n7\n', '\n8\n'), log.verifierKey)).toMatchObject({ ok: false });
    expect(checkCheckpoint(signed, 'not a key')).toMatchObject({ ok: false, code: 'DC_LEDGER_KEY' });
  });
});

describe('proveInclusion', () => {
  it('proves every entry against the signed root', () => {
    for (const [index, entry] of entries.entries()) {
      const result = proveInclusion({
        note: cosigned,
        logKey: log.verifierKey,
        index,
        entry,
        proof: proofText(index),
      });
      expect(result.ok, `entry ${index}`).toBe(true);
    }
  });
  it('fails an edited entry, an edited or truncated proof, and a wrong index', () => {
    const good = { note: signed, logKey: log.verifierKey, index: 3, entry: entries[3]!, proof: proofText(3) };
    expect(proveInclusion(good).ok).toBe(true);
    expect(proveInclusion({ ...good, entry: '{"entry":4}' })).toMatchObject({
      ok: false,
      code: 'DC_LEDGER_INCLUSION',
    });
    const hashes = proofText(3).split('\n');
    for (let i = 0; i < hashes.length; i++) {
      const edited = [...hashes];
      const bytes = base64ToBytes(edited[i]!)!;
      bytes[0] = bytes[0]! ^ 1;
      edited[i] = bytesToBase64(bytes);
      expect(proveInclusion({ ...good, proof: edited.join('\n') }), `hash ${i}`).toMatchObject({
        ok: false,
        code: 'DC_LEDGER_INCLUSION',
      });
    }
    expect(proveInclusion({ ...good, proof: hashes.slice(1).join('\n') }).ok).toBe(false);
    expect(proveInclusion({ ...good, proof: `${hashes.join('\n')}\n%%%` })).toMatchObject({
      ok: false,
      message: `proof line ${hashes.length + 1} is not base64`,
    });
    expect(proveInclusion({ ...good, index: 2 }).ok).toBe(false);
    expect(proveInclusion({ ...good, index: 7 }).ok).toBe(false);
  });
});
