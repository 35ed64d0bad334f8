import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadBundledTaxonomy } from '../src/bundled/bundled-data.js';
import { loadBundledRulebooks } from '../src/bundled/bundled-rulebooks.js';
import { createServer } from '../src/server/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { MINIMAL_FLOW_YAML } from './helpers.js';

let app: FastifyInstance;
let store: Store;
const flowJson = JSON.stringify(parseYaml(MINIMAL_FLOW_YAML), null, 2);

beforeAll(async () => {
  store = await openStore({ kind: 'sqlite-memory' });
  await store.migrate();
  app = await createServer({
    taxonomy: loadBundledTaxonomy(),
    store,
    rulebooks: loadBundledRulebooks(),
    clock: { now: () => new Date('2026-11-29T09:30:00Z') },
  });
});
afterAll(async () => {
  await app.close();
  await store.close();
});

describe('GET /healthz', () => {
  it('answers ok with the store kind', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', store: 'sqlite' });
  });
});

describe('GET /v1/taxonomy', () => {
  it('returns every category with its key, tier and classes', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/taxonomy' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.categories.length).toBeGreaterThanOrEqual(80);
    expect(body.categories.find((c: { key: string }) => c.key === 'user.contact.phone_number')).toMatchObject(
      { tier: expect.any(String), classes: { pipl: expect.any(Object) } },
    );
    expect(body.purposes.length).toBeGreaterThan(50);
  });
  it('returns one category, or 404 with a suggestion', async () => {
    expect(
      (await app.inject({ method: 'GET', url: '/v1/taxonomy/categories/user.contact' })).json().children,
    ).toContain('user.contact.email');
    const res = await app.inject({ method: 'GET', url: '/v1/taxonomy/categories/user.contact.phone' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toContain('did you mean user.contact.phone_number?');
  });
});

describe('POST /v1/flows/validate', () => {
  it('accepts a valid flow in JSON and returns it normalised', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/flows/validate',
      headers: { 'content-type': 'application/json' },
      payload: flowJson,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ valid: true, flow: { exporter: { country: 'FR' } } });
  });
  it('accepts YAML', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/flows/validate',
      headers: { 'content-type': 'application/yaml' },
      payload: MINIMAL_FLOW_YAML,
    });
    expect(res.statusCode).toBe(200);
  });
  it('answers 400 with the same located messages as the CLI', async () => {
    const bad = flowJson.replace('"residence": "FR"', '"residence": "UK"');
    const res = await app.inject({
      method: 'POST',
      url: '/v1/flows/validate',
      headers: { 'content-type': 'application/json' },
      payload: bad,
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('DC_FLOW_INVALID');
    expect(error.problems[0]).toMatchObject({
      path: ['subjects', 0, 'residence'],
      message: "country 'UK' is not ISO 3166-1; use GB",
      line: expect.any(Number),
      column: expect.any(Number),
    });
  });
  it('answers 400 DC_FLOW_SYNTAX for malformed JSON, never a stack trace', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/flows/validate',
      headers: { 'content-type': 'application/json' },
      payload: '{"version": 1,',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('DC_FLOW_SYNTAX');
    expect(res.body).not.toMatch(/at .*\.js:\d+/);
  });
  it('answers 400 for an empty body and 415 for an unsupported type', async () => {
    const empty = await app.inject({
      method: 'POST',
      url: '/v1/flows/validate',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('DC_HTTP_BAD_REQUEST');
    const xml = await app.inject({
      method: 'POST',
      url: '/v1/flows/validate',
      headers: { 'content-type': 'application/xml' },
      payload: '<flow/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.code).toBe('DC_HTTP_BAD_REQUEST');
  });
});

describe('POST /v1/flows and GET /v1/flows', () => {
  it('stores a new version (201), returns the same one when unchanged (200), and a new one when changed', async () => {
    const post = (payload: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/flows',
        headers: { 'content-type': 'application/json' },
        payload,
      });
    const first = await post(flowJson);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ id: 'test-flow', version: 1, created: true });
    expect(first.headers.location).toBe('/v1/flows/test-flow/versions/1');
    expect((await post(flowJson)).statusCode).toBe(200);
    const second = await post(flowJson.replace('40000', '45000'));
    expect(second.json()).toMatchObject({ version: 2, created: true });

    const list = (await app.inject({ method: 'GET', url: '/v1/flows' })).json();
    expect(list.flows).toContainEqual(expect.objectContaining({ id: 'test-flow', latest_version: 2 }));
    const one = (await app.inject({ method: 'GET', url: '/v1/flows/test-flow' })).json();
    expect(one.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const v1 = await app.inject({ method: 'GET', url: '/v1/flows/test-flow/versions/1' });
    expect(v1.json().flow.subjects[0].count).toBe(40000);
  });
  it('gives a flow without an id an id from its content', async () => {
    const noId = flowJson.replace('"id": "test-flow",', '');
    const a = (
      await app.inject({
        method: 'POST',
        url: '/v1/flows',
        headers: { 'content-type': 'application/json' },
        payload: noId,
      })
    ).json();
    const b = await app.inject({
      method: 'POST',
      url: '/v1/flows',
      headers: { 'content-type': 'application/json' },
      payload: noId,
    });
    expect(a.id).toMatch(/^flow-[0-9a-f]{16}$/);
    expect(b.json().id).toBe(a.id);
    expect(b.statusCode).toBe(200);
  });
  it('answers 400 for an invalid flow and stores nothing', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/flows',
      headers: { 'content-type': 'application/json' },
      payload: flowJson.replace('"test-flow"', '"bad-flow"').replace('user.name', 'user.nam'),
    });
    expect(res.statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/v1/flows/bad-flow' })).statusCode).toBe(404);
  });
  it('answers 404 DC_HTTP_NOT_FOUND for unknown flows, versions and routes', async () => {
    for (const url of ['/v1/flows/nope', '/v1/flows/test-flow/versions/99', '/v1/nothing']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('DC_HTTP_NOT_FOUND');
    }
  });
  it('answers 400 for a bad query', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/flows?limit=0' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('DC_HTTP_BAD_REQUEST');
  });
});

describe('OpenAPI', () => {
  it('documents every route, with the flow schema as the request body', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/healthz',
        '/v1/taxonomy',
        '/v1/flows/validate',
        '/v1/flows',
        '/v1/flows/{id}',
      ]),
    );
    const body = doc.paths['/v1/flows'].post.requestBody.content;
    expect(Object.keys(body)).toEqual(['application/json', 'application/yaml']);
    expect(body['application/json'].schema.required).toContain('exporter');
  });
  it('serves the viewer at /docs', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});

describe('over a real socket', () => {
  it('serves /healthz over HTTP', async () => {
    const real = await createServer({
      taxonomy: loadBundledTaxonomy(),
      store,
      clock: { now: () => new Date() },
    });
    await real.listen({ host: '127.0.0.1', port: 0 });
    try {
      const address = real.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok' });
    } finally {
      await real.close();
    }
  });
});

describe('POST /v1/evaluate', () => {
  const cnFlow = JSON.stringify({
    version: 1,
    date: '2026-11-29',
    exporter: { name: 'Beijing Shop', country: 'CN' },
    recipient: { name: 'US Analytics', country: 'US' },
    subjects: [{ residence: 'CN', kind: 'customer', count: 150000 }],
    categories: ['user.name', 'user.contact.phone_number'],
    purpose: 'analytics.reporting',
  });
  it('returns the verdict object of DESIGN.md with what would change it', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/evaluate',
      headers: { 'content-type': 'application/json' },
      payload: cnFlow,
    });
    expect(res.statusCode).toBe(200);
    const v = res.json();
    expect(v.verdict).toBe('mechanism_required');
    expect(v.jurisdictions[0]).toMatchObject({
      jurisdiction: 'CN',
      law: 'PIPL',
      applies: true,
      mechanisms: { any_of: ['cn.standard_contract', 'cn.certification'], satisfied_by: null },
    });
    expect(v.jurisdictions[0]).toHaveProperty('exemptions');
    expect(v.jurisdictions[0]).toHaveProperty('obligations');
    expect(v.jurisdictions[0].citations).toContain('CAC Order 16 Art. 8');
    expect(v.what_if.map((w: { kind: string }) => w.kind)).toContain('add_mechanism');
    expect(v.evaluated.rulebooks.CN).toMatch(/^[0-9a-f]{64}$/);
  });
  it('explains in Chinese with lang=zh', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/evaluate?lang=zh&what_if=false',
      headers: { 'content-type': 'application/json' },
      payload: cnFlow,
    });
    expect(res.json().jurisdictions[0].why).toMatch(/[\u4e00-\u9fff]/);
    expect(res.json().what_if).toBeUndefined();
  });
  it('answers 400 with located problems for an invalid flow', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/evaluate',
      headers: { 'content-type': 'application/json' },
      payload: cnFlow.replace('"CN"}', '"UK"}'),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems[0].suggestion).toBe('GB');
  });
});

describe('GET /v1/rulebooks', () => {
  it('lists each rulebook with its hash and version', async () => {
    const body = (await app.inject({ method: 'GET', url: '/v1/rulebooks' })).json();
    expect(body.rulebooks.find((r: { jurisdiction: string }) => r.jurisdiction === 'CN')).toMatchObject({
      law: 'PIPL',
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });
});
