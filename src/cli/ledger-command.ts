// `customs ledger key|checkpoint|prove|verify|append|witnesses`: the transparency log from the command
// line, and the log's signer key kept in the data directory. The store is imported when a command runs,
// so that `customs --help` does not load the database drivers.

import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  formatAddCheckpointRequest,
  formatLogKeyList,
  formatSignatureLine,
  formatVerifierKey,
  generateNoteKey,
  isLedgerError,
  isValidKeyName,
  keyListTime,
  LedgerError,
  type LogKeyEntry,
  type LogKeyList,
  noteKeyId,
  openCheckpoint,
  parseConflictBody,
  parseCosignatureResponse,
  parseLogKeyList,
  parseSignerKey,
  parseVerifierKey,
  SIGNED_NOTE_TYPE_COSIGNATURE_V1,
  SIGNED_NOTE_TYPE_ED25519,
  signLogKeyList,
  TLOG_SIZE_CONTENT_TYPE,
  verifyInclusion,
} from '../ledger/index.js';
import { encodeReceipt, type Receipt, receiptProblems } from '../ledger/receipt.js';
import { DataCustomsError } from '../shared/errors.js';
import type { LedgerStore, StoreLocation } from '../store/index.js';
import { writeFileAtomic } from './atomic-file.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import type { CliIo } from './io.js';

/** The origin of a log whose key is created without `--origin` (C2SP: a schema-less URL). */
export const DEFAULT_LOG_ORIGIN = 'data-customs.local/log';

/** The log's signer key: the secret, its verifier key, and the origin (the key's name). */
export interface LogKey {
  readonly signerKey: string;
  readonly verifierKey: string;
  readonly origin: string;
  /** The file it is kept in. */
  readonly path: string;
  /** True when this call created it. */
  readonly created: boolean;
}

/** Where the log's signer key is kept in a data directory. */
export function logKeyPath(dataDir: string): string {
  return join(dataDir, 'ledger', 'log.key');
}

/** Where the verifier keys of the witnesses the log accepts cosignatures from are kept, one a line. */
export function witnessKeysPath(dataDir: string): string {
  return join(dataDir, 'ledger', 'witnesses');
}

/** The origin of a tenant's log (`data-customs.local/<tenant>`). */
export function logOrigin(tenant?: string): string {
  return tenant === undefined ? DEFAULT_LOG_ORIGIN : `data-customs.local/${tenant}`;
}

function toLogKey(signerKey: string, path: string, created: boolean): LogKey {
  const signer = parseSignerKey(signerKey);
  return {
    signerKey,
    verifierKey: formatVerifierKey(signer.name, SIGNED_NOTE_TYPE_ED25519, signer.publicKey),
    origin: signer.name,
    path,
    created,
  };
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new DataCustomsError(
      'DC_IO',
      `cannot read the log key ${path}: ${(err as NodeJS.ErrnoException).code}`,
    );
  }
}

/**
 * The log's signer key from `<data>/ledger/log.key`, created on first use (Ed25519, named after the
 * origin, file mode 0600) when `create` is set. The origin is the key's name: asking for another origin
 * than the stored key's is a usage error.
 * @example
 * const { signerKey, verifierKey, origin } = loadLogKey('./.customs', { create: true })
 */
export function loadLogKey(dataDir: string, options: { origin?: string; create: boolean }): LogKey {
  const path = logKeyPath(dataDir);
  if (!existsSync(path)) {
    if (!options.create)
      throw new DataCustomsError(
        'DC_USAGE',
        `no log key in ${path}; run \`customs ledger key\` to create one`,
      );
    const origin = options.origin ?? DEFAULT_LOG_ORIGIN;
    if (!isValidKeyName(origin))
      throw new DataCustomsError('DC_USAGE', `origin \`${origin}\` is not a valid key name (no spaces or +)`);
    const pair = generateNoteKey(origin);
    try {
      mkdirSync(join(dataDir, 'ledger'), { recursive: true, mode: 0o700 });
      writeFileSync(path, `${pair.signerKey}\n`, { mode: 0o600, flag: 'wx' });
      return toLogKey(pair.signerKey, path, true);
    } catch (err) {
      // Another process created it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new DataCustomsError(
          'DC_IO',
          `cannot write the log key ${path}: ${(err as NodeJS.ErrnoException).code}`,
        );
    }
  }
  let key: LogKey;
  try {
    key = toLogKey(readKeyFile(path), path, false);
  } catch (err) {
    if (isLedgerError(err)) throw new DataCustomsError('DC_USAGE', `the log key ${path}: ${err.message}`);
    throw err;
  }
  if (options.origin !== undefined && options.origin !== key.origin) {
    throw new DataCustomsError(
      'DC_USAGE',
      `the log key ${path} is for origin \`${key.origin}\`, not \`${options.origin}\``,
    );
  }
  return key;
}

/** Where the previous signer key is kept while a key rotation is in progress. */
export function previousLogKeyPath(dataDir: string): string {
  return join(dataDir, 'ledger', 'log-previous.key');
}

/** Where the log's key list (every key it signed with, and when) is kept, in the key list's text format. */
export function logKeyListPath(dataDir: string): string {
  return join(dataDir, 'ledger', 'log-keys');
}

/** The log's keys: the current signer key, the previous one during a rotation, and the key list. */
export interface LogKeys {
  readonly current: LogKey;
  /** The previous signer key while a rotation is in progress (it still co-signs checkpoints). */
  readonly previousSignerKey?: string;
  /** Every key that signs checkpoints now: the current one, then the previous one during a rotation. */
  readonly signerKeys: readonly string[];
  /** Every key the log has signed with, to verify checkpoints of any age. */
  readonly verifierKeys: readonly string[];
  /** Every key with its dates (what `GET /v1/ledger/keys` serves, signed). */
  readonly list: LogKeyList;
}

function fileTime(path: string): string {
  return keyListTime(statSync(path).mtime);
}

/**
 * The log's keys from the data directory: `log.key` (created on first use when `create` is set),
 * `log-previous.key` during a rotation, and the key list `log-keys` (without it, the current key alone,
 * from its file's time). A key found in a key file but missing from the list (a rotation cut short) is
 * added to it.
 */
export function loadLogKeys(dataDir: string, options: { origin?: string; create: boolean }): LogKeys {
  const current = loadLogKey(dataDir, options);
  const listPath = logKeyListPath(dataDir);
  let keys: LogKeyEntry[] = [];
  if (existsSync(listPath)) {
    try {
      const list = parseLogKeyList(readFileSync(listPath, 'utf8'));
      if (list.origin !== current.origin) throw new Error(`it is for origin \`${list.origin}\``);
      keys = [...list.keys];
    } catch (err) {
      throw new DataCustomsError('DC_USAGE', `the log key list ${listPath}: ${(err as Error).message}`);
    }
  }
  let previousSignerKey: string | undefined;
  const previousPath = previousLogKeyPath(dataDir);
  if (existsSync(previousPath)) {
    let previous: LogKey;
    try {
      previous = toLogKey(readKeyFile(previousPath), previousPath, false);
    } catch (err) {
      if (isLedgerError(err))
        throw new DataCustomsError('DC_USAGE', `the log key ${previousPath}: ${err.message}`);
      throw err;
    }
    const entry = keys.find((k) => k.verifierKey === previous.verifierKey);
    // Equal to the current key: a rotation stopped before the new key was written. Retired: one stopped
    // after the list was written but before this file was removed.
    if (previous.verifierKey !== current.verifierKey && entry?.until === undefined) {
      previousSignerKey = previous.signerKey;
      if (!entry) keys.unshift({ verifierKey: previous.verifierKey, from: fileTime(previousPath) });
    }
  }
  if (!keys.some((k) => k.verifierKey === current.verifierKey))
    keys.push({ verifierKey: current.verifierKey, from: fileTime(current.path) });
  return {
    current,
    ...(previousSignerKey === undefined ? {} : { previousSignerKey }),
    signerKeys:
      previousSignerKey === undefined ? [current.signerKey] : [current.signerKey, previousSignerKey],
    verifierKeys: keys.map((k) => k.verifierKey),
    list: { origin: current.origin, keys },
  };
}

/** The key list signed by every key that signs now, as `GET /v1/ledger/keys` serves it. */
export function signedLogKeyList(keys: LogKeys): string {
  return signLogKeyList(keys.list, keys.signerKeys);
}

/** Tells whether a key file can be read by other users than its owner. */
export function isKeyFileExposed(path: string): boolean {
  try {
    return (statSync(path).mode & 0o077) !== 0;
  } catch {
    return false;
  }
}

/**
 * The witness verifier keys in `<data>/ledger/witnesses` (one a line, `#` comments), checked; none when the
 * file does not exist.
 */
export function readWitnessKeys(dataDir: string): string[] {
  const path = witnessKeysPath(dataDir);
  if (!existsSync(path)) return [];
  const keys: string[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      try {
        parseVerifierKey(line);
      } catch (err) {
        throw new DataCustomsError(
          'DC_USAGE',
          `${path}:${i + 1}: ${isLedgerError(err) ? err.message : 'not a verifier key'}`,
        );
      }
      keys.push(line);
    });
  return keys;
}

/** Options shared by the ledger commands. */
export interface LedgerLocationOptions {
  readonly data: string;
  readonly db?: string;
}

/** Where the ledger is: PostgreSQL with `--db`, else SQLite in the data directory. */
export function ledgerLocation(options: LedgerLocationOptions, cwd: string): StoreLocation {
  if (options.db !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(options.db))
      throw new DataCustomsError('DC_USAGE', '--db must be a postgres:// URL');
    return { kind: 'postgres', url: options.db };
  }
  return { kind: 'sqlite', dataDir: resolve(cwd, options.data) };
}

async function withLedger<T>(
  options: LedgerLocationOptions,
  io: CliIo,
  run: (ledger: LedgerStore) => Promise<T>,
): Promise<T> {
  const { openLedgerStore } = await import('../store/ledger-store.js');
  const ledger = await openLedgerStore(ledgerLocation(options, io.cwd));
  try {
    await ledger.migrate();
    return await run(ledger);
  } finally {
    await ledger.close();
  }
}

function parseCount(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^(0|[1-9][0-9]*)$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new DataCustomsError('DC_USAGE', `${name} \`${text}\`: not a non-negative integer`);
  return Number(text);
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function parseHashOption(name: string, text: string): Uint8Array {
  const normal = text.replaceAll('-', '+').replaceAll('_', '/').replaceAll(' ', '+');
  const padded = normal.padEnd(Math.ceil(normal.length / 4) * 4, '=');
  const bytes = /^[A-Za-z0-9+/]*={0,2}$/.test(padded) ? Buffer.from(padded, 'base64') : Buffer.alloc(0);
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Uint8Array.from(Buffer.from(text, 'hex'));
  if (bytes.length !== 32 || b64(bytes) !== padded)
    throw new DataCustomsError('DC_USAGE', `${name}: not the base64 (or hex) of a 32-byte hash`);
  return Uint8Array.from(bytes);
}

/** Options of `customs ledger key`. */
export interface LedgerKeyOptions {
  readonly data: string;
  /** Print the signed key list (every key, with dates) instead. */
  readonly list?: boolean;
  readonly origin?: string;
  readonly tenant?: string;
}

/** `customs ledger key`: prints the log's verifier key, creating the key on first use. */
export async function runLedgerKey(options: LedgerKeyOptions, io: CliIo): Promise<number> {
  const dataDir = resolve(io.cwd, options.data);
  if (options.list) {
    io.out(signedLogKeyList(loadLogKeys(dataDir, { create: false })));
    return EXIT.ok;
  }
  const origin = options.origin ?? (options.tenant === undefined ? undefined : logOrigin(options.tenant));
  const key = loadLogKey(dataDir, { create: true, ...(origin === undefined ? {} : { origin }) });
  if (key.created) io.err(`created the log key ${key.path} (origin ${key.origin}); keep it secret\n`);
  else if (isKeyFileExposed(key.path))
    io.err(`warning: ${key.path} is readable by other users; run chmod 600 on it\n`);
  io.out(`${key.verifierKey}\n`);
  return EXIT.ok;
}

/** Options of `customs ledger checkpoint`. */
export interface LedgerCheckpointOptions extends LedgerLocationOptions {
  readonly origin?: string;
  readonly tenant?: string;
}

/** `customs ledger checkpoint`: signs the current tree head (if it grew) and prints the checkpoint note. */
export async function runLedgerCheckpoint(options: LedgerCheckpointOptions, io: CliIo): Promise<number> {
  const origin = options.origin ?? (options.tenant === undefined ? undefined : logOrigin(options.tenant));
  const keys = loadLogKeys(resolve(io.cwd, options.data), {
    create: true,
    ...(origin === undefined ? {} : { origin }),
  });
  const key = keys.current;
  if (key.created) io.err(`created the log key ${key.path} (origin ${key.origin}); keep it secret\n`);
  return withLedger(options, io, async (ledger) => {
    const checkpoint = await ledger.checkpoint(keys.signerKeys, key.origin, new Date());
    io.out(checkpoint.note);
    return EXIT.ok;
  });
}

/** Options of `customs ledger prove`. */
export interface LedgerProveOptions extends LedgerLocationOptions {
  readonly index?: string;
  readonly leafHash?: string;
  readonly size?: string;
  readonly json?: boolean;
  readonly logKey?: string;
}

/**
 * `customs ledger prove`: the inclusion proof of an entry, verified against the signed checkpoint of that
 * size when there is one (else against the root recomputed from the store) before it is printed.
 */
export async function runLedgerProve(options: LedgerProveOptions, io: CliIo): Promise<number> {
  if ((options.index === undefined) === (options.leafHash === undefined))
    throw new DataCustomsError('DC_USAGE', 'give one of --index N or --leaf-hash HASH');
  const index = parseCount('--index', options.index);
  const size = parseCount('--size', options.size);
  const hash = options.leafHash === undefined ? undefined : parseHashOption('--leaf-hash', options.leafHash);
  const verifierKeys =
    options.logKey !== undefined
      ? [options.logKey]
      : loadLogKeys(resolve(io.cwd, options.data), { create: false }).verifierKeys;
  for (const key of verifierKeys) parseVerifierKey(key);
  return withLedger(options, io, async (ledger) => {
    const current = await ledger.size();
    const latest = await ledger.latestCheckpoint();
    let treeSize = size;
    if (treeSize === undefined) {
      // Prefer the latest signed checkpoint when it covers the entry.
      const covered = latest !== undefined && (index === undefined || index < latest.size);
      treeSize = covered ? latest.size : current;
    }
    const result =
      index !== undefined
        ? await ledger.inclusionProof(index, treeSize)
        : await ledger.inclusionProofByLeafHash(hash!, treeSize);
    if (result === undefined) {
      io.err(`customs: no entry with leaf hash ${b64(hash!)} in the first ${treeSize} entries\n`);
      return EXIT.invalid;
    }
    const checkpoint = await ledger.checkpointAt(result.size);
    let root = result.rootHash;
    if (checkpoint) {
      // The signed root is the one that counts: the proof must lead to it.
      root = openCheckpoint(checkpoint.signedNote, { logKeys: verifierKeys }).checkpoint.rootHash;
    }
    verifyInclusion(result.leafHash, result.index, result.size, result.proof, root);
    if (options.json) {
      io.out(
        `${JSON.stringify(
          {
            index: result.index,
            size: result.size,
            leaf_hash: b64(result.leafHash),
            root_hash: b64(root),
            proof: result.proof.map(b64),
            checkpoint: checkpoint?.note ?? null,
            verified: true,
          },
          null,
          2,
        )}\n`,
      );
      return EXIT.ok;
    }
    const lines = [
      `index       ${result.index}`,
      `size        ${result.size}`,
      `leaf hash   ${b64(result.leafHash)}`,
      `root        ${b64(root)}`,
      ...(result.proof.length === 0
        ? ['proof       (empty)']
        : result.proof.map((h, i) => `${i === 0 ? 'proof      ' : '           '} ${b64(h)}`)),
      checkpoint
        ? `checkpoint  signed by the log at size ${result.size}${checkpoint.cosignatures.length > 0 ? `, cosigned by ${checkpoint.cosignatures.map((c) => c.keyName).join(', ')}` : ''}`
        : `checkpoint  none at size ${result.size} yet (root recomputed from the store; run \`customs ledger checkpoint\`)`,
      'verified    yes',
    ];
    io.out(`${lines.join('\n')}\n`);
    return EXIT.ok;
  });
}

/** Options of `customs ledger verify`. */
export interface LedgerVerifyOptions extends LedgerLocationOptions {
  readonly logKey?: string;
  readonly witnessKey?: readonly string[];
  readonly json?: boolean;
  readonly maxProblems?: string;
}

/** `customs ledger verify`: recomputes the whole tree and checks it; exit 0 consistent, 1 not. */
export async function runLedgerVerify(options: LedgerVerifyOptions, io: CliIo): Promise<number> {
  const dataDir = resolve(io.cwd, options.data);
  // Every key the log has signed with: checkpoints older than a rotation carry only the old key's signature.
  const logKey = options.logKey ?? loadLogKeys(dataDir, { create: false }).verifierKeys;
  const witnessKeys = [...readWitnessKeys(dataDir), ...(options.witnessKey ?? [])];
  const maxProblems = parseCount('--max-problems', options.maxProblems) ?? 1000;
  return withLedger(options, io, async (ledger) => {
    const report = await ledger.verifyAll(logKey, { witnessKeys, maxProblems });
    if (options.json) {
      io.out(
        `${JSON.stringify(
          {
            ok: report.ok,
            size: report.size,
            root_hash: b64(report.rootHash),
            entries: report.entries,
            subtrees: report.subtrees,
            checkpoints: report.checkpoints,
            cosignatures: report.cosignatures,
            unverified_cosignatures: report.unverifiedCosignatures,
            skipped_checkpoints: report.skippedCheckpoints,
            problems: report.problems,
            more_problems: report.moreProblems,
          },
          null,
          2,
        )}\n`,
      );
      return report.ok ? EXIT.ok : EXIT.invalid;
    }
    for (const problem of report.problems) io.out(`${problem.message}\n`);
    const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    const summary =
      `${count(report.entries, 'entry', 'entries')}, ${count(report.subtrees, 'subtree hash', 'subtree hashes')}, ` +
      `${count(report.checkpoints, 'checkpoint', 'checkpoints')}, ` +
      `${count(report.cosignatures, 'cosignature', 'cosignatures')} verified` +
      (report.unverifiedCosignatures > 0 ? ` (${report.unverifiedCosignatures} by unknown witnesses)` : '');
    if (report.ok) {
      io.out(`OK  ledger of size ${report.size}, root ${b64(report.rootHash)}: ${summary}\n`);
      return EXIT.ok;
    }
    const total = report.problems.length + report.moreProblems;
    io.out(
      `INVALID  ledger of size ${report.size}: ${count(total, 'problem', 'problems')}` +
        (report.moreProblems > 0 ? ` (${report.moreProblems} not listed)` : '') +
        `; ${summary}\n`,
    );
    return EXIT.invalid;
  });
}

/** Options of `customs ledger append`. */
export interface LedgerAppendOptions extends LedgerLocationOptions {
  readonly checkpoint?: boolean;
}

/**
 * `customs ledger append FILE...`: appends receipts, one JSON object a line (NDJSON; `-` for stdin), each
 * checked and stored in canonical form. Nothing is appended when a line is not a receipt.
 */
export async function runLedgerAppend(
  files: readonly string[],
  options: LedgerAppendOptions,
  io: CliIo,
): Promise<number> {
  const leaves: Uint8Array[] = [];
  const problems: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = file === '-' ? await io.readStdin() : readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (err) {
      throw new DataCustomsError('DC_IO', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code}`);
    }
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        problems.push(`${file}:${i + 1}: not JSON`);
        return;
      }
      const found = receiptProblems(value);
      if (found.length > 0) problems.push(...found.map((p) => `${file}:${i + 1}: ${p}`));
      else leaves.push(encodeReceipt(value as Receipt));
    });
  }
  if (problems.length > 0) {
    for (const problem of problems) io.err(`${problem}\n`);
    io.err(`customs: nothing appended: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
    return EXIT.invalid;
  }
  if (leaves.length === 0) throw new DataCustomsError('DC_USAGE', 'no receipt to append');
  const keys = options.checkpoint ? loadLogKeys(resolve(io.cwd, options.data), { create: true }) : undefined;
  return withLedger(options, io, async (ledger) => {
    const { firstIndex } = await ledger.append(leaves);
    const last = firstIndex + leaves.length - 1;
    io.out(
      `appended ${leaves.length} entr${leaves.length === 1 ? 'y' : 'ies'}: ${firstIndex === last ? `index ${firstIndex}` : `indices ${firstIndex} to ${last}`}\n`,
    );
    if (keys) io.out((await ledger.checkpoint(keys.signerKeys, keys.current.origin, new Date())).note);
    return EXIT.ok;
  });
}

/** Options of `customs ledger rotate-key`. */
export interface LedgerRotateKeyOptions {
  readonly data: string;
  readonly finish?: boolean;
}

/**
 * `customs ledger rotate-key`: starts a key rotation: a new Ed25519 key, named after the origin like the
 * old one, becomes the current key; the old one stays as `log-previous.key` and both sign every checkpoint
 * until `--finish`, which retires the old key (its `until` date in the key list) and deletes its secret.
 * Old checkpoints keep verifying with the old verifier key, which stays in the key list.
 */
export async function runLedgerRotateKey(options: LedgerRotateKeyOptions, io: CliIo): Promise<number> {
  const dataDir = resolve(io.cwd, options.data);
  const keys = loadLogKeys(dataDir, { create: false });
  const now = keyListTime(new Date());
  const listPath = logKeyListPath(dataDir);
  const previousPath = previousLogKeyPath(dataDir);
  if (options.finish) {
    if (keys.previousSignerKey === undefined)
      throw new DataCustomsError(
        'DC_USAGE',
        'no key rotation in progress (start one with `customs ledger rotate-key`)',
      );
    const previous = toLogKey(keys.previousSignerKey, previousPath, false);
    const list: LogKeyList = {
      origin: keys.list.origin,
      keys: keys.list.keys.map((k) => (k.verifierKey === previous.verifierKey ? { ...k, until: now } : k)),
    };
    // The list first: once it says retired, the secret left behind is never used again.
    writeFileAtomic(listPath, formatLogKeyList(list), 0o644);
    unlinkSync(previousPath);
    io.err(
      `retired the log key ${previous.verifierKey} (until ${now}); checkpoints are now signed by the current key alone\n`,
    );
    io.out(`${keys.current.verifierKey}\n`);
    return EXIT.ok;
  }
  if (keys.previousSignerKey !== undefined) {
    const since = keys.list.keys.find((k) => k.verifierKey === keys.current.verifierKey)?.from ?? '?';
    throw new DataCustomsError(
      'DC_USAGE',
      `a key rotation is in progress since ${since}; once every witness trusts the new key, finish it with \`customs ledger rotate-key --finish\``,
    );
  }
  const next = generateNoteKey(keys.current.origin);
  const nextKey = toLogKey(next.signerKey, keys.current.path, true);
  // In this order, a rotation cut short at any step is picked up by loadLogKeys: the old secret is kept,
  // then the new one becomes current, then the list names both.
  writeFileAtomic(previousPath, `${keys.current.signerKey}\n`, 0o600);
  writeFileAtomic(keys.current.path, `${next.signerKey}\n`, 0o600);
  writeFileAtomic(
    listPath,
    formatLogKeyList({
      origin: keys.list.origin,
      keys: [...keys.list.keys, { verifierKey: nextKey.verifierKey, from: now }],
    }),
    0o644,
  );
  io.err(
    `new log key for ${nextKey.origin}; until \`customs ledger rotate-key --finish\`, checkpoints carry the old and the new key's signatures.\n` +
      'Restart `customs serve` to sign with it. Witnesses that trust the old key learn the new one from GET /v1/ledger/keys\n' +
      '(signed by both keys); others must be given it. Old checkpoints still verify with the old key.\n',
  );
  io.out(`${nextKey.verifierKey}\n`);
  return EXIT.ok;
}

/** Options of `customs ledger push`. */
export interface LedgerPushOptions extends LedgerLocationOptions {
  /** Witness URL prefixes; `/add-checkpoint` is appended. */
  readonly witness: readonly string[];
}

const PUSH_TIMEOUT_MS = 15_000;
const MAX_WITNESS_ANSWER = 64 * 1024;

/**
 * `customs ledger push --witness URL...`: sends the latest checkpoint to each witness (C2SP tlog-witness
 * add-checkpoint) with a consistency proof from the size the witness last cosigned (learned from its 409
 * answer), and keeps the cosignatures of the witnesses in `<data>/ledger/witnesses`. Exit 0 when every
 * witness cosigned, 1 otherwise.
 */
export async function runLedgerPush(
  options: LedgerPushOptions,
  io: CliIo,
  deps: { readonly fetch?: typeof fetch } = {},
): Promise<number> {
  const fetchFn = deps.fetch ?? globalThis.fetch;
  if (options.witness.length === 0)
    throw new DataCustomsError('DC_USAGE', 'give --witness URL at least once');
  const urls = options.witness.map((text) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new DataCustomsError('DC_USAGE', `--witness \`${text}\`: not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new DataCustomsError('DC_USAGE', `--witness \`${text}\`: not an http(s) URL`);
    return url.toString().replace(/\/+$/, '');
  });
  const witnessKeys = readWitnessKeys(resolve(io.cwd, options.data)).map((text) => ({
    text,
    key: parseVerifierKey(text),
  }));
  return withLedger(options, io, async (ledger) => {
    const latest = await ledger.latestCheckpoint();
    if (!latest)
      throw new DataCustomsError(
        'DC_USAGE',
        'the log has no checkpoint yet; run `customs ledger checkpoint`',
      );
    const origin = latest.body.slice(0, latest.body.indexOf('\n'));
    let failures = 0;
    for (const base of urls) {
      const fail = (message: string) => {
        io.err(`customs: ${base}: ${message}\n`);
        failures++;
      };
      let oldSize = 0;
      let answer: string | undefined;
      for (let attempt = 0; attempt < 3 && answer === undefined; attempt++) {
        const proof =
          oldSize > 0 && oldSize < latest.size
            ? (await ledger.consistencyProof(oldSize, latest.size)).proof
            : [];
        let response: Response;
        let text: string;
        try {
          response = await fetchFn(`${base}/add-checkpoint`, {
            method: 'POST',
            headers: { 'content-type': 'text/plain; charset=utf-8' },
            body: formatAddCheckpointRequest({ oldSize, proof, checkpoint: latest.signedNote }),
            signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
          });
          text = await response.text();
        } catch (err) {
          fail(`cannot reach the witness: ${(err as Error).message}`);
          break;
        }
        // From the witness: untrusted.
        if (text.length > MAX_WITNESS_ANSWER) {
          fail(`the answer is larger than ${MAX_WITNESS_ANSWER} bytes`);
          break;
        }
        if (
          response.status === 409 &&
          (response.headers.get('content-type') ?? '').startsWith(TLOG_SIZE_CONTENT_TYPE)
        ) {
          let cosigned: number;
          try {
            cosigned = parseConflictBody(text);
          } catch {
            fail('409 with a body that is not a tree size');
            break;
          }
          if (cosigned === oldSize) {
            fail(
              `the witness refuses the checkpoint of size ${latest.size}: it cosigned another root at size ${cosigned} (split view?)`,
            );
            break;
          }
          if (cosigned > latest.size) {
            fail(`the witness has cosigned size ${cosigned}, beyond the latest checkpoint (${latest.size})`);
            break;
          }
          oldSize = cosigned;
          continue;
        }
        if (!response.ok) {
          fail(`the witness answered ${response.status}: ${text.split('\n')[0]?.slice(0, 200) ?? ''}`);
          break;
        }
        answer = text;
      }
      if (answer === undefined) continue;
      let lines: ReturnType<typeof parseCosignatureResponse>;
      try {
        lines = parseCosignatureResponse(answer);
      } catch {
        fail('the answer is not cosignature lines');
        continue;
      }
      const accepted: string[] = [];
      for (const line of lines) {
        // Cosignatures by keys we do not know are ignored (tlog-witness).
        const match = witnessKeys.find(
          ({ key }) =>
            key.name === line.name &&
            key.type === SIGNED_NOTE_TYPE_COSIGNATURE_V1 &&
            noteKeyId(key.name, SIGNED_NOTE_TYPE_COSIGNATURE_V1, key.publicKey) === line.keyId,
        );
        if (!match) continue;
        try {
          const stored = await ledger.addCosignature({
            size: latest.size,
            line: formatSignatureLine(line),
            verifierKey: match.text,
            receivedAt: new Date(),
          });
          accepted.push(stored.keyName);
        } catch (err) {
          fail(
            `the cosignature by \`${line.name}\` does not verify: ${isLedgerError(err) ? err.message : String(err)}`,
          );
        }
      }
      if (accepted.length === 0) {
        if (lines.length > 0 && !witnessKeys.some(({ key }) => lines.some((l) => l.name === key.name)))
          fail(
            'cosigned, but by no witness key of this log (add it with `customs ledger witnesses --add KEY`)',
          );
        continue;
      }
      io.out(`${origin} at size ${latest.size}: cosigned by ${accepted.join(', ')} (${base})\n`);
    }
    return failures === 0 ? EXIT.ok : EXIT.invalid;
  });
}

/** Options of `customs ledger witnesses`. */
export interface LedgerWitnessesOptions {
  readonly data: string;
  readonly add?: string;
}

/** `customs ledger witnesses [--add KEY]`: lists, or adds to, the witnesses whose cosignatures the log accepts. */
export async function runLedgerWitnesses(options: LedgerWitnessesOptions, io: CliIo): Promise<number> {
  const dataDir = resolve(io.cwd, options.data);
  const keys = readWitnessKeys(dataDir);
  if (options.add !== undefined) {
    const key = options.add.trim();
    try {
      parseVerifierKey(key);
    } catch (err) {
      throw new DataCustomsError(
        'DC_USAGE',
        `--add: ${isLedgerError(err) ? err.message : 'not a verifier key'}`,
      );
    }
    if (!keys.includes(key)) {
      const path = witnessKeysPath(dataDir);
      mkdirSync(join(dataDir, 'ledger'), { recursive: true, mode: 0o700 });
      const before = existsSync(path) ? readFileSync(path, 'utf8') : '# witness verifier keys, one a line\n';
      writeFileSync(path, `${before}${before.endsWith('\n') ? '' : '\n'}${key}\n`);
      chmodSync(path, 0o644);
      keys.push(key);
    }
  }
  for (const key of keys) io.out(`${key}\n`);
  return EXIT.ok;
}

/** Runs a command body: known failures become a message on stderr and their exit code, never a trace. */
export async function runCommand(io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof DataCustomsError) {
      io.err(`customs: ${err.message}\n`);
      return exitCodeFor(err.code);
    }
    if (err instanceof LedgerError) {
      io.err(`customs: ${err.message} (${err.code})\n`);
      return EXIT.invalid;
    }
    throw err;
  }
}

const DATA_HELP = 'data directory (SQLite ledger.db and the log key)';

/**
 * Adds `customs ledger ...` to the command tree; `exit` receives each command's exit code.
 * @example
 * registerLedgerCommand(program, io, exit)
 */
export function registerLedgerCommand(program: Command, io: CliIo, exit: (code: number) => void): void {
  const ledger = program
    .command('ledger')
    .description('the transparency log of transfer receipts: checkpoints, proofs, verification');

  ledger
    .command('key')
    .description("print the log's verifier key (creates the signer key in the data directory on first use)")
    .option('--data <dir>', DATA_HELP, './.customs')
    .option('--origin <origin>', `the log's origin when the key is created (default ${DEFAULT_LOG_ORIGIN})`)
    .option('--tenant <name>', 'origin data-customs.local/<name> when the key is created')
    .option('--list', 'print the signed key list instead: every key the log signed with, and when')
    .action(async (opts) => exit(await runCommand(io, () => runLedgerKey(opts, io))));

  ledger
    .command('rotate-key')
    .description(
      'start a log key rotation (a new key; old and new sign checkpoints until --finish), or finish it',
    )
    .option('--finish', 'retire the previous key: checkpoints are signed by the new key alone')
    .option('--data <dir>', DATA_HELP, './.customs')
    .action(async (opts) => exit(await runCommand(io, () => runLedgerRotateKey(opts, io))));

  ledger
    .command('checkpoint')
    .description('sign the current tree head as a C2SP checkpoint and print it, with its cosignatures')
    .option('--data <dir>', DATA_HELP, './.customs')
    .option('--db <url>', 'PostgreSQL URL (postgres://...) instead of the embedded SQLite')
    .option('--origin <origin>', "the log's origin when the key is created")
    .option('--tenant <name>', 'origin data-customs.local/<name> when the key is created')
    .action(async (opts) => exit(await runCommand(io, () => runLedgerCheckpoint(opts, io))));

  ledger
    .command('prove')
    .description('print the inclusion proof of an entry, verified against the signed checkpoint')
    .option('--index <n>', 'the entry index')
    .option('--leaf-hash <hash>', 'the entry by its RFC 6962 leaf hash (base64 or hex) instead')
    .option('--size <m>', 'the tree size (default: the latest checkpoint covering the entry)')
    .option('--json', 'print JSON')
    .option('--log-key <key>', "the log's verifier key (default: the data directory's)")
    .option('--data <dir>', DATA_HELP, './.customs')
    .option('--db <url>', 'PostgreSQL URL instead of the embedded SQLite')
    .action(async (opts) => exit(await runCommand(io, () => runLedgerProve(opts, io))));

  ledger
    .command('verify')
    .description(
      'recompute the whole tree from storage and check every subtree, checkpoint and cosignature; exit 0 consistent, 1 not',
    )
    .option('--log-key <key>', "the log's verifier key (default: the data directory's)")
    .option(
      '--witness-key <key>',
      'a witness verifier key to check cosignatures with (repeatable; plus <data>/ledger/witnesses)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--max-problems <n>', 'list at most this many problems', '1000')
    .option('--json', 'print the report as JSON')
    .option('--data <dir>', DATA_HELP, './.customs')
    .option('--db <url>', 'PostgreSQL URL instead of the embedded SQLite')
    .action(async (opts) => exit(await runCommand(io, () => runLedgerVerify(opts, io))));

  ledger
    .command('append')
    .description('append transfer receipts (NDJSON, one receipt a line; - for stdin), for demos and tests')
    .argument('<file...>', 'NDJSON files of receipts')
    .option('--checkpoint', 'sign a checkpoint afterwards and print it')
    .option('--data <dir>', DATA_HELP, './.customs')
    .option('--db <url>', 'PostgreSQL URL instead of the embedded SQLite')
    .action(async (files: string[], opts) =>
      exit(await runCommand(io, () => runLedgerAppend(files, opts, io))),
    );

  ledger
    .command('push')
    .description(
      'send the latest checkpoint to witnesses (C2SP tlog-witness add-checkpoint) and keep their cosignatures',
    )
    .requiredOption(
      '--witness <url>',
      "a witness's URL prefix, e.g. http://127.0.0.1:7380 (repeatable; see `customs witness --serve`)",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--data <dir>', DATA_HELP, './.customs')
    .option('--db <url>', 'PostgreSQL URL instead of the embedded SQLite')
    .action(async (opts) => exit(await runCommand(io, () => runLedgerPush(opts, io))));

  ledger
    .command('witnesses')
    .description('list the witness keys whose cosignatures the log accepts, or add one')
    .option('--add <key>', 'a witness verifier key (as printed by `customs witness keygen`)')
    .option('--data <dir>', DATA_HELP, './.customs')
    .action(async (opts) => exit(await runCommand(io, () => runLedgerWitnesses(opts, io))));
}
