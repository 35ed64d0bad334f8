import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cosignCheckpoint,
  generateCosignerKey,
  generateNoteKey,
  leafHash,
  openCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '../src/ledger/index.js';
import { installErrorHandling } from '../src/server/errors.js';
import { ledgerRoutes } from '../src/server/ledger-routes.js';
import { type LedgerStore, openLedgerStore } from '../src/store/index.js';

const ORIGIN = 'data-customs.test/log';
const logKey = generateNoteKey(ORIGIN, new Uint8Array(32).fill(4));
const witness = generateCosignerKey('auditor.test/witness', new Uint8Array(32).fill(5));
const stranger = generateCosignerKey('stranger.test/witness', new Uint8Array(32).fill(6));
const bytes = (text: string) => new TextEncoder().encode(text);
const b64 = (data: Uint8Array) => Buffer.from(data).toString('base64');
const unb64 = (text: string) => Uint8Array.from(Buffer.from(text, 'base64'));

async function buildApp(
  ledger: LedgerStore,
  options: { checkpoints?: boolean } = {},
): Promise<FastifyInstance> {
  const app = Fastify();
  installErrorHandling(app);
  await app.register(ledgerRoutes, {
    ledger,
    logVerifierKey: logKey.verifierKey,
    witnessKeys: [witness.verifierKey],
    clock: { now: () => new Date('2026-11-29T10:00:00Z') },
    ...(options.checkpoints
      ? { checkpoints: { signerKey: logKey.signerKey, origin: ORIGIN, intervalMs: 60_000 } }
      : {}),
  });
  await app.ready();
  return app;
}

describe('the ledger routes', () => {
  let ledger: LedgerStore;
  let app: FastifyInstance;
  beforeAll(async () => {
    ledger = await openLedgerStore({ kind: 'sqlite-memory' });
    await ledger.migrate();
    app = await buildApp(ledger);
  });
  afterAll(async () => {
    await app.close();
    await ledger.close();
  });

  describe('before the first checkpoint', () => {
    it('answers 404 DC_HTTP_NOT_FOUND for the checkpoint and default-size proofs', async () => {
      for (const url of [
        '/v1/ledger/checkpoint',
        '/v1/ledger/proof/inclusion?index=0',
        '/v1/ledger/proof/consistency?from=0',
        '/v1/ledger/entries/0',
        '/v1/ledger/checkpoints/0',
      ]) {
        const res = await app.inject({ method: 'GET', url });
        expect([url, res.statusCode, res.json().error.code]).toEqual([url, 404, 'DC_HTTP_NOT_FOUND']);
      }
    });
    it('serves the log key as text', async () => {
      const res = await app.inject({ method: 'GET', url: '/v1/ledger/key' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.body).toBe(`${logKey.verifierKey}\n`);
    });
  });

  describe('with entries and a checkpoint', () => {
    const leaves = Array.from({ length: 13 }, (_, i) => bytes(`receipt ${i}`));
    beforeAll(async () => {
      await ledger.append(leaves.slice(0, 6));
      await ledger.checkpoint(logKey.signerKey, ORIGIN, new Date('2026-11-29T09:00:00Z'));
      await ledger.append(leaves.slice(6));
      await ledger.checkpoint(logKey.signerKey, ORIGIN, new Date('2026-11-29T09:30:00Z'));
      await ledger.append([bytes('not yet checkpointed')]);
    });

    it('serves the latest checkpoint as a C2SP note signed by the log', async () => {
      const res = await app.inject({ method: 'GET', url: '/v1/ledger/checkpoint' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      const { checkpoint } = openCheckpoint(res.body, { logKeys: logKey.verifierKey });
      expect(checkpoint).toMatchObject({ origin: ORIGIN, size: 13 });
      const older = await app.inject({ method: 'GET', url: '/v1/ledger/checkpoints/6' });
      expect(openCheckpoint(older.body, { logKeys: logKey.verifierKey }).checkpoint.size).toBe(6);
    });

    it('proves inclusion by index and by leaf hash, at the latest checkpoint by default', async () => {
      const res = await app.inject({ method: 'GET', url: '/v1/ledger/proof/inclusion?index=4' });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ index: 4, size: 13, leaf_hash: b64(leafHash(leaves[4]!)) });
      expect(verifyInclusion(leafHash(leaves[4]!), 4, 13, body.proof.map(unb64), unb64(body.root_hash))).toBe(
        true,
      );
      const hash = leafHash(leaves[9]!);
      for (const encoded of [
        encodeURIComponent(b64(hash)),
        b64(hash), // a `+` that arrives as a space
        Buffer.from(hash).toString('base64url'),
        Buffer.from(hash).toString('hex'),
      ]) {
        const byHash = await app.inject({
          method: 'GET',
          url: `/v1/ledger/proof/inclusion?leaf_hash=${encoded}&size=10`,
        });
        expect(byHash.json()).toMatchObject({ index: 9, size: 10 });
      }
    });

    it('proves consistency between two sizes', async () => {
      const res = await app.inject({ method: 'GET', url: '/v1/ledger/proof/consistency?from=6' });
      const body = res.json();
      expect(body).toMatchObject({ from: 6, to: 13 });
      expect(
        verifyConsistency(6, 13, body.proof.map(unb64), unb64(body.root_hash_from), unb64(body.root_hash_to)),
      ).toBe(true);
    });

    it('serves entries', async () => {
      const res = await app.inject({ method: 'GET', url: '/v1/ledger/entries/3' });
      expect(res.json()).toEqual({
        index: 3,
        leaf: b64(leaves[3]!),
        leaf_hash: b64(leafHash(leaves[3]!)),
        appended_at: expect.any(String),
      });
    });

    it('answers every bad query with a status and an error code', async () => {
      const cases: [string, number, string][] = [
        ['/v1/ledger/proof/inclusion', 400, 'DC_HTTP_BAD_REQUEST'],
        ['/v1/ledger/proof/inclusion?index=1&leaf_hash=AAAA', 400, 'DC_HTTP_BAD_REQUEST'],
        ['/v1/ledger/proof/inclusion?index=x', 400, 'DC_HTTP_BAD_REQUEST'],
        ['/v1/ledger/proof/inclusion?index=-1', 400, 'DC_HTTP_BAD_REQUEST'],
        ['/v1/ledger/proof/inclusion?index=13', 404, 'DC_HTTP_NOT_FOUND'],
        ['/v1/ledger/proof/inclusion?index=14&size=14', 400, 'DC_LEDGER_ARGUMENT'],
        ['/v1/ledger/proof/inclusion?index=0&size=15', 400, 'DC_LEDGER_ARGUMENT'],
        ['/v1/ledger/proof/inclusion?leaf_hash=AAAA', 400, 'DC_HTTP_BAD_REQUEST'],
        [`/v1/ledger/proof/inclusion?leaf_hash=${'A'.repeat(43)}=`, 404, 'DC_HTTP_NOT_FOUND'],
        ['/v1/ledger/proof/consistency', 400, 'DC_HTTP_BAD_REQUEST'],
        ['/v1/ledger/proof/consistency?from=14', 400, 'DC_LEDGER_ARGUMENT'],
        ['/v1/ledger/proof/consistency?from=3&to=99', 400, 'DC_LEDGER_ARGUMENT'],
        ['/v1/ledger/entries/99', 404, 'DC_HTTP_NOT_FOUND'],
        ['/v1/ledger/entries/x', 400, 'DC_HTTP_BAD_REQUEST'],
        ['/v1/ledger/checkpoints/7', 404, 'DC_HTTP_NOT_FOUND'],
      ];
      for (const [url, status, code] of cases) {
        const res = await app.inject({ method: 'GET', url });
        expect([url, res.statusCode, res.json().error?.code]).toEqual([url, status, code]);
        expect(res.body).not.toMatch(/at .*\.ts:\d+/);
      }
    });

    describe('POST /v1/ledger/cosignatures', () => {
      const post = (size: number | string, body: string, type = 'text/plain') =>
        app.inject({
          method: 'POST',
          url: `/v1/ledger/cosignatures?size=${size}`,
          headers: { 'content-type': type },
          payload: body,
        });

      it('accepts a configured witness cosignature and serves it with the checkpoint', async () => {
        const checkpoint = (await ledger.checkpointAt(13))!;
        const { line } = cosignCheckpoint(checkpoint.body, witness.signerKey, 1_800_000_000);
        const res = await post(13, line);
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({
          size: 13,
          accepted: [
            { key_name: 'auditor.test/witness', key_id: expect.any(String), timestamp: 1_800_000_000 },
          ],
        });
        const note = (await app.inject({ method: 'GET', url: '/v1/ledger/checkpoint' })).body;
        const opened = openCheckpoint(note, {
          logKeys: logKey.verifierKey,
          witnessKeys: [witness.verifierKey],
        });
        expect(opened.cosignatures.map((c) => c.name)).toEqual(['auditor.test/witness']);
        expect(note.endsWith(line)).toBe(true);
      });

      it('refuses cosignatures by unknown witnesses, bad signatures and malformed bodies', async () => {
        const checkpoint = (await ledger.checkpointAt(6))!;
        const byStranger = cosignCheckpoint(checkpoint.body, stranger.signerKey, 1_800_000_000).line;
        const wrongBody = cosignCheckpoint((await ledger.checkpointAt(13))!.body, witness.signerKey, 1).line;
        const cases: [number | string, string, string, number, string][] = [
          [6, byStranger, 'text/plain', 403, 'DC_LEDGER_COSIGNATURE'],
          [6, wrongBody, 'text/plain', 422, 'DC_LEDGER_COSIGNATURE'],
          [6, 'hello', 'text/plain', 400, 'DC_LEDGER_COSIGNATURE'],
          [6, '', 'text/plain', 400, 'DC_LEDGER_COSIGNATURE'],
          [7, wrongBody, 'text/plain', 404, 'DC_HTTP_NOT_FOUND'],
          ['x', wrongBody, 'text/plain', 400, 'DC_HTTP_BAD_REQUEST'],
          [6, wrongBody, 'application/xml', 415, 'DC_HTTP_BAD_REQUEST'],
        ];
        for (const [size, body, type, status, code] of cases) {
          const res = await post(size, body, type);
          expect([size, status, res.statusCode, res.json().error?.code]).toEqual([
            size,
            status,
            status,
            code,
          ]);
        }
        expect((await ledger.checkpointAt(6))!.cosignatures).toEqual([]);
      });
    });
  });
});

describe('the ledger routes with periodic checkpoints', () => {
  it('signs a checkpoint when the app starts', async () => {
    const ledger = await openLedgerStore({ kind: 'sqlite-memory' });
    await ledger.migrate();
    await ledger.append([bytes('a'), bytes('b')]);
    const app = await buildApp(ledger, { checkpoints: true });
    try {
      const res = await app.inject({ method: 'GET', url: '/v1/ledger/checkpoint' });
      expect(openCheckpoint(res.body, { logKeys: logKey.verifierKey }).checkpoint.size).toBe(2);
    } finally {
      await app.close();
      await ledger.close();
    }
  });
});

describe('the ledger routes in OpenAPI', () => {
  it('are documented with their parameters and answers', async () => {
    const ledger = await openLedgerStore({ kind: 'sqlite-memory' });
    await ledger.migrate();
    const app = Fastify();
    installErrorHandling(app);
    await app.register(swagger, { openapi: { openapi: '3.1.0', info: { title: 't', version: '0' } } });
    await app.register(ledgerRoutes, { ledger, logVerifierKey: logKey.verifierKey });
    await app.ready();
    try {
      const paths = (app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
      expect(Object.keys(paths).sort()).toEqual([
        '/v1/ledger/checkpoint',
        '/v1/ledger/checkpoints/{size}',
        '/v1/ledger/cosignatures',
        '/v1/ledger/entries/{index}',
        '/v1/ledger/key',
        '/v1/ledger/keys',
        '/v1/ledger/proof/consistency',
        '/v1/ledger/proof/inclusion',
      ]);
      expect(JSON.stringify(paths['/v1/ledger/checkpoint'])).toContain('text/plain');
    } finally {
      await app.close();
      await ledger.close();
    }
  });
});
