// Crash test of the durable log (issue 6): a real process appends receipts through the store with group
// commit (test/fixtures/ledger-appender.mjs) and is killed with SIGKILL at random moments, many times,
// then started again. Every entry it acknowledged (printed only after its append resolved) must be in the
// log at its index with its leaf hash, the log must have no gap, and `customs ledger verify` must pass
// (which recomputes every subtree and checks every checkpoint signed meanwhile). SQLite and PostgreSQL.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'customs.js');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'ledger-appender.mjs');
const BUILT = existsSync(join(ROOT, 'dist', 'src', 'store', 'ledger-store.js'));
if (!BUILT) console.warn('ledger-crash.e2e: skipped: dist/ is missing: run `npm run build` first');

const pgUrl = inject('pgUrl');
if (process.env.CI && pgUrl === null) {
  throw new Error(`PostgreSQL is required in CI: ${inject('pgSkipReason')}`);
}

/** Kills per backend: 12 on each of SQLite and PostgreSQL. */
const KILLS = 12;

const dirs: string[] = [];
const databases: string[] = [];
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  for (const name of databases) await adminQuery(`drop database if exists ${name} with (force)`);
});

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl ?? '' });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function freshPgUrl(): Promise<string> {
  const name = `ledger_crash_${randomUUID().replaceAll('-', '')}`;
  await adminQuery(`create database ${name}`);
  databases.push(name);
  // `postgresql://user@/db?host=...` (no host part) is not a WHATWG URL: replace the path by hand.
  return (pgUrl ?? '').replace(/^(postgres(?:ql)?:\/\/[^/]*\/)[^?]*/, `$1${name}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Run {
  /** Complete lines only: a line cut by the kill was never acknowledged. */
  readonly lines: string[];
  readonly ready: boolean;
  readonly killedAfterMs: number;
}

/** When to kill: after a number of acknowledged entries (plus a jitter), or a time after the start. */
type KillAt = { readonly acks: number; readonly jitterMs: number } | { readonly ms: number };

/**
 * Starts the appender and kills it: most runs once it has acknowledged a random number of entries (so the
 * kill falls while it appends and signs checkpoints, however loaded the machine), one in four at a random
 * moment from its start (opening, migrating, first appends).
 */
async function appendAndKill(location: unknown, tag: string, keyFile: string, at: KillAt): Promise<Run> {
  const child = spawn(process.execPath, [FIXTURE, JSON.stringify(location), tag, keyFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let buffer = '';
  let stderr = '';
  const lines: string[] = [];
  let ready = false;
  let acks = 0;
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const end = buffer.lastIndexOf('\n');
    if (end < 0) return;
    for (const line of buffer.slice(0, end).split('\n')) {
      if (line.startsWith('ready ')) ready = true;
      if (line.startsWith('ack ')) acks++;
      lines.push(line);
    }
    buffer = buffer.slice(end + 1);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = Date.now();
  if ('ms' in at) await sleep(at.ms);
  else {
    for (let i = 0; i < 2000 && acks < at.acks && child.exitCode === null; i++) await sleep(5);
    if (acks < at.acks) throw new Error(`the appender acknowledged only ${acks} entries: ${stderr}`);
    await sleep(at.jitterMs);
  }
  const killedAfterMs = Date.now() - started;
  if (child.exitCode !== null)
    throw new Error(`the appender exited by itself (${child.exitCode}): ${stderr}`);
  child.kill('SIGKILL');
  await exited;
  // Only what reached the pipe before the kill; a partial last line is dropped.
  return { lines, ready, killedAfterMs };
}

/** Every entry's leaf hash, by index, read from the database itself. */
async function storedLeafHashes(
  backend: 'sqlite' | 'postgres',
  where: string,
): Promise<{ size: number; hashes: Map<number, string> }> {
  const hashes = new Map<number, string>();
  if (backend === 'sqlite') {
    const db = new Database(join(where, 'ledger.db'), { readonly: true });
    try {
      const rows = db.prepare('select idx, leaf_hash from ledger_entries order by idx').all() as {
        idx: number;
        leaf_hash: Buffer;
      }[];
      for (const row of rows) hashes.set(Number(row.idx), row.leaf_hash.toString('hex'));
      const head = db.prepare('select size from ledger_head where id = 1').get() as { size: number };
      return { size: Number(head.size), hashes };
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: where });
  await client.connect();
  try {
    const rows = await client.query<{ idx: string; leaf_hash: Buffer }>(
      'select idx, leaf_hash from ledger_entries order by idx',
    );
    for (const row of rows.rows) hashes.set(Number(row.idx), row.leaf_hash.toString('hex'));
    const head = await client.query<{ size: string }>('select size from ledger_head where id = 1');
    return { size: Number(head.rows[0]?.size), hashes };
  } finally {
    await client.end();
  }
}

describe.skipIf(!BUILT)('ledger crash test: SIGKILL while appending', () => {
  for (const backend of ['sqlite', 'postgres'] as const) {
    it.skipIf(backend === 'postgres' && pgUrl === null)(
      `${backend}: every acknowledged append survives ${KILLS} kills and the log verifies`,
      async () => {
        const data = mkdtempSync(join(tmpdir(), 'customs-crash-'));
        dirs.push(data);
        execFileSync(process.execPath, [BIN, 'ledger', 'key', '--data', data], { stdio: 'pipe' });
        const keyFile = join(data, 'ledger', 'log.key');
        const url = backend === 'postgres' ? await freshPgUrl() : undefined;
        const location = url ? { kind: 'postgres', url } : { kind: 'sqlite', dataDir: data };

        const acknowledged = new Map<number, string>();
        const runs: Run[] = [];
        for (let k = 0; k < KILLS; k++) {
          const at: KillAt =
            k % 4 === 3
              ? { ms: Math.random() * 500 }
              : { acks: 1 + Math.floor(Math.random() * 300), jitterMs: Math.random() * 30 };
          const run = await appendAndKill(location, `${backend}-${k}`, keyFile, at);
          runs.push(run);
          for (const line of run.lines) {
            const ack = /^ack (\d+) ([0-9a-f]{64})$/.exec(line);
            if (!ack) continue;
            const index = Number(ack[1]);
            const earlier = acknowledged.get(index);
            if (earlier !== undefined && earlier !== ack[2])
              throw new Error(`index ${index} was acknowledged twice, for two different entries`);
            acknowledged.set(index, ack[2]!);
          }
        }
        const when = runs.map((r) => `${r.killedAfterMs}ms${r.ready ? '' : ' (starting)'}`).join(', ');

        const verify = spawnSync(
          process.execPath,
          [BIN, 'ledger', 'verify', '--json', '--data', data, ...(url ? ['--db', url] : [])],
          { encoding: 'utf8' },
        );
        expect(verify.stderr).toBe('');
        const report = JSON.parse(verify.stdout) as { ok: boolean; size: number; checkpoints: number };
        expect(report, `kills at ${when}`).toMatchObject({ ok: true });
        expect(verify.status).toBe(0);
        expect(report.checkpoints).toBeGreaterThan(0);

        const stored = await storedLeafHashes(backend, url ?? data);
        // No gap: indices 0 .. size - 1, each once.
        expect(stored.hashes.size).toBe(stored.size);
        expect(stored.size).toBe(report.size);
        for (let i = 0; i < stored.size; i++)
          if (!stored.hashes.has(i)) throw new Error(`entry ${i} is missing`);
        const lost: number[] = [];
        for (const [index, hash] of acknowledged) if (stored.hashes.get(index) !== hash) lost.push(index);
        expect(lost, `acknowledged entries lost or changed (kills at ${when})`).toEqual([]);
      },
      90_000,
    );
  }
});
