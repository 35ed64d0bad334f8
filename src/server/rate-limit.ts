import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { DataCustomsError } from '../shared/errors.js';

/** Routes never limited: probes and scrapes must see a busy gateway. */
const UNLIMITED = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Limits requests per API key (its id, once authenticated), else per client address, with
 * @fastify/rate-limit; over the limit: 429 `DC_RATE_LIMITED` with `Retry-After` in seconds. Installed after
 * authentication, so that a request's key is known; a request with a bad key is answered 401 first.
 */
export async function installRateLimit(
  app: FastifyInstance,
  options: { readonly max: number; readonly timeWindowMs: number },
): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: options.max,
    timeWindow: options.timeWindowMs,
    hook: 'onRequest',
    keyGenerator: (req) =>
      req.principal !== null && req.principal.keyId !== 'local'
        ? `key:${req.principal.keyId}`
        : `ip:${req.ip}`,
    allowList: (req) => UNLIMITED.has(req.routeOptions.url ?? ''),
    addHeadersOnExceeding: {
      'x-ratelimit-limit': true,
      'x-ratelimit-remaining': true,
      'x-ratelimit-reset': true,
    },
    addHeaders: {
      'x-ratelimit-limit': true,
      'x-ratelimit-remaining': true,
      'x-ratelimit-reset': true,
      'retry-after': true,
    },
    errorResponseBuilder: (_req, context) =>
      new DataCustomsError(
        'DC_RATE_LIMITED',
        `too many requests: at most ${context.max} per ${humanWindow(options.timeWindowMs)}; retry in ${context.after}`,
      ),
  });
}

function humanWindow(ms: number): string {
  if (ms % 60_000 === 0) return ms === 60_000 ? 'minute' : `${ms / 60_000} minutes`;
  if (ms % 1000 === 0) return ms === 1000 ? 'second' : `${ms / 1000} seconds`;
  return `${ms} ms`;
}
