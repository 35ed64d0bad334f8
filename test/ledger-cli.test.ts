import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/io.js';
import { registerLedgerCommand } from '../src/cli/ledger-command.js';
import { registerWitnessCommand } from '../src/cli/witness-command.js';
import { generateCosignerKey, openCheckpoint, parseSignerKey } from '../src/ledger/index.js';
import { type Receipt, sha256Hex, subjectCommitment } from '../src/ledger/receipt.js';

// `customs ledger ...` and `customs witness keygen` through Commander, with the wiring main.ts uses:
// registerLedgerCommand(program, io, exit) and registerWitnessCommand(program, io, exit).

async function customs(args: readonly string[], cwd: string, stdin = '') {
  let out = '';
  let err = '';
  let code = 0;
  const io: CliIo = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    readStdin: async () => stdin,
    isTty: false,
    cwd,
    today: () => '2026-11-29',
  };
  const program = new Command('customs')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride();
  registerLedgerCommand(program, io, (c) => {
    code = c;
  });
  registerWitnessCommand(program, io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = error.code === 'commander.helpDisplayed' || error.code === 'commander.help' ? 0 : 2;
  }
  return { code, out, err };
}

const tenantKey = new Uint8Array(32).fill(42);
const receipt = (i: number): Receipt => ({
  version: 1,
  time: `2026-11-29T10:00:${String(i % 60).padStart(2, '0')}.000Z`,
  flow: { id: 'fr-buyers-to-hangzhou-support', version: 1 },
  exporter_country: 'FR',
  recipient_country: 'CN',
  countries: ['CN', 'FR'],
  categories: ['user.contact.address', 'user.name'],
  counts: { records: 1, subjects: 1 },
  verdict: 'allowed',
  mechanisms: ['eu.scc'],
  rulebook_hash: null,
  payload_digest: sha256Hex(new TextEncoder().encode(`payload ${i}`)),
  sandbox: null,
  subjects: [subjectCommitment(tenantKey, `subject-${i}`)],
});
const ndjson = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => JSON.stringify(receipt(from + i))).join('\n') + '\n';

describe('customs ledger', () => {
  it('creates the log key on first use (mode 0600) and prints its verifier key', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'customs-ledger-'));
    const first = await customs(['ledger', 'key', '--tenant', 'acme'], cwd);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^data-customs\.local\/acme\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+\n$/);
    expect(first.err).toContain('created the log key');
    const path = join(cwd, '.customs', 'ledger', 'log.key');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(parseSignerKey(readFileSync(path, 'utf8').trim()).name).toBe('data-customs.local/acme');
    const again = await customs(['ledger', 'key'], cwd);
    expect(again).toEqual({ code: 0, out: first.out, err: '' });
    const other = await customs(['ledger', 'key', '--origin', 'elsewhere/log'], cwd);
    expect(other.code).toBe(2);
    expect(other.err).toContain('is for origin `data-customs.local/acme`, not `elsewhere/log`');
  });

  it('appends receipts, signs checkpoints, proves inclusion and verifies the whole log', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'customs-ledger-'));
    writeFileSync(join(cwd, 'receipts.ndjson'), ndjson(0, 5));
    const appended = await customs(['ledger', 'append', 'receipts.ndjson'], cwd);
    expect(appended).toMatchObject({ code: 0, out: 'appended 5 entries: indices 0 to 4\n' });
    const fromStdin = await customs(['ledger', 'append', '-', '--checkpoint'], cwd, ndjson(5, 3));
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.out.startsWith('appended 3 entries: indices 5 to 7\ndata-customs.local/log\n8\n')).toBe(
      true,
    );

    const key = (await customs(['ledger', 'key'], cwd)).out.trim();
    const checkpoint = await customs(['ledger', 'checkpoint'], cwd);
    expect(checkpoint.code).toBe(0);
    expect(openCheckpoint(checkpoint.out, { logKeys: key }).checkpoint.size).toBe(8);

    const proof = await customs(['ledger', 'prove', '--index', '6'], cwd);
    expect(proof.code).toBe(0);
    expect(proof.out).toMatch(/^index {7}6\nsize {8}8\nleaf hash {3}\S+\nroot {8}\S+\nproof {7}\S+\n/);
    expect(proof.out).toContain('checkpoint  signed by the log at size 8');
    expect(proof.out.endsWith('verified    yes\n')).toBe(true);

    const json = JSON.parse(
      (await customs(['ledger', 'prove', '--index', '2', '--size', '5', '--json'], cwd)).out,
    );
    expect(json).toMatchObject({ index: 2, size: 5, checkpoint: null, verified: true });
    const byHash = await customs(['ledger', 'prove', '--leaf-hash', json.leaf_hash, '--json'], cwd);
    expect(JSON.parse(byHash.out)).toMatchObject({ index: 2, size: 8 });

    const verified = await customs(['ledger', 'verify'], cwd);
    expect(verified.code).toBe(0);
    expect(verified.out).toMatch(
      /^OK {2}ledger of size 8, root \S+: 8 entries, 15 subtree hashes, 1 checkpoint,/,
    );
  });

  it('exits 1 and lists each problem with its index when the log was tampered with', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'customs-ledger-'));
    writeFileSync(join(cwd, 'receipts.ndjson'), ndjson(0, 12));
    await customs(['ledger', 'append', 'receipts.ndjson', '--checkpoint'], cwd);
    const db = new SqliteDatabase(join(cwd, '.customs', 'ledger.db'));
    db.prepare("update ledger_entries set leaf = X'7b7d' where idx = 7").run();
    db.prepare('delete from ledger_entries where idx = 3').run();
    db.close();
    const result = await customs(['ledger', 'verify'], cwd);
    expect(result.code).toBe(1);
    expect(result.out.split('\n').slice(0, 3)).toEqual([
      'entry 3: missing (deleted)',
      'entry 7: its stored leaf hash is not the hash of its data (changed)',
      'checkpoint of size 12: the signed root differs from the root recomputed from entries 0 to 11',
    ]);
    expect(result.out).toMatch(/\nINVALID {2}ledger of size 12: 3 problems; /);
    const json = JSON.parse((await customs(['ledger', 'verify', '--json'], cwd)).out);
    expect(json.ok).toBe(false);
    expect(json.problems.map((p: { index?: number }) => p.index)).toEqual([3, 7, undefined]);
  });

  it('checks cosignatures by the witnesses it knows', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'customs-ledger-'));
    const witness = generateCosignerKey('auditor.test/witness', new Uint8Array(32).fill(3));
    const added = await customs(['ledger', 'witnesses', '--add', witness.verifierKey], cwd);
    expect(added).toEqual({ code: 0, out: `${witness.verifierKey}\n`, err: '' });
    expect((await customs(['ledger', 'witnesses', '--add', witness.verifierKey], cwd)).out).toBe(
      `${witness.verifierKey}\n`,
    );
    expect((await customs(['ledger', 'witnesses', '--add', 'not-a-key'], cwd)).code).toBe(2);
    writeFileSync(join(cwd, 'r.ndjson'), ndjson(0, 2));
    await customs(['ledger', 'append', 'r.ndjson', '--checkpoint'], cwd);
    const verified = await customs(['ledger', 'verify'], cwd);
    expect(verified.out).toContain('0 cosignatures verified');
  });

  it('refuses lines that are not receipts, and appends nothing', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'customs-ledger-'));
    const lines = `${JSON.stringify(receipt(0))}\n{"name":"Alice"}\nnot json\n`;
    writeFileSync(join(cwd, 'bad.ndjson'), lines);
    const result = await customs(['ledger', 'append', 'bad.ndjson'], cwd);
    expect(result.code).toBe(1);
    expect(result.err).toContain('bad.ndjson:2: name: unknown field');
    expect(result.err).toContain('bad.ndjson:3: not JSON');
    expect(result.err).toContain('nothing appended');
    expect(result.err).not.toContain('Alice');
    await customs(['ledger', 'key'], cwd);
    expect((await customs(['ledger', 'verify'], cwd)).out).toContain('ledger of size 0');
  });

  it('exits 2 on usage errors and 1 on proofs beyond the log, without a stack trace', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'customs-ledger-'));
    const cases: [string[], number, string][] = [
      [['ledger', 'verify'], 2, 'no log key in'],
      [['ledger', 'prove', '--index', '1', '--log-key', 'x+1+AQ=='], 1, 'DC_LEDGER_KEY'],
      [['ledger', 'prove'], 2, 'give one of --index N or --leaf-hash HASH'],
      [['ledger', 'prove', '--index', 'x'], 2, '--index `x`: not a non-negative integer'],
      [['ledger', 'prove', '--leaf-hash', 'AAAA'], 2, '--leaf-hash: not the base64'],
      [['ledger', 'checkpoint', '--db', 'mysql://x'], 2, '--db must be a postgres:// URL'],
      [['ledger', 'append', 'missing.ndjson'], 1, 'cannot read missing.ndjson: ENOENT'],
      [['ledger', 'nope'], 2, ''],
      [['witness', '--once'], 2, '--log URL and --key FILE are required'],
      [['witness', 'keygen', '--name', 'a b', '--out', 'k'], 2, '--name `a b`: not a valid key name'],
    ];
    for (const [args, code, message] of cases) {
      const result = await customs(args, cwd);
      expect([args.join(' '), result.code]).toEqual([args.join(' '), code]);
      expect(result.err).toContain(message);
      expect(result.err).not.toMatch(/\n\s+at /);
    }
    await customs(['ledger', 'key'], cwd);
    const beyond = await customs(['ledger', 'prove', '--index', '0'], cwd);
    expect(beyond.code).toBe(1);
    expect(beyond.err).toBe('customs: entry index 0 is not below tree size 0 (DC_LEDGER_ARGUMENT)\n');
  });

  it('makes a witness key with `customs witness keygen`', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'customs-ledger-'));
    const made = await customs(
      ['witness', 'keygen', '--name', 'regulator.test/witness', '--out', 'w.key'],
      cwd,
    );
    expect(made.code).toBe(0);
    expect(made.out).toMatch(/^regulator\.test\/witness\+[0-9a-f]{8}\+\S+\n$/);
    expect(statSync(join(cwd, 'w.key')).mode & 0o777).toBe(0o600);
    expect((await customs(['witness', 'keygen', '--name', 'x', '--out', 'w.key'], cwd)).code).toBe(2);
  });
});
