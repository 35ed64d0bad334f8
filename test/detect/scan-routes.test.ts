import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledTaxonomy } from '../../src/bundled/bundled-data.js';
import { installErrorHandling } from '../../src/server/errors.js';
import { scanRoutes } from '../../src/server/scan-routes.js';

// The app as src/server/app.ts sets it up: JSON bodies kept as raw strings, one error handler.
let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify();
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  installErrorHandling(app);
  await app.register(scanRoutes, { taxonomy: loadBundledTaxonomy(), today: () => '2026-11-29' });
  await app.ready();
});
afterAll(() => app.close());

describe('POST /v1/scan', () => {
  it('scans a JSON array of records and returns the per-field report', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/scan',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify([
        { 收货人: '张伟', 手机号: '13812345678' },
        { 收货人: '李娜', 手机号: '13912345678' },
      ]),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.summary).toMatchObject({ files: 1, records: 2, findings: 4 });
    expect(
      body.files[0].fields.map((f: { path: string; category: string; records: number }) => [
        f.path,
        f.category,
        f.records,
      ]),
    ).toEqual([
      ['$.手机号', 'user.contact.phone_number', 2],
      ['$.收货人', 'user.consignee.name', 2],
    ]);
    expect(res.body).not.toContain('13812345678');
  });
  it('scans NDJSON with the findings listed on request, counting malformed lines', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/scan?findings=true&min_confidence=0.9',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: '{"email":"a.b@example.com"}\n{oops}\n{"ip":"8.8.4.4"}\n',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.summary).toMatchObject({ records: 2, malformed: 1, min_confidence: 0.9 });
    expect(body.findings).toEqual([
      {
        record: 0,
        path: '$.email',
        start: 0,
        end: 15,
        category: 'user.contact.email',
        detector: 'email',
        confidence: 0.97,
      },
      {
        record: 2,
        path: '$.ip',
        start: 0,
        end: 7,
        category: 'user.device.ip_address',
        detector: 'ip_address',
        confidence: 0.97,
      },
    ]);
  });
  it('scans plain text and CSV', async () => {
    const text = await app.inject({
      method: 'POST',
      url: '/v1/scan',
      headers: { 'content-type': 'text/plain' },
      payload: '你好，我叫张伟，身份证 11010519491231002X',
    });
    expect(text.json().files[0].text.map((t: { category: string }) => t.category)).toEqual([
      'user.government_id.national_identification_number.cn_resident_id',
      'user.name',
    ]);
    const csv = await app.inject({
      method: 'POST',
      url: '/v1/scan',
      headers: { 'content-type': 'text/csv' },
      payload: 'name,phone\nJohn Smith,+1 415 555 2671\n',
    });
    expect(csv.json().files[0].fields.map((f: { path: string }) => f.path)).toEqual(['$.name', '$.phone']);
  });
  it('answers 400 with DC_HTTP_BAD_REQUEST for an empty body or a bad query', async () => {
    const empty = await app.inject({
      method: 'POST',
      url: '/v1/scan',
      headers: { 'content-type': 'text/plain' },
      payload: '  ',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('DC_HTTP_BAD_REQUEST');
    const bad = await app.inject({
      method: 'POST',
      url: '/v1/scan?min_confidence=7',
      headers: { 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('DC_HTTP_BAD_REQUEST');
  });
  it('answers 415 for a content type it cannot read', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/scan',
      headers: { 'content-type': 'image/png' },
      payload: 'x',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('DC_HTTP_BAD_REQUEST');
  });
});
