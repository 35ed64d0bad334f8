import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledTaxonomy } from '../src/bundled/bundled-data.js';
import { loadBundledRulebooks } from '../src/bundled/bundled-rulebooks.js';
import { ROUTE_RULES } from '../src/server/auth.js';
import { createServer } from '../src/server/index.js';
import { openStore, type Store } from '../src/store/index.js';

let app: FastifyInstance;
let store: Store;
const keys: Record<string, string> = {};
const auth = (k: string) => ({ authorization: `Bearer ${keys[k]}` });

const FLOW = {
  version: 1,
  id: 'cn-analytics',
  date: '2026-11-29',
  exporter: { name: 'Beijing Shop', country: 'CN' },
  recipient: { name: 'US Analytics', country: 'US' },
  subjects: [{ residence: 'CN', kind: 'customer', count: 1000 }],
  categories: ['user.name', 'user.contact.phone_number'],
  purpose: 'analytics.reporting',
};
const batch = (from: number, n: number) => ({
  subject_field: '$.buyer.id',
  fields: { '$.buyer.name': 'user.name', '$.buyer.phone': 'user.contact.phone_number' },
  records: Array.from({ length: n }, (_, i) => ({
    buyer: { id: `b-${from + i}`, name: 'Test Person', phone: '+8613800138000' },
  })),
});

beforeAll(async () => {
  store = await openStore({ kind: 'sqlite-memory' });
  await store.migrate();
  for (const [name, tenant, role] of [
    ['acme', 'acme', 'admin'],
    ['acmeAuditor', 'acme', 'auditor'],
    ['other', 'other', 'operator'],
  ] as const) {
    keys[name] = (
      await store.gateway.createApiKey({ tenant, role, now: '2026-11-29T00:00:00Z', random: randomBytes(30) })
    ).key;
  }
  app = await createServer({
    taxonomy: loadBundledTaxonomy(),
    store,
    rulebooks: loadBundledRulebooks(),
    auth: 'required',
    clock: { now: () => new Date('2026-11-29T10:00:00Z') },
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await store.close();
});

describe('authentication and roles', () => {
  it('answers 401 without a key and with a bad key, 403 for a role the route does not allow', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/flows' })).statusCode).toBe(401);
    const bad = await app.inject({
      method: 'GET',
      url: '/v1/flows',
      headers: { authorization: 'Bearer dck_000000000000_AAAAAAAAAAAAAAAAAAAAAAAA' },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('DC_UNAUTHENTICATED');
    const forbidden = await app.inject({
      method: 'POST',
      url: '/v1/flows',
      headers: { ...auth('acmeAuditor'), 'content-type': 'application/json' },
      payload: JSON.stringify(FLOW),
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('DC_FORBIDDEN');
  });
  it('keeps reference data and the public ledger open', async () => {
    for (const url of ['/healthz', '/v1/taxonomy', '/v1/rulebooks', '/v1/lists'])
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(200);
  });
  it('has a role rule for every route it serves', () => {
    const missing = [...app.registeredRoutes].filter((r) => ROUTE_RULES[r] === undefined);
    expect(missing).toEqual([]);
    for (const must of [
      'POST /v1/flows',
      'POST /v1/flows/:id/transfers',
      'GET /v1/counters',
      'GET /v1/subjects/:id/transfers',
    ]) {
      expect(app.registeredRoutes.has(must), must).toBe(true);
    }
  });
});

describe('tenants', () => {
  it('never show one tenant the flows of another, and keep flow ids unique', async () => {
    const post = await app.inject({
      method: 'POST',
      url: '/v1/flows',
      headers: { ...auth('acme'), 'content-type': 'application/json' },
      payload: JSON.stringify(FLOW),
    });
    expect(post.statusCode).toBe(201);
    expect(post.json().verdict.verdict).toBeDefined();
    expect(
      (await app.inject({ method: 'GET', url: '/v1/flows/cn-analytics', headers: auth('other') })).statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ method: 'GET', url: '/v1/flows', headers: auth('other') })).json().flows,
    ).toEqual([]);
    const taken = await app.inject({
      method: 'POST',
      url: '/v1/flows',
      headers: { ...auth('other'), 'content-type': 'application/json' },
      payload: JSON.stringify(FLOW),
    });
    expect(taken.statusCode).toBe(409);
  });
});

describe('POST /v1/flows/{id}/transfers', () => {
  it('decides with live counts, counts each individual once, records a receipt without personal data, and replays retries', async () => {
    const send = (body: unknown, headers: Record<string, string> = {}) =>
      app.inject({
        method: 'POST',
        url: '/v1/flows/cn-analytics/transfers',
        headers: { ...auth('acme'), 'content-type': 'application/json', ...headers },
        payload: JSON.stringify(body),
      });
    const first = await send(batch(0, 50), { 'idempotency-key': 'k1' });
    expect(first.statusCode).toBe(201);
    const body = first.json();
    expect(body.records).toHaveLength(50);
    expect(body.receipt).toMatchObject({
      counts: { records: 50, subjects: 50 },
      flow: { id: 'cn-analytics', version: 1 },
    });
    expect(JSON.stringify(body.receipt)).not.toContain('b-1');
    // The same key and body: the first answer, no second count.
    const again = await send(batch(0, 50), { 'idempotency-key': 'k1' });
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replay']).toBe('true');
    // The same key, another body: a conflict.
    expect((await send(batch(0, 51), { 'idempotency-key': 'k1' })).statusCode).toBe(409);
    // Overlapping individuals are counted once.
    expect((await send(batch(25, 50))).statusCode).toBe(201);
    const counters = (await app.inject({ method: 'GET', url: '/v1/counters', headers: auth('acme') })).json()
      .counters;
    const individuals = counters.find(
      (c: { kind: string; threshold: number }) =>
        c.kind === 'cn.counter.individuals' && c.threshold === 100000,
    );
    expect(individuals).toMatchObject({ jurisdiction: 'CN', count: 75, remaining: 99925 });
    expect(counters.find((c: { exporter: string }) => c.exporter)?.exporter).toBe('CN:Beijing Shop');
    // A data-subject request finds the transfers of one person.
    const dsr = await app.inject({
      method: 'GET',
      url: '/v1/subjects/b-30/transfers',
      headers: auth('acmeAuditor'),
    });
    expect(dsr.json().transfers).toHaveLength(2);
  });

  it('refuses a batch that would cross the 100,000 threshold without a mechanism, before anything is counted', async () => {
    const counter = 'CN:Beijing Shop|cn.counter.individuals';
    const window = 'since-2026-01-01';
    const count = async () =>
      (await app.inject({ method: 'GET', url: '/v1/counters', headers: auth('acme') }))
        .json()
        .counters.find((c: { kind: string }) => c.kind === 'cn.counter.individuals').count;
    const before = await count();
    // Bring the counter to 10 individuals short of 100,000 (as if earlier transfers had been counted).
    await store.gateway.withCounters('acme', [{ counter, window }], '2026-11-29T10:00:00Z', (tx) =>
      tx.record(counter, window, [], 99_990 - before, '2026-11-29'),
    );
    const res = await app.inject({
      method: 'POST',
      url: '/v1/flows/cn-analytics/transfers',
      headers: { ...auth('acme'), 'content-type': 'application/json' },
      payload: JSON.stringify(batch(500_000, 20)),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('DC_TRANSFER_REFUSED');
    expect(res.json().error.message).toContain('cn.standard_contract');
    expect(res.json().error.message).toContain('cn.counter.individuals reaches 100,000');
    expect(await count()).toBe(99_990);
    // Ten fit under the threshold.
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/flows/cn-analytics/transfers',
          headers: { ...auth('acme'), 'content-type': 'application/json' },
          payload: JSON.stringify(batch(600_000, 9)),
        })
      ).statusCode,
    ).toBe(201);
    expect(await count()).toBe(99_999);
  });

  it('refuses categories the flow does not declare, naming them', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/flows/cn-analytics/transfers',
      headers: { ...auth('acme'), 'content-type': 'application/json' },
      payload: JSON.stringify({
        ...batch(0, 1),
        fields: { '$.buyer.name': 'user.government_id.passport_number' },
      }),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('user.government_id.passport_number');
  });

  it('answers 400 naming the record whose subject field is missing', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/flows/cn-analytics/transfers',
      headers: { ...auth('acme'), 'content-type': 'application/json' },
      payload: JSON.stringify({
        subject_field: '$.buyer.id',
        records: [{ buyer: { id: 'x' } }, { buyer: {} }],
      }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('records[1]');
  });
});
