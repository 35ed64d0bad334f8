// C2SP signed notes (https://c2sp.org/signed-note): a UTF-8 text ending in a newline, a blank line, then
// signature lines `— <key name> base64(key ID || signature)`. Browser-safe. Notes to open are untrusted.

import {
  concatBytes,
  findControlCharacter,
  fromBase64,
  fromUtf8,
  hasLoneSurrogate,
  readUint32BE,
  toBase64,
  uint32BE,
  utf8,
} from './bytes.js';
import { cosignatureV1Message, decodeTimestampedSignature } from './cosignature-message.js';
import { ed25519Sign, ed25519Verify } from './ed25519.js';
import { LedgerError } from './errors.js';
import {
  formatKeyId,
  isValidKeyName,
  type NoteVerifierKey,
  parseSignerKey,
  parseVerifierKey,
  SIGNED_NOTE_TYPE_COSIGNATURE_V1,
} from './note-key.js';

/** The most signatures a note may carry before it is refused as malformed (the spec asks for at least 16). */
export const MAX_NOTE_SIGNATURES = 100;

/** The em dash (U+2014) and space that open every signature line. */
export const SIGNATURE_LINE_PREFIX = '\u2014 ';

/** One signature line of a note, not yet verified. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** base64(key ID || signature), as on the line. */
  readonly base64: string;
}

/** A signature that verified against a known key. */
export interface VerifiedNoteSignature extends NoteSignature {
  /** `ed25519` for type 0x01 keys, `cosignature/v1` for type 0x04 keys. */
  readonly type: 'ed25519' | 'cosignature/v1';
  /** The verifier key string it verified against. */
  readonly verifierKey: string;
  /** For cosignatures: the POSIX time, in seconds, the cosigner signed at. */
  readonly timestamp?: number;
}

/** A note split into its text and signature lines, none of them verified. */
export interface ParsedNote {
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/** A note whose text is vouched for by at least one known key. */
export interface OpenedNote {
  /** The note text, with its final newline. */
  readonly text: string;
  /** The signatures that verified, without duplicates. */
  readonly signatures: readonly VerifiedNoteSignature[];
  /** The signatures by keys that were not given, without duplicates; ignored per the spec. */
  readonly unverifiedSignatures: readonly NoteSignature[];
}

function malformed(why: string): LedgerError {
  return new LedgerError('DC_LEDGER_NOTE_MALFORMED', `malformed note: ${why}`);
}

/** Checks a note text: a non-empty UTF-8 text, ending in a newline, without control characters but newline. */
function checkText(text: string, what: string): void {
  if (typeof text !== 'string') throw malformed(`${what} is not a string`);
  if (hasLoneSurrogate(text)) throw malformed(`${what} is not valid UTF-8`);
  const control = findControlCharacter(text, true);
  if (control >= 0) throw malformed(`${what} has a control character at offset ${control}`);
}

function parseSignatureLine(line: string, lineNumber: number): NoteSignature {
  if (!line.startsWith(SIGNATURE_LINE_PREFIX)) {
    throw malformed(`signature line ${lineNumber} does not start with an em dash and a space`);
  }
  const rest = line.slice(SIGNATURE_LINE_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) throw malformed(`signature line ${lineNumber} has no signature after the key name`);
  const name = rest.slice(0, space);
  const base64 = rest.slice(space + 1);
  if (!isValidKeyName(name))
    throw malformed(`signature line ${lineNumber}: key name \`${name}\` is not valid`);
  const bytes = fromBase64(base64);
  if (!bytes || bytes.length < 5) {
    throw malformed(`signature line ${lineNumber}: the signature is not canonical base64 of 5 bytes or more`);
  }
  return { name, keyId: readUint32BE(bytes, 0), base64 };
}

/**
 * Splits a signed note into its text and signature lines, checking only the syntax; throws
 * `DC_LEDGER_NOTE_MALFORMED`. Never trust the text of a parsed note: open it.
 */
export function parseNote(note: string | Uint8Array): ParsedNote {
  let message: string;
  if (note instanceof Uint8Array) {
    const decoded = fromUtf8(note);
    if (decoded === undefined) throw malformed('not valid UTF-8');
    message = decoded;
  } else {
    message = note;
  }
  checkText(message, 'note');
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line between text and signatures');
  const text = message.slice(0, split + 1);
  const block = message.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n'))
    throw malformed('signatures must follow the blank line, each ending in a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) throw malformed(`more than ${MAX_NOTE_SIGNATURES} signatures`);
  return { text, signatures: lines.map((line, i) => parseSignatureLine(line, i + 1)) };
}

/** The signature line of a signature, with its final newline. */
export function formatSignatureLine(signature: NoteSignature): string {
  return `${SIGNATURE_LINE_PREFIX}${signature.name} ${signature.base64}\n`;
}

/** A note from a text and signatures, checked as `parseNote` would. */
export function formatNote(text: string, signatures: readonly NoteSignature[]): string {
  checkText(text, 'text');
  if (text.length === 0 || !text.endsWith('\n')) throw malformed('the text must end with a newline');
  if (signatures.length === 0) throw malformed('a note needs at least one signature');
  const note = text + '\n' + signatures.map(formatSignatureLine).join('');
  parseNote(note);
  return note;
}

/**
 * Signs a text with one or more C2SP signer keys (`PRIVATE+KEY+...`, Ed25519) and returns the signed note.
 * @example
 * const note = signNote('example.com/log\n1\n' + rootBase64 + '\n', signerKey)
 */
export function signNote(text: string, signerKey: string | readonly string[]): string {
  checkText(text, 'text');
  if (text.length === 0 || !text.endsWith('\n')) throw malformed('the text must end with a newline');
  const keys = typeof signerKey === 'string' ? [signerKey] : signerKey;
  if (keys.length === 0)
    throw new LedgerError('DC_LEDGER_KEY', 'signing a note needs at least one signer key');
  const message = utf8(text);
  const signatures = keys.map((key): NoteSignature => {
    const signer = parseSignerKey(key);
    const signature = ed25519Sign(message, signer.seed);
    return {
      name: signer.name,
      keyId: signer.keyId,
      base64: toBase64(concatBytes(uint32BE(signer.keyId), signature)),
    };
  });
  return formatNote(text, signatures);
}

function verifySignature(
  key: NoteVerifierKey,
  text: string,
  bytes: Uint8Array,
): { ok: boolean; timestamp?: number } {
  const body = bytes.slice(4);
  if (key.type === SIGNED_NOTE_TYPE_COSIGNATURE_V1) {
    const decoded = decodeTimestampedSignature(body);
    if (!decoded) return { ok: false };
    const message = cosignatureV1Message(text, decoded.timestamp);
    return { ok: ed25519Verify(decoded.signature, message, key.publicKey), timestamp: decoded.timestamp };
  }
  return { ok: ed25519Verify(body, utf8(text), key.publicKey) };
}

/**
 * Opens a signed note with trusted C2SP verifier keys (type 0x01 Ed25519 or 0x04 cosignature/v1):
 * signatures by unknown keys are ignored, a signature by a known key that fails rejects the whole note
 * (`DC_LEDGER_NOTE_SIGNATURE`), and a note without a verified signature is rejected
 * (`DC_LEDGER_NOTE_UNVERIFIED`); malformed notes throw `DC_LEDGER_NOTE_MALFORMED`.
 * @example
 * const { text, signatures } = openNote(noteText, ['example.com/log+530d903a+AekyeRrm...'])
 */
export function openNote(note: string | Uint8Array, verifierKeys: string | readonly string[]): OpenedNote {
  const parsed = parseNote(note);
  const keyStrings = typeof verifierKeys === 'string' ? [verifierKeys] : verifierKeys;
  const known = new Map<string, NoteVerifierKey[]>();
  for (const text of keyStrings) {
    const key = parseVerifierKey(text);
    const id = `${key.name}+${key.keyId}`;
    const same = known.get(id) ?? [];
    if (!same.some((k) => k.type === key.type && toBase64(k.publicKey) === toBase64(key.publicKey)))
      same.push(key);
    known.set(id, same);
  }

  const verified: VerifiedNoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const signature of parsed.signatures) {
    const id = `${signature.name}+${signature.keyId}`;
    const seenId = `${id} ${signature.base64}`;
    if (seen.has(seenId)) continue;
    seen.add(seenId);
    const keys = known.get(id);
    if (!keys) {
      unverified.push(signature);
      continue;
    }
    const label = `${signature.name}+${formatKeyId(signature.keyId)}`;
    if (keys.length > 1)
      throw new LedgerError('DC_LEDGER_KEY', `ambiguous key \`${label}\`: two verifier keys share it`);
    const key = keys[0]!;
    const result = verifySignature(key, parsed.text, fromBase64(signature.base64)!);
    if (!result.ok)
      throw new LedgerError('DC_LEDGER_NOTE_SIGNATURE', `invalid signature for key \`${label}\``);
    verified.push({
      ...signature,
      type: key.type === SIGNED_NOTE_TYPE_COSIGNATURE_V1 ? 'cosignature/v1' : 'ed25519',
      verifierKey: key.text,
      ...(result.timestamp === undefined ? {} : { timestamp: result.timestamp }),
    });
  }
  if (verified.length === 0) {
    throw new LedgerError(
      'DC_LEDGER_NOTE_UNVERIFIED',
      'note has no verifiable signatures: no signature by a known key',
    );
  }
  return { text: parsed.text, signatures: verified, unverifiedSignatures: unverified };
}
