// Helpers for the end-to-end tests over real processes: `customs serve` started from the built dist/, API
// keys made with `customs keys create`, fresh PostgreSQL databases, and a PostgreSQL server of a test's
// own (initdb + pg_ctl in a temporary folder) that the test may stop and start again.
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { DEFAULT_LOG_ORIGIN } from '../src/cli/ledger-command.js';
import { generateNoteKey } from '../src/ledger/index.js';
import { findPgBin } from './global-setup.js';

const execFileAsync = promisify(execFile);

export const ROOT = new URL('..', import.meta.url).pathname;
export const BIN = join(ROOT, 'bin', 'customs.js');
export const BUILT = existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'));
export const NOT_BUILT = 'dist/ is missing: run `npm run build` first (bin/customs.js runs the compiled CLI)';

/** A `customs serve` process. */
export interface Gateway {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything it printed so far (standard output and error). */
  out(): string;
}

const children: ChildProcess[] = [];

/** Kills every process these helpers started and that still runs (for `afterAll`). */
export function killAll(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** Starts `customs serve --port 0 --data DIR [--db URL]` and waits until it listens. */
export async function startGateway(options: {
  readonly data: string;
  readonly db?: string;
  readonly env?: Readonly<Record<string, string>>;
}): Promise<Gateway> {
  const args = [BIN, 'serve', '--data', options.data, '--port', '0', '--rate-limit', '0'];
  if (options.db !== undefined) args.push('--db', options.db);
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  for (let i = 0; i < 1200; i++) {
    const m = /listening on (http:\/\/[0-9.:]+)/.exec(out);
    if (m?.[1]) return { child, url: m[1], out: () => out };
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  throw new Error(`customs serve did not start: ${out}`);
}

/** Resolves with the exit code once the process has ended. */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** SIGTERM, then the exit code (the gateway drains in-flight requests first). */
export async function stopGateway(gw: Gateway): Promise<number | null> {
  gw.child.kill('SIGTERM');
  return exited(gw.child);
}

/** Runs the CLI and returns its standard output. */
export async function customs(args: readonly string[], env: Readonly<Record<string, string>> = {}) {
  const { stdout } = await execFileAsync(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
  });
  return stdout;
}

/** `customs keys create`: one new key, printed alone. */
export async function createKey(options: {
  readonly role: string;
  readonly tenant: string;
  readonly data: string;
  readonly db?: string;
}): Promise<string> {
  const args = ['keys', 'create', '--role', options.role, '--tenant', options.tenant, '--data', options.data];
  if (options.db !== undefined) args.push('--db', options.db);
  return (await customs(args)).trim();
}

/**
 * What every gateway of one deployment shares, as an operator would hand it out: the counting key and
 * the vault's master keys in the environment, and the log's signing key as `ledger/log.key` in each
 * gateway's data folder (written here into each of `dirs`).
 */
export function deploymentSecrets(dirs: readonly string[]): Record<string, string> {
  const logKey = generateNoteKey(DEFAULT_LOG_ORIGIN);
  for (const dir of dirs) {
    mkdirSync(join(dir, 'ledger'), { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'ledger', 'log.key'), `${logKey.signerKey}\n`, { mode: 0o600 });
  }
  return {
    CUSTOMS_COUNTING_KEY: randomBytes(32).toString('base64'),
    CUSTOMS_MASTER_KEY: `1:${randomBytes(32).toString('base64')}`,
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A temporary folder, removed by `cleanup`. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs one query on a server's maintenance connection (`create database`, `drop database`). */
export async function adminQuery(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** The URL of a database of the same server (`postgresql://user@/db?host=...` is not a WHATWG URL). */
export function withDatabase(url: string, name: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^/]*\/)[^?]*/, `$1${name}`);
}

/** Creates a database of its own on the server of `url`; returns its URL and a function that drops it. */
export async function freshDatabase(url: string, prefix: string) {
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await adminQuery(url, `create database ${name}`);
  return {
    url: withDatabase(url, name),
    drop: () => adminQuery(url, `drop database if exists ${name} with (force)`).then(() => undefined),
  };
}

/** A PostgreSQL server of a test's own, on a Unix socket in its temporary folder. */
export interface OwnPostgres {
  /** The URL of its `customs` database. */
  readonly url: string;
  /** `pg_ctl stop -m MODE`: connections are cut; the data stays. */
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  /** `pg_ctl start`, waiting until it accepts connections. */
  start(): Promise<void>;
  /** Stops it (if running) and deletes its folder. */
  destroy(): Promise<void>;
}

/**
 * Starts a PostgreSQL server with `initdb` and `pg_ctl` (as the `postgres` user when root, since
 * PostgreSQL refuses to run as root), or undefined when they are not installed.
 */
export async function startOwnPostgres(): Promise<OwnPostgres | undefined> {
  const initdb = findPgBin('initdb');
  const pgCtl = findPgBin('pg_ctl');
  if (!initdb || !pgCtl) return undefined;
  const dir = tempDir('customs-own-pg-');
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = async (cmd: string, args: string[]) => {
    const opts = { timeout: 60_000 };
    if (asRoot) await execFileAsync('runuser', ['-u', 'postgres', '--', cmd, ...args], opts);
    else await execFileAsync(cmd, args, opts);
  };
  if (asRoot) {
    chownSync(
      dir,
      Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
      Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
    );
    chmodSync(dir, 0o755);
  }
  await run(initdb, ['-D', data, '-U', 'customs', '--auth=trust', '--encoding=UTF8', '--no-locale']);
  const start = () =>
    run(pgCtl, [
      '-D',
      data,
      '-w',
      '-t',
      '60',
      '-l',
      join(dir, 'server.log'),
      '-o',
      `-k ${dir} -c listen_addresses='' -c fsync=off -c max_connections=60`,
      'start',
    ]);
  await start();
  let running = true;
  await run(join(initdb, '..', 'createdb'), ['-h', dir, '-U', 'customs', 'customs']);
  return {
    url: `postgresql://customs@/customs?host=${encodeURIComponent(dir)}`,
    async stop(mode) {
      await run(pgCtl, ['-D', data, '-m', mode, '-w', 'stop']);
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      try {
        if (running) await run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** One answer a client got, as the fault tests check it. */
export interface Answer {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly code: string | null;
  readonly message: string | null;
  readonly ms: number;
}

/** One logical transfer: its Idempotency-Key, its individuals, every answer, and the acknowledgement. */
export interface LogicalTransfer {
  readonly key: string;
  readonly gateway: string;
  readonly subjects: readonly string[];
  readonly answers: Answer[];
  ack?: {
    readonly status: number;
    readonly transferId: string;
    readonly ledgerIndex: number;
    readonly receipt: unknown;
  };
}

/** What `startClients` returns: the transfers so far, and a stop that waits for every worker. */
export interface Clients {
  readonly transfers: LogicalTransfer[];
  acknowledged(): number;
  /** Resolves when every worker has sent its `maxPerWorker` transfers. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Concurrent clients sending CN_FLOW transfers of `batch` records to every gateway (`workers` each), with
 * individuals drawn from a pool of `pool` so that batches overlap. Each transfer carries an Idempotency-Key;
 * with `retry`, a 503 (store unavailable) or a 409 (the same key still in progress) is retried with the
 * same key until acknowledged. Every request is bounded by `requestTimeoutMs`: a longer wait is a hang and
 * fails the transfer. A worker stops after `maxPerWorker` transfers or when stopped.
 */
export function startClients(options: {
  readonly urls: readonly string[];
  readonly apiKey: string;
  readonly workers: number;
  readonly maxPerWorker: number;
  readonly batch: number;
  readonly pool: number;
  readonly seed: number;
  readonly retry: boolean;
  readonly requestTimeoutMs: number;
  /** How long a transfer may keep being retried (bounded: the loop ends by itself). */
  readonly retryForMs?: number;
}): Clients {
  const transfers: LogicalTransfer[] = [];
  let running = true;
  let acked = 0;
  const worker = async (url: string, w: number) => {
    for (let n = 0; running && n < options.maxPerWorker; n++) {
      const subjects = Array.from(
        { length: options.batch },
        (_, i) => `s-${(options.seed + w * 7919 + n * 131 + i * 17) % options.pool}`,
      );
      const t: LogicalTransfer = {
        key: `t-${options.seed}-${w}-${n}`,
        gateway: url,
        subjects,
        answers: [],
      };
      transfers.push(t);
      const body = JSON.stringify({
        subject_field: '$.buyer.id',
        fields: { '$.buyer.name': 'user.name' },
        records: subjects.map((id) => ({ buyer: { id, name: 'Test Person' } })),
      });
      const deadline = Date.now() + (options.retryForMs ?? 60_000);
      for (;;) {
        const started = Date.now();
        let res: Response;
        let json: {
          transfer_id?: string;
          ledger_index?: number;
          receipt?: unknown;
          error?: { code?: string; message?: string };
        };
        try {
          res = await fetch(`${url}/v1/flows/cn-analytics/transfers`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${options.apiKey}`,
              'content-type': 'application/json',
              'idempotency-key': t.key,
            },
            body,
            signal: AbortSignal.timeout(options.requestTimeoutMs),
          });
          json = (await res.json()) as typeof json;
        } catch (err) {
          // A timeout is a hang; a refused connection a crash: both fail the test.
          t.answers.push({
            status: 0,
            retryAfter: null,
            code: (err as Error).name,
            message: (err as Error).message,
            ms: Date.now() - started,
          });
          return;
        }
        t.answers.push({
          status: res.status,
          retryAfter: res.headers.get('retry-after'),
          code: json.error?.code ?? null,
          message: json.error?.message ?? null,
          ms: Date.now() - started,
        });
        if (res.status === 201 || res.status === 200) {
          t.ack = {
            status: res.status,
            transferId: String(json.transfer_id),
            ledgerIndex: Number(json.ledger_index),
            receipt: json.receipt,
          };
          acked++;
          break;
        }
        if (!options.retry || (res.status !== 503 && res.status !== 409) || Date.now() > deadline) return;
        await sleep(res.status === 503 ? 200 : 100);
      }
    }
  };
  const done = Promise.all(
    options.urls.flatMap((url, g) =>
      Array.from({ length: options.workers }, (_, w) => worker(url, g * options.workers + w)),
    ),
  ).then(() => undefined);
  return {
    transfers,
    acknowledged: () => acked,
    done,
    async stop() {
      running = false;
      await done;
    },
  };
}

/** Counts answers by status, for messages. */
export function statusCounts(transfers: readonly LogicalTransfer[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of transfers)
    for (const a of t.answers) {
      const k = a.status === 0 ? String(a.code) : `${a.status}${a.code ? ` ${a.code}` : ''}`;
      out[k] = (out[k] ?? 0) + 1;
    }
  return out;
}
