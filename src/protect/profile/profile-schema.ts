import { type TSchema, Type } from '@sinclair/typebox';
import { TIERS } from '../../taxonomy/index.js';
import { FPE_ALPHABETS } from '../operators/fpe-field.js';
import { GENERALISE_TARGETS } from '../operators/generalise.js';
import { ID_KEEPS, MASK_KINDS } from '../operators/mask.js';
import { OPERATORS } from '../operators/operators.js';

const literalUnion = (values: readonly string[]): TSchema => Type.Union(values.map((v) => Type.Literal(v)));
const oneOrMany = (item: TSchema): TSchema => Type.Union([item, Type.Array(item, { minItems: 1 })]);

const Key = Type.String({ pattern: '^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*$' });
const Country = Type.String({ pattern: '^[A-Za-z]{2}$' });
const Destination = Type.String({ pattern: '^([A-Za-z]{2}|list:[a-z0-9][a-z0-9_.-]*)$' });
const Id = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' });

/** The options each operator accepts (unknown options are rejected). */
export const OPERATOR_OPTION_SCHEMAS: Record<(typeof OPERATORS)[number], TSchema> = {
  keep: Type.Object({}, { additionalProperties: false }),
  drop: Type.Object({}, { additionalProperties: false }),
  redact: Type.Object(
    { with: Type.Optional(Type.String({ maxLength: 64 })) },
    { additionalProperties: false },
  ),
  mask: Type.Object(
    {
      as: Type.Optional(literalUnion(MASK_KINDS)),
      char: Type.Optional(Type.String({ minLength: 1, maxLength: 1 })),
      keep: Type.Optional(literalUnion(ID_KEEPS)),
    },
    { additionalProperties: false },
  ),
  hash: Type.Object(
    {
      length: Type.Optional(Type.Integer({ minimum: 16, maximum: 64 })),
      scope: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    },
    { additionalProperties: false },
  ),
  tokenise: Type.Object(
    {
      mode: Type.Optional(literalUnion(['random', 'deterministic'])),
      format: Type.Optional(literalUnion(['opaque', 'preserve'])),
      prefix: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_:-]{0,16}$' })),
    },
    { additionalProperties: false },
  ),
  fpe: Type.Object(
    {
      algorithm: Type.Optional(literalUnion(['ff1', 'ff3-1'])),
      alphabet: Type.Optional(
        Type.Union([
          literalUnion(Object.keys(FPE_ALPHABETS)),
          Type.String({ minLength: 2, maxLength: 1024 }),
        ]),
      ),
      tweak: Type.Optional(Type.String({ maxLength: 256 })),
    },
    { additionalProperties: false },
  ),
  generalise: Type.Object(
    {
      to: literalUnion(GENERALISE_TARGETS),
      band: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
      top: Type.Optional(Type.Integer({ minimum: 1, maximum: 150 })),
      cell: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10 })),
      step: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
      bounds: Type.Optional(Type.Array(Type.Number(), { minItems: 1 })),
    },
    { additionalProperties: false },
  ),
};

const OperatorChoice = Type.Object(
  {
    operator: literalUnion(OPERATORS),
    options: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: false },
);

const When = Type.Object(
  {
    category: Type.Optional(oneOrMany(Key)),
    tier: Type.Optional(oneOrMany(literalUnion(TIERS))),
    to: Type.Optional(oneOrMany(Destination)),
    not_to: Type.Optional(oneOrMany(Destination)),
    domestic: Type.Optional(Type.Boolean()),
    recipient: Type.Optional(oneOrMany(Type.String({ minLength: 1 }))),
    purpose: Type.Optional(oneOrMany(Key)),
    needed: Type.Optional(Type.Boolean()),
    mechanism: Type.Optional(oneOrMany(Type.String({ pattern: '^(none|[a-z][a-z-]*(\\.[a-z0-9_*]+)+)$' }))),
  },
  { additionalProperties: false },
);

/** JSON Schema of a protection profile file (`profiles/*.yaml`), version 1. */
export const ProfileSchema = Type.Object(
  {
    version: Type.Literal(1),
    name: Id,
    title: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    home: Type.Optional(Country),
    subject: Type.Optional(Type.String({ minLength: 1 })),
    fallback: Type.Optional(OperatorChoice),
    unmapped: Type.Optional(OperatorChoice),
    core_abroad: Type.Optional(OperatorChoice),
    fields: Type.Optional(Type.Record(Type.String({ minLength: 1 }), Key)),
    needs: Type.Optional(Type.Record(Key, Type.Array(Key))),
    vault: Type.Optional(
      Type.Object(
        {
          country: Type.Optional(Country),
          detokenize: Type.Optional(
            Type.Array(
              Type.Object(
                {
                  id: Id,
                  roles: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
                  purposes: Type.Array(Key, { minItems: 1 }),
                  categories: Type.Optional(Type.Array(Key)),
                  from: Type.Optional(Type.Array(Country)),
                },
                { additionalProperties: false },
              ),
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    rules: Type.Array(
      Type.Object(
        {
          id: Id,
          when: Type.Optional(When),
          operator: literalUnion(OPERATORS),
          options: Type.Optional(Type.Object({}, { additionalProperties: true })),
          core_in_clear: Type.Optional(Type.Boolean()),
          note: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);
