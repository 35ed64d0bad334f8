import { describe, expect, it } from 'vitest';
import { findTooDeep, MAX_JSON_DEPTH } from '../src/shared/json-depth.js';
import { parseLocatedDocument } from '../src/shared/located-document.js';
import { CN_FLOW, cnBatch, createGatewayFixture } from './gateway-fixture.js';

const nest = (depth: number, inner: unknown = 1): unknown => {
  let v = inner;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

describe('findTooDeep', () => {
  it('names the path of the first container past the limit, and ignores brackets inside strings', () => {
    expect(findTooDeep(JSON.stringify({ records: [{ x: nest(3) }] }), 4)?.path).toBe('records.0.x.a');
    expect(findTooDeep(JSON.stringify({ s: '[[[[[[[[[[{{{{{{{', b: [1, [2, [3]]] }), 4)).toBeNull();
    expect(findTooDeep(JSON.stringify({ b: [0, 1, [[[[1]]]]] }), 4)?.path).toBe('b.2.0.0');
    expect(findTooDeep(JSON.stringify({ 'k\\"[': [[[[[1]]]]] }), 4)?.path).toBe('k\\\\\\"[.0.0.0');
    expect(findTooDeep(JSON.stringify(nest(MAX_JSON_DEPTH - 1)))).toBeNull();
  });

  it('makes a flow file nested past the limit a located syntax error, not a stack overflow', () => {
    const deep = `{\n  "flow": ${'['.repeat(20_000)}1${']'.repeat(20_000)}\n}`;
    const doc = parseLocatedDocument(deep, 'json');
    expect(doc.value).toBeUndefined();
    expect(doc.syntaxErrors).toEqual([
      { line: 2, column: 11 + MAX_JSON_DEPTH - 1, message: `nested deeper than ${MAX_JSON_DEPTH} levels` },
    ]);
  });
});

describe('JSON depth limit', () => {
  it('refuses every JSON body nested too deep with 400 naming the field, on any route', async () => {
    const gw = await createGatewayFixture();
    try {
      const deep = JSON.stringify({ subject_field: '$.id', records: [{ id: 'x', extra: nest(100) }] });
      for (const [url, auth] of [
        ['/v1/flows/cn-analytics/transfers', gw.auth('operator')],
        ['/v1/flows', gw.auth('operator')],
        ['/v1/flows/validate', {}],
        ['/v1/evaluate', {}],
      ] as const) {
        const res = await gw.app.inject({
          method: 'POST',
          url,
          headers: { ...auth, 'content-type': 'application/json' },
          payload: deep,
        });
        expect(res.statusCode, url).toBe(400);
        expect(res.json().error.code).toBe('DC_HTTP_BAD_REQUEST');
        expect(res.json().error.message).toMatch(
          /^body\.records\.0\.extra\.a\.a.*: nested deeper than 64 levels$/,
        );
      }
      const ndjson = await gw.app.inject({
        method: 'POST',
        url: '/v1/flows/cn-analytics/transfers?subject_field=$.id',
        headers: { ...gw.auth('operator'), 'content-type': 'application/x-ndjson' },
        payload: `{"id":"a"}\n${JSON.stringify(nest(80))}\n`,
      });
      expect(ndjson.statusCode).toBe(400);
      expect(ndjson.json().error.message).toContain('nested deeper than 64 levels');
      // A body of any other type the flow routes read as JSON (text/plain, found by the API fuzz test).
      const plain = await gw.app.inject({
        method: 'POST',
        url: '/v1/evaluate',
        headers: { 'content-type': 'text/plain' },
        payload: `${'['.repeat(5000)}1${']'.repeat(5000)}`,
      });
      expect(plain.statusCode).toBe(400);
      expect(plain.json().error.problems[0].message).toBe('nested deeper than 64 levels');
    } finally {
      await gw.close();
    }
  });
});

describe('per-key rate limits', () => {
  it('answers 429 DC_RATE_LIMITED with Retry-After once a key has used its quota, and keeps other keys and probes apart', async () => {
    const gw = await createGatewayFixture({ rateLimit: { max: 3, timeWindowMs: 60_000 } });
    try {
      const get = (headers: Record<string, string> = {}) =>
        gw.app.inject({ method: 'GET', url: '/v1/flows', headers });
      for (let i = 0; i < 3; i++) expect((await get(gw.auth('auditor'))).statusCode).toBe(200);
      const limited = await get(gw.auth('auditor'));
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toEqual({
        error: { code: 'DC_RATE_LIMITED', message: expect.stringContaining('at most 3 per minute') },
      });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Another key of the same tenant has its own quota.
      expect((await get(gw.auth('admin'))).statusCode).toBe(200);
      // Health probes and scrapes are never limited.
      for (let i = 0; i < 5; i++)
        expect((await gw.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      // Without a key, the client address is the key.
      for (let i = 0; i < 3; i++)
        expect((await gw.app.inject({ method: 'GET', url: '/v1/taxonomy' })).statusCode).toBe(200);
      expect((await gw.app.inject({ method: 'GET', url: '/v1/taxonomy' })).statusCode).toBe(429);
    } finally {
      await gw.close();
    }
  });

  it('lets batches through under the limit', async () => {
    const gw = await createGatewayFixture({ rateLimit: { max: 100, timeWindowMs: 1000 } });
    try {
      await gw.app.inject({
        method: 'POST',
        url: '/v1/flows',
        headers: { ...gw.auth('admin'), 'content-type': 'application/json' },
        payload: JSON.stringify(CN_FLOW),
      });
      const res = await gw.app.inject({
        method: 'POST',
        url: '/v1/flows/cn-analytics/transfers',
        headers: { ...gw.auth('operator'), 'content-type': 'application/json' },
        payload: JSON.stringify(cnBatch(0, 3)),
      });
      expect(res.statusCode).toBe(201);
      expect(res.headers['x-ratelimit-remaining']).toBeDefined();
    } finally {
      await gw.close();
    }
  });
});
