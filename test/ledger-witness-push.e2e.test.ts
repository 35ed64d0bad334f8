import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/io.js';
import { runCommand } from '../src/cli/ledger-command.js';
import { runWitnessServe } from '../src/cli/witness-serve.js';
import {
  formatAddCheckpointRequest,
  generateNoteKey,
  openCheckpoint,
  parseWitnessState,
  type Receipt,
  sha256Hex,
  signCheckpoint,
} from '../src/ledger/index.js';
import { openLedgerStore } from '../src/store/index.js';
import { runCli } from './helpers.js';

// The push direction of C2SP tlog-witness: a witness serves POST /add-checkpoint (`customs witness
// --serve`), the log sends it checkpoints (`customs ledger push`). Real HTTP on 127.0.0.1, real files.

const receipt = (i: number): Receipt => ({
  version: 1,
  time: '2026-11-29T10:00:00.000Z',
  flow: { id: 'push-test', version: 1 },
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

function quietIo(cwd: string) {
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

describe('a log pushing checkpoints to a witness (tlog-witness add-checkpoint)', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'customs-push-'));
  const stop = new AbortController();
  let url = '';
  let served: Promise<number>;
  let witnessOutput: { out: string; err: string };
  let next = 0;
  let logKey = '';

  const grow = async (count: number) => {
    const lines = Array.from({ length: count }, () => JSON.stringify(receipt(next++))).join('\n');
    writeFileSync(join(cwd, 'batch.ndjson'), `${lines}\n`);
    expect((await runCli(['ledger', 'append', 'batch.ndjson', '--checkpoint'], { cwd })).code).toBe(0);
  };
  const post = (body: string) =>
    fetch(`${url}/add-checkpoint`, { method: 'POST', body, headers: { 'content-type': 'text/plain' } });

  beforeAll(async () => {
    await grow(3);
    logKey = (await runCli(['ledger', 'key'], { cwd })).out.trim();
    const keygen = await runCli(['witness', 'keygen', '--name', 'regulator.test/w1', '--out', 'w1.key'], {
      cwd,
    });
    expect((await runCli(['ledger', 'witnesses', '--add', keygen.out.trim()], { cwd })).code).toBe(0);
    const { io, captured } = quietIo(cwd);
    witnessOutput = captured;
    let listening: (value: string) => void = () => undefined;
    const ready = new Promise<string>((resolve) => {
      listening = resolve;
    });
    served = runCommand(io, () =>
      runWitnessServe({ port: 0, key: 'w1.key', state: 'w1-state', logKeys: [logKey] }, io, {
        signal: stop.signal,
        onListening: listening,
      }),
    );
    url = await Promise.race([ready, served.then(() => `failed: ${captured.err}`)]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
  afterAll(async () => {
    stop.abort();
    await served;
  });

  it('cosigns what the log pushes, learning the size it last cosigned from a 409', async () => {
    const first = await runCli(['ledger', 'push', '--witness', url], { cwd });
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toBe(`data-customs.local/log at size 3: cosigned by regulator.test/w1 (${url})\n`);
    await grow(4);
    // The log starts from old size 0, is told 3, and sends a consistency proof from 3 to 7.
    const second = await runCli(['ledger', 'push', '--witness', url], { cwd });
    expect(second.code).toBe(0);
    expect(second.out).toContain('at size 7: cosigned by regulator.test/w1');
    const state = parseWitnessState(JSON.parse(readFileSync(join(cwd, 'w1-state', 'state.json'), 'utf8')));
    expect(state.logs[0]).toMatchObject({ origin: 'data-customs.local/log', size: 7 });
    expect(witnessOutput.err).toContain('cosigned data-customs.local/log at size 7 (pushed)');
    // The cosignatures are kept with the checkpoints and served with them.
    const note = (await runCli(['ledger', 'checkpoint'], { cwd })).out;
    const witnessKey = readFileSync(join(cwd, '.customs', 'ledger', 'witnesses'), 'utf8')
      .trim()
      .split('\n')
      .at(-1)!;
    expect(openCheckpoint(note, { logKeys: [logKey], witnessKeys: [witnessKey] }).cosignatures).toHaveLength(
      1,
    );
    const verify = await runCli(['ledger', 'verify', '--json'], { cwd });
    expect(JSON.parse(verify.out)).toMatchObject({ ok: true, size: 7, cosignatures: 2 });
  });

  it('answers each refusal with the status tlog-witness gives it, and raises an alarm on a split view', async () => {
    const ledger = await openLedgerStore({ kind: 'sqlite', dataDir: join(cwd, '.customs') });
    const latest = (await ledger.latestCheckpoint())!;
    const proof37 = (await ledger.consistencyProof(3, 7)).proof;
    await ledger.close();
    const checkpoint = latest.signedNote;

    expect((await post('not a request')).status).toBe(400);
    // Old size above the checkpoint's size.
    expect((await post(formatAddCheckpointRequest({ oldSize: 9, proof: [], checkpoint }))).status).toBe(400);
    // A stale old size: 409 with the latest cosigned size as text/x.tlog.size.
    const stale = await post(formatAddCheckpointRequest({ oldSize: 3, proof: proof37, checkpoint }));
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toContain('text/x.tlog.size');
    expect(await stale.text()).toBe('7\n');
    // An origin it does not witness: 404; the log's origin signed by a key it does not trust: 403.
    const rootHash = new Uint8Array(32).fill(1);
    const stranger = generateNoteKey('elsewhere.test/log', new Uint8Array(32).fill(2));
    const unknown = signCheckpoint({ origin: 'elsewhere.test/log', size: 8, rootHash }, stranger.signerKey);
    expect(
      (await post(formatAddCheckpointRequest({ oldSize: 7, proof: [], checkpoint: unknown }))).status,
    ).toBe(404);
    const impostor = generateNoteKey('data-customs.local/log', new Uint8Array(32).fill(3));
    const forged = signCheckpoint(
      { origin: 'data-customs.local/log', size: 8, rootHash },
      impostor.signerKey,
    );
    expect(
      (await post(formatAddCheckpointRequest({ oldSize: 7, proof: [], checkpoint: forged }))).status,
    ).toBe(403);
    // Signed by the log, but not consistent with size 7: 422.
    const signerKey = readFileSync(join(cwd, '.customs', 'ledger', 'log.key'), 'utf8').trim();
    const inconsistent = signCheckpoint({ origin: 'data-customs.local/log', size: 8, rootHash }, signerKey);
    const bad = await post(
      formatAddCheckpointRequest({ oldSize: 7, proof: proof37.slice(0, 1), checkpoint: inconsistent }),
    );
    expect(bad.status).toBe(422);
    // Signed by the log, size 7 again with another root: a split view. 409, an alarm, never a cosignature.
    const split = signCheckpoint({ origin: 'data-customs.local/log', size: 7, rootHash }, signerKey);
    const alarm = await post(formatAddCheckpointRequest({ oldSize: 7, proof: [], checkpoint: split }));
    expect(alarm.status).toBe(409);
    expect(await alarm.text()).toBe('7\n');
    expect(witnessOutput.err).toContain('ALARM: split view');
    const evidence = readdirSync(join(cwd, 'w1-state')).filter((f) => f.startsWith('alarm-'));
    expect(evidence).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(cwd, 'w1-state', evidence[0]!), 'utf8'))).toMatchObject({
      kind: 'split_view',
      size: 7,
      conflicting: split,
    });
    expect(existsSync(join(cwd, 'w1-state', 'state.json'))).toBe(true);
  });

  it('reports a witness it cannot reach, and exits 1', async () => {
    const result = await runCli(['ledger', 'push', '--witness', 'http://127.0.0.1:9'], { cwd });
    expect(result.code).toBe(1);
    expect(result.err).toContain('cannot reach the witness');
  });
});
