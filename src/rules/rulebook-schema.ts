import { type TSchema, Type } from '@sinclair/typebox';

// JSON Schema of a rulebook file (`rulebooks/<code>/rulebook.yaml`); unknown fields are rejected so a
// misspelt key fails at load, not silently at evaluation.

const Names = Type.Object(
  { en: Type.String({ minLength: 1 }), zh: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
const Id = Type.String({ pattern: '^[a-z]{2}(-[a-z0-9]+)?(\\.[a-z0-9_]+)+$' });
const DateText = Type.String({ format: 'date' });
const Cel = Type.String({ minLength: 1, maxLength: 4000 });
const literalUnion = (values: readonly string[]): TSchema => Type.Union(values.map((v) => Type.Literal(v)));

const basis = {
  id: Id,
  title: Names,
  citation: Type.String({ minLength: 3 }),
  source: Type.String({ pattern: '^https?://' }),
  in_force: Type.Object(
    { from: DateText, until: Type.Optional(Type.Union([DateText, Type.Null()])) },
    { additionalProperties: false },
  ),
  confidence: literalUnion(['confirmed', 'unconfirmed']),
  note: Type.Optional(Type.String()),
};

/** JSON Schema of a rulebook file. */
export const RulebookSchema = Type.Object(
  {
    jurisdiction: Type.String({ pattern: '^[A-Z]{2}(-[A-Z0-9]+)?$' }),
    law: Type.String({ minLength: 1 }),
    name: Names,
    version: Type.String({ minLength: 1 }),
    checked: DateText,
    sources: Type.Array(
      Type.Object(
        { citation: Type.String(), url: Type.String({ pattern: '^https?://' }) },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    countries: Type.Array(Type.String({ pattern: '^[A-Z]{2}$' })),
    facts: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
            expr: Cel,
            description: Type.Optional(Type.String()),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    scope: Type.Array(Type.Object({ ...basis, when: Cel, why: Names }, { additionalProperties: false }), {
      minItems: 1,
    }),
    mechanisms: Type.Array(
      Type.Object(
        {
          ...basis,
          in_place_when: Type.Optional(Cel),
          available_when: Type.Optional(Cel),
          obligations: Type.Optional(Type.Array(Id)),
          covers: Type.Optional(Type.Array(Id)),
        },
        { additionalProperties: false },
      ),
    ),
    transfer: Type.Array(
      Type.Object(
        {
          ...basis,
          when: Cel,
          outcome: literalUnion(['exempt', 'require', 'prohibit']),
          any_of: Type.Optional(Type.Array(Id, { minItems: 1 })),
          lifted_by: Type.Optional(Type.Array(Id)),
          why: Names,
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    counters: Type.Optional(
      Type.Array(
        Type.Object(
          {
            ...basis,
            window: literalUnion(['calendar_year', 'previous_calendar_year', 'rolling_12_months']),
            residence: Type.String({ pattern: '^[A-Z]{2}$' }),
            when: Cel,
            feeds: literalUnion(['prior', 'prior_sensitive', 'none']),
            thresholds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1 }),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    obligations: Type.Optional(
      Type.Array(
        Type.Object(
          {
            ...basis,
            when: Cel,
            met_when: Type.Optional(Cel),
            precondition: Type.Boolean(),
            compels_transfer: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { additionalProperties: false },
);
