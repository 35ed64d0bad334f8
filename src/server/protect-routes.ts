import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { readCountry } from '../geo/index.js';
import {
  createProtector,
  type FieldClassifier,
  type FieldExplanation,
  isProtectError,
  type ListLookup,
  type Profile,
  type ProtectErrorCode,
  type RecordScanner,
  type Vault,
  wildcardPath,
} from '../protect/index.js';
import { compileSchema } from '../shared/json-schema.js';
import type { Problem } from '../shared/problem.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { ProblemsError } from './errors.js';
import { ErrorSchema } from './schemas.js';

/** What the protect routes need. */
export interface ProtectRoutesDeps {
  readonly taxonomy: Taxonomy;
  /** A profile by name (the shipped ones, say); undefined when there is none. */
  readonly profiles: (name: string) => Profile | undefined;
  readonly vault: Vault;
  readonly clock: { readonly now: () => Date };
  readonly lists?: ListLookup;
  /** The detector, for fields the mapping does not name and for `scan` fields. */
  readonly scanner?: RecordScanner;
  readonly classifier?: FieldClassifier;
  /** The tenant when the body names none (default `default`). */
  readonly tenant?: string;
  /** Most records in one request (default 1,000). */
  readonly maxRecords?: number;
}

/** The body of `POST /v1/protect` (from the request: untrusted). */
export const ProtectBody = Type.Object(
  {
    profile: Type.String({ minLength: 1, description: 'a profile name (`default`)' }),
    to: Type.String({ description: 'destination country, ISO 3166-1 alpha-2' }),
    recipient: Type.Optional(Type.String()),
    purpose: Type.Optional(
      Type.String({ description: 'purpose key, e.g. essential.service.fulfilment.delivery' }),
    ),
    mechanism: Type.Optional(
      Type.String({ description: "the verdict's mechanism id, e.g. cn.standard_contract" }),
    ),
    date: Type.Optional(
      Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'transfer date (default today)' }),
    ),
    tenant: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' })),
    records: Type.Array(Type.Unknown(), { description: 'the records (JSON values, usually objects)' }),
    fields: Type.Optional(
      Type.Record(Type.String(), Type.String(), { description: 'path pattern -> category key (or `scan`)' }),
    ),
  },
  { additionalProperties: false },
);

const ExplanationRow = Type.Object({
  path: Type.String({ description: 'field path, array indices as [*]' }),
  category: Type.Union([Type.String(), Type.Null()]),
  tier: Type.Union([Type.String(), Type.Null()]),
  operator: Type.String(),
  rule: Type.String(),
  line: Type.Optional(Type.Integer()),
  source: Type.String(),
  spans: Type.Optional(Type.Integer()),
  note: Type.Optional(Type.String()),
  records: Type.Integer({ description: 'how many records had this field so treated' }),
});

/** The response of `POST /v1/protect`. */
export const ProtectResponse = Type.Object({
  profile: Type.String(),
  to: Type.String(),
  records: Type.Array(Type.Unknown()),
  explanation: Type.Array(ExplanationRow),
});

const checkBody = compileSchema(ProtectBody);

const STATUS: Partial<Record<ProtectErrorCode, number>> = {
  DC_PROTECT_CONTEXT: 400,
  DC_PROTECT_PROFILE_UNKNOWN: 400,
};

/** Registers `POST /v1/protect`: a batch of records protected by a profile, with the explanation per field. */
export async function protectRoutes(app: FastifyInstance, deps: ProtectRoutesDeps): Promise<void> {
  const maxRecords = deps.maxRecords ?? 1000;
  app.post(
    '/v1/protect',
    {
      validatorCompiler: () => () => true,
      schema: {
        tags: ['protect'],
        summary:
          'protect a batch of records for a destination, recipient and purpose; tokens go to the vault',
        description:
          'Each field gets a category (from `fields`, the profile, or the detector), its tier, and the operator of the first profile rule that holds; `explanation` says which, per field path. Values never appear in errors or logs.',
        body: ProtectBody,
        consumes: ['application/json'],
        response: { 200: ProtectResponse, 400: ErrorSchema },
      },
    },
    async (req) => {
      const bad = (message: string, problems: Problem[] = []) =>
        new ProblemsError('DC_HTTP_BAD_REQUEST', message, problems);
      const text = typeof req.body === 'string' ? req.body : '';
      if (text.trim() === '') throw bad('request body is empty; send a JSON object');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw bad('request body is not valid JSON');
      }
      const violations = checkBody(body);
      if (violations.length > 0) {
        throw bad(
          `the request has ${violations.length} problem${violations.length === 1 ? '' : 's'}`,
          violations.map((v) => ({
            code: 'DC_HTTP_BAD_REQUEST',
            severity: 'error',
            path: ['body', ...v.path],
            message: v.message,
          })),
        );
      }
      const b = body as {
        profile: string;
        to: string;
        recipient?: string;
        purpose?: string;
        mechanism?: string;
        date?: string;
        tenant?: string;
        records: unknown[];
        fields?: Record<string, string>;
      };
      if (b.records.length > maxRecords)
        throw bad(`at most ${maxRecords} records per request; got ${b.records.length}`);
      const to = readCountry(b.to);
      if (!to.ok) throw bad(`to: \`${b.to}\` ${to.reason}${to.suggestion ? `; use ${to.suggestion}` : ''}`);
      if (b.purpose !== undefined && deps.taxonomy.getPurpose(b.purpose) === undefined)
        throw bad(`purpose: unknown purpose \`${b.purpose}\``);
      const profile = deps.profiles(b.profile);
      if (profile === undefined)
        throw new ProblemsError('DC_PROTECT_PROFILE_UNKNOWN', `no profile \`${b.profile}\``, []);
      // The caller's tenant (from the API key), never one named in the body.
      const tenant = req.principal?.tenant ?? 'default';
      try {
        const protector = createProtector({
          profile,
          taxonomy: deps.taxonomy,
          request: {
            to: to.code,
            date: b.date ?? deps.clock.now().toISOString().slice(0, 10),
            ...(b.recipient !== undefined ? { recipient: b.recipient } : {}),
            ...(b.purpose !== undefined ? { purpose: b.purpose } : {}),
            ...(b.mechanism !== undefined ? { mechanism: b.mechanism } : {}),
          },
          keys: await deps.vault.tenantKeys(tenant),
          tokens: deps.vault.tokeniser(tenant, profile.name),
          ...(b.fields !== undefined ? { fields: b.fields } : {}),
          ...(deps.lists !== undefined ? { lists: deps.lists } : {}),
          ...(deps.scanner !== undefined ? { scanner: deps.scanner } : {}),
          ...(deps.classifier !== undefined ? { classifier: deps.classifier } : {}),
        });
        const out = await protector.protect(b.records);
        const rows = new Map<string, FieldExplanation & { records: number }>();
        for (const r of out) {
          for (const e of r.explanation) {
            const path = wildcardPath(e.path);
            const key = `${path}|${e.category}|${e.operator}|${e.rule}|${e.note ?? ''}`;
            const hit = rows.get(key);
            if (hit === undefined) rows.set(key, { ...e, path, records: 1 });
            else hit.records++;
          }
        }
        return {
          profile: profile.name,
          to: to.code,
          records: out.map((r) => r.record),
          explanation: [...rows.values()],
        };
      } catch (err) {
        if (isProtectError(err) && STATUS[err.protectCode] !== undefined)
          throw new ProblemsError(err.code, err.message, [], STATUS[err.protectCode]);
        throw err;
      }
    },
  );
}
