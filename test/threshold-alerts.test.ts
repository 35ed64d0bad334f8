import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookAlerts, crossedFractions } from '../src/server/threshold-alerts.js';
import { forecastCrossing } from '../src/server/transfer-routes.js';
import { CN_FLOW, cnBatch, createGatewayFixture } from './gateway-fixture.js';

let hook: Server;
let url = '';
const received: unknown[] = [];
beforeAll(async () => {
  hook = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
});
afterAll(async () => new Promise<void>((r) => hook.close(() => r())));

describe('crossedFractions', () => {
  it('names each fraction of each threshold a move passes, once', () => {
    expect(crossedFractions(70, 95, [100], [0.8, 0.9, 1])).toEqual([
      { threshold: 100, fraction: 0.8 },
      { threshold: 100, fraction: 0.9 },
    ]);
    expect(crossedFractions(80, 85, [100], [0.8])).toEqual([]);
    expect(crossedFractions(99, 100, [100, 1000], [1])).toEqual([{ threshold: 100, fraction: 1 }]);
  });
});

describe('forecastCrossing', () => {
  it('projects the days to a threshold at the rate since the window start', () => {
    // 1 January to 10 January: 10 days, 1,000 individuals: 100 a day, 9,000 left: 90 days.
    expect(forecastCrossing('since-2026-01-01', 1000, 10_000, '2026-01-10' as never)).toEqual({
      rate_per_day: 100,
      days_to_threshold: 90,
      date: '2026-04-10',
    });
    expect(
      forecastCrossing('since-2026-01-01', 0, 10_000, '2026-01-10' as never).days_to_threshold,
    ).toBeNull();
    // 2 individuals in 333 days against 1,000,000: the crossing is past year 9999, so no date (it threw).
    expect(forecastCrossing('since-2026-01-01', 2, 1_000_000, '2026-11-29' as never)).toMatchObject({
      date: null,
      days_to_threshold: expect.any(Number),
    });
    expect(
      forecastCrossing('since-2026-01-01', 10_000, 10_000, '2026-01-10' as never).days_to_threshold,
    ).toBe(0);
  });
});

describe('threshold alerts', () => {
  it('posts a JSON alert with a Slack-compatible text when a transfer passes a fraction, and forecasts in /v1/counters', async () => {
    const alerts = createWebhookAlerts({ url, fractions: [0.8, 0.9, 1] });
    const gw = await createGatewayFixture({ alerts });
    try {
      await gw.app.inject({
        method: 'POST',
        url: '/v1/flows',
        headers: { ...gw.auth('admin'), 'content-type': 'application/json' },
        payload: JSON.stringify(CN_FLOW),
      });
      // Bring the 100,000 counter near 80%, then cross it with one batch.
      const counter = 'CN:Beijing Shop|cn.counter.individuals';
      await gw.store.gateway.withCounters(
        'acme',
        [{ counter, window: 'since-2026-01-01' }],
        '2026-11-29',
        (tx) => tx.record(counter, 'since-2026-01-01', [], 79_990, '2026-11-29'),
      );
      const res = await gw.app.inject({
        method: 'POST',
        url: '/v1/flows/cn-analytics/transfers',
        headers: { ...gw.auth('operator'), 'content-type': 'application/json' },
        payload: JSON.stringify(cnBatch(0, 20, 'alert')),
      });
      expect(res.statusCode).toBe(201);
      await alerts.idle();
      expect(received).toHaveLength(1);
      const [body] = received as { type: string; text: string; alert: Record<string, unknown> }[];
      expect(body?.type).toBe('dc.threshold.crossed');
      expect(body?.text).toContain('reached 80% of 100,000: 80,010 individuals');
      expect(body?.alert).toMatchObject({
        tenant: 'acme',
        exporter: 'CN:Beijing Shop',
        counter: 'cn.counter.individuals',
        jurisdiction: 'CN',
        threshold: 100_000,
        fraction: 0.8,
        count: 80_010,
      });
      expect(JSON.stringify(body)).not.toContain('alert-1');
      const counters = (
        await gw.app.inject({ method: 'GET', url: '/v1/counters', headers: gw.auth('auditor') })
      ).json().counters as { kind: string; threshold: number; forecast: { days_to_threshold: number } }[];
      const c = counters.find((x) => x.kind === 'cn.counter.individuals' && x.threshold === 100_000);
      // 80,010 in 333 days (1 January to 29 November): about 240 a day, 19,990 left: 84 days.
      expect(c?.forecast).toMatchObject({ days_to_threshold: 84, date: '2027-02-21' });
    } finally {
      await gw.close();
    }
  });

  it('speaks DingTalk and WeCom when asked', async () => {
    received.length = 0;
    const alerts = createWebhookAlerts({ url, fractions: [1], format: 'dingtalk' });
    alerts.notify({
      tenant: 't',
      exporter: 'CN:X',
      counter: 'cn.counter.individuals',
      jurisdiction: 'CN',
      window: 'since-2026-01-01',
      threshold: 10,
      fraction: 1,
      count: 10,
      at: '2026-11-29T00:00:00Z',
    });
    await alerts.idle();
    expect(received[0]).toEqual({
      msgtype: 'text',
      text: { content: expect.stringContaining('reached 100% of 10') },
    });
  });
});
