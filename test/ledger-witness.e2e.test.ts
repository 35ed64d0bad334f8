import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/io.js';
import { runCommand } from '../src/cli/ledger-command.js';
import { runWitness, runWitnessKeygen } from '../src/cli/witness-command.js';
import { generateNoteKey, openCheckpoint, parseWitnessState } from '../src/ledger/index.js';
import { installErrorHandling } from '../src/server/errors.js';
import { ledgerRoutes } from '../src/server/ledger-routes.js';
import { type LedgerStore, openLedgerStore } from '../src/store/index.js';

// A real log over HTTP (Fastify on 127.0.0.1, SQLite ledger) and the witness run in process, as a
// regulator would run `customs witness --log URL --key FILE --once`.

const ORIGIN = 'data-customs.test/log';
const logKey = generateNoteKey(ORIGIN, new Uint8Array(32).fill(11));
const bytes = (text: string) => new TextEncoder().encode(text);

function fakeIo(cwd: string) {
  const captured = { out: '', err: '' };
  const io: CliIo = {
    out: (t) => {
      captured.out += t;
    },
    err: (t) => {
      captured.err += t;
    },
    readStdin: async () => '',
    isTty: false,
    cwd,
    today: () => '2026-11-29',
  };
  return { io, captured };
}

interface Log {
  ledger: LedgerStore;
  app: FastifyInstance;
  url: string;
  witnessKeys: string[];
}

async function startLog(dataDir: string): Promise<Log> {
  const ledger = await openLedgerStore({ kind: 'sqlite', dataDir });
  await ledger.migrate();
  const witnessKeys: string[] = [];
  const app = Fastify();
  installErrorHandling(app);
  await app.register(ledgerRoutes, {
    ledger,
    logVerifierKey: logKey.verifierKey,
    witnessKeys: () => witnessKeys,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { ledger, app, url: `http://127.0.0.1:${port}`, witnessKeys };
}

async function grow(log: Log, prefix: string, count: number): Promise<void> {
  const size = await log.ledger.size();
  await log.ledger.append(Array.from({ length: count }, (_, i) => bytes(`${prefix} ${size + i}`)));
  await log.ledger.checkpoint(logKey.signerKey, ORIGIN, new Date());
}

describe('customs witness against a real log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'customs-witness-'));
  let honest: Log;
  let witnessKey: string;
  let clock = 1_800_000_000;
  const witness = async (url: string, extra: { logKey?: string } = {}) => {
    const { io, captured } = fakeIo(dir);
    const code = await runCommand(io, () =>
      runWitness({ log: url, key: 'witness.key', state: 'witness-state', once: true, ...extra }, io, {
        now: () => clock++,
      }),
    );
    return { code, ...captured };
  };
  const state = () =>
    parseWitnessState(JSON.parse(readFileSync(join(dir, 'witness-state', 'state.json'), 'utf8')));

  beforeAll(async () => {
    const { io, captured } = fakeIo(dir);
    expect(await runWitnessKeygen({ name: 'regulator.test/witness', out: 'witness.key' }, io)).toBe(0);
    witnessKey = captured.out.trim();
    honest = await startLog(join(dir, 'honest'));
    honest.witnessKeys.push(witnessKey);
  });
  afterAll(async () => {
    await honest?.app.close();
    await honest?.ledger.close();
  });

  it('keeps the witness key private and prints its cosignature verifier key', () => {
    expect(statSync(join(dir, 'witness.key')).mode & 0o777).toBe(0o600);
    expect(witnessKey).toMatch(/^regulator\.test\/witness\+[0-9a-f]{8}\+/);
  });

  it('refuses to overwrite a witness key', async () => {
    const { io, captured } = fakeIo(dir);
    const code = await runCommand(io, () => runWitnessKeygen({ name: 'x', out: 'witness.key' }, io));
    expect(code).toBe(2);
    expect(captured.err).toContain('exists; not overwriting');
  });

  it('cosigns the first checkpoint, and the log serves the cosignature', async () => {
    await grow(honest, 'honest', 10);
    const run = await witness(honest.url);
    expect(run).toMatchObject({ code: 0, out: `witness: cosigned ${ORIGIN} at size 10\n` });
    expect(run.err).toContain('pinned the key');
    expect((await honest.ledger.checkpointAt(10))?.cosignatures).toHaveLength(1);
    const note = await (await fetch(`${honest.url}/v1/ledger/checkpoint`)).text();
    const opened = openCheckpoint(note, { logKeys: logKey.verifierKey, witnessKeys: [witnessKey] });
    expect(opened.cosignatures.map((c) => c.name)).toEqual(['regulator.test/witness']);
    expect(state().logs[0]).toMatchObject({ origin: ORIGIN, size: 10, logKeys: [logKey.verifierKey] });
    expect(statSync(join(dir, 'witness-state', 'state.json')).mode & 0o777).toBe(0o600);
  });

  it('does nothing when the log has not moved', async () => {
    const run = await witness(honest.url);
    expect(run).toMatchObject({ code: 0, out: `witness: ${ORIGIN} still at size 10, already cosigned\n` });
  });

  it('cosigns a grown log after checking the consistency proof', async () => {
    await grow(honest, 'honest', 7);
    expect(await witness(honest.url)).toMatchObject({
      code: 0,
      out: `witness: cosigned ${ORIGIN} at size 17\n`,
    });
    expect(state().logs[0]?.size).toBe(17);
    const report = await honest.ledger.verifyAll(logKey.verifierKey, { witnessKeys: [witnessKey] });
    expect(report).toMatchObject({ ok: true, cosignatures: 2 });
  });

  it('saves its state before posting, so a refused post does not lose it', async () => {
    await grow(honest, 'honest', 3);
    honest.witnessKeys.length = 0; // the log no longer accepts this witness
    const run = await witness(honest.url);
    honest.witnessKeys.push(witnessKey);
    expect(run.code).toBe(1);
    expect(run.err).toContain('the log refused the cosignature (403');
    expect(state().logs[0]?.size).toBe(20);
    // The next round posts again.
    expect(await witness(honest.url)).toMatchObject({
      code: 0,
      out: `witness: cosigned ${ORIGIN} at size 20\n`,
    });
    expect((await honest.ledger.checkpointAt(20))?.cosignatures).toHaveLength(1);
  });

  describe('when the log shows another view', () => {
    let forked: Log;
    beforeAll(async () => {
      // Same log key and origin, different entries: what a log that forks its history would serve.
      forked = await startLog(join(dir, 'forked'));
      forked.witnessKeys.push(witnessKey);
      await grow(forked, 'forked', 20);
    });
    afterAll(async () => {
      await forked?.app.close();
      await forked?.ledger.close();
    });

    it('raises a split-view alarm for another root at the cosigned size, keeps the evidence and never cosigns', async () => {
      const before = readFileSync(join(dir, 'witness-state', 'state.json'), 'utf8');
      const run = await witness(forked.url);
      expect(run.code).toBe(1);
      expect(run.out).toBe('');
      expect(run.err).toMatch(/witness: ALARM: split view: .*tree size 20; never cosigned; evidence in /);
      expect((await forked.ledger.checkpointAt(20))?.cosignatures).toEqual([]);
      expect(readFileSync(join(dir, 'witness-state', 'state.json'), 'utf8')).toBe(before);
      const alarms = readdirSync(join(dir, 'witness-state')).filter((f) => f.startsWith('alarm-'));
      expect(alarms).toHaveLength(1);
      const evidence = JSON.parse(readFileSync(join(dir, 'witness-state', alarms[0]!), 'utf8'));
      expect(evidence).toMatchObject({ kind: 'split_view', origin: ORIGIN, size: 20, log_url: forked.url });
      const cosigned = openCheckpoint(evidence.cosigned, { logKeys: logKey.verifierKey }).checkpoint;
      const conflicting = openCheckpoint(evidence.conflicting, { logKeys: logKey.verifierKey }).checkpoint;
      expect(cosigned.size).toBe(conflicting.size);
      expect(cosigned.rootHash).not.toEqual(conflicting.rootHash);
    });

    it('refuses a fork that has grown past the cosigned size (the consistency proof fails)', async () => {
      await grow(forked, 'forked', 5);
      const run = await witness(forked.url);
      expect(run.code).toBe(1);
      expect(run.err).toMatch(/witness: refused to cosign: .* at size 25: inconsistent: /);
      expect((await forked.ledger.checkpointAt(25))?.cosignatures).toEqual([]);
      expect(state().logs[0]?.size).toBe(20);
    });

    it('still cosigns the honest log afterwards', async () => {
      await grow(honest, 'honest', 1);
      expect(await witness(honest.url)).toMatchObject({
        code: 0,
        out: `witness: cosigned ${ORIGIN} at size 21\n`,
      });
    });
  });

  it('runs round after round until stopped', async () => {
    await grow(honest, 'honest', 2);
    const { io, captured } = fakeIo(dir);
    const controller = new AbortController();
    let rounds = 0;
    const code = await runWitness(
      { log: honest.url, key: 'witness.key', state: 'witness-state', interval: '0.01' },
      io,
      {
        now: () => clock++,
        signal: controller.signal,
        fetch: async (input, init) => {
          if (String(input).endsWith('/v1/ledger/checkpoint') && ++rounds === 3) controller.abort();
          return fetch(input, init);
        },
      },
    );
    expect(code).toBe(0);
    expect(captured.out).toBe(
      `witness: cosigned ${ORIGIN} at size 23\n` +
        `witness: ${ORIGIN} still at size 23, already cosigned\n`.repeat(2),
    );
  });

  it('refuses a checkpoint not signed by the pinned log key', async () => {
    const impostorKey = generateNoteKey(ORIGIN, new Uint8Array(32).fill(12));
    const impostor = await startLog(join(dir, 'impostor'));
    try {
      await impostor.ledger.append([bytes('x')]);
      await impostor.ledger.checkpoint(impostorKey.signerKey, ORIGIN, new Date());
      const run = await witness(impostor.url);
      expect(run.code).toBe(1);
      expect(run.err).toContain('not signed by the pinned log key');
      expect((await impostor.ledger.checkpointAt(1))?.cosignatures).toEqual([]);
    } finally {
      await impostor.app.close();
      await impostor.ledger.close();
    }
  });

  it('fails with DC_IO when the log cannot be reached, and exits 2 on usage errors', async () => {
    const { io } = fakeIo(dir);
    const errors: string[] = [];
    const quiet: CliIo = { ...io, err: (t) => errors.push(t) };
    expect(
      await runCommand(quiet, () =>
        runWitness(
          { log: 'http://127.0.0.1:1', key: 'witness.key', state: 'witness-state', once: true },
          quiet,
        ),
      ),
    ).toBe(1);
    expect(errors.join('')).toContain('cannot reach the log at http://127.0.0.1:1');
    expect(
      await runCommand(quiet, () => runWitness({ log: 'ftp://x', key: 'witness.key', once: true }, quiet)),
    ).toBe(2);
    expect(
      await runCommand(quiet, () =>
        runWitness({ log: honest.url, key: 'missing.key', once: true, interval: 'soon' }, quiet),
      ),
    ).toBe(2);
    expect(existsSync(join(dir, 'missing.key'))).toBe(false);
  });
});
