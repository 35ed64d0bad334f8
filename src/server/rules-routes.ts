import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { FlowSchema } from '../flow/index.js';
import { evaluateWithRegistry } from '../recipients/index.js';
import type { CompiledRulebook, EvaluateOptions, ListLookup } from '../rules/index.js';
import type { Store } from '../store/index.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { ProblemsError } from './errors.js';
import { readFlowBody } from './flow-body.js';
import { registryLookup } from './registry.js';
import { ErrorSchema } from './schemas.js';

/** What the rules routes need. */
export interface RulesRoutesDeps {
  readonly taxonomy: Taxonomy;
  readonly rulebooks: readonly CompiledRulebook[];
  readonly lists: ListLookup;
  readonly clock: { readonly now: () => Date };
  /** The store whose recipients registry resolves `recipient: { ref }` for a caller with a key. */
  readonly store?: Store;
}

const VerdictSchema = Type.Object(
  {
    verdict: Type.String(),
    jurisdictions: Type.Array(Type.Object({}, { additionalProperties: true })),
    trace: Type.Array(Type.Object({}, { additionalProperties: true })),
    what_if: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }))),
    evaluated: Type.Object({}, { additionalProperties: true }),
    gaps: Type.Array(Type.String()),
    conflicts: Type.Array(Type.Object({}, { additionalProperties: true })),
    registry: Type.Optional(
      Type.Object(
        {},
        {
          additionalProperties: true,
          description:
            'for a recipient `{ ref }`: the registry entry and version used, each certification and contract with where it stood that day, and notes',
        },
      ),
    ),
  },
  { description: 'the verdict object of DESIGN.md, with the extensions listed in the README' },
);

/** Registers `POST /v1/evaluate` and `GET /v1/rulebooks`. */
export async function rulesRoutes(app: FastifyInstance, deps: RulesRoutesDeps): Promise<void> {
  app.post(
    '/v1/evaluate',
    {
      validatorCompiler: () => () => true,
      schema: {
        tags: ['rules'],
        summary: 'evaluate a flow declaration against every rulebook; the verdict object of DESIGN.md',
        description:
          'Query: `lang=zh` for Chinese explanations, `what_if=false` to skip the variants, `trace=full` for every rule tested.',
        body: FlowSchema,
        consumes: ['application/json', 'application/yaml'],
        querystring: Type.Object({
          lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('zh')])),
          what_if: Type.Optional(Type.Boolean()),
          trace: Type.Optional(Type.Union([Type.Literal('full'), Type.Literal('decisions')])),
        }),
        response: { 200: VerdictSchema, 400: ErrorSchema },
      },
    },
    async (req) => {
      // The body is checked by parseFlow (located problems), so Fastify's validation is off for this
      // route; the query is read by hand. From the query string: untrusted.
      const q = req.query as Record<string, string | undefined>;
      if (q.lang !== undefined && q.lang !== 'en' && q.lang !== 'zh')
        throw new ProblemsError('DC_HTTP_BAD_REQUEST', 'lang must be en or zh', []);
      const tenant = req.principal?.tenant ?? null;
      const { flow, recipient } = await readFlowBody(
        req,
        deps,
        deps.store ? registryLookup(deps.store, tenant) : undefined,
      );
      const options: EvaluateOptions = {
        rulebooks: deps.rulebooks,
        taxonomy: deps.taxonomy,
        lists: deps.lists,
        lang: q.lang ?? 'en',
        fullTrace: q.trace === 'full',
      };
      return evaluateWithRegistry(flow, recipient, options, { whatIf: q.what_if !== 'false' }).verdict;
    },
  );

  app.get(
    '/v1/rulebooks',
    {
      schema: {
        tags: ['rules'],
        summary: 'the rulebooks: jurisdiction, law, version, last check, content hash, rules, sources',
        response: {
          200: Type.Object({ rulebooks: Type.Array(Type.Object({}, { additionalProperties: true })) }),
        },
      },
    },
    async () => ({
      rulebooks: deps.rulebooks.map((rb) => {
        const s = rb.source;
        const rules = [...s.scope, ...s.mechanisms, ...s.transfer, ...(s.obligations ?? [])];
        return {
          jurisdiction: s.jurisdiction,
          law: s.law,
          name: s.name,
          version: s.version,
          checked: s.checked,
          hash: rb.hash,
          rules: rules.length,
          unconfirmed: rules.filter((r) => r.confidence === 'unconfirmed').map((r) => r.id),
          mechanisms: s.mechanisms.map((m) => ({ id: m.id, title: m.title, citation: m.citation })),
          sources: s.sources,
        };
      }),
    }),
  );
}
