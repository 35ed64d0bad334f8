import { type TSchema, Type } from '@sinclair/typebox';
import { CONFIDENCE_LEVELS, LIST_KINDS } from './list.types.js';

// The schema of one list file (`lists/<name>.yaml`). It checks the shape; list-set.ts checks what a
// schema cannot (keys are ISO codes, from <= until, no overlapping entries for one key, name = file).

const literalUnion = (values: readonly string[]): TSchema => Type.Union(values.map((v) => Type.Literal(v)));
const Text = Type.String({ minLength: 1 });
const Localised = Type.Object({ en: Text, zh: Text }, { additionalProperties: false });
const Day = Type.String({ format: 'date', description: 'a calendar day, YYYY-MM-DD' });
// One type with a format rather than a union, so that a bad date gets one message, not one per branch.
const DayOrNull = Type.Unsafe<string | null>({
  type: ['string', 'null'],
  format: 'date',
  description: 'the last day in force (inclusive), or null',
});
const Url = Type.String({ pattern: '^https?://\\S+$' });

/** The pattern of a list name: dotted, lower case, at least two segments (`eu.adequacy`). */
export const LIST_NAME_PATTERN = '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$';

/** JSON Schema of one source of a list. */
export const ListSourceSchema = Type.Object({ citation: Text, url: Url }, { additionalProperties: false });

/** JSON Schema of one dated entry of a list. */
export const ListEntrySchema = Type.Object(
  {
    key: Text,
    name: Text,
    from: Day,
    until: DayOrNull,
    scope: Type.Optional(Text),
    citation: Text,
    url: Url,
    confidence: literalUnion(CONFIDENCE_LEVELS),
    note: Type.Optional(Text),
    data: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: false },
);

/** JSON Schema of a list file, `lists/<name>.yaml`. */
export const ListFileSchema = Type.Object(
  {
    name: Type.String({ pattern: LIST_NAME_PATTERN }),
    title: Localised,
    jurisdiction: Type.String({ pattern: '^[A-Z][A-Z0-9]*(-[A-Z0-9]{1,3})?$' }),
    kind: literalUnion(LIST_KINDS),
    description: Localised,
    version: Day,
    sources: Type.Array(ListSourceSchema, { minItems: 1 }),
    entries: Type.Array(ListEntrySchema),
  },
  { additionalProperties: false },
);
