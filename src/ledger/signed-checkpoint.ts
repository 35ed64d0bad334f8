// Checkpoints as signed notes: signed by the log, opened with the log's keys (and witnesses' keys).

import { type Checkpoint, type CheckpointInput, formatCheckpoint, parseCheckpoint } from './checkpoint.js';
import { LedgerError } from './errors.js';
import { type OpenedNote, openNote, signNote, type VerifiedNoteSignature } from './note.js';
import { parseVerifierKey } from './note-key.js';

/** A checkpoint whose note verified, with the log's signatures and the witnesses' cosignatures apart. */
export interface OpenedCheckpoint {
  readonly checkpoint: Checkpoint;
  /** The checkpoint note text (body), which signatures cover. */
  readonly body: string;
  readonly note: OpenedNote;
  /** Verified signatures by the log's keys. */
  readonly logSignatures: readonly VerifiedNoteSignature[];
  /** Verified signatures by the witnesses' keys (type 0x04 ones carry a timestamp). */
  readonly cosignatures: readonly VerifiedNoteSignature[];
}

/** The keys to open a checkpoint with: the log's, and optionally the witnesses'. */
export interface CheckpointKeys {
  readonly logKeys: string | readonly string[];
  readonly witnessKeys?: readonly string[];
}

/**
 * Formats a checkpoint and signs it as a note with the log's signer key(s).
 * @example
 * const note = signCheckpoint({ origin: 'customs.example/log', size, rootHash }, logSignerKey)
 */
export function signCheckpoint(checkpoint: CheckpointInput, signerKey: string | readonly string[]): string {
  return signNote(formatCheckpoint(checkpoint), signerKey);
}

/**
 * Opens a signed checkpoint: its note must verify and carry a signature by one of the log's keys
 * (`DC_LEDGER_NOTE_UNVERIFIED` otherwise), and its text must be a checkpoint (`DC_LEDGER_CHECKPOINT`).
 * @example
 * const { checkpoint, cosignatures } = openCheckpoint(note, { logKeys: [logKey], witnessKeys })
 */
export function openCheckpoint(note: string | Uint8Array, keys: CheckpointKeys): OpenedCheckpoint {
  const logKeys = typeof keys.logKeys === 'string' ? [keys.logKeys] : [...keys.logKeys];
  const witnessKeys = keys.witnessKeys ?? [];
  const logKeyIds = new Set(logKeys.map((key) => parseVerifierKey(key).text));
  const opened = openNote(note, [...logKeys, ...witnessKeys]);
  const logSignatures = opened.signatures.filter((s) => logKeyIds.has(s.verifierKey));
  if (logSignatures.length === 0) {
    throw new LedgerError('DC_LEDGER_NOTE_UNVERIFIED', 'checkpoint has no verifiable signature by the log');
  }
  const checkpoint = parseCheckpoint(opened.text);
  return {
    checkpoint,
    body: opened.text,
    note: opened,
    logSignatures,
    cosignatures: opened.signatures.filter((s) => !logKeyIds.has(s.verifierKey)),
  };
}
