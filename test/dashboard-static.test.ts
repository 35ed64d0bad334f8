// The dashboard's static files as the server serves them (in process, on a folder made here): public,
// under /ui/ with / redirecting there, with a strict Content-Security-Policy, never outside the folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBundledTaxonomy } from '../src/bundled/bundled-data.js';
import { ROUTE_RULES } from '../src/server/auth.js';
import { createServer } from '../src/server/index.js';
import { openStore, type Store } from '../src/store/index.js';

let app: FastifyInstance;
let store: Store;
const root = mkdtempSync(join(tmpdir(), 'customs-web-'));
const web = join(root, 'web');

beforeAll(async () => {
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>Data Customs</title><div id="root"></div>');
  writeFileSync(join(web, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'outside the dashboard folder');
  store = await openStore({ kind: 'sqlite-memory' });
  await store.migrate();
  app = await createServer({
    taxonomy: loadBundledTaxonomy(),
    store,
    clock: { now: () => new Date('2026-11-29T09:30:00Z') },
    auth: 'required',
    dashboard: web,
  });
});
afterAll(async () => {
  await app.close();
  await store.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the dashboard files', () => {
  it('are served at /ui/ without a key, with a strict content security policy', async () => {
    const res = await app.inject({ method: 'GET', url: '/ui/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<div id="root">');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['cache-control']).toBe('no-cache');
  });
  it('cache hashed assets for good', async () => {
    const res = await app.inject({ method: 'GET', url: '/ui/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });
  it('redirect / and /ui to /ui/', async () => {
    for (const url of ['/', '/ui']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(301);
      expect(res.statusCode, url).toBeLessThanOrEqual(308);
      expect(res.headers.location, url).toBe('/ui/');
    }
  });
  it('never serve a file outside the folder', async () => {
    for (const url of [
      '/ui/../secret.txt',
      '/ui/%2e%2e/secret.txt',
      '/ui/..%2fsecret.txt',
      '/ui/nope.html',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect([403, 404], url).toContain(res.statusCode);
      expect(res.body, url).not.toContain('outside the dashboard folder');
    }
  });
  it('leave the API behind its keys', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/flows' })).statusCode).toBe(401);
  });
  it('have a role rule for each of their routes', () => {
    const missing = [...app.registeredRoutes].filter((r) => ROUTE_RULES[r] === undefined);
    expect(missing).toEqual([]);
    for (const route of ['GET /', 'GET /ui', 'GET /ui/*'])
      expect(app.registeredRoutes.has(route), route).toBe(true);
  });
});
