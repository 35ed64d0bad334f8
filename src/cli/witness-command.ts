// `customs witness`: the process a regulator or auditor runs. It fetches a log's latest checkpoint over
// HTTP, checks the log's signature (key pinned on first contact) and a consistency proof from the last
// checkpoint it cosigned, decides with the pure `witnessCheckpoint`, persists its state atomically BEFORE
// posting the cosignature back, and on a split view raises an alarm, keeps the evidence and never cosigns.
// `customs witness keygen` makes the witness's key.

import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  type Checkpoint,
  createWitnessLogState,
  formatNote,
  generateCosignerKey,
  isLedgerError,
  isValidKeyName,
  type LogKeyList,
  openCheckpoint,
  openLogKeyList,
  parseCheckpoint,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  parseWitnessState,
  toCosignatureVerifierKey,
  updateTrustedLogKeys,
  type WitnessDecision,
  type WitnessLogState,
  type WitnessState,
  witnessCheckpoint,
  witnessStateToJson,
} from '../ledger/index.js';
import { DataCustomsError } from '../shared/errors.js';
import { writeFileAtomic } from './atomic-file.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { runCommand } from './ledger-command.js';
import { runWitnessServe } from './witness-serve.js';

export { writeFileAtomic };

/** Options of `customs witness`. */
export interface WitnessCommandOptions {
  /** The log's base URL (`http://host:port`); the ledger routes are under `/v1/ledger/`. */
  readonly log: string;
  /** The file holding the witness's signer key (`PRIVATE+KEY+...`). */
  readonly key: string;
  /** The witness's state folder (default `./.customs-witness`). */
  readonly state?: string;
  /** One round, then exit: 0 cosigned or nothing new, 1 refused, alarm or failure. */
  readonly once?: boolean;
  /** Seconds between rounds (default 60). */
  readonly interval?: string;
  /** The log's verifier key; without it, fetched from the log on first contact and pinned. */
  readonly logKey?: string;
}

/** What the witness takes from its surroundings; tests replace them. */
export interface WitnessDeps {
  readonly fetch?: typeof fetch;
  /** Now, in POSIX seconds. */
  readonly now?: () => number;
  /** Stops the loop (default: SIGINT or SIGTERM). */
  readonly signal?: AbortSignal;
}

/** What one round did. */
export type WitnessOutcome =
  | { readonly kind: 'cosigned'; readonly origin: string; readonly size: number }
  | { readonly kind: 'unchanged'; readonly origin: string; readonly size: number }
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'alarm'; readonly message: string; readonly evidence: string };

const STATE_FILE = 'state.json';
const PINS_FILE = 'logs.json';
const MAX_BODY = 1024 * 1024;
const TIMEOUT_MS = 15_000;

function ioError(message: string): DataCustomsError {
  return new DataCustomsError('DC_IO', message);
}

function readState(dir: string): WitnessState {
  const path = join(dir, STATE_FILE);
  if (!existsSync(path)) return { logs: [] };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw ioError(`the witness state ${path} is not JSON; restore it from a backup`);
  }
  return parseWitnessState(json);
}

/** Which origin each log URL showed at first contact: a log may not change it later. */
function readPins(dir: string): Record<string, string> {
  const path = join(dir, PINS_FILE);
  if (!existsSync(path)) return {};
  try {
    const json = JSON.parse(readFileSync(path, 'utf8')) as {
      version?: number;
      logs?: Record<string, string>;
    };
    if (json.version !== 1 || typeof json.logs !== 'object' || json.logs === null) throw new Error('shape');
    return { ...json.logs };
  } catch {
    throw ioError(`the witness pins ${path} are not well-formed; restore them from a backup`);
  }
}

function readSignerKey(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw ioError(`cannot read the witness key ${path}: ${(err as NodeJS.ErrnoException).code}`);
  }
  try {
    parseSignerKey(text);
  } catch (err) {
    throw new DataCustomsError(
      'DC_USAGE',
      `--key ${path}: ${isLedgerError(err) ? err.message : 'not a signer key'}`,
    );
  }
  return text;
}

function baseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DataCustomsError('DC_USAGE', `--log \`${text}\`: not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new DataCustomsError('DC_USAGE', `--log \`${text}\`: not an http(s) URL`);
  return url.toString().replace(/\/+$/, '');
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]+/g, '_').slice(0, 80);
}

function fromBase64Strict(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? Uint8Array.from(bytes) : undefined;
}

/**
 * The log keys to trust after reading the log's key list (`GET /v1/ledger/keys`), or undefined when nothing
 * changes: no list (an older log), a list no trusted key signed, or the same keys.
 */
async function learnLogKeys(
  log: WitnessLogState,
  deps: Required<Pick<WitnessDeps, 'now'>>,
  get: (path: string) => Promise<string>,
): Promise<readonly string[] | undefined> {
  let note: string;
  try {
    note = await get('/v1/ledger/keys');
  } catch {
    return undefined;
  }
  let list: LogKeyList;
  try {
    list = openLogKeyList(note, log.logKeys).list;
  } catch {
    return undefined;
  }
  if (list.origin !== log.origin) return undefined;
  const next = updateTrustedLogKeys(log.logKeys, list, new Date(deps.now() * 1000));
  const same = next.length === log.logKeys.length && next.every((k) => log.logKeys.includes(k));
  return same ? undefined : next;
}

/** One round of the witness against one log. */
async function witnessRound(
  options: WitnessCommandOptions,
  io: CliIo,
  deps: Required<Pick<WitnessDeps, 'fetch' | 'now'>>,
): Promise<WitnessOutcome> {
  const base = baseUrl(options.log);
  const signerKey = readSignerKey(resolve(io.cwd, options.key));
  const ownKey = toCosignatureVerifierKey(signerKey);
  const stateDir = resolve(io.cwd, options.state ?? '.customs-witness');
  try {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw ioError(
      `cannot create the witness state folder ${stateDir}: ${(err as NodeJS.ErrnoException).code}`,
    );
  }
  const state = readState(stateDir);
  const pins = readPins(stateDir);

  // From the log: untrusted, every byte.
  const get = async (path: string): Promise<string> => {
    let response: Response;
    try {
      response = await deps.fetch(`${base}${path}`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      throw ioError(`cannot reach the log at ${base}: ${(err as Error).message}`);
    }
    const text = await response.text();
    if (text.length > MAX_BODY) throw ioError(`GET ${path}: the answer is larger than ${MAX_BODY} bytes`);
    if (!response.ok) throw ioError(`GET ${path}: the log answered ${response.status}`);
    return text;
  };

  const note = await get('/v1/ledger/checkpoint');
  let body: string;
  let served: Checkpoint;
  try {
    body = parseNote(note).text;
    served = parseCheckpoint(body);
  } catch (err) {
    return { kind: 'refused', message: `the log served a malformed checkpoint: ${(err as Error).message}` };
  }
  const pinned = pins[base];
  if (pinned !== undefined && pinned !== served.origin) {
    return {
      kind: 'refused',
      message: `the log at ${base} changed its origin from \`${pinned}\` to \`${served.origin}\``,
    };
  }

  let logState = state.logs.find((log) => log.origin === served.origin);
  let workingState = state;
  if (!logState) {
    let logKey = options.logKey?.trim();
    if (logKey === undefined) {
      // Trust on first use: the key is pinned in the state and never fetched again.
      logKey = (await get('/v1/ledger/key')).trim();
      io.err(`witness: pinned the key of ${served.origin} fetched from the log: ${logKey}\n`);
    }
    try {
      parseVerifierKey(logKey);
    } catch (err) {
      throw new DataCustomsError(
        'DC_USAGE',
        `log key: ${isLedgerError(err) ? err.message : 'not a verifier key'}`,
      );
    }
    logState = createWitnessLogState(served.origin, [logKey]);
    workingState = { logs: [...state.logs, logState] };
  } else {
    // A key rotation: the log's key list, signed by a key we trust, names its new key (and, once the
    // rotation is over, retires the old one). A list we cannot open teaches nothing.
    const learned = await learnLogKeys(logState, deps, get);
    if (learned !== undefined) {
      const before = logState.logKeys;
      logState = { ...logState, logKeys: learned };
      const updated = logState;
      workingState = { logs: state.logs.map((log) => (log.origin === updated.origin ? updated : log)) };
      // Kept at once: the old key may be retired before the next checkpoint is cosigned.
      writeFileAtomic(
        join(stateDir, STATE_FILE),
        `${JSON.stringify(witnessStateToJson(workingState), null, 2)}\n`,
      );
      const added = learned.filter((k) => !before.includes(k));
      const dropped = before.filter((k) => !learned.includes(k));
      io.err(
        `witness: ${served.origin}: the log's key list, signed by a trusted key,${added.length > 0 ? ` adds ${added.join(', ')}` : ''}${added.length > 0 && dropped.length > 0 ? ' and' : ''}${dropped.length > 0 ? ` retires ${dropped.join(', ')}` : ''}\n`,
      );
    }
    if (options.logKey !== undefined && !logState.logKeys.includes(options.logKey.trim())) {
      throw new DataCustomsError(
        'DC_USAGE',
        `--log-key differs from the key pinned for ${served.origin} in ${join(stateDir, STATE_FILE)}`,
      );
    }
  }

  let reduced: string;
  try {
    const opened = openCheckpoint(note, { logKeys: logState.logKeys });
    // Keep the log's signatures only: other witnesses' cosignatures are not ours to vouch for.
    reduced = formatNote(body, opened.logSignatures);
  } catch (err) {
    return {
      kind: 'refused',
      message: `${served.origin} at size ${served.size}: the checkpoint is not signed by the pinned log key: ${(err as Error).message}`,
    };
  }

  if (
    logState.checkpoint !== undefined &&
    served.size === logState.size &&
    Buffer.from(served.rootHash).equals(Buffer.from(logState.rootHash))
  ) {
    let alreadyThere = false;
    try {
      alreadyThere =
        openCheckpoint(note, { logKeys: logState.logKeys, witnessKeys: [ownKey] }).cosignatures.length > 0;
    } catch {
      alreadyThere = false; // a forged line under our name: cosign again
    }
    if (alreadyThere) return { kind: 'unchanged', origin: served.origin, size: served.size };
  }

  let proof: Uint8Array[] = [];
  if (logState.size > 0 && logState.size < served.size) {
    const text = await get(`/v1/ledger/proof/consistency?from=${logState.size}&to=${served.size}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { kind: 'refused', message: 'the consistency proof is not JSON' };
    }
    const hashes = (parsed as { proof?: unknown }).proof;
    if (!Array.isArray(hashes) || hashes.length > 64)
      return { kind: 'refused', message: 'the consistency proof has no `proof` array' };
    proof = [];
    for (const item of hashes) {
      const hash = fromBase64Strict(item);
      if (!hash) return { kind: 'refused', message: 'the consistency proof holds a hash that is not base64' };
      proof.push(hash);
    }
  }

  const now = deps.now();
  const decision: WitnessDecision = witnessCheckpoint(
    workingState,
    { oldSize: logState.size, proof, checkpoint: reduced },
    { signerKey, now },
  );

  if (decision.kind === 'alarm') {
    const evidence = join(
      stateDir,
      `alarm-${safeName(decision.evidence.origin)}-${decision.evidence.size}-${now}.json`,
    );
    writeFileAtomic(
      evidence,
      `${JSON.stringify(
        {
          kind: decision.reason,
          detected_at: new Date(now * 1000).toISOString(),
          log_url: base,
          origin: decision.evidence.origin,
          size: decision.evidence.size,
          message: decision.message,
          cosigned: decision.evidence.cosigned,
          conflicting: decision.evidence.conflicting,
        },
        null,
        2,
      )}\n`,
    );
    return { kind: 'alarm', message: decision.message, evidence };
  }
  if (decision.kind === 'reject') {
    return {
      kind: 'refused',
      message: `${served.origin} at size ${served.size}: ${decision.reason}: ${decision.message}`,
    };
  }

  // Persist first: once the cosignature leaves, the state must already say we cosigned this size.
  writeFileAtomic(
    join(stateDir, STATE_FILE),
    `${JSON.stringify(witnessStateToJson(decision.state), null, 2)}\n`,
  );
  if (pinned === undefined) {
    writeFileAtomic(
      join(stateDir, PINS_FILE),
      `${JSON.stringify({ version: 1, logs: { ...pins, [base]: served.origin } }, null, 2)}\n`,
    );
  }
  let response: Response;
  try {
    response = await deps.fetch(`${base}/v1/ledger/cosignatures?size=${served.size}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: decision.cosignature.line,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw ioError(`cosigned size ${served.size}, but cannot post to ${base}: ${(err as Error).message}`);
  }
  if (!response.ok) {
    let detail = '';
    try {
      detail = ((await response.json()) as { error?: { message?: string } }).error?.message ?? '';
    } catch {
      // not JSON
    }
    throw ioError(
      `cosigned size ${served.size}, but the log refused the cosignature (${response.status}${detail ? `: ${detail}` : ''})`,
    );
  }
  return { kind: 'cosigned', origin: served.origin, size: served.size };
}

/**
 * `customs witness`: witnesses a log once (`--once`) or every `--interval` seconds until stopped. Returns
 * 0 when every round cosigned or found nothing new; 1 on a refusal or failure in `--once` mode, and on a
 * split-view alarm in any mode.
 */
export async function runWitness(
  options: WitnessCommandOptions,
  io: CliIo,
  deps: WitnessDeps = {},
): Promise<number> {
  const fetchFn = deps.fetch ?? globalThis.fetch;
  const now = deps.now ?? (() => Math.floor(Date.now() / 1000));
  const intervalText = options.interval ?? '60';
  const interval = Number(intervalText);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(intervalText) || !(interval > 0))
    throw new DataCustomsError(
      'DC_USAGE',
      `--interval \`${intervalText}\`: not a positive number of seconds`,
    );
  baseUrl(options.log);

  const report = (outcome: WitnessOutcome): number => {
    switch (outcome.kind) {
      case 'cosigned':
        io.out(`witness: cosigned ${outcome.origin} at size ${outcome.size}\n`);
        return EXIT.ok;
      case 'unchanged':
        io.out(`witness: ${outcome.origin} still at size ${outcome.size}, already cosigned\n`);
        return EXIT.ok;
      case 'refused':
        io.err(`witness: refused to cosign: ${outcome.message}\n`);
        return EXIT.invalid;
      case 'alarm':
        io.err(`witness: ALARM: ${outcome.message}; never cosigned; evidence in ${outcome.evidence}\n`);
        return EXIT.invalid;
    }
  };

  if (options.once) return report(await witnessRound(options, io, { fetch: fetchFn, now }));

  const controller = new AbortController();
  const stop = () => controller.abort();
  const signal = deps.signal ?? controller.signal;
  if (!deps.signal) {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  try {
    while (!signal.aborted) {
      try {
        const outcome = await witnessRound(options, io, { fetch: fetchFn, now });
        const code = report(outcome);
        if (outcome.kind === 'alarm') return code;
      } catch (err) {
        // A failed round (log unreachable, post refused) is retried at the next one.
        if (err instanceof DataCustomsError && err.code === 'DC_IO') io.err(`witness: ${err.message}\n`);
        else throw err;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, interval * 1000);
        signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
    }
    return EXIT.ok;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** Options of `customs witness keygen`. */
export interface WitnessKeygenOptions {
  readonly name: string;
  readonly out: string;
}

/**
 * `customs witness keygen`: writes a new witness signer key to a file (mode 0600, never overwritten) and
 * prints its cosignature verifier key, for the log operator to accept.
 */
export async function runWitnessKeygen(options: WitnessKeygenOptions, io: CliIo): Promise<number> {
  if (!isValidKeyName(options.name))
    throw new DataCustomsError(
      'DC_USAGE',
      `--name \`${options.name}\`: not a valid key name (no spaces or +)`,
    );
  const path = resolve(io.cwd, options.out);
  const pair = generateCosignerKey(options.name);
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeSync(fd, `${pair.signerKey}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST')
      throw new DataCustomsError('DC_USAGE', `${options.out} exists; not overwriting a key`);
    throw ioError(`cannot write ${options.out}: ${code}`);
  }
  io.err(
    `wrote the witness key to ${options.out}; the log accepts it after \`customs ledger witnesses --add KEY\`\n`,
  );
  io.out(`${pair.verifierKey}\n`);
  return EXIT.ok;
}

/**
 * Adds `customs witness` and `customs witness keygen` to the command tree.
 * @example
 * registerWitnessCommand(program, io, exit)
 */
export function registerWitnessCommand(program: Command, io: CliIo, exit: (code: number) => void): void {
  const witness = program
    .command('witness')
    .description(
      "witness a log: check its checkpoints' signature and consistency, cosign, post the cosignature back; alarm on a split view",
    )
    .option('--log <url>', "the log's base URL, e.g. http://127.0.0.1:7300")
    .option('--key <file>', "the witness's signer key file (see `customs witness keygen`)")
    .option('--state <dir>', "the witness's state folder", './.customs-witness')
    .option(
      '--log-key <key>',
      "the log's verifier key (default: fetched on first contact and pinned); with --serve, repeatable: the logs to witness",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--once', 'one round, then exit (0 cosigned or nothing new; 1 refused, failed or alarm)')
    .option('--interval <seconds>', 'seconds between rounds', '60')
    .option(
      '--serve <port>',
      'instead of pulling, answer C2SP tlog-witness POST /add-checkpoint on this port',
    )
    .option('--host <host>', 'with --serve, the address to listen on', '127.0.0.1')
    .action(
      async (
        opts: Partial<Omit<WitnessCommandOptions, 'logKey'>> & {
          logKey?: string[];
          serve?: string;
          host: string;
        },
      ) =>
        exit(
          await runCommand(io, async () => {
            if (opts.serve === undefined && (opts.log === undefined || opts.key === undefined))
              throw new DataCustomsError(
                'DC_USAGE',
                '--log URL and --key FILE are required (or --serve PORT)',
              );
            if (opts.key === undefined) throw new DataCustomsError('DC_USAGE', '--key FILE is required');
            if (opts.serve !== undefined) {
              if (!/^\d{1,5}$/.test(opts.serve) || Number(opts.serve) > 65535)
                throw new DataCustomsError('DC_USAGE', `--serve \`${opts.serve}\`: not a port number`);
              return runWitnessServe(
                {
                  port: Number(opts.serve),
                  host: opts.host,
                  key: opts.key,
                  ...(opts.state === undefined ? {} : { state: opts.state }),
                  logKeys: opts.logKey ?? [],
                },
                io,
              );
            }
            if ((opts.logKey?.length ?? 0) > 1)
              throw new DataCustomsError('DC_USAGE', 'give --log-key once when witnessing one log');
            const { logKey, serve: _serve, host: _host, ...rest } = opts;
            return runWitness(
              {
                ...(rest as WitnessCommandOptions),
                ...(logKey?.[0] === undefined ? {} : { logKey: logKey[0] }),
              },
              io,
            );
          }),
        ),
    );

  witness
    .command('keygen')
    .description('make a witness key: writes the signer key to --out (0600) and prints the verifier key')
    .requiredOption('--name <name>', "the witness's key name, e.g. regulator.example/witness")
    .requiredOption('--out <file>', 'where to write the signer key')
    .action(async (opts: WitnessKeygenOptions) =>
      exit(await runCommand(io, () => runWitnessKeygen(opts, io))),
    );
}
