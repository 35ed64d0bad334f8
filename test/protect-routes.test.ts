import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledTaxonomy } from '../src/bundled/bundled-data.js';
import {
  createKeyRing,
  createLocalKeyProvider,
  createMemoryVaultStorage,
  createVault,
  parseProfileOrThrow,
} from '../src/protect/index.js';
import { installErrorHandling } from '../src/server/errors.js';
import { protectRoutes } from '../src/server/protect-routes.js';

const ROOT = new URL('..', import.meta.url).pathname;
const taxonomy = loadBundledTaxonomy();
const profile = parseProfileOrThrow(readFileSync(`${ROOT}profiles/default.yaml`, 'utf8'), {
  taxonomy,
  file: 'profiles/default.yaml',
});
const orders = readFileSync(`${ROOT}bench/protect/orders.ndjson`, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as unknown);
const fields = {
  '$.customer.id_number': 'user.government_id.national_identification_number.cn_resident_id',
  '$.shipping.phone': 'user.consignee.phone_number',
  '$.shipping.address': 'user.consignee.address',
};

let app: FastifyInstance;
const random = (n: number) => new Uint8Array(randomBytes(n));
const ring = createKeyRing(random(32), 'now');
const vault = createVault({
  storage: createMemoryVaultStorage(),
  keys: createLocalKeyProvider({ load: () => ring, random }),
  random,
  clock: { now: () => new Date() },
  policy: () => profile.vault,
});

beforeAll(async () => {
  // As src/server/app.ts does: bodies arrive as text.
  app = Fastify();
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  installErrorHandling(app);
  await app.register(async (scope) =>
    protectRoutes(scope, {
      taxonomy,
      profiles: (name) => (name === 'default' ? profile : undefined),
      vault,
      clock: { now: () => new Date('2026-11-29T10:00:00Z') },
    }),
  );
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

const post = (body: unknown) =>
  app.inject({
    method: 'POST',
    url: '/v1/protect',
    headers: { 'content-type': 'application/json' },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /v1/protect', () => {
  it('returns the protected records and the explanation per field', async () => {
    const res = await post({
      profile: 'default',
      to: 'JP',
      purpose: 'essential.service.operations.support',
      records: orders,
      fields,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      records: { customer: { id_number: string }; shipping: { address: string; phone: string } }[];
      explanation: unknown[];
    };
    expect(body.records).toHaveLength(2);
    expect(body.records[0]!.customer.id_number).toMatch(/^tok_/);
    expect(body.records[0]!.shipping.address).toBe('Hangzhou, Zhejiang, CN');
    expect(body.records[1]!.shipping.phone).toBe('+86 *** **** 5678');
    expect(body.explanation).toContainEqual(
      expect.objectContaining({
        path: '$.shipping.address',
        category: 'user.consignee.address',
        tier: 'sensitive',
        operator: 'generalise',
        rule: 'address-city',
        records: 2,
      }),
    );
    const token = body.records[0]!.customer.id_number;
    const back = await vault.detokenize({
      tenant: 'default',
      token,
      role: 'customs_broker',
      purpose: 'essential.service.customs_clearance',
      actor: 't',
    });
    expect(back.value).toBe('11010519491231002X');
  });

  it('answers 400 with a code on every bad request, never echoing values', async () => {
    const cases: [unknown, string, string][] = [
      ['{not json', 'DC_HTTP_BAD_REQUEST', 'request body is not valid JSON'],
      [{ profile: 'default', to: 'JP' }, 'DC_HTTP_BAD_REQUEST', 'the request has 1 problem'],
      [
        { profile: 'default', to: 'UK', records: [] },
        'DC_HTTP_BAD_REQUEST',
        'to: `UK` is not ISO 3166-1; use GB',
      ],
      [{ profile: 'nope', to: 'JP', records: [] }, 'DC_PROTECT_PROFILE_UNKNOWN', 'no profile `nope`'],
      [
        { profile: 'default', to: 'JP', records: [], fields: { x: 'user.contact.phone' } },
        'DC_PROTECT_CONTEXT',
        'fields: unknown categories: `x`: `user.contact.phone`',
      ],
      [
        { profile: 'default', to: 'JP', purpose: 'shopping', records: [] },
        'DC_HTTP_BAD_REQUEST',
        'purpose: unknown purpose `shopping`',
      ],
    ];
    for (const [body, code, message] of cases) {
      const res = await post(body);
      expect(res.statusCode, message).toBe(400);
      expect(res.json()).toMatchObject({ error: { code, message } });
    }
  });
});
