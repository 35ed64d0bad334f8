// C2SP transparency log checkpoints (https://c2sp.org/tlog-checkpoint): the note text
//   <origin>\n<tree size in decimal, no leading zeroes>\n<base64 root hash>\n[<extension line>\n...]
// parsed strictly. Browser-safe. Checkpoint text from elsewhere is untrusted.

import { findControlCharacter, fromBase64, hasLoneSurrogate, toBase64 } from './bytes.js';
import { LedgerError } from './errors.js';
import { HASH_SIZE } from './merkle.js';
import { isCount } from './tree-math.js';

/** A log's signed statement of its size and root hash, once parsed. */
export interface Checkpoint {
  /** The log's identity, the first line. */
  readonly origin: string;
  /** The number of leaves. */
  readonly size: number;
  /** The RFC 6962 root hash at that size, 32 bytes. */
  readonly rootHash: Uint8Array;
  /** Opaque extension lines, without their newlines. */
  readonly extensions: readonly string[];
}

/** What `formatCheckpoint` takes: a checkpoint whose extension lines are optional. */
export interface CheckpointInput {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly extensions?: readonly string[];
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

function lineProblem(line: string, what: string): string | undefined {
  if (line.length === 0) return `${what} is empty`;
  if (findControlCharacter(line, false) >= 0) return `${what} has a control character`;
  if (hasLoneSurrogate(line)) return `${what} is not valid UTF-8`;
  return undefined;
}

function fail(problems: readonly string[]): never {
  throw new LedgerError('DC_LEDGER_CHECKPOINT', `checkpoint: ${problems.join('; ')}`, { problems });
}

/**
 * The note text of a checkpoint; throws `DC_LEDGER_CHECKPOINT` when a field cannot be written.
 * @example
 * formatCheckpoint({ origin: 'example.com/log', size: 8, rootHash }) // 'example.com/log\n8\n...=\n'
 */
export function formatCheckpoint(checkpoint: CheckpointInput): string {
  const problems: string[] = [];
  const { origin, size, rootHash, extensions = [] } = checkpoint;
  const originProblem =
    typeof origin === 'string' ? lineProblem(origin, 'line 1: origin') : 'line 1: origin is not a string';
  if (originProblem) problems.push(originProblem);
  if (!isCount(size))
    problems.push(`line 2: tree size \`${String(size)}\` is not a non-negative safe integer`);
  if (!(rootHash instanceof Uint8Array) || rootHash.length !== HASH_SIZE) {
    problems.push(`line 3: root hash is not ${HASH_SIZE} bytes`);
  }
  extensions.forEach((line, i) => {
    const problem =
      typeof line === 'string'
        ? lineProblem(line, `line ${i + 4}: extension line`)
        : `line ${i + 4}: extension line is not a string`;
    if (problem) problems.push(problem);
  });
  if (problems.length > 0) fail(problems);
  return [origin, String(size), toBase64(rootHash), ...extensions].map((line) => `${line}\n`).join('');
}

/**
 * Parses the note text (body) of a checkpoint, strictly: at least three non-empty lines each ending in a
 * newline, a decimal size without leading zeroes, a canonical base64 root hash of 32 bytes, and non-empty
 * extension lines. Throws `DC_LEDGER_CHECKPOINT` listing every problem with its line. Parse the text of an
 * opened note only: this checks no signature.
 * @example
 * parseCheckpoint('example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n')
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (typeof text !== 'string') fail(['not a string']);
  if (!text.endsWith('\n')) fail(['the last line does not end with a newline']);
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3)
    fail([`${lines.length} lines; a checkpoint has at least 3 (origin, size, root hash)`]);
  const problems: string[] = [];
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];

  const originProblem = lineProblem(origin, 'line 1: origin');
  if (originProblem) problems.push(originProblem);

  let size = 0;
  if (!DECIMAL.test(sizeText)) {
    problems.push(
      `line 2: tree size \`${sizeText.slice(0, 40)}\` is not a decimal number without leading zeroes`,
    );
  } else if (!isCount(Number(sizeText))) {
    problems.push(`line 2: tree size \`${sizeText.slice(0, 40)}\` is larger than 2^53 - 1`);
  } else {
    size = Number(sizeText);
  }

  const rootHash = fromBase64(rootText);
  if (!rootHash) problems.push(`line 3: root hash \`${rootText.slice(0, 60)}\` is not canonical base64`);
  else if (rootHash.length !== HASH_SIZE)
    problems.push(`line 3: root hash is ${rootHash.length} bytes, not ${HASH_SIZE}`);

  extensions.forEach((line, i) => {
    const problem = lineProblem(line, `line ${i + 4}: extension line`);
    if (problem) problems.push(problem);
  });
  if (problems.length > 0) fail(problems);
  return { origin, size, rootHash: rootHash!, extensions };
}
