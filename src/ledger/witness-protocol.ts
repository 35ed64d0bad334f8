// The bodies of the tlog-witness HTTP protocol (https://c2sp.org/tlog-witness), without the HTTP:
// request "old <size>\n" + up to 63 base64 proof lines + "\n" + signed checkpoint; 409 answer "<size>\n";
// 200 answer: cosignature lines.

import { fromBase64, toBase64 } from './bytes.js';
import { LedgerError } from './errors.js';
import { HASH_SIZE } from './merkle.js';
import { type NoteSignature, parseNote } from './note.js';
import type { AddCheckpointRequest } from './witness.js';

/** The most consistency proof lines a request may carry. */
export const MAX_PROOF_LINES = 63;

/** The media type of a 409 answer's body. */
export const TLOG_SIZE_CONTENT_TYPE = 'text/x.tlog.size';

function fail(problems: readonly string[]): never {
  throw new LedgerError('DC_LEDGER_WITNESS_REQUEST', `add-checkpoint request: ${problems.join('; ')}`, {
    problems,
  });
}

/** The body of an add-checkpoint request. */
export function formatAddCheckpointRequest(request: AddCheckpointRequest): string {
  if (!Number.isSafeInteger(request.oldSize) || request.oldSize < 0)
    fail(['old size is not a non-negative integer']);
  if (request.proof.length > MAX_PROOF_LINES) fail([`more than ${MAX_PROOF_LINES} proof lines`]);
  const proof = request.proof.map((hash) => `${toBase64(hash)}\n`).join('');
  return `old ${request.oldSize}\n${proof}\n${request.checkpoint}`;
}

/**
 * Parses the body of an add-checkpoint request (from the request body: untrusted); throws
 * `DC_LEDGER_WITNESS_REQUEST` listing every problem with its line. The checkpoint is not verified here.
 */
export function parseAddCheckpointRequest(body: string): AddCheckpointRequest {
  if (typeof body !== 'string') fail(['not a string']);
  const problems: string[] = [];
  // Each line of the head ends in a newline; the head ends with an empty line.
  const lines: string[] = [];
  let at = 0;
  let closed = false;
  while (at < body.length) {
    const end = body.indexOf('\n', at);
    if (end < 0) break;
    const line = body.slice(at, end);
    at = end + 1;
    if (line === '') {
      closed = true;
      break;
    }
    lines.push(line);
  }
  const match = /^old (0|[1-9][0-9]*)$/.exec(lines[0] ?? '');
  let oldSize = 0;
  if (!match) problems.push('line 1: not `old <size>` with a decimal size without leading zeroes');
  else if (!Number.isSafeInteger(Number(match[1]))) problems.push('line 1: old size is larger than 2^53 - 1');
  else oldSize = Number(match[1]);

  const proof: Uint8Array[] = [];
  lines.slice(1).forEach((line, i) => {
    const hash = fromBase64(line);
    if (!hash || hash.length !== HASH_SIZE)
      problems.push(`line ${i + 2}: not the base64 of a ${HASH_SIZE}-byte hash`);
    else proof.push(hash);
  });
  if (lines.length - 1 > MAX_PROOF_LINES) problems.push(`more than ${MAX_PROOF_LINES} proof lines`);
  if (!closed) problems.push('no empty line before the checkpoint');
  else if (at >= body.length) problems.push('no checkpoint after the empty line');
  if (problems.length > 0) fail(problems);
  return { oldSize, proof, checkpoint: body.slice(at) };
}

/** The body of a 409 Conflict answer: the latest cosigned size. */
export function formatConflictBody(latestSize: number): string {
  return `${latestSize}\n`;
}

/** Parses the body of a 409 Conflict answer; throws `DC_LEDGER_WITNESS_REQUEST`. */
export function parseConflictBody(body: string): number {
  const match = /^(0|[1-9][0-9]*)\n$/.exec(body);
  if (!match || !Number.isSafeInteger(Number(match[1]))) fail(['conflict body is not `<size>\\n`']);
  return Number(match[1]);
}

/** Parses the signature lines of a 200 answer (from a witness: untrusted); verify them with `openNote`. */
export function parseCosignatureResponse(body: string): NoteSignature[] {
  try {
    return [...parseNote(`x\n\n${body}`).signatures];
  } catch (error) {
    throw new LedgerError('DC_LEDGER_WITNESS_REQUEST', 'witness answer: not a sequence of signature lines', {
      cause: error,
    });
  }
}
