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
    covered_person: Type.Optional(
      Type.Boolean({
        description:
          'a covered person under the US DOJ bulk-data rule (28 CFR 202.211(a)) for a reason its countries do not show: designated by the Attorney General, an employee or contractor of a covered entity, owned 50 % or more in aggregate; `false` cannot clear what its countries imply',
      }),
    ),
  },
  Extensions,
);

/** The form of a recipient id in the recipients registry (the same form as a flow id). */
export const RECIPIENT_ID_PATTERN = '^[a-z0-9][a-z0-9._-]{0,127}$';

/** JSON Schema of a reference to an entry of the tenant's recipients registry, resolved at each evaluation. */
export const RecipientRefSchema = Type.Object(
  {
    ref: Type.String({
      pattern: RECIPIENT_ID_PATTERN,
      description:
        "id of an entry of the recipients registry: its certifications and contracts in force on the evaluation's date apply",
    }),
  },
  Extensions,
);

/** What a flow does with a batch that carries a category it does not declare. */
export const ON_UNDECLARED = ['refuse', 'quarantine'] as const;

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

const flowProperties = <R extends TSchema>(recipient: R) => ({
  version: Type.Literal(1),
  id: Type.Optional(
    Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,127}$', description: 'stable identifier' }),
  ),
  date: Type.Optional(
    Type.String({ format: 'date', description: 'the day whose law applies (default: today)' }),
  ),
  exporter: ExporterSchema,
  recipient,
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
  on_undeclared: Type.Optional(
    literalUnion(ON_UNDECLARED, {
      default: 'refuse',
      description:
        'a batch carrying a category the flow does not declare: refused whole, or its offending records quarantined (held, not sent) and the rest sent',
    }),
  ),
});

/** JSON Schema of a flow declaration, version 1 (the recipient inline, or a reference to the registry). */
export const FlowSchema = Type.Object(flowProperties(Type.Union([RecipientSchema, RecipientRefSchema])), {
  ...Extensions,
  $id: 'https://data-customs.dev/schema/flow.v1.json',
  title: 'Data Customs flow declaration, version 1',
  description:
    'A declared cross-border movement of personal data: exporter, recipient, route, categories, subjects, purpose, safeguards.',
});

/** The flow schema with one recipient form only: checking against it gives precise messages. */
export const FlowSchemaInline = Type.Object(flowProperties(RecipientSchema), Extensions);
/** The flow schema whose recipient is a registry reference. */
export const FlowSchemaRef = Type.Object(flowProperties(RecipientRefSchema), Extensions);

/** A flow declaration as written (optional fields may be absent). */
export type FlowDeclaration = Static<typeof FlowSchema>;
