// The log's key list: every Ed25519 key the log has signed checkpoints with, each with the time it began
// signing and, once retired, the time it stopped. Key rotation follows C2SP: the log key keeps the origin
// as its name (tlog-checkpoint: "the log's key name SHOULD match the origin"), so a new key differs by its
// key ID, and verifiers ignore signatures by keys they do not know (signed-note), which "enables log key
// rotation" (tlog-checkpoint): during a transition each checkpoint carries the old and the new key's
// signatures, as tlog-witness allows ("the submitted checkpoint MAY include multiple signatures").
// Witnesses are "configured with a list of supported log public keys" (tlog-witness); no C2SP spec says
// how they learn a new one. This list is that way, and our own format: a signed note, signed by every key
// the log signs with at the time, whose text is
//   data-customs/log-keys/v1
//   origin <origin>
//   key <verifier key> <from> [<until>]      one line per key, oldest first; times ISO 8601 UTC, seconds
// A witness that trusts one of the signing keys learns the others from it. Its second line is not a tree
// size, so a key list can never be taken for a checkpoint. Browser-safe; lists to open are untrusted.

import { findControlCharacter, hasLoneSurrogate } from './bytes.js';
import { LedgerError } from './errors.js';
import { openNote, signNote, type VerifiedNoteSignature } from './note.js';
import { parseVerifierKey, SIGNED_NOTE_TYPE_ED25519 } from './note-key.js';

/** The first line of a key list. */
export const LOG_KEY_LIST_HEADER = 'data-customs/log-keys/v1';

/** One key of the log, and when it signed. */
export interface LogKeyEntry {
  /** The C2SP verifier key (type 0x01, named after the origin). */
  readonly verifierKey: string;
  /** When it began signing checkpoints, ISO 8601 UTC to the second (`2026-11-29T10:00:00Z`). */
  readonly from: string;
  /** When it stopped (retired), if it did. */
  readonly until?: string;
}

/** Every key a log has signed with. INVARIANT: verifier keys are unique and all named after the origin. */
export interface LogKeyList {
  readonly origin: string;
  readonly keys: readonly LogKeyEntry[];
}

/** A key list whose note verified against a trusted key. */
export interface OpenedLogKeyList {
  readonly list: LogKeyList;
  /** The trusted keys' signatures that verified. */
  readonly signatures: readonly VerifiedNoteSignature[];
}

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function fail(problems: readonly string[]): never {
  throw new LedgerError('DC_LEDGER_KEY_LIST', `log key list: ${problems.join('; ')}`, { problems });
}

/** An instant as the key list writes it: ISO 8601 UTC, whole seconds. */
export function keyListTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function listProblems(list: LogKeyList): string[] {
  const problems: string[] = [];
  if (
    typeof list.origin !== 'string' ||
    list.origin === '' ||
    findControlCharacter(list.origin, false) >= 0 ||
    hasLoneSurrogate(list.origin) ||
    /\s/.test(list.origin)
  )
    problems.push('origin: not a non-empty line without spaces');
  if (!Array.isArray(list.keys) || list.keys.length === 0) problems.push('keys: none');
  const seen = new Set<string>();
  (list.keys ?? []).forEach((entry, i) => {
    const at = `key ${i + 1}`;
    try {
      const key = parseVerifierKey(entry.verifierKey);
      if (key.type !== SIGNED_NOTE_TYPE_ED25519) problems.push(`${at}: not an Ed25519 (type 0x01) key`);
      if (key.name !== list.origin) problems.push(`${at}: named \`${key.name}\`, not the origin`);
      if (seen.has(key.text)) problems.push(`${at}: listed twice`);
      seen.add(key.text);
    } catch (error) {
      problems.push(`${at}: ${error instanceof Error ? error.message : 'not a verifier key'}`);
    }
    if (typeof entry.from !== 'string' || !TIME.test(entry.from) || Number.isNaN(Date.parse(entry.from)))
      problems.push(`${at}: from \`${String(entry.from)}\` is not a time like 2026-11-29T10:00:00Z`);
    if (entry.until !== undefined) {
      if (typeof entry.until !== 'string' || !TIME.test(entry.until) || Number.isNaN(Date.parse(entry.until)))
        problems.push(`${at}: until \`${String(entry.until)}\` is not a time like 2026-11-29T10:00:00Z`);
      else if (entry.until < entry.from) problems.push(`${at}: until is before from`);
    }
  });
  return problems;
}

/** The note text of a key list; throws `DC_LEDGER_KEY_LIST` naming each problem. */
export function formatLogKeyList(list: LogKeyList): string {
  const problems = listProblems(list);
  if (problems.length > 0) fail(problems);
  const lines = list.keys.map(
    (entry) => `key ${entry.verifierKey} ${entry.from}${entry.until === undefined ? '' : ` ${entry.until}`}`,
  );
  return `${LOG_KEY_LIST_HEADER}\norigin ${list.origin}\n${lines.join('\n')}\n`;
}

/** Parses a key list's note text (untrusted until its note is opened); throws `DC_LEDGER_KEY_LIST`. */
export function parseLogKeyList(text: string): LogKeyList {
  if (typeof text !== 'string' || !text.endsWith('\n')) fail(['not a text ending in a newline']);
  const lines = text.slice(0, -1).split('\n');
  const problems: string[] = [];
  if (lines[0] !== LOG_KEY_LIST_HEADER) problems.push(`line 1: not \`${LOG_KEY_LIST_HEADER}\``);
  const originMatch = /^origin (\S+)$/.exec(lines[1] ?? '');
  if (!originMatch) problems.push('line 2: not `origin <origin>`');
  const keys: LogKeyEntry[] = [];
  lines.slice(2).forEach((line, i) => {
    const match = /^key (\S+) (\S+)(?: (\S+))?$/.exec(line);
    if (!match) problems.push(`line ${i + 3}: not \`key <verifier key> <from> [<until>]\``);
    else
      keys.push({
        verifierKey: match[1]!,
        from: match[2]!,
        ...(match[3] === undefined ? {} : { until: match[3] }),
      });
  });
  if (problems.length > 0) fail(problems);
  const list: LogKeyList = { origin: originMatch![1]!, keys };
  const more = listProblems(list);
  if (more.length > 0) fail(more);
  return list;
}

/**
 * Signs a key list with the log's current signer keys (every key that signs checkpoints now).
 * @example
 * const note = signLogKeyList({ origin, keys: [{ verifierKey, from: '2026-11-29T10:00:00Z' }] }, [signerKey])
 */
export function signLogKeyList(list: LogKeyList, signerKeys: string | readonly string[]): string {
  return signNote(formatLogKeyList(list), signerKeys);
}

/**
 * Opens a signed key list with the keys one trusts for the log (throws as `openNote` does when none of
 * them signed it, or a signature by one of them fails) and parses it (`DC_LEDGER_KEY_LIST`).
 * @example
 * const { list } = openLogKeyList(note, trustedLogKeys)
 */
export function openLogKeyList(note: string, trustedKeys: readonly string[]): OpenedLogKeyList {
  const opened = openNote(note, trustedKeys);
  return { list: parseLogKeyList(opened.text), signatures: opened.signatures };
}

/** The keys of a list that sign at `now`: begun, and not retired. */
export function activeLogKeys(list: LogKeyList, now: Date): string[] {
  const at = keyListTime(now);
  return list.keys
    .filter((entry) => entry.from <= at && (entry.until === undefined || entry.until > at))
    .map((entry) => entry.verifierKey);
}

/**
 * The keys a witness trusts for a log after reading the log's opened key list: its trusted keys, less those
 * the list says are retired at `now`, plus those the list says sign now. Never empty: a list that would
 * leave no key changes nothing.
 */
export function updateTrustedLogKeys(
  trusted: readonly string[],
  list: LogKeyList,
  now: Date,
): readonly string[] {
  const at = keyListTime(now);
  const retired = new Set(
    list.keys.filter((entry) => entry.until !== undefined && entry.until <= at).map((e) => e.verifierKey),
  );
  const next = trusted.filter((key) => !retired.has(key));
  for (const key of activeLogKeys(list, now)) if (!next.includes(key)) next.push(key);
  return next.length === 0 ? trusted : next;
}
