import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DataCustomsError } from '../shared/errors.js';
import type { GatewayStore, Principal, Role } from '../store/index.js';

/** Who may call a route: anyone (`public`), or the listed roles of the caller's tenant. */
export type RouteRule = 'public' | readonly Role[];

const ALL: readonly Role[] = ['admin', 'operator', 'auditor', 'regulator'];
const WRITE: readonly Role[] = ['admin', 'operator'];

/**
 * The role rule of every route, in one place (`METHOD /url` as registered). Reference data, validation
 * and the public face of the ledger are public; a tenant's flows, transfers, counters and vault need a
 * key. A route missing from this table needs an admin key (fail closed), and a test checks that every
 * registered route is listed.
 */
export const ROUTE_RULES: Readonly<Record<string, RouteRule>> = {
  'GET /healthz': 'public',
  // Readiness for load balancers and orchestrators: says only whether the database answers.
  'GET /readyz': 'public',
  // Admin only: the gauges name every tenant and how many individuals each has sent abroad, which is
  // business-confidential and crosses tenants; Prometheus sends the key (`authorization.credentials_file`).
  'GET /metrics': ['admin'],
  'GET /openapi.json': 'public',
  'GET /docs': 'public',
  'GET /docs/*': 'public',
  'GET /docs/static/*': 'public',
  'GET /docs/json': 'public',
  'GET /docs/yaml': 'public',
  'GET /docs/static/index.html': 'public',
  'GET /docs/static/swagger-initializer.js': 'public',
  // The dashboard's static files (it calls the routes below with the key the user enters).
  'GET /': 'public',
  'GET /ui': 'public',
  'GET /ui/*': 'public',
  'GET /v1/taxonomy': 'public',
  'GET /v1/taxonomy/categories/:key': 'public',
  'GET /v1/rulebooks': 'public',
  'GET /v1/lists': 'public',
  'GET /v1/lists/:name': 'public',
  'POST /v1/evaluate': 'public',
  'POST /v1/flows/validate': 'public',
  'POST /v1/scan': 'public',
  'GET /v1/ledger/checkpoint': 'public',
  'GET /v1/ledger/checkpoints/:size': 'public',
  'GET /v1/ledger/key': 'public',
  'GET /v1/ledger/keys': 'public',
  'GET /v1/ledger/proof/inclusion': 'public',
  'GET /v1/ledger/proof/consistency': 'public',
  'GET /v1/ledger/entries/:index': 'public',
  // Witnesses authenticate by their cosignature key, checked against the configured witness list.
  'POST /v1/ledger/cosignatures': 'public',
  'POST /v1/flows': WRITE,
  'GET /v1/flows': ALL,
  'GET /v1/flows/:id': ALL,
  'GET /v1/flows/:id/versions/:version': ALL,
  'POST /v1/flows/:id/transfers': WRITE,
  'GET /v1/counters': ALL,
  'GET /v1/subjects/:id/transfers': ['admin', 'auditor', 'regulator'],
  'POST /v1/protect': WRITE,
  // The recipients registry: written by those who declare flows, read by every role of the tenant.
  'POST /v1/recipients': WRITE,
  'PUT /v1/recipients/:id': WRITE,
  'GET /v1/recipients': ALL,
  'GET /v1/recipients/:id': ALL,
  'GET /v1/recipients/:id/versions/:version': ALL,
  // Held records name fields and categories of batches: for those who send and correct them.
  'GET /v1/quarantine': WRITE,
};

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** Every route registered after authentication was installed, as `METHOD /url`. */
    readonly registeredRoutes: ReadonlySet<string>;
  }
}

/** The principal used when authentication is off (the library, tests, a single-user demo). */
export const LOCAL_PRINCIPAL: Principal = { keyId: 'local', tenant: 'default', role: 'admin' };

/** The caller of a request that passed the role check. */
export function principalOf(req: FastifyRequest): Principal {
  if (req.principal === null)
    throw new DataCustomsError(
      'DC_UNAUTHENTICATED',
      'an API key is required: send Authorization: Bearer KEY',
    );
  return req.principal;
}

/**
 * Installs API-key authentication (`Authorization: Bearer KEY`, keys stored hashed) and the role rule
 * of each route. With `required: false` every request acts as the local admin of the `default` tenant.
 */
export function installAuth(
  app: FastifyInstance,
  options: { readonly required: boolean; readonly keys?: GatewayStore },
): void {
  app.decorateRequest('principal', null);
  const routes = new Set<string>();
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.add(`${method} ${route.url}`);
  });
  app.addHook('onRequest', async (req) => {
    const route = req.routeOptions.url;
    if (route === undefined) return; // 404s are answered by the not-found handler
    const rule: RouteRule = ROUTE_RULES[`${req.method} ${route}`] ?? ['admin'];
    if (!options.required) {
      req.principal = LOCAL_PRINCIPAL;
      return;
    }
    const header = req.headers.authorization;
    const key =
      typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const principal = key !== undefined && options.keys ? await options.keys.authenticate(key) : undefined;
    req.principal = principal ?? null;
    if (rule === 'public') return;
    if (principal === undefined) {
      throw new DataCustomsError(
        'DC_UNAUTHENTICATED',
        key === undefined
          ? 'an API key is required: send Authorization: Bearer KEY'
          : 'the API key is not valid or was revoked',
      );
    }
    if (!rule.includes(principal.role)) {
      throw new DataCustomsError(
        'DC_FORBIDDEN',
        `role ${principal.role} may not call ${req.method} ${route}; allowed: ${rule.join(', ')}`,
      );
    }
  });
}
