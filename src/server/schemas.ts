import { Type } from '@sinclair/typebox';
import { CategoryEntrySchema, PurposeEntrySchema, SubjectEntrySchema } from '../taxonomy/index.js';

// Response schemas: they serialise responses and document them in OpenAPI.

/** A located problem, as in the CLI. */
export const ProblemSchema = Type.Object({
  code: Type.String(),
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
  file: Type.Optional(Type.String()),
  line: Type.Optional(Type.Integer()),
  column: Type.Optional(Type.Integer()),
  path: Type.Array(Type.Union([Type.String(), Type.Integer()])),
  message: Type.String(),
  suggestion: Type.Optional(Type.String()),
});

/** The body of every error response. */
export const ErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    problems: Type.Optional(Type.Array(ProblemSchema)),
  }),
});

const Category = Type.Intersect([
  CategoryEntrySchema,
  Type.Object({ parent: Type.Union([Type.String(), Type.Null()]) }),
]);
const Purpose = Type.Intersect([
  PurposeEntrySchema,
  Type.Object({ parent: Type.Union([Type.String(), Type.Null()]) }),
]);

/** GET /v1/taxonomy. */
export const TaxonomyResponse = Type.Object({
  categories: Type.Array(Category),
  purposes: Type.Array(Purpose),
  subjects: Type.Array(SubjectEntrySchema),
});

/** A normalised flow (free-form here; its shape is the `Flow` type, documented in DESIGN.md). */
export const NormalisedFlowSchema = Type.Object({}, { additionalProperties: true });

/** POST /v1/flows/validate, 200. */
export const ValidateResponse = Type.Object({
  valid: Type.Boolean(),
  flow: Type.Optional(NormalisedFlowSchema),
  problems: Type.Array(ProblemSchema),
});

/** A stored flow version. */
export const FlowVersionSchema = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  declared_at: Type.String(),
  content_hash: Type.String(),
  source_format: Type.String(),
  flow: Type.Optional(NormalisedFlowSchema),
});

/** POST /v1/flows, 200 and 201. */
export const DeclareResponse = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  created: Type.Boolean(),
  declared_at: Type.String(),
  content_hash: Type.String(),
  flow: NormalisedFlowSchema,
  verdict: Type.Optional(Type.Object({}, { additionalProperties: true })),
  problems: Type.Array(ProblemSchema),
});

/** GET /v1/flows. */
export const FlowListResponse = Type.Object({
  flows: Type.Array(
    Type.Object({
      id: Type.String(),
      latest_version: Type.Integer(),
      date: Type.String(),
      exporter_country: Type.String(),
      recipient_country: Type.String(),
      created_at: Type.String(),
      updated_at: Type.String(),
    }),
  ),
  next: Type.Union([Type.String(), Type.Null()]),
});

/** GET /v1/flows/{id}. */
export const FlowResponse = Type.Object({
  id: Type.String(),
  latest: FlowVersionSchema,
  versions: Type.Array(FlowVersionSchema),
});
