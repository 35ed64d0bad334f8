import { type TSchema, Type } from '@sinclair/typebox';
import { DOJ_KINDS, TIERS } from './types.js';

const Names = Type.Object(
  { en: Type.String({ minLength: 1 }), zh: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
const Key = Type.String({ pattern: '^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*$' });
const Basis = Type.String({ minLength: 3 });
const Deprecated = Type.Object({ replaced_by: Key, since: Type.String() }, { additionalProperties: false });
const literalUnion = (values: readonly string[]): TSchema => Type.Union(values.map((v) => Type.Literal(v)));

/** JSON Schema of one category entry in `taxonomy/categories.yaml`. */
export const CategoryEntrySchema = Type.Object(
  {
    key: Key,
    name: Names,
    description: Names,
    tier: literalUnion(TIERS),
    source: literalUnion(['fideslang', 'data-customs']),
    deprecated: Type.Optional(Deprecated),
    classes: Type.Object(
      {
        pipl: Type.Object(
          {
            personal: Type.Boolean(),
            sensitive: Type.Boolean(),
            sensitive_conservative: Type.Boolean(),
            basis: Basis,
          },
          { additionalProperties: false },
        ),
        gdpr: Type.Object(
          { personal: Type.Boolean(), special: Type.Boolean(), criminal: Type.Boolean(), basis: Basis },
          { additionalProperties: false },
        ),
        ccpa: Type.Object(
          { personal: Type.Boolean(), sensitive: Type.Boolean(), basis: Basis },
          { additionalProperties: false },
        ),
        doj: Type.Object({ kind: literalUnion(DOJ_KINDS), basis: Basis }, { additionalProperties: false }),
      },
      { additionalProperties: false },
    ),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** JSON Schema of one purpose entry in `taxonomy/purposes.yaml`. */
export const PurposeEntrySchema = Type.Object(
  {
    key: Key,
    name: Names,
    description: Names,
    source: literalUnion(['fideslang', 'data-customs']),
    deprecated: Type.Optional(Deprecated),
    cn_necessity: Type.Union([literalUnion(['contract', 'hr', 'emergency']), Type.Null()]),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** JSON Schema of one subject-kind entry in `taxonomy/subjects.yaml`. */
export const SubjectEntrySchema = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
    name: Names,
    description: Names,
    minor: Type.Boolean(),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** JSON Schema of the three taxonomy documents together. */
export const TaxonomySourcesSchema = Type.Object(
  {
    categories: Type.Array(CategoryEntrySchema, { minItems: 1 }),
    purposes: Type.Array(PurposeEntrySchema, { minItems: 1 }),
    subjects: Type.Array(SubjectEntrySchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
