// Starts a throwaway PostgreSQL for the store contract tests: initdb into a temp folder, pg_ctl start
// on a Unix socket in that folder (no TCP), and stop plus delete at the end. Uses CUSTOMS_TEST_PG_URL
// instead when it is set. PostgreSQL refuses to run as root, so as root the server runs as the
// `postgres` user (which Debian's package creates).
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string | null;
    pgSkipReason: string | null;
  }
}

/** The path of a PostgreSQL server program, from the PATH or under Debian's /usr/lib/postgresql. */
export function findPgBin(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':'))
    if (dir && existsSync(join(dir, name))) return realpathSync(join(dir, name));
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    for (const v of readdirSync(root).sort().reverse())
      if (existsSync(join(root, v, 'bin', name))) return join(root, v, 'bin', name);
  }
  return undefined;
}

export default function setup(project: TestProject): (() => void) | undefined {
  if (process.env.CUSTOMS_TEST_PG_URL) {
    project.provide('pgUrl', process.env.CUSTOMS_TEST_PG_URL);
    project.provide('pgSkipReason', null);
    return undefined;
  }
  const initdb = findPgBin('initdb');
  const pgCtl = findPgBin('pg_ctl');
  if (!initdb || !pgCtl) {
    project.provide('pgUrl', null);
    project.provide(
      'pgSkipReason',
      'initdb/pg_ctl not found (install postgresql, or set CUSTOMS_TEST_PG_URL)',
    );
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'customs-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const opts = { stdio: 'pipe' as const, timeout: 60_000 };
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], opts);
    else execFileSync(cmd, args, opts);
  };
  if (asRoot) {
    chownSync(
      dir,
      Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
      Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
    );
    chmodSync(dir, 0o755);
  }
  run(initdb, ['-D', data, '-U', 'customs', '--auth=trust', '--encoding=UTF8', '--no-locale']);
  run(pgCtl, [
    '-D',
    data,
    '-w',
    '-t',
    '60',
    '-l',
    join(dir, 'server.log'),
    '-o',
    `-k ${dir} -c listen_addresses='' -c fsync=off -c max_connections=100`,
    'start',
  ]);
  try {
    run(join(initdb, '..', 'createdb'), ['-h', dir, '-U', 'customs', 'customs_test']);
  } catch (err) {
    run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  project.provide('pgUrl', `postgresql://customs@/customs_test?host=${encodeURIComponent(dir)}`);
  project.provide('pgSkipReason', null);
  return () => {
    try {
      run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
