import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LedgerStore, Store } from '../store/index.js';

/** What the transfer routes report to the metrics: the verdict of each decided batch and each refusal. */
export interface GatewayMetrics {
  /** One decided transfer: its verdict level in each jurisdiction that applies. */
  verdict(level: string, jurisdiction: string): void;
  /** One refused transfer, by reason (`undeclared_category`, `mechanism_required`, `prohibited`, `rate_limited`). */
  refusal(reason: string): void;
}

/** The Prometheus metrics of one server: its own registry, never prom-client's global one. */
export interface ServerMetrics extends GatewayMetrics {
  readonly registry: Registry;
  /** One answered request: its route pattern, method, status and latency in seconds. */
  request(route: string, method: string, status: number, seconds: number): void;
}

/**
 * Creates the metrics of one server instance. Counter levels and the ledger size are read from the
 * stores at each scrape, so several gateways sharing one PostgreSQL report the same levels.
 *
 * @example
 * const metrics = createServerMetrics({ store, ledger });
 * const text = await metrics.registry.metrics();
 */
export function createServerMetrics(deps: {
  readonly store: Store;
  readonly ledger?: LedgerStore;
}): ServerMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'dc_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'dc_http_request_duration_seconds',
    help: 'time to answer an HTTP request, by route pattern and method',
    labelNames: ['route', 'method'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const verdicts = new Counter({
    name: 'dc_transfer_verdicts_total',
    help: 'verdicts of transfers decided with live counts, by level and jurisdiction',
    labelNames: ['level', 'jurisdiction'] as const,
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'dc_transfer_refusals_total',
    help: 'transfers refused before any record left, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'dc_counter_individuals',
    help: 'distinct individuals counted, by tenant, counter (exporter|legal counter) and window',
    labelNames: ['tenant', 'counter', 'window'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const c of await deps.store.gateway.counters(null))
        this.set({ tenant: c.tenant, counter: c.counter, window: c.window }, c.count);
    },
  });
  if (deps.ledger) {
    const ledger = deps.ledger;
    new Gauge({
      name: 'dc_ledger_entries',
      help: 'entries (receipts) in the transparency log',
      registers: [registry],
      async collect() {
        this.set(await ledger.size());
      },
    });
  }
  return {
    registry,
    verdict: (level, jurisdiction) => verdicts.inc({ level, jurisdiction }),
    refusal: (reason) => refusals.inc({ reason }),
    request: (route, method, status, seconds) => {
      requests.inc({ route, method, status: String(status) });
      latency.observe({ route, method }, seconds);
    },
  };
}

/** Counts every answered request and its latency, labelled by route pattern (never the raw URL). */
export function installMetrics(app: FastifyInstance, metrics: ServerMetrics): void {
  app.addHook('onResponse', async (req, reply) => {
    // The pattern, not the URL: a URL can carry a subject id, and would explode the label set.
    metrics.request(
      req.routeOptions.url ?? 'unmatched',
      req.method,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
  app.get(
    '/metrics',
    { schema: { tags: ['health'], summary: 'Prometheus metrics (admin key)' } },
    async (_req, reply) => {
      const text = await metrics.registry.metrics();
      return reply.header('content-type', metrics.registry.contentType).send(text);
    },
  );
}
