// Ed25519 witness cosignatures of checkpoints (https://c2sp.org/tlog-cosignature, type 0x04): a note
// signature over "cosignature/v1\ntime <seconds>\n" || checkpoint body, carrying the timestamp.

import { concatBytes, fromBase64, toBase64, uint32BE } from './bytes.js';
import { parseCheckpoint } from './checkpoint.js';
import {
  cosignatureV1Message,
  decodeTimestampedSignature,
  encodeTimestampedSignature,
  isCosignatureTimestamp,
} from './cosignature-message.js';
import { ed25519Sign, ed25519Verify } from './ed25519.js';
import { LedgerError } from './errors.js';
import { formatSignatureLine, type NoteSignature, parseNote, SIGNATURE_LINE_PREFIX } from './note.js';
import {
  formatVerifierKey,
  generateNoteKey,
  type NoteKeyPair,
  noteKeyId,
  parseSignerKey,
  parseVerifierKey,
  SIGNED_NOTE_TYPE_COSIGNATURE_V1,
} from './note-key.js';

/** A cosignature: a note signature by a witness, and the time it was made. */
export interface Cosignature extends NoteSignature {
  /** POSIX seconds. */
  readonly timestamp: number;
  /** The signature line, with its final newline, to append to the checkpoint note. */
  readonly line: string;
}

function fail(message: string): LedgerError {
  return new LedgerError('DC_LEDGER_COSIGNATURE', `cosignature: ${message}`);
}

function checkBody(checkpointBody: string): void {
  try {
    parseCheckpoint(checkpointBody);
  } catch (error) {
    throw new LedgerError(
      'DC_LEDGER_COSIGNATURE',
      'cosignature: only a checkpoint body (not a signed note) can be cosigned',
      { cause: error },
    );
  }
}

/**
 * Makes an Ed25519 cosigner key: the signer key (the usual `PRIVATE+KEY+...` string) and its type 0x04
 * verifier key, which clients and logs configure.
 * @example
 * const { signerKey, verifierKey } = generateCosignerKey('auditor.example/witness')
 */
export function generateCosignerKey(name: string, seed?: Uint8Array): NoteKeyPair {
  const pair = generateNoteKey(name, seed);
  const signer = parseSignerKey(pair.signerKey);
  return {
    signerKey: pair.signerKey,
    verifierKey: formatVerifierKey(signer.name, SIGNED_NOTE_TYPE_COSIGNATURE_V1, signer.publicKey),
  };
}

/**
 * Cosigns a checkpoint body at a time given in POSIX seconds (never read from a clock here).
 * @example
 * const { line } = cosignCheckpoint(opened.body, witnessSignerKey, nowSeconds)
 */
export function cosignCheckpoint(checkpointBody: string, signerKey: string, timestamp: number): Cosignature {
  checkBody(checkpointBody);
  if (!isCosignatureTimestamp(timestamp)) {
    throw new LedgerError(
      'DC_LEDGER_ARGUMENT',
      `cosignature time \`${String(timestamp)}\` is not whole seconds from 0 to 2^53 - 1`,
    );
  }
  const signer = parseSignerKey(signerKey);
  const keyId = noteKeyId(signer.name, SIGNED_NOTE_TYPE_COSIGNATURE_V1, signer.publicKey);
  const signature = ed25519Sign(cosignatureV1Message(checkpointBody, timestamp), signer.seed);
  const base64 = toBase64(concatBytes(uint32BE(keyId), encodeTimestampedSignature(timestamp, signature)));
  const note: NoteSignature = { name: signer.name, keyId, base64 };
  return { ...note, timestamp, line: formatSignatureLine(note) };
}

function toSignature(cosignature: string | NoteSignature): NoteSignature {
  if (typeof cosignature !== 'string') return cosignature;
  const line = cosignature.endsWith('\n') ? cosignature : `${cosignature}\n`;
  if (!line.startsWith(SIGNATURE_LINE_PREFIX)) throw fail('not a signature line');
  try {
    const [signature] = parseNote(`x\n\n${line}`).signatures;
    if (!signature) throw fail('not a signature line');
    return signature;
  } catch (error) {
    throw new LedgerError('DC_LEDGER_COSIGNATURE', 'cosignature: not a signature line', { cause: error });
  }
}

/** The timestamp a cosignature carries, without verifying it; throws `DC_LEDGER_COSIGNATURE` if malformed. */
export function cosignatureTimestamp(cosignature: string | NoteSignature): number {
  const signature = toSignature(cosignature);
  const bytes = fromBase64(signature.base64);
  const decoded = bytes ? decodeTimestampedSignature(bytes.slice(4)) : undefined;
  if (!decoded) throw fail('not a timestamped Ed25519 signature');
  return decoded.timestamp;
}

/**
 * Verifies a cosignature (a signature line or a parsed note signature) of a checkpoint body against a
 * witness's verifier key (type 0x04, or its type 0x01 key); returns it with its timestamp or throws
 * `DC_LEDGER_COSIGNATURE`.
 * @example
 * const { timestamp } = verifyCosignature(opened.body, line, witnessVerifierKey)
 */
export function verifyCosignature(
  checkpointBody: string,
  cosignature: string | NoteSignature,
  verifierKey: string,
): Cosignature {
  checkBody(checkpointBody);
  const key = parseVerifierKey(verifierKey);
  const keyId = noteKeyId(key.name, SIGNED_NOTE_TYPE_COSIGNATURE_V1, key.publicKey);
  const signature = toSignature(cosignature);
  if (signature.name !== key.name || signature.keyId !== keyId) {
    throw fail(`the signature is not by the key \`${key.name}\``);
  }
  const bytes = fromBase64(signature.base64)!;
  const decoded = decodeTimestampedSignature(bytes.slice(4));
  if (!decoded) throw fail('not a timestamped Ed25519 signature');
  if (
    !ed25519Verify(decoded.signature, cosignatureV1Message(checkpointBody, decoded.timestamp), key.publicKey)
  ) {
    throw fail(`invalid signature by \`${key.name}\``);
  }
  const note: NoteSignature = { name: signature.name, keyId, base64: signature.base64 };
  return { ...note, timestamp: decoded.timestamp, line: formatSignatureLine(note) };
}
