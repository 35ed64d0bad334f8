import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLogKeys, readWitnessKeys, signedLogKeyList } from '../src/cli/ledger-command.js';
import {
  openCheckpoint,
  openLogKeyList,
  parseNote,
  parseWitnessState,
  type Receipt,
  sha256Hex,
} from '../src/ledger/index.js';
import { installErrorHandling } from '../src/server/errors.js';
import { ledgerRoutes } from '../src/server/ledger-routes.js';
import { type LedgerStore, openLedgerStore } from '../src/store/index.js';
import { runCli } from './helpers.js';

// Log key rotation end to end: `customs ledger rotate-key` starts it (old and new key both sign), a
// witness that trusted the old key learns the new one from the log's signed key list, `--finish` retires
// the old key, and every checkpoint, old or new, still verifies. The log is served over real HTTP and
// restarted after each key change, as `customs serve` is.

const receipt = (i: number): Receipt => ({
  version: 1,
  time: '2026-11-29T10:00:00.000Z',
  flow: { id: 'rotation-test', version: 1 },
  exporter_country: 'FR',
  recipient_country: 'CN',
  countries: ['CN', 'FR'],
  categories: ['user.name'],
  counts: { records: 1, subjects: 0 },
  verdict: 'allowed',
  mechanisms: ['eu.scc'],
  rulebook_hash: null,
  payload_digest: sha256Hex(new TextEncoder().encode(`payload ${i}`)),
  sandbox: null,
  subjects: [],
});

describe('log key rotation', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'customs-rotation-'));
  const data = join(cwd, '.customs');
  let server: { app: FastifyInstance; ledger: LedgerStore; url: string } | undefined;
  let next = 0;

  const stop = async () => {
    if (!server) return;
    await server.app.close();
    await server.ledger.close();
    server = undefined;
  };
  afterAll(stop);

  /** `customs serve` as far as the ledger goes: keys read from the data directory at start. */
  const start = async () => {
    await stop();
    const keys = loadLogKeys(data, { create: false });
    const ledger = await openLedgerStore({ kind: 'sqlite', dataDir: data });
    const app = Fastify();
    installErrorHandling(app);
    await app.register(ledgerRoutes, {
      ledger,
      logVerifierKey: keys.current.verifierKey,
      logKeyList: signedLogKeyList(keys),
      witnessKeys: () => readWitnessKeys(data),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    server = { app, ledger, url: `http://127.0.0.1:${port}` };
  };

  /** Appends receipts and signs a checkpoint with the CLI, the log stopped meanwhile; returns the note. */
  const grow = async (count: number): Promise<string> => {
    await stop();
    const lines = Array.from({ length: count }, () => JSON.stringify(receipt(next++))).join('\n');
    writeFileSync(join(cwd, 'batch.ndjson'), `${lines}\n`);
    const appended = await runCli(['ledger', 'append', 'batch.ndjson', '--checkpoint'], { cwd });
    expect(appended.code).toBe(0);
    await start();
    return appended.out.slice(appended.out.indexOf('\n') + 1);
  };

  const witness = async (state = 'witness-state', extra: string[] = []) =>
    runCli(['witness', '--log', server!.url, '--key', 'witness.key', '--state', state, '--once', ...extra], {
      cwd,
    });
  const trustedKeys = (state = 'witness-state') =>
    parseWitnessState(JSON.parse(readFileSync(join(cwd, state, 'state.json'), 'utf8'))).logs[0]!.logKeys;
  const signers = (note: string) => parseNote(note).signatures.map((s) => s.name);

  it('moves to a new key: both sign during the transition, witnesses follow, old checkpoints still verify', async () => {
    const first = await grow(3);
    const oldKey = (await runCli(['ledger', 'key'], { cwd })).out.trim();
    expect(signers(first)).toHaveLength(1);

    const keygen = await runCli(['witness', 'keygen', '--name', 'auditor.test/w1', '--out', 'witness.key'], {
      cwd,
    });
    expect((await runCli(['ledger', 'witnesses', '--add', keygen.out.trim()], { cwd })).code).toBe(0);
    // A second witness that is told the old key and then sleeps through the whole transition.
    expect((await witness('sleepy-state', ['--log-key', oldKey])).code).toBe(0);
    expect((await witness()).out).toContain('cosigned data-customs.local/log at size 3');
    expect(trustedKeys()).toEqual([oldKey]);

    // Start: a new key named after the origin; a second start is refused until the first is finished.
    const rotated = await runCli(['ledger', 'rotate-key'], { cwd });
    expect(rotated.code).toBe(0);
    const newKey = rotated.out.trim();
    expect(newKey).toMatch(/^data-customs\.local\/log\+[0-9a-f]{8}\+/);
    expect(newKey).not.toBe(oldKey);
    expect((await runCli(['ledger', 'key'], { cwd })).out.trim()).toBe(newKey);
    const again = await runCli(['ledger', 'rotate-key'], { cwd });
    expect(again.code).toBe(2);
    expect(again.err).toContain('a key rotation is in progress');

    // During the transition each checkpoint carries both keys' signatures: either key opens it.
    const during = await grow(2);
    expect(signers(during)).toEqual(['data-customs.local/log', 'data-customs.local/log']);
    expect(openCheckpoint(during, { logKeys: [oldKey] }).checkpoint.size).toBe(5);
    expect(openCheckpoint(during, { logKeys: [newKey] }).checkpoint.size).toBe(5);
    const served = await (await fetch(`${server!.url}/v1/ledger/keys`)).text();
    const list = openLogKeyList(served, [oldKey]).list;
    expect(list.keys.map((k) => [k.verifierKey, k.until])).toEqual([
      [oldKey, undefined],
      [newKey, undefined],
    ]);
    // The witness learns the new key from the list, signed by the key it trusts, and cosigns.
    const learning = await witness();
    expect(learning.err).toContain(`adds ${newKey}`);
    expect(learning.out).toContain('cosigned data-customs.local/log at size 5');
    expect(trustedKeys()).toEqual([oldKey, newKey]);

    // Finish: the old key is retired and its secret deleted; checkpoints carry the new key alone.
    const finished = await runCli(['ledger', 'rotate-key', '--finish'], { cwd });
    expect(finished.code).toBe(0);
    expect(finished.err).toContain(`retired the log key ${oldKey}`);
    expect((await runCli(['ledger', 'rotate-key', '--finish'], { cwd })).code).toBe(2);
    const after = await grow(2);
    expect(signers(after)).toHaveLength(1);
    expect(() => openCheckpoint(after, { logKeys: [oldKey] })).toThrow(/no verifiable signature/);
    const dropping = await witness();
    expect(dropping.err).toContain(`retires ${oldKey}`);
    expect(dropping.out).toContain('cosigned data-customs.local/log at size 7');
    expect(trustedKeys()).toEqual([newKey]);

    // The witness that slept through the transition cannot verify the new checkpoints: it refuses (and
    // its operator must be given the new key).
    const sleepy = await witness('sleepy-state');
    expect(sleepy.code).toBe(1);
    expect(sleepy.err).toContain('not signed by the pinned log key');

    // Every checkpoint, signed by the old key, by both, or by the new one, verifies against the key list.
    await stop();
    const verify = await runCli(['ledger', 'verify', '--json'], { cwd });
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.out)).toMatchObject({ ok: true, size: 7, checkpoints: 3, cosignatures: 3 });
    const printed = await runCli(['ledger', 'key', '--list'], { cwd });
    const keys = openLogKeyList(printed.out, [newKey]).list.keys;
    expect(keys.map((k) => k.verifierKey)).toEqual([oldKey, newKey]);
    expect(keys[0]!.until).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(keys[1]!.until).toBeUndefined();
  });
});
