import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CN_FLOW, cnBatch, createGatewayFixture, type GatewayFixture } from './gateway-fixture.js';

let gw: GatewayFixture;
const logLines: string[] = [];

beforeAll(async () => {
  gw = await createGatewayFixture({ logger: true, logStream: { write: (line) => void logLines.push(line) } });
  const declared = await gw.app.inject({
    method: 'POST',
    url: '/v1/flows',
    headers: { ...gw.auth('admin'), 'content-type': 'application/json' },
    payload: JSON.stringify(CN_FLOW),
  });
  expect(declared.statusCode).toBe(201);
});
afterAll(async () => gw.close());

const send = (body: unknown) =>
  gw.app.inject({
    method: 'POST',
    url: '/v1/flows/cn-analytics/transfers',
    headers: { ...gw.auth('operator'), 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });

describe('GET /metrics', () => {
  it('needs an admin key', async () => {
    expect((await gw.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const res = await gw.app.inject({ method: 'GET', url: '/metrics', headers: gw.auth('operator') });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('DC_FORBIDDEN');
  });

  it('reports requests, latency, verdicts, refusals, counter levels and the ledger size', async () => {
    expect((await send(cnBatch(0, 30, 'metric'))).statusCode).toBe(201);
    const refused = await send({
      ...cnBatch(0, 1),
      fields: { '$.buyer.name': 'user.government_id.passport_number' },
    });
    expect(refused.statusCode).toBe(422);
    const res = await gw.app.inject({ method: 'GET', url: '/metrics', headers: gw.auth('admin') });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(text).toMatch(
      /dc_http_requests_total\{route="\/v1\/flows\/:id\/transfers",method="POST",status="201"\} 1/,
    );
    expect(text).toMatch(
      /dc_http_request_duration_seconds_bucket\{le="[0-9.]+",route="\/v1\/flows\/:id\/transfers"/,
    );
    expect(text).toMatch(/dc_transfer_verdicts_total\{level="[a-z_]+",jurisdiction="CN"\} 1/);
    expect(text).toContain('dc_transfer_refusals_total{reason="undeclared_category"} 1');
    expect(text).toContain(
      'dc_counter_individuals{tenant="acme",counter="CN:Beijing Shop|cn.counter.individuals",window="since-2026-01-01"} 30',
    );
    expect(text).toContain('dc_ledger_entries 1');
    // Labels are route patterns, never a subject id from a URL.
    await gw.app.inject({ method: 'GET', url: '/v1/subjects/metric-3/transfers', headers: gw.auth('admin') });
    const again = (await gw.app.inject({ method: 'GET', url: '/metrics', headers: gw.auth('admin') })).body;
    expect(again).toContain('route="/v1/subjects/:id/transfers"');
    expect(again).not.toContain('metric-3');
  });

  it('keeps a registry per server, not the global one', async () => {
    const other = await createGatewayFixture();
    try {
      const text = (await other.app.inject({ method: 'GET', url: '/metrics', headers: other.auth('admin') }))
        .body;
      expect(text).not.toContain('route="/v1/flows/:id/transfers"');
      expect(text).toContain('dc_ledger_entries 0');
    } finally {
      await other.close();
    }
  });
});

describe('request logs', () => {
  it('carry the route pattern and status, never a body, a subject id, a URL or a key', async () => {
    logLines.length = 0;
    expect((await send(cnBatch(0, 5, 'logged-subject'))).statusCode).toBe(201);
    const dsr = await gw.app.inject({
      method: 'GET',
      url: '/v1/subjects/logged-subject-2/transfers?who=logged-subject-3',
      headers: gw.auth('admin'),
    });
    expect(dsr.json().transfers).toHaveLength(1);
    await gw.app.inject({ method: 'GET', url: '/nowhere/logged-subject-4' });
    const log = logLines.join('');
    expect(log).toContain('"route":"/v1/flows/:id/transfers"');
    expect(log).toContain('"statusCode":201');
    expect(log).not.toContain('logged-subject');
    expect(log).not.toContain('Test Person');
    expect(log).not.toContain('+8613800138000');
    expect(log).not.toContain(gw.keys.operator);
    expect(log).not.toContain('dck_');
  });
});
