import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledLists } from '../bundled/bundled-lists.js';
import { listsRoutes } from '../server/lists-routes.js';

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  await app.register(listsRoutes, {
    lists: loadBundledLists(),
    clock: { now: () => new Date('2026-11-29T09:30:00Z') },
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

describe('GET /v1/lists', () => {
  it('returns every list with title, jurisdiction, version, hash and the count in force today', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/lists' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.date).toBe('2026-11-29');
    expect(body.hash).toBe(loadBundledLists().hash);
    expect(body.lists.find((l: { name: string }) => l.name === 'eu.adequacy')).toEqual({
      name: 'eu.adequacy',
      title: { en: 'EU adequacy decisions (GDPR Art. 45)', zh: expect.any(String) },
      jurisdiction: 'EU',
      kind: 'countries',
      version: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      hash: loadBundledLists().hashOf('eu.adequacy'),
      in_force: 16,
    });
  });
});

describe('GET /v1/lists/:name', () => {
  it("returns the list as it stood on the requested day, with each entry's source", async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/lists/eu.adequacy?at=2021-07-01' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      name: 'eu.adequacy',
      jurisdiction: 'EU',
      kind: 'countries',
      at: '2021-07-01',
    });
    const gb = body.entries.find((e: { key: string }) => e.key === 'GB');
    expect(gb).toMatchObject({
      from: '2021-06-28',
      until: '2025-12-27',
      citation: expect.stringContaining('2021/1772'),
    });
    expect(body.entries.some((e: { key: string }) => e.key === 'US')).toBe(false);
  });

  it('defaults to today and keeps entry data (e.g. the certification the DPF needs)', async () => {
    const body = (await app.inject({ method: 'GET', url: '/v1/lists/eu.adequacy' })).json();
    expect(body.at).toBe('2026-11-29');
    expect(body.entries.find((e: { key: string }) => e.key === 'US')).toMatchObject({
      until: null,
      scope: 'organisations certified under the EU-US DPF only',
      data: { requires_certification: 'eu-us-dpf' },
    });
  });

  it('answers 404 DC_HTTP_NOT_FOUND with a suggestion for an unknown list', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/lists/gb.adequcy' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'DC_HTTP_NOT_FOUND', message: 'unknown list gb.adequcy — did you mean gb.adequacy?' },
    });
  });

  it('answers 400 DC_HTTP_BAD_REQUEST for a date that is not a calendar day', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/lists/eu.adequacy?at=2026-02-30' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('DC_HTTP_BAD_REQUEST');
  });
});
