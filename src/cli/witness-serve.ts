// `customs witness --serve PORT`: the witness side of C2SP tlog-witness, so that a log pushes its
// checkpoints (`customs ledger push`) instead of the witness pulling them. POST /add-checkpoint takes
// "old <size>", a consistency proof and the signed checkpoint; the pure `witnessCheckpoint` decides; the
// new state is written to disk before the cosignature line is answered, and requests are handled one at a
// time so that checking the old size and storing the new one are atomic (the spec's rollback race).
// Answers as the spec says: 200 cosignature lines; 400 malformed or bad old size; 403 no trusted
// signature; 404 unknown origin; 409 `text/x.tlog.size` with the latest cosigned size (stale old size, or
// a second root for a cosigned size, which also raises an alarm and keeps the evidence); 422 a
// consistency proof that does not verify.

import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Fastify from 'fastify';
import {
  createWitnessLogState,
  formatConflictBody,
  isLedgerError,
  parseAddCheckpointRequest,
  parseSignerKey,
  parseVerifierKey,
  parseWitnessState,
  SIGNED_NOTE_TYPE_ED25519,
  TLOG_SIZE_CONTENT_TYPE,
  toCosignatureVerifierKey,
  type WitnessState,
  witnessCheckpoint,
  witnessStateToJson,
} from '../ledger/index.js';
import { DataCustomsError } from '../shared/errors.js';
import { writeFileAtomic } from './atomic-file.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

/** Options of `customs witness --serve`. */
export interface WitnessServeOptions {
  /** The port to listen on (0: any free port). */
  readonly port: number;
  /** The address to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** The file holding the witness's signer key. */
  readonly key: string;
  /** The witness's state folder (default `./.customs-witness`), shared with the pulling mode. */
  readonly state?: string;
  /** Log verifier keys to trust, each for the origin of its name (added to those in the state). */
  readonly logKeys?: readonly string[];
}

/** What the server takes from its surroundings; tests replace them. */
export interface WitnessServeDeps {
  /** Now, in POSIX seconds. */
  readonly now?: () => number;
  /** Stops the server (default: SIGINT or SIGTERM). */
  readonly signal?: AbortSignal;
  /** Called once listening, with the base URL. */
  readonly onListening?: (url: string) => void;
}

const STATE_FILE = 'state.json';
const MAX_BODY = 64 * 1024;

function readState(dir: string): WitnessState {
  const path = join(dir, STATE_FILE);
  if (!existsSync(path)) return { logs: [] };
  try {
    return parseWitnessState(JSON.parse(readFileSync(path, 'utf8')));
  } catch (err) {
    throw new DataCustomsError(
      'DC_IO',
      `the witness state ${path} cannot be read (${isLedgerError(err) ? err.message : 'not JSON'}); restore it from a backup`,
    );
  }
}

/** The state with each given log key trusted for the origin of its name. */
function withLogKeys(state: WitnessState, logKeys: readonly string[]): WitnessState {
  let logs = [...state.logs];
  for (const text of logKeys) {
    let key: ReturnType<typeof parseVerifierKey>;
    try {
      key = parseVerifierKey(text.trim());
    } catch (err) {
      throw new DataCustomsError('DC_USAGE', `--log-key: ${isLedgerError(err) ? err.message : 'not a key'}`);
    }
    if (key.type !== SIGNED_NOTE_TYPE_ED25519)
      throw new DataCustomsError('DC_USAGE', `--log-key ${key.name}: not a log key (type 0x01)`);
    const log = logs.find((entry) => entry.origin === key.name);
    if (!log) logs.push(createWitnessLogState(key.name, [key.text]));
    else if (!log.logKeys.includes(key.text))
      logs = logs.map((entry) => (entry === log ? { ...log, logKeys: [...log.logKeys, key.text] } : entry));
  }
  return { logs };
}

/**
 * `customs witness --serve PORT`: answers tlog-witness add-checkpoint requests until stopped.
 * @example
 * await runWitnessServe({ port: 7380, key: 'witness.key', logKeys: [logVerifierKey] }, io)
 */
export async function runWitnessServe(
  options: WitnessServeOptions,
  io: CliIo,
  deps: WitnessServeDeps = {},
): Promise<number> {
  const now = deps.now ?? (() => Math.floor(Date.now() / 1000));
  const keyPath = resolve(io.cwd, options.key);
  let signerKey: string;
  try {
    signerKey = readFileSync(keyPath, 'utf8').trim();
    parseSignerKey(signerKey);
  } catch (err) {
    throw new DataCustomsError(
      'DC_USAGE',
      `--key ${options.key}: ${isLedgerError(err) ? err.message : `cannot be read (${(err as NodeJS.ErrnoException).code})`}`,
    );
  }
  const stateDir = resolve(io.cwd, options.state ?? '.customs-witness');
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  let state = withLogKeys(readState(stateDir), options.logKeys ?? []);
  if (state.logs.length === 0)
    throw new DataCustomsError('DC_USAGE', 'no log to witness: give its verifier key with --log-key KEY');
  const save = (next: WitnessState) =>
    writeFileAtomic(join(stateDir, STATE_FILE), `${JSON.stringify(witnessStateToJson(next), null, 2)}\n`);
  save(state);

  const app = Fastify({ bodyLimit: MAX_BODY });
  // The body is the protocol's own text format, whatever the content type says.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  // One request at a time: checking the old size and storing the new state must not interleave.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T> | T): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  app.post('/add-checkpoint', async (req, reply) => {
    const text = (status: number, body: string, type = 'text/plain; charset=utf-8') =>
      reply.code(status).header('content-type', type).send(body);
    let request: ReturnType<typeof parseAddCheckpointRequest>;
    try {
      // From the request: untrusted, every byte.
      request = parseAddCheckpointRequest(typeof req.body === 'string' ? req.body : '');
    } catch (err) {
      return text(400, `${isLedgerError(err) ? err.message : 'malformed request'}\n`);
    }
    return serially(() => {
      const decision = witnessCheckpoint(state, request, { signerKey, now: now() });
      if (decision.kind === 'cosign') {
        // Persist first: once the cosignature leaves, the state must already say so.
        save(decision.state);
        state = decision.state;
        io.err(
          `witness: cosigned ${decision.checkpoint.origin} at size ${decision.checkpoint.size} (pushed)\n`,
        );
        return text(200, decision.cosignature.line);
      }
      if (decision.kind === 'alarm') {
        const { evidence } = decision;
        const file = join(
          stateDir,
          `alarm-${evidence.origin.replace(/[^A-Za-z0-9.-]+/g, '_')}-${evidence.size}-${now()}.json`,
        );
        writeFileAtomic(
          file,
          `${JSON.stringify({ kind: decision.reason, detected_at: new Date(now() * 1000).toISOString(), ...evidence, message: decision.message }, null, 2)}\n`,
        );
        io.err(`witness: ALARM: ${decision.message}; never cosigned; evidence in ${file}\n`);
        return text(409, formatConflictBody(decision.latestSize), TLOG_SIZE_CONTENT_TYPE);
      }
      if (decision.status === 409 && decision.latestSize !== undefined)
        return text(409, formatConflictBody(decision.latestSize), TLOG_SIZE_CONTENT_TYPE);
      return text(decision.status, `${decision.message}\n`);
    });
  });

  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  io.out(
    `witness ${parseSignerKey(signerKey).name} (${toCosignatureVerifierKey(signerKey)}) listening on ${url}/add-checkpoint for ${state.logs.map((l) => l.origin).join(', ')}\n`,
  );
  deps.onListening?.(url);

  const controller = new AbortController();
  const stop = () => controller.abort();
  const signal = deps.signal ?? controller.signal;
  if (!deps.signal) {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  try {
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await app.close();
  }
  return EXIT.ok;
}
