import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { STARTER_MECHANISM_IDS } from '../flow/index.js';
import type { IsoDate } from '../geo/types.js';
import {
  certificationStatusOn,
  checkRecipient,
  contractStatusOn,
  type RecipientEntry,
  RecipientEntrySchema,
} from '../recipients/index.js';
import type { CompiledRulebook } from '../rules/index.js';
import { type DocumentFormat, parseLocatedDocument } from '../shared/located-document.js';
import type { RecipientRecord, Store } from '../store/index.js';
import { principalOf } from './auth.js';
import { ProblemsError } from './errors.js';
import { YAML_TYPES } from './flow-body.js';
import { ErrorSchema, ProblemSchema } from './schemas.js';

/** What the recipients routes need. */
export interface RecipientRoutesDeps {
  readonly store: Store;
  readonly rulebooks: readonly CompiledRulebook[];
  readonly clock: { readonly now: () => Date };
}

const Entry = Type.Object(
  {},
  {
    additionalProperties: true,
    description:
      'the entry as stored: the fields of the request with defaults filled (`owned_by`, `until`, `expires`, `filed` null when absent)',
  },
);
const RecordSchema = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  change: Type.String({ description: '`created` or `updated`' }),
  changed_at: Type.String(),
  changed_by: Type.String({
    description: 'the id of the API key that made the change (`local` without keys)',
  }),
  changed_by_role: Type.String(),
  content_hash: Type.String(),
  entry: Entry,
});
const WriteResponse = Type.Object({
  ...RecordSchema.properties,
  created: Type.Boolean(),
  problems: Type.Array(ProblemSchema),
});
const ReadResponse = Type.Object({
  ...RecordSchema.properties,
  versions: Type.Optional(Type.Array(RecordSchema)),
  on: Type.Optional(
    Type.Object(
      {},
      {
        additionalProperties: true,
        description: 'with `?at=DATE`: each certification and contract with where it stands that day',
      },
    ),
  ),
});

const recordOut = (r: RecipientRecord) => ({
  id: r.id,
  version: r.version,
  change: r.change,
  changed_at: r.changedAt,
  changed_by: r.changedBy,
  changed_by_role: r.changedByRole,
  content_hash: r.contentHash,
  entry: r.entry,
});

/** Registers the recipients registry: `POST/GET /v1/recipients`, `GET/PUT /v1/recipients/{id}`, versions. */
export async function recipientRoutes(app: FastifyInstance, deps: RecipientRoutesDeps): Promise<void> {
  const mechanisms = new Set<string>(STARTER_MECHANISM_IDS);
  for (const rb of deps.rulebooks) for (const id of rb.mechanisms.keys()) mechanisms.add(id);

  // From the request body: untrusted. Kept as text by the app's parsers so that problems are located.
  const readEntry = (req: FastifyRequest, pathId?: string) => {
    const text = typeof req.body === 'string' ? req.body : '';
    if (text.trim() === '')
      throw new ProblemsError(
        'DC_HTTP_BAD_REQUEST',
        'request body is empty; send a recipient as JSON or YAML',
        [],
      );
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const format: DocumentFormat = YAML_TYPES.includes(type) ? 'yaml' : 'json';
    const doc = parseLocatedDocument(text, format);
    if (doc.syntaxErrors.length > 0)
      throw new ProblemsError(
        'DC_RECIPIENT_INVALID',
        `the body is not well-formed ${format === 'yaml' ? 'YAML' : 'JSON'}`,
        doc.syntaxErrors.map((e) => ({
          code: 'DC_RECIPIENT_INVALID',
          severity: 'error',
          file: 'body',
          line: e.line,
          column: e.column,
          path: [],
          message: e.message,
        })),
      );
    let value = doc.value;
    // PUT names the entry in its path: a body without `id` takes it; a different one is refused.
    if (pathId !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const bodyId = (value as Record<string, unknown>).id;
      if (bodyId === undefined) value = { id: pathId, ...(value as Record<string, unknown>) };
      else if (bodyId !== pathId)
        throw new ProblemsError(
          'DC_RECIPIENT_INVALID',
          `id: the body names \`${String(bodyId)}\`, the path \`${pathId}\``,
          [
            {
              code: 'DC_RECIPIENT_INVALID',
              severity: 'error',
              file: 'body',
              ...doc.locate(['id']),
              path: ['id'],
              message: `must be \`${pathId}\` (the id in the path) or absent`,
            },
          ],
        );
    }
    const checked = checkRecipient(value, { file: 'body', mechanisms }, doc);
    if (!checked.ok) {
      const n = checked.problems.filter((p) => p.severity === 'error').length;
      throw new ProblemsError(
        'DC_RECIPIENT_INVALID',
        `the recipient has ${n} problem${n === 1 ? '' : 's'}`,
        checked.problems,
      );
    }
    return checked;
  };
  const who = (req: FastifyRequest) => {
    const p = principalOf(req);
    return { tenant: p.tenant, actor: p.keyId, role: p.role, now: deps.clock.now().toISOString() };
  };
  const notFound = (id: string) => ({ error: { code: 'DC_HTTP_NOT_FOUND', message: `no recipient ${id}` } });

  app.post(
    '/v1/recipients',
    {
      validatorCompiler: () => () => true,
      schema: {
        tags: ['recipients'],
        summary: 'add a recipient to the registry (version 1); 409 when the id exists',
        body: RecipientEntrySchema,
        consumes: ['application/json', 'application/yaml'],
        response: { 201: WriteResponse, 400: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (req, reply) => {
      const { entry, problems } = readEntry(req);
      const { tenant, ...change } = who(req);
      const record = await deps.store.recipientsOf(tenant).create({ entry, ...change });
      void reply.code(201).header('location', `/v1/recipients/${encodeURIComponent(record.id)}`);
      return { ...recordOut(record), created: true, problems };
    },
  );

  app.put(
    '/v1/recipients/:id',
    {
      validatorCompiler: () => () => true,
      schema: {
        tags: ['recipients'],
        summary:
          'replace a recipient: a new version (the old ones kept, with who changed them and when), or the latest when unchanged',
        description:
          '`If-Match: "N"` (the ETag of `GET /v1/recipients/{id}`) makes the change only if the latest version is N; 409 DC_CONFLICT otherwise.',
        params: Type.Object({ id: Type.String() }),
        body: RecipientEntrySchema,
        consumes: ['application/json', 'application/yaml'],
        response: { 200: WriteResponse, 400: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const { entry, problems } = readEntry(req, id);
      const { tenant, ...change } = who(req);
      // From the If-Match header: untrusted. The ETag of an entry is its version, quoted.
      const ifMatch = req.headers['if-match'];
      let expectedVersion: number | undefined;
      if (typeof ifMatch === 'string' && ifMatch.trim() !== '*') {
        const m = /^(?:W\/)?"(\d{1,9})"$/.exec(ifMatch.trim());
        if (!m)
          throw new ProblemsError(
            'DC_HTTP_BAD_REQUEST',
            'If-Match must be the ETag of a version, like "3"',
            [],
          );
        expectedVersion = Number(m[1]);
      }
      const out = await deps.store
        .recipientsOf(tenant)
        .update({ entry, ...change, ...(expectedVersion !== undefined ? { expectedVersion } : {}) });
      if (out === undefined) return reply.code(404).send(notFound(id));
      void reply.header('etag', `"${out.record.version}"`);
      return { ...recordOut(out.record), created: out.created, problems };
    },
  );

  app.get(
    '/v1/recipients',
    {
      schema: {
        tags: ['recipients'],
        summary: "the tenant's recipients, latest version of each, by id",
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          after: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: {
          200: Type.Object({
            recipients: Type.Array(RecordSchema),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (req) => {
      const { limit = 100, after } = req.query as { limit?: number; after?: string };
      const rows = await deps.store
        .recipientsOf(principalOf(req).tenant)
        .list({ limit, ...(after !== undefined ? { after } : {}) });
      return {
        recipients: rows.map(recordOut),
        next: rows.length === limit ? (rows.at(-1)?.id ?? null) : null,
      };
    },
  );

  app.get(
    '/v1/recipients/:id',
    {
      schema: {
        tags: ['recipients'],
        summary:
          'a recipient: its latest version; `history=true` adds every version (the audit trail), `at=DATE` where each certification and contract stands that day',
        params: Type.Object({ id: Type.String() }),
        querystring: Type.Object({
          history: Type.Optional(Type.Boolean()),
          at: Type.Optional(Type.String({ format: 'date' })),
        }),
        response: { 200: ReadResponse, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const { history, at } = req.query as { history?: boolean; at?: string };
      const reg = deps.store.recipientsOf(principalOf(req).tenant);
      const latest = await reg.latest(id);
      if (latest === undefined) return reply.code(404).send(notFound(id));
      void reply.header('etag', `"${latest.version}"`);
      return {
        ...recordOut(latest),
        ...(history ? { versions: (await reg.history(id)).map(recordOut) } : {}),
        ...(at !== undefined ? { on: standing(latest.entry, at as IsoDate) } : {}),
      };
    },
  );

  app.get(
    '/v1/recipients/:id/versions/:version',
    {
      schema: {
        tags: ['recipients'],
        summary: 'one stored version of a recipient',
        params: Type.Object({ id: Type.String(), version: Type.Integer({ minimum: 1 }) }),
        response: { 200: RecordSchema, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      const { id, version } = req.params as { id: string; version: number };
      const record = await deps.store.recipientsOf(principalOf(req).tenant).version(id, version);
      if (record === undefined)
        return reply.code(404).send({
          error: { code: 'DC_HTTP_NOT_FOUND', message: `no version ${version} of recipient ${id}` },
        });
      return recordOut(record);
    },
  );
}

/** Where each certification and contract of an entry stands on a day. */
function standing(entry: RecipientEntry, date: IsoDate) {
  return {
    date,
    certifications: entry.certifications.map((c) => ({ ...c, status: certificationStatusOn(c, date) })),
    contracts: entry.contracts.map((c) => ({ ...c, ...contractStatusOn(c, date) })),
  };
}
