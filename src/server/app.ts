import { createHash } from 'node:crypto';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { loadBundledLists } from '../bundled/bundled-lists.js';
import { type Flow, FlowSchema } from '../flow/index.js';
import type { ListSet } from '../lists/index.js';
import type { Profile, RecordScanner, Vault } from '../protect/index.js';
import { evaluateWithRegistry } from '../recipients/index.js';
import type { CompiledRulebook } from '../rules/index.js';
import type { LedgerStore, Store } from '../store/index.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { installAuth, principalOf } from './auth.js';
import { installErrorHandling, STORE_RETRY_AFTER_SECONDS, storeUnavailableBody } from './errors.js';
import { readFlowBody, YAML_TYPES } from './flow-body.js';
import { depthError } from './json-depth.js';
import { ledgerRoutes } from './ledger-routes.js';
import { listsRoutes } from './lists-routes.js';
import { createServerMetrics, installMetrics } from './metrics.js';
import { protectRoutes } from './protect-routes.js';
import { quarantineRoutes } from './quarantine.js';
import { installRateLimit } from './rate-limit.js';
import { recipientRoutes } from './recipient-routes.js';
import { registryLookup } from './registry.js';
import { rulesRoutes } from './rules-routes.js';
import { scanRoutes } from './scan-routes.js';
import {
  DeclareResponse,
  ErrorSchema,
  FlowListResponse,
  FlowResponse,
  FlowVersionSchema,
  TaxonomyResponse,
  ValidateResponse,
} from './schemas.js';
import type { ThresholdAlerts } from './threshold-alerts.js';
import { transferRoutes } from './transfer-routes.js';

/** What the server needs from the outside: data, the store, and a clock. */
export interface ServerDeps {
  readonly taxonomy: Taxonomy;
  readonly store: Store;
  readonly clock: { readonly now: () => Date };
  /** Log requests (method, route pattern, status, time; never bodies, URLs or addresses). Default false. */
  readonly logger?: boolean;
  /** Where the log lines go (default standard output); for tests. */
  readonly logStream?: { write(line: string): void };
  /** Largest accepted request body in bytes. Default 1 MiB. */
  readonly bodyLimit?: number;
  /** `required`: every non-public route needs an API key (`customs serve`); default `off`: all calls act as the local admin. */
  readonly auth?: 'required' | 'off';
  /**
   * Requests per API key (or per client address without one) in a time window; over it, 429
   * `DC_RATE_LIMITED` with Retry-After. Default: no limit.
   */
  readonly rateLimit?: { readonly max: number; readonly timeWindowMs: number };
  /** Alerts when a transfer moves a counter past a fraction of a legal threshold (default: none). */
  readonly alerts?: ThresholdAlerts;
  /** The compiled rulebooks for `POST /v1/evaluate` (default: none). */
  readonly rulebooks?: readonly CompiledRulebook[];
  /** The lists rule conditions consult and `GET /v1/lists` serves (default: the shipped lists). */
  readonly lists?: ListSet;
  /** The vault and the protection profiles by name; without them transfers leave untransformed and `/v1/protect` is not served. */
  readonly vault?: Vault;
  readonly profiles?: (name: string) => Profile | undefined;
  /** The detector for fields a transfer does not map. */
  readonly scanner?: RecordScanner;
  /** The tenant's key for hashing subject identifiers in counters and receipts (default: derived from `default-counting-key`; give a real key). */
  readonly countingKey?: (tenant: string) => Uint8Array;
  /** The folder of the built dashboard (`dist/web`), served at /ui/ with / redirecting there; default: none. */
  readonly dashboard?: string;
  /** The transparency log and its keys; without it the ledger routes are not served. */
  readonly ledger?: {
    readonly store: LedgerStore;
    readonly logVerifierKey: string;
    /** The log's signed key list (`customs ledger key --list`), served at `GET /v1/ledger/keys`. */
    readonly logKeyList?: string;
    /** Witnesses allowed to post cosignatures; a function is re-read on each post. */
    readonly witnessKeys?: readonly string[] | (() => readonly string[]);
    /** Sign a checkpoint at start and then every `intervalMs`. */
    readonly checkpoints?: {
      /** The log's signer key, or keys during a key rotation (the new one, then the old one). */
      readonly signerKey: string | readonly string[];
      readonly origin: string;
      readonly intervalMs: number;
    };
  };
}

const VERSION = '0.1.0';
/** How long `/readyz` waits for the store before answering not ready. */
const READY_TIMEOUT_MS = 3000;
// Flow bodies are checked by parseFlow against FlowSchema (the same schema that documents them), so
// that every problem comes back with its line, column and field path; Fastify must not pre-validate.
const acceptAny = () => () => true;

// For tests and the library only: `customs serve` always passes a key from the data directory.
const defaultCountingKey = (tenant: string): Uint8Array =>
  createHash('sha256').update(`default-counting-key|${tenant}`).digest();

/**
 * Builds the HTTP API (not yet listening): health, taxonomy, flow validation and declaration,
 * OpenAPI at /openapi.json and its viewer at /docs.
 *
 * @example
 * const app = await createServer({ taxonomy, store, clock: { now: () => new Date() } });
 * await app.listen({ port: 7300 });
 */
export async function createServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger
      ? {
          level: 'info',
          redact: ['req.headers.authorization', 'req.headers.cookie'],
          // A URL can carry a subject id (`/v1/subjects/{id}/transfers`) or a query with personal data,
          // and an address is personal data too: log the route pattern only.
          serializers: {
            req: (req: FastifyRequest) => ({
              method: req.method,
              route: req.routeOptions?.url ?? 'unmatched',
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          ...(deps.logStream ? { stream: deps.logStream } : {}),
        }
      : false,
    bodyLimit: deps.bodyLimit ?? 1024 * 1024,
  });

  // From the request body: untrusted. Kept as text so that problems can be located in it.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(['application/json', ...YAML_TYPES], { parseAs: 'string' }, (req, body, done) => {
    // Every JSON body, whatever the route: refuse one nested too deep before anything parses it.
    const tooDeep = req.headers['content-type']?.includes('json') ? depthError(body as string) : null;
    done(tooDeep, body);
  });
  installErrorHandling(app);
  // Graceful shutdown: once close() begins, answers still in flight end their connection, so that a
  // keep-alive client does not hold the drain open until its idle timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_req, reply) => {
    if (closing) void reply.header('connection', 'close');
  });
  installAuth(app, { required: deps.auth === 'required', keys: deps.store.gateway });
  const metrics = createServerMetrics({
    store: deps.store,
    ...(deps.ledger ? { ledger: deps.ledger.store } : {}),
  });
  installMetrics(app, metrics);
  if (deps.rateLimit) await installRateLimit(app, deps.rateLimit);
  const lists = deps.lists ?? loadBundledLists();

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Data Customs API',
        version: VERSION,
        description:
          'Classify, decide, enforce, count and record personal data leaving a country. Errors: `{ error: { code, message, problems? } }` with the codes of docs/errors.md.',
      },
      tags: [
        { name: 'health', description: 'liveness and readiness' },
        { name: 'taxonomy', description: 'categories, purposes and subject kinds' },
        { name: 'flows', description: 'flow declarations: validation, versioned storage' },
        { name: 'rules', description: 'rulebooks and the evaluator' },
        { name: 'lists', description: 'white lists and negative lists, dated and cited' },
        { name: 'ledger', description: 'transparency log: checkpoints, proofs, witness cosignatures' },
        {
          name: 'gateway',
          description: 'transfers: inspected, decided with live counts, transformed, counted, recorded',
        },
        { name: 'protect', description: 'transforms by tier, destination and purpose' },
        {
          name: 'recipients',
          description:
            'the recipients registry: dated certifications and contracts, DOJ covered-person status, every version kept',
        },
        { name: 'scan', description: 'find personal data in a body' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'health of the server and its store',
        response: {
          200: Type.Object({ status: Type.String(), store: Type.String(), version: Type.String() }),
        },
      },
    },
    async () => ({ status: 'ok', store: deps.store.kind, version: VERSION }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary:
          'readiness: 200 when the store (and the ledger) answer, 503 DC_STORE_UNAVAILABLE with Retry-After while the database is down',
        response: {
          200: Type.Object({ status: Type.String(), store: Type.String() }),
          503: ErrorSchema,
        },
      },
    },
    async (_req, reply) => {
      const checks = [deps.store.ping(), ...(deps.ledger ? [deps.ledger.store.size()] : [])];
      let timer: NodeJS.Timeout | undefined;
      const ready = await Promise.race([
        Promise.all(checks).then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
        }),
      ]);
      clearTimeout(timer);
      if (!ready)
        return reply
          .code(503)
          .header('retry-after', String(STORE_RETRY_AFTER_SECONDS))
          .send(storeUnavailableBody());
      return { status: 'ready', store: deps.store.kind };
    },
  );

  app.get(
    '/v1/taxonomy',
    {
      schema: {
        tags: ['taxonomy'],
        summary: 'every category (tier, class under each law), purpose and subject kind',
        response: { 200: TaxonomyResponse },
      },
    },
    async () => ({
      categories: deps.taxonomy.categories,
      purposes: deps.taxonomy.purposes,
      subjects: deps.taxonomy.subjects,
    }),
  );

  app.get(
    '/v1/taxonomy/categories/:key',
    {
      schema: {
        tags: ['taxonomy'],
        summary: 'one category with its children',
        params: Type.Object({ key: Type.String() }),
        response: { 200: Type.Object({}, { additionalProperties: true }), 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      const { key } = req.params as { key: string };
      const c = deps.taxonomy.getCategory(key);
      if (c === undefined) {
        const guess = deps.taxonomy.suggestCategory(key);
        return reply.code(404).send({
          error: {
            code: 'DC_TAXONOMY_UNKNOWN',
            message: `unknown category ${key}${guess ? ` — did you mean ${guess}?` : ''}`,
          },
        });
      }
      return { ...c, children: deps.taxonomy.childrenOf(c.key).map((x) => x.key) };
    },
  );

  app.post(
    '/v1/flows/validate',
    {
      validatorCompiler: acceptAny,
      schema: {
        tags: ['flows'],
        summary: 'check a flow declaration; 400 with located problems when it is not valid',
        body: FlowSchema,
        consumes: ['application/json', 'application/yaml'],
        response: { 200: ValidateResponse, 400: ErrorSchema },
      },
    },
    async (req) => {
      const { flow, problems } = await readFlowBody(
        req,
        deps,
        registryLookup(deps.store, req.principal?.tenant ?? null),
      );
      return { valid: true, flow, problems };
    },
  );

  app.post(
    '/v1/flows',
    {
      validatorCompiler: acceptAny,
      schema: {
        tags: ['flows'],
        summary: 'declare a flow: stores a new version (201), or returns the latest when unchanged (200)',
        body: FlowSchema,
        consumes: ['application/json', 'application/yaml'],
        response: { 200: DeclareResponse, 201: DeclareResponse, 400: ErrorSchema },
      },
    },
    async (req, reply) => {
      const tenant = principalOf(req).tenant;
      const { flow, text, format, problems, recipient } = await readFlowBody(
        req,
        deps,
        registryLookup(deps.store, tenant),
      );
      // A flow without an id is identified by its content, so declaring it twice is idempotent.
      const id =
        flow.id ?? `flow-${createHash('sha256').update(JSON.stringify(flow)).digest('hex').slice(0, 16)}`;
      const now = deps.clock.now().toISOString();
      const { record, created } = await deps.store.flowsOf(tenant).declare({
        id,
        flow: { ...flow, id },
        sourceText: text,
        sourceFormat: format,
        now,
      });
      // Each version is evaluated once, when declared, and its verdict kept with it; a version whose
      // recipient is a registry reference is evaluated again each time it is declared (the registry may
      // have changed), and the latest verdict kept.
      const byRef = record.flow.recipient_ref !== undefined;
      let verdict = byRef ? undefined : await deps.store.gateway.verdictOf(id, record.version);
      if (verdict === undefined && deps.rulebooks && deps.rulebooks.length > 0) {
        const { verdict: v } = evaluateWithRegistry(record.flow, recipient, {
          rulebooks: deps.rulebooks,
          taxonomy: deps.taxonomy,
          lists,
        });
        await deps.store.gateway.saveVerdict(id, record.version, v, v.verdict, now);
        verdict = v;
      }
      void reply
        .code(created ? 201 : 200)
        .header('location', `/v1/flows/${encodeURIComponent(id)}/versions/${record.version}`);
      return {
        id,
        version: record.version,
        created,
        declared_at: record.declaredAt,
        content_hash: record.contentHash,
        flow: record.flow,
        ...(verdict !== undefined ? { verdict } : {}),
        problems,
      };
    },
  );

  app.get(
    '/v1/flows',
    {
      schema: {
        tags: ['flows'],
        summary: 'the declared flows, latest version of each, by id',
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          after: Type.Optional(Type.String()),
        }),
        response: { 200: FlowListResponse },
      },
    },
    async (req) => {
      const { limit = 100, after } = req.query as { limit?: number; after?: string };
      const rows = await deps.store
        .flowsOf(principalOf(req).tenant)
        .list({ limit, ...(after !== undefined ? { after } : {}) });
      return {
        flows: rows.map((r) => ({
          id: r.id,
          latest_version: r.latestVersion,
          date: r.date,
          exporter_country: r.exporterCountry,
          recipient_country: r.recipientCountry,
          created_at: r.createdAt,
          updated_at: r.updatedAt,
        })),
        next: rows.length === limit ? (rows.at(-1)?.id ?? null) : null,
      };
    },
  );

  const versionOut = (r: {
    id: string;
    version: number;
    declaredAt: string;
    contentHash: string;
    sourceFormat: string;
    flow?: Flow;
  }) => ({
    id: r.id,
    version: r.version,
    declared_at: r.declaredAt,
    content_hash: r.contentHash,
    source_format: r.sourceFormat,
    ...(r.flow ? { flow: r.flow } : {}),
  });

  app.get(
    '/v1/flows/:id',
    {
      schema: {
        tags: ['flows'],
        summary: 'a declared flow: its latest version and the list of versions',
        params: Type.Object({ id: Type.String() }),
        response: { 200: FlowResponse, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const latest = await deps.store.flowsOf(principalOf(req).tenant).latest(id);
      if (latest === undefined)
        return reply.code(404).send({ error: { code: 'DC_HTTP_NOT_FOUND', message: `no flow ${id}` } });
      const versions = await deps.store.flowsOf(principalOf(req).tenant).versions(id);
      return { id, latest: versionOut(latest), versions: versions.map(versionOut) };
    },
  );

  app.get(
    '/v1/flows/:id/versions/:version',
    {
      schema: {
        tags: ['flows'],
        summary: 'one stored version of a flow',
        params: Type.Object({ id: Type.String(), version: Type.Integer({ minimum: 1 }) }),
        response: { 200: FlowVersionSchema, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      const { id, version } = req.params as { id: string; version: number };
      const record = await deps.store.flowsOf(principalOf(req).tenant).version(id, version);
      if (record === undefined)
        return reply
          .code(404)
          .send({ error: { code: 'DC_HTTP_NOT_FOUND', message: `no version ${version} of flow ${id}` } });
      return versionOut(record);
    },
  );

  await app.register(async (scope) =>
    rulesRoutes(scope, {
      taxonomy: deps.taxonomy,
      rulebooks: deps.rulebooks ?? [],
      lists,
      clock: deps.clock,
      store: deps.store,
    }),
  );
  await app.register(async (scope) =>
    recipientRoutes(scope, { store: deps.store, rulebooks: deps.rulebooks ?? [], clock: deps.clock }),
  );
  await app.register(listsRoutes, { lists, clock: deps.clock });
  await app.register(scanRoutes, {
    taxonomy: deps.taxonomy,
    today: () => deps.clock.now().toISOString().slice(0, 10),
  });
  if (deps.vault && deps.profiles) {
    const vault = deps.vault;
    const profiles = deps.profiles;
    await app.register(async (scope) =>
      protectRoutes(scope, {
        taxonomy: deps.taxonomy,
        profiles,
        vault,
        clock: deps.clock,
        lists,
        ...(deps.scanner ? { scanner: deps.scanner } : {}),
      }),
    );
  }
  await app.register(async (scope) =>
    transferRoutes(scope, {
      taxonomy: deps.taxonomy,
      store: deps.store,
      rulebooks: deps.rulebooks ?? [],
      lists,
      clock: deps.clock,
      countingKey: deps.countingKey ?? defaultCountingKey,
      metrics,
      ...(deps.alerts ? { alerts: deps.alerts } : {}),
      ...(deps.ledger ? { ledger: deps.ledger.store } : {}),
      ...(deps.vault ? { vault: deps.vault } : {}),
      ...(deps.profiles ? { profiles: deps.profiles } : {}),
      ...(deps.scanner ? { scanner: deps.scanner } : {}),
    }),
  );
  await app.register(async (scope) => quarantineRoutes(scope, { store: deps.store }));
  if (deps.ledger) {
    await app.register(ledgerRoutes, {
      ledger: deps.ledger.store,
      logVerifierKey: deps.ledger.logVerifierKey,
      ...(deps.ledger.logKeyList === undefined ? {} : { logKeyList: deps.ledger.logKeyList }),
      witnessKeys: deps.ledger.witnessKeys ?? [],
      clock: deps.clock,
      ...(deps.ledger.checkpoints ? { checkpoints: deps.ledger.checkpoints } : {}),
    });
  }

  if (deps.dashboard !== undefined) {
    // Static files only: the dashboard reads everything through the API above, with the caller's key.
    await app.register(fastifyStatic, {
      root: deps.dashboard,
      prefix: '/ui/',
      decorateReply: false,
      schemaHide: true,
      index: 'index.html',
      cacheControl: false,
      setHeaders: (res, path) => {
        res.setHeader('content-security-policy', DASHBOARD_CSP);
        res.setHeader('x-content-type-options', 'nosniff');
        res.setHeader('referrer-policy', 'no-referrer');
        // Built assets have content hashes in their names; index.html must be fetched again.
        res.setHeader(
          'cache-control',
          /[/\\]assets[/\\]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    for (const url of ['/', '/ui'])
      app.get(url, { schema: { hide: true } }, async (_req, reply) => reply.redirect('/ui/'));
  }

  return app;
}

// The dashboard loads its own script and style only and talks to this origin only; nothing frames it.
const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
