import { type Static, type TSchema, Type } from '@sinclair/typebox';

// The flow declaration, version 1 (DESIGN.md "Flow declaration"). This TypeBox schema is the single
// source: it validates files and request bodies, generates `schema/flow.v1.json` and the OpenAPI
// document, and gives the TypeScript type of a declaration as written.

const literalUnion = <T extends string>(values: readonly T[], options: object = {}): TSchema =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  );

/** Exporter kinds: a company, an individual giving their own data, or a state organ. */
export const EXPORTER_KINDS = ['company', 'individual', 'state_organ'] as const;
/** Roles a party can have in the processing. */
export const PARTY_ROLES = ['controller', 'processor', 'joint_controller'] as const;
/** How the recipient relates to the exporter. */
export const RELATIONS = ['same_entity', 'group_company', 'third_party'] as const;
/** What an intermediate hop can do with the data. */
export const HOP_ACCESS = ['storage_only', 'encrypted_only', 'transit', 'full'] as const;
/** The commercial arrangement under which data moves (US DOJ rule: 28 CFR 202.210). */
export const ARRANGEMENTS = [
  'vendor',
  'employment',
  'investment',
  'data_brokerage',
  'intra_group',
  'other',
] as const;
/** Levels of consent obtained from the individuals. */
export const CONSENT_LEVELS = ['none', 'general', 'separate', 'explicit'] as const;
/** Certifications and programmes a recipient can hold. */
export const CERTIFICATIONS = [
  'eu-us-dpf',
  'uk-us-data-bridge',
  'swiss-us-dpf',
  'apec-cbpr',
  'apec-prp',
  'global-cbpr',
  'global-prp',
  'eu-bcr',
  'cn-pi-certification',
] as const;

const Name = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'name of the party (an organisation, not a person)',
});
const Country = Type.String({ minLength: 2, maxLength: 60, description: 'ISO 3166-1 alpha-2 code' });
const Key = (description: string) =>
  Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_.-]+$', description });
const Extensions = { patternProperties: { '^x-': {} }, additionalProperties: false };

/** JSON Schema of the exporter block. */
export const ExporterSchema = Type.Object(
  {
    name: Name,
    kind: Type.Optional(literalUnion(EXPORTER_KINDS, { default: 'company' })),
    country: Country,
    zone: Type.Optional(
      Type.String({
        pattern: '^[a-z]{2}-[a-z0-9]+(-[a-z0-9]+)*$',
        description: 'free-trade zone whose lists apply, e.g. cn-ftz-hainan',
      }),
    ),
    ciio: Type.Optional(
      Type.Boolean({ default: false, description: 'critical information infrastructure operator (CN)' }),
    ),
    establishments: Type.Optional(
      Type.Array(Country, { description: 'every country where it has an establishment' }),
    ),
    targets: Type.Optional(
      Type.Array(Country, { description: 'markets it offers goods or services to: countries, or EU / EEA' }),
    ),
    role: Type.Optional(literalUnion(['controller', 'processor'] as const, { default: 'controller' })),
  },
  Extensions,
);

/** JSON Schema of the recipient block. */
export const RecipientSchema = Type.Object(
  {
    name: Name,
    country: Country,
    headquarters: Type.Optional(Country),
    owned_by: Type.Optional(Country),
    role: Type.Optional(literalUnion(PARTY_ROLES, { default: 'controller' })),
    relation: Type.Optional(literalUnion(RELATIONS, { default: 'third_party' })),
    certifications: Type.Optional(Type.Array(literalUnion(CERTIFICATIONS))),
    authority: Type.Optional(
      Type.Boolean({ default: false, description: 'a foreign court, police or other public authority' }),
    ),
  },
  Extensions,
);

/** JSON Schema of one intermediate hop of the route. */
export const HopSchema = Type.Object(
  {
    name: Name,
    country: Country,
    role: Type.Optional(literalUnion(PARTY_ROLES, { default: 'processor' })),
    access: Type.Optional(literalUnion(HOP_ACCESS, { default: 'full' })),
  },
  Extensions,
);

/** JSON Schema of one group of data subjects. */
export const SubjectGroupSchema = Type.Object(
  {
    residence: Country,
    kind: Key('subject kind: customer, employee, child, ...'),
    count: Type.Integer({
      minimum: 0,
      maximum: 1e12,
      description: 'distinct individuals in this flow (per counting window)',
    }),
    prior: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 1e12,
        default: 0,
        description: 'distinct individuals the exporter already sent abroad in the window',
      }),
    ),
    prior_sensitive: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 1e12,
        description:
          'of those, individuals whose sensitive personal information was already sent abroad in the window (default: prior, the safe reading)',
      }),
    ),
  },
  Extensions,
);

/** JSON Schema of a flow declaration, version 1. */
export const FlowSchema = Type.Object(
  {
    version: Type.Literal(1),
    id: Type.Optional(
      Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,127}$', description: 'stable identifier' }),
    ),
    date: Type.Optional(
      Type.String({ format: 'date', description: 'the day whose law applies (default: today)' }),
    ),
    exporter: ExporterSchema,
    recipient: RecipientSchema,
    route: Type.Optional(Type.Array(HopSchema, { maxItems: 50 })),
    subjects: Type.Array(SubjectGroupSchema, { minItems: 1, maxItems: 500 }),
    categories: Type.Array(Key('category key'), { minItems: 1, maxItems: 1000 }),
    purpose: Key('purpose key'),
    arrangement: Type.Optional(literalUnion(ARRANGEMENTS, { default: 'vendor' })),
    occasional: Type.Optional(Type.Boolean({ default: false })),
    basis: Type.Optional(
      Type.Object(
        {
          consent: Type.Optional(literalUnion(CONSENT_LEVELS, { default: 'none' })),
          contract_necessity: Type.Optional(Type.Boolean({ default: false })),
        },
        Extensions,
      ),
    ),
    important_data: Type.Optional(
      Type.Boolean({ default: false, description: 'CN important data in the flow' }),
    ),
    safeguards: Type.Optional(
      Type.Array(Type.String({ pattern: '^[a-z]{2}(-[a-z0-9]+)?(\\.[a-z0-9_*]+)+$' }), { maxItems: 100 }),
    ),
    measures: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_]*$' }), { maxItems: 100 })),
  },
  {
    ...Extensions,
    $id: 'https://data-customs.dev/schema/flow.v1.json',
    title: 'Data Customs flow declaration, version 1',
    description:
      'A declared cross-border movement of personal data: exporter, recipient, route, categories, subjects, purpose, safeguards.',
  },
);

/** A flow declaration as written (optional fields may be absent). */
export type FlowDeclaration = Static<typeof FlowSchema>;
