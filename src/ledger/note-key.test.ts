import { describe, expect, it } from 'vitest';
import vectors from '../../test/vectors/ledger/signed-note.json' with { type: 'json' };
import { toHex } from './bytes.js';
import {
  formatVerifierKey,
  generateNoteKey,
  isValidKeyName,
  noteKeyId,
  parseSignerKey,
  parseVerifierKey,
  SIGNED_NOTE_TYPE_COSIGNATURE_V1,
  SIGNED_NOTE_TYPE_ED25519,
  toCosignatureVerifierKey,
} from './note-key.js';

function rejects(run: () => unknown): boolean {
  try {
    run();
    return false;
  } catch (error) {
    return (error as { code?: string }).code === 'DC_LEDGER_KEY';
  }
}

/** Every strict substring and every one-character increment of a key string. */
function manglings(key: string): string[] {
  const out: string[] = [];
  for (let i = 0; i <= key.length; i++) {
    for (let j = i + 1; j <= key.length; j++) if (i !== 0 || j !== key.length) out.push(key.slice(i, j));
  }
  for (let i = 0; i < key.length; i++) {
    out.push(key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1));
  }
  return out;
}

describe('parseVerifierKey', () => {
  it('parses the verifier key of the signed-note spec example (C2SP)', () => {
    const key = parseVerifierKey(vectors.c2spExample.verifierKey);
    expect(key.name).toBe(vectors.c2spExample.name);
    expect(key.keyId).toBe(Number.parseInt(vectors.c2spExample.keyId, 16));
    expect(key.type).toBe(SIGNED_NOTE_TYPE_ED25519);
    expect(toHex(key.publicKey)).toBe(vectors.c2spExample.publicKeyHex);
  });

  it('parses the Go verifier keys, and keys whose material holds a plus sign', () => {
    for (const text of [
      vectors.go.peterVerifierKey,
      vectors.go.enochVerifierKey,
      vectors.goSumdbKey.verifierKey,
      vectors.formats.ed25519KeyWithPlus,
    ]) {
      expect(parseVerifierKey(text).text).toBe(text);
    }
  });

  it('parses a cosignature/v1 (type 0x04) verifier key (transparency-dev/formats)', () => {
    const key = parseVerifierKey(vectors.formats.cosignatureKey);
    expect(key.type).toBe(SIGNED_NOTE_TYPE_COSIGNATURE_V1);
    expect(key.keyId).toBe(0xda77ade7);
  });

  it('rejects every substring and every one-character change of a good key (golang/mod TestNewVerifier)', () => {
    const accepted = manglings(vectors.go.peterVerifierKey).filter(
      (k) => !rejects(() => parseVerifierKey(k)),
    );
    expect(accepted).toEqual([]);
  });

  it('rejects the published bad keys with DC_LEDGER_KEY', () => {
    for (const text of [...vectors.go.badVerifierKeys, ...vectors.formats.badVerifierKeys]) {
      expect(
        rejects(() => parseVerifierKey(text)),
        text,
      ).toBe(true);
    }
  });
});

describe('parseSignerKey', () => {
  it('parses the Go signer key and derives the public key of its verifier key', () => {
    const signer = parseSignerKey(vectors.go.peterSignerKey);
    const verifier = parseVerifierKey(vectors.go.peterVerifierKey);
    expect(signer.name).toBe('PeterNeumann');
    expect(signer.keyId).toBe(0xc74f20a3);
    expect(signer.publicKey).toEqual(verifier.publicKey);
  });

  it('rejects every substring and every one-character change of a good key (golang/mod TestNewSigner)', () => {
    const accepted = manglings(vectors.go.peterSignerKey).filter((k) => !rejects(() => parseSignerKey(k)));
    expect(accepted).toEqual([]);
  });

  it('never quotes the secret in its error messages', () => {
    const secret = vectors.go.peterSignerKey.split('+').at(-1)!;
    try {
      parseSignerKey(vectors.go.peterSignerKey.replace('c74f20a3', 'c74f20a4'));
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });
});

describe('generateNoteKey', () => {
  it('makes a signer key and verifier key that belong together', () => {
    const { signerKey, verifierKey } = generateNoteKey('customs.example/log');
    expect(parseSignerKey(signerKey).publicKey).toEqual(parseVerifierKey(verifierKey).publicKey);
  });

  it('is deterministic for a given seed', () => {
    const seed = new Uint8Array(32).fill(7);
    expect(generateNoteKey('a.example/x', seed)).toEqual(generateNoteKey('a.example/x', seed));
  });

  it('rejects a bad name or seed with DC_LEDGER_KEY', () => {
    expect(rejects(() => generateNoteKey('has space'))).toBe(true);
    expect(rejects(() => generateNoteKey('has+plus'))).toBe(true);
    expect(rejects(() => generateNoteKey('ok', new Uint8Array(31)))).toBe(true);
  });
});

describe('isValidKeyName', () => {
  it('refuses empty names, Unicode spaces and plus signs', () => {
    expect(isValidKeyName('example.com/log')).toBe(true);
    for (const name of ['', 'a b', 'a\u00a0b', 'a\u2003b', 'a\u0085b', 'a+b', 'a\tb']) {
      expect(isValidKeyName(name), JSON.stringify(name)).toBe(false);
    }
  });
});

describe('toCosignatureVerifierKey', () => {
  it('gives the type 0x04 key of a signer key or a type 0x01 verifier key', () => {
    const { signerKey, verifierKey } = generateNoteKey('w.example/w1', new Uint8Array(32).fill(1));
    const cosigning = toCosignatureVerifierKey(signerKey);
    expect(toCosignatureVerifierKey(verifierKey)).toBe(cosigning);
    const parsed = parseVerifierKey(cosigning);
    expect(parsed.type).toBe(SIGNED_NOTE_TYPE_COSIGNATURE_V1);
    expect(parsed.keyId).toBe(noteKeyId('w.example/w1', 0x04, parsed.publicKey));
    expect(formatVerifierKey(parsed.name, parsed.type, parsed.publicKey)).toBe(cosigning);
  });
});
