// Verification of the log in the browser, with the project's own verifier (src/ledger, pure and
// browser-safe; issue 6: "the verifier runs in a browser as well as in Node"). Nothing the server says
// is taken on trust here: the checkpoint's signature is checked against the log key the reader pins, the
// leaf hash is computed from the entry's bytes, and the proof is folded up to the signed root.

import {
  cosignatureTimestamp,
  decodeReceipt,
  isLedgerError,
  leafHash,
  openCheckpoint,
  parseNote,
  type Receipt,
  verifyInclusion,
} from '../../src/ledger/index.js';

/** Standard base64 to bytes; undefined when the text is not base64. */
export function base64ToBytes(text: string): Uint8Array | undefined {
  const clean = text.trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) return undefined;
  try {
    const binary = atob(clean);
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Bytes to standard base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Bytes to lower-case hex. */
export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A signature line of a checkpoint note, described for display (not verified). */
export interface SignatureLine {
  readonly name: string;
  readonly keyId: string;
  /** The cosignature's timestamp (seconds since the epoch), for timestamped witness cosignatures. */
  readonly timestamp: number | null;
}

/** The signature lines of a note, with the timestamp of each cosignature; throws on a malformed note. */
export function signatureLines(note: string): SignatureLine[] {
  return parseNote(note).signatures.map((s) => {
    let timestamp: number | null = null;
    try {
      timestamp = cosignatureTimestamp(s);
    } catch {
      timestamp = null;
    }
    return { name: s.name, keyId: s.keyId.toString(16).padStart(8, '0'), timestamp };
  });
}

/** A checkpoint that verified against the pinned log key (and the witness keys given). */
export interface CheckedCheckpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** Names of the log keys whose signatures verified. */
  readonly logSigners: readonly string[];
  /** Names of the witnesses whose cosignatures verified against the keys given. */
  readonly witnesses: readonly { readonly name: string; readonly timestamp: number | null }[];
}

/** The outcome of a check: the value, or the ledger's error code and message. */
export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: string; readonly message: string };

function failure(error: unknown): { ok: false; code: string; message: string } {
  if (isLedgerError(error)) return { ok: false, code: error.code, message: error.message };
  return { ok: false, code: 'DC_LEDGER_ARGUMENT', message: (error as Error).message ?? String(error) };
}

/**
 * Opens a signed checkpoint note with the log's verifier key and, optionally, witnesses' verifier keys.
 * @example
 * const result = checkCheckpoint(noteText, logKey, [])
 */
export function checkCheckpoint(
  note: string,
  logKey: string,
  witnessKeys: readonly string[] = [],
): Checked<CheckedCheckpoint> {
  try {
    const opened = openCheckpoint(note, { logKeys: logKey.trim(), witnessKeys });
    return {
      ok: true,
      value: {
        origin: opened.checkpoint.origin,
        size: opened.checkpoint.size,
        rootHash: opened.checkpoint.rootHash,
        logSigners: opened.logSignatures.map((s) => s.name),
        witnesses: opened.cosignatures.map((s) => ({ name: s.name, timestamp: s.timestamp ?? null })),
      },
    };
  } catch (error) {
    return failure(error);
  }
}

/** What an inclusion check needs: all of it as text, as the reader may have edited it. */
export interface InclusionInput {
  /** The signed checkpoint note. */
  readonly note: string;
  /** The log's verifier key (C2SP signed-note), pinned by the reader. */
  readonly logKey: string;
  readonly index: number;
  /** The entry's bytes (the receipt, canonical JSON) as text. */
  readonly entry: string;
  /** The proof hashes, base64, one a line. */
  readonly proof: string;
}

/** An entry proven to be in the signed log. */
export interface ProvenEntry {
  readonly checkpoint: CheckedCheckpoint;
  readonly leafHash: Uint8Array;
  /** The entry as a receipt, or null when its bytes do not decode as one. */
  readonly receipt: Receipt | null;
}

/**
 * Proves that `entry` is entry `index` of the log whose checkpoint `note` is signed by `logKey` (RFC 9162
 * section 2.1.3.2): the checkpoint's signature, the leaf hash of the entry's bytes and the proof up to
 * the signed root. Any edit to the note, the entry or the proof makes it fail with the verifier's code.
 * @example
 * const result = proveInclusion({ note, logKey, index: 3, entry, proof })
 */
export function proveInclusion(input: InclusionInput): Checked<ProvenEntry> {
  const checkpoint = checkCheckpoint(input.note, input.logKey);
  if (!checkpoint.ok) return checkpoint;
  const lines = input.proof
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const proof: Uint8Array[] = [];
  for (const [i, line] of lines.entries()) {
    const bytes = base64ToBytes(line);
    if (bytes === undefined)
      return { ok: false, code: 'DC_LEDGER_INCLUSION', message: `proof line ${i + 1} is not base64` };
    proof.push(bytes);
  }
  const bytes = new TextEncoder().encode(input.entry);
  const hash = leafHash(bytes);
  try {
    verifyInclusion(hash, input.index, checkpoint.value.size, proof, checkpoint.value.rootHash);
  } catch (error) {
    return failure(error);
  }
  let receipt: Receipt | null = null;
  try {
    receipt = decodeReceipt(bytes);
  } catch {
    receipt = null;
  }
  return { ok: true, value: { checkpoint: checkpoint.value, leafHash: hash, receipt } };
}
