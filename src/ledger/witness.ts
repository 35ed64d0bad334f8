// The witness's decision (https://c2sp.org/tlog-witness, add-checkpoint), as a pure function: the stored
// state, the request and the time come in; a decision comes out, never an exception for a bad request.
// A witness cosigns only a checkpoint signed by the log and consistent with the last one it cosigned, and
// raises an alarm on a split view: two checkpoints signed by the log for one size with different roots.

import { bytesEqual } from './bytes.js';
import { type Checkpoint, parseCheckpoint } from './checkpoint.js';
import { type Cosignature, cosignCheckpoint } from './cosignature.js';
import { isLedgerError } from './errors.js';
import { emptyRootHash } from './merkle.js';
import { verifyConsistency } from './merkle-verify.js';
import { openNote, parseNote } from './note.js';

/** What a witness keeps about one log. */
export interface WitnessLogState {
  /** The log's origin line. */
  readonly origin: string;
  /** The log's verifier keys (C2SP strings), configured by the witness's operator. */
  readonly logKeys: readonly string[];
  /** The size of the latest checkpoint cosigned, 0 before the first. */
  readonly size: number;
  /** Its root hash (the empty tree's before the first). */
  readonly rootHash: Uint8Array;
  /** The signed note of the latest checkpoint cosigned, kept as evidence. */
  readonly checkpoint?: string;
  /** When it was cosigned, in POSIX seconds. */
  readonly cosignedAt?: number;
}

/** What a witness keeps: one entry per log it witnesses. INVARIANT: origins are unique. */
export interface WitnessState {
  readonly logs: readonly WitnessLogState[];
}

/** A tlog-witness add-checkpoint request: old size, consistency proof, signed checkpoint. */
export interface AddCheckpointRequest {
  readonly oldSize: number;
  readonly proof: readonly Uint8Array[];
  /** The signed checkpoint note, as received: untrusted. */
  readonly checkpoint: string;
}

/** The witness's own key and the current time, both given by the caller. */
export interface WitnessOptions {
  /** The witness's signer key (`PRIVATE+KEY+...`); its cosignatures use key type 0x04. */
  readonly signerKey: string;
  /** Now, in POSIX seconds. */
  readonly now: number;
}

/** Why a request was refused, with the tlog-witness HTTP status each maps to. */
export const WITNESS_REJECT_STATUS = {
  malformed: 400,
  bad_old_size: 400,
  unverified: 403,
  unknown_origin: 404,
  conflict: 409,
  inconsistent: 422,
} as const;

/** A reason a witness refuses to cosign. */
export type WitnessRejectReason = keyof typeof WITNESS_REJECT_STATUS;

/** The witness cosigns: persist `state` before answering with `cosignature.line`. */
export interface WitnessCosign {
  readonly kind: 'cosign';
  readonly state: WitnessState;
  readonly log: WitnessLogState;
  readonly checkpoint: Checkpoint;
  readonly cosignature: Cosignature;
}

/** The witness refuses; `latestSize` is the body of a 409 answer. */
export interface WitnessReject {
  readonly kind: 'reject';
  readonly reason: WitnessRejectReason;
  readonly status: number;
  readonly message: string;
  readonly latestSize?: number;
}

/** Two checkpoints, both signed by the log, give one size two roots: the log shows a split view. */
export interface WitnessAlarm {
  readonly kind: 'alarm';
  readonly reason: 'split_view';
  readonly status: 409;
  readonly message: string;
  readonly latestSize: number;
  readonly evidence: {
    readonly origin: string;
    readonly size: number;
    /** The signed checkpoint the witness cosigned before. */
    readonly cosigned: string;
    /** The signed checkpoint that contradicts it. */
    readonly conflicting: string;
  };
}

/** What a witness does with an add-checkpoint request. */
export type WitnessDecision = WitnessCosign | WitnessReject | WitnessAlarm;

/**
 * The state of a log the witness has not cosigned yet (size 0), configured with the log's verifier keys.
 * @example
 * const state = { logs: [createWitnessLogState('customs.example/log', [logVerifierKey])] }
 */
export function createWitnessLogState(origin: string, logKeys: readonly string[]): WitnessLogState {
  return { origin, logKeys: [...logKeys], size: 0, rootHash: emptyRootHash() };
}

function reject(reason: WitnessRejectReason, message: string, latestSize?: number): WitnessReject {
  return {
    kind: 'reject',
    reason,
    status: WITNESS_REJECT_STATUS[reason],
    message,
    ...(latestSize === undefined ? {} : { latestSize }),
  };
}

/**
 * Decides whether to cosign a checkpoint (tlog-witness add-checkpoint): checks the log's signature, the
 * old size against the latest cosigned size, and the consistency proof; cosigns with time `now`; or
 * raises an alarm when a log-signed checkpoint gives an already cosigned size a different root.
 * @example
 * const decision = witnessCheckpoint(state, request, { signerKey, now: Math.floor(Date.now() / 1000) })
 * if (decision.kind === 'cosign') { save(decision.state); reply(decision.cosignature.line) }
 */
export function witnessCheckpoint(
  state: WitnessState,
  request: AddCheckpointRequest,
  options: WitnessOptions,
): WitnessDecision {
  let body: string;
  let checkpoint: Checkpoint;
  try {
    body = parseNote(request.checkpoint).text;
    checkpoint = parseCheckpoint(body);
  } catch (error) {
    return reject('malformed', isLedgerError(error) ? error.message : 'checkpoint is not a signed note');
  }

  const log = state.logs.find((entry) => entry.origin === checkpoint.origin);
  if (!log) return reject('unknown_origin', `unknown log origin \`${checkpoint.origin}\``);

  try {
    openNote(request.checkpoint, log.logKeys);
  } catch (error) {
    if (isLedgerError(error, 'DC_LEDGER_KEY')) throw error; // the witness's own configuration is wrong
    return reject(
      'unverified',
      isLedgerError(error) ? error.message : 'checkpoint signature does not verify',
    );
  }

  if (checkpoint.size === log.size && !bytesEqual(checkpoint.rootHash, log.rootHash)) {
    const message = `split view: log \`${log.origin}\` signed two different roots for tree size ${log.size}`;
    if (log.checkpoint !== undefined) {
      return {
        kind: 'alarm',
        reason: 'split_view',
        status: 409,
        message,
        latestSize: log.size,
        evidence: {
          origin: log.origin,
          size: log.size,
          cosigned: log.checkpoint,
          conflicting: request.checkpoint,
        },
      };
    }
    return reject('conflict', message, log.size);
  }

  const { oldSize, proof } = request;
  if (!Number.isSafeInteger(oldSize) || oldSize < 0 || oldSize > checkpoint.size) {
    return reject(
      'bad_old_size',
      `old size \`${String(oldSize)}\` is not between 0 and the checkpoint size ${checkpoint.size}`,
    );
  }
  if (checkpoint.size < log.size) {
    return reject(
      'conflict',
      `checkpoint size ${checkpoint.size} is behind the latest cosigned size ${log.size}`,
      log.size,
    );
  }
  if (oldSize !== log.size) {
    return reject('conflict', `old size ${oldSize} is not the latest cosigned size ${log.size}`, log.size);
  }
  try {
    verifyConsistency(log.size, checkpoint.size, proof, log.rootHash, checkpoint.rootHash);
  } catch (error) {
    return reject('inconsistent', isLedgerError(error) ? error.message : 'consistency proof does not verify');
  }

  const cosignature = cosignCheckpoint(body, options.signerKey, options.now);
  const next: WitnessLogState = {
    ...log,
    size: checkpoint.size,
    rootHash: checkpoint.rootHash,
    checkpoint: request.checkpoint,
    cosignedAt: options.now,
  };
  return {
    kind: 'cosign',
    state: { logs: state.logs.map((entry) => (entry === log ? next : entry)) },
    log: next,
    checkpoint,
    cosignature,
  };
}
