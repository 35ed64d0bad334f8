// Fuzzes every route of ROUTE_RULES with malformed bodies, wrong content types, huge and deep JSON and
// random query strings: the API must never answer 5xx, never leak a stack trace, and answer every 4xx
// with `{ error: { code, message } }`.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledTaxonomy } from '../src/bundled/bundled-data.js';
import {
  createKeyRing,
  createLocalKeyProvider,
  createMemoryVaultStorage,
  createVault,
  parseProfileOrThrow,
} from '../src/protect/index.js';
import { ROUTE_RULES } from '../src/server/auth.js';
import { CN_FLOW, cnBatch, createGatewayFixture, type GatewayFixture } from './gateway-fixture.js';

const ROOT = new URL('..', import.meta.url).pathname;
const taxonomy = loadBundledTaxonomy();
const profile = parseProfileOrThrow(readFileSync(`${ROOT}profiles/default.yaml`, 'utf8'), {
  taxonomy,
  file: 'profiles/default.yaml',
});
const random = (n: number) => new Uint8Array(randomBytes(n));
const ring = createKeyRing(random(32), 'now');

let gw: GatewayFixture;
beforeAll(async () => {
  gw = await createGatewayFixture({
    bodyLimit: 64 * 1024,
    vault: createVault({
      storage: createMemoryVaultStorage(),
      keys: createLocalKeyProvider({ load: () => ring, random }),
      random,
      clock: { now: () => new Date() },
      policy: () => profile.vault,
    }),
    profiles: (name) => (name === 'default' ? profile : undefined),
  });
  const declared = await gw.app.inject({
    method: 'POST',
    url: '/v1/flows',
    headers: { ...gw.auth('admin'), 'content-type': 'application/json' },
    payload: JSON.stringify(CN_FLOW),
  });
  expect(declared.statusCode).toBe(201);
});
afterAll(async () => gw.close());

const routes = Object.keys(ROUTE_RULES).map((k) => k.split(' ') as [string, string]);
const segment = fc.oneof(
  { arbitrary: fc.constant('cn-analytics'), weight: 3 },
  {
    arbitrary: fc.constantFrom('0', '1', '-1', '99999999999999999999', 'user.name', '%00', '..', ''),
    weight: 1,
  },
  { arbitrary: fc.string({ maxLength: 20 }), weight: 1 },
);
const query = fc.oneof(
  fc.constant(''),
  fc
    .array(
      fc.tuple(
        fc.constantFrom(
          'limit',
          'after',
          'size',
          'index',
          'hash',
          'subject_field',
          'profile',
          'at',
          'x',
          'size1',
        ),
        fc.string({ maxLength: 12 }),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`),
  fc.string({ maxLength: 30 }).map((s) => `?${s.replace(/#/g, '')}`),
);
const contentType = fc.oneof(
  { arbitrary: fc.constantFrom('application/json', 'application/x-ndjson'), weight: 3 },
  {
    arbitrary: fc.constantFrom(
      undefined,
      'application/json; charset=utf-8',
      'application/yaml',
      'text/yaml',
      'text/plain',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      'application/octet-stream',
      'nonsense',
    ),
    weight: 2,
  },
);
const deep = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
const body = fc.oneof(
  fc.constant(undefined),
  fc.constant(''),
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 4 }),
  fc.json({ maxDepth: 3 }).map((j) => j.slice(0, Math.max(0, j.length - 1))), // truncated
  fc.integer({ min: 65, max: 5000 }).map(deep),
  fc.integer({ min: 65, max: 2000 }).map((n) => `{"subject_field":"$.a","records":[${deep(n)}]}`),
  fc.constant('x'.repeat(70 * 1024)), // over the body limit
  fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b).toString('latin1')),
  fc
    .anything({ maxDepth: 3 })
    .map((v) => JSON.stringify({ subject_field: '$.buyer.id', records: v }) ?? 'null'),
  fc
    .array(fc.anything({ maxDepth: 3 }), { minLength: 1, maxLength: 5 })
    .map((records) => JSON.stringify({ subject_field: '$.buyer.id', records })),
  fc
    .record(
      {
        subject_field: fc.string({ maxLength: 10 }),
        fields: fc.anything({ maxDepth: 2 }),
        profile: fc.anything({ maxDepth: 1 }),
      },
      { requiredKeys: [] },
    )
    .map((extra) => JSON.stringify({ ...cnBatch(0, 2, 'fz'), ...extra })),
);
const who = fc.oneof(
  { arbitrary: fc.constantFrom('admin', 'operator'), weight: 3 },
  { arbitrary: fc.constantFrom('none', 'bad', 'auditor', 'regulator'), weight: 1 },
);

function headersFor(w: string, ct: string | undefined): Record<string, string> {
  const h: Record<string, string> = {};
  if (ct !== undefined) h['content-type'] = ct;
  if (w === 'bad') h.authorization = 'Bearer dck_000000000000_AAAAAAAAAAAAAAAAAAAAAAAA';
  else if (w !== 'none') h.authorization = gw.auth(w as 'admin').authorization;
  return h;
}

function assertWellBehaved(status: number, text: string, what: string): void {
  expect(status, what).toBeLessThan(500);
  expect(text, what).not.toMatch(/\n\s+at [^\n]+:\d+:\d+/);
  expect(text, what).not.toContain('node_modules');
  if (status >= 400) {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    expect(parsed.error?.code, what).toMatch(/^DC_[A-Z0-9_]+$/);
    expect(typeof parsed.error?.message, what).toBe('string');
  }
}

describe('the API under fuzzed requests', () => {
  it('never answers 5xx or a stack trace on any route, and answers 4xx with { error: { code, message } }', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.array(segment, { minLength: 3, maxLength: 3 }),
        query,
        contentType,
        body,
        who,
        async ([method, pattern], segs, q, ct, payload, w) => {
          let i = 0;
          const url = pattern
            .replace(/:[a-z]+/g, () => encodeURIComponent(segs[i++] ?? ''))
            .replace('*', encodeURIComponent(segs[2] ?? ''));
          const res = await gw.app.inject({
            method: method as 'GET',
            url: `${url}${q}`,
            headers: headersFor(w, ct),
            ...(method === 'POST' && payload !== undefined ? { payload } : {}),
          });
          assertWellBehaved(res.statusCode, res.body, `${method} ${url}${q} [${ct}] as ${w}`);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1500) },
    );
  });

  it('keeps the transfer route well-behaved for structured but wrong batches', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record(
            {
              buyer: fc.oneof(
                fc.record(
                  {
                    id: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.double()),
                    name: fc.anything(),
                  },
                  { requiredKeys: [] },
                ),
                fc.anything({ maxDepth: 2 }),
              ),
            },
            { requiredKeys: [] },
          ),
          { minLength: 0, maxLength: 6 },
        ),
        fc.constantFrom('application/json', 'application/x-ndjson'),
        fc.constantFrom('$.buyer.id', '$.buyer', '$', '$.buyer[0]', '$..x', 'buyer.id'),
        async (records, ct, subject) => {
          const payload =
            ct === 'application/json'
              ? JSON.stringify({ subject_field: subject, records })
              : records.map((r) => JSON.stringify(r)).join('\n');
          const res = await gw.app.inject({
            method: 'POST',
            url: `/v1/flows/cn-analytics/transfers?subject_field=${encodeURIComponent(subject)}`,
            headers: { ...gw.auth('operator'), 'content-type': ct },
            payload,
          });
          assertWellBehaved(res.statusCode, res.body, `${ct} ${subject}`);
          if (res.statusCode === 400)
            expect(res.json().error.message).toMatch(/^(body|records|subject_field|fields|the )/);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400) },
    );
  });
});
