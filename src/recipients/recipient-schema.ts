import { Type } from '@sinclair/typebox';
import { CERTIFICATIONS, PARTY_ROLES, RECIPIENT_ID_PATTERN, RELATIONS } from '../flow/index.js';

// An entry of a tenant's recipients registry: the parties fields of a flow's `recipient` (same names and
// meanings, DESIGN.md "Flow declaration"), with dated certifications and contracts, and whether it is a
// covered person under the US DOJ rule. This TypeBox schema validates request bodies and `--recipients`
// files and documents them in OpenAPI.

const literalUnion = <T extends string>(values: readonly T[], options: object = {}) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  );
const Country = Type.String({ minLength: 2, maxLength: 60, description: 'ISO 3166-1 alpha-2 code' });
const Day = (description: string) => Type.String({ format: 'date', description });
const Extensions = { patternProperties: { '^x-': {} }, additionalProperties: false };

/** One certification the recipient holds, with the days it holds. */
export const DatedCertificationSchema = Type.Object(
  {
    id: literalUnion(CERTIFICATIONS, { description: 'a certification id the flow schema accepts' }),
    from: Day('first day it holds'),
    until: Type.Optional(Day('first day it no longer holds (absent: open-ended)')),
  },
  Extensions,
);

/** One contract in force between the exporter side and the recipient, with its dates. */
export const ContractSchema = Type.Object(
  {
    mechanism: Type.String({
      pattern: '^[a-z]{2}(-[a-z0-9]+)?(\\.[a-z0-9_*]+)+$',
      description:
        'the mechanism id the contract implements: eu.scc, gb.idta, gb.addendum, cn.standard_contract, …',
    }),
    signed: Day('day of signature'),
    effective: Day('first day it is in force'),
    expires: Type.Optional(Day('first day it is no longer in force (absent: open-ended)')),
    filed: Type.Optional(
      Day(
        'CN standard contract (or GBA standard contract): day it was filed with the provincial CAC (CAC Order 13 Art. 7)',
      ),
    ),
    reference: Type.String({ minLength: 1, maxLength: 200, description: "the contract's own reference" }),
  },
  Extensions,
);

/** JSON Schema of a recipients-registry entry. */
export const RecipientEntrySchema = Type.Object(
  {
    id: Type.String({
      pattern: RECIPIENT_ID_PATTERN,
      description: 'stable identifier, referred to by flows',
    }),
    name: Type.String({ minLength: 1, maxLength: 200, description: 'name of the organisation' }),
    country: Country,
    headquarters: Type.Optional(Country),
    owned_by: Type.Optional(Country),
    role: Type.Optional(literalUnion(PARTY_ROLES, { default: 'controller' })),
    relation: Type.Optional(literalUnion(RELATIONS, { default: 'third_party' })),
    authority: Type.Optional(
      Type.Boolean({ default: false, description: 'a foreign court, police or other public authority' }),
    ),
    covered_person: Type.Optional(
      Type.Boolean({
        default: false,
        description:
          'a covered person under the US DOJ bulk-data rule (28 CFR 202.211(a)) for a reason its countries do not show (designated by the Attorney General, (a)(5); an employee or contractor of a covered entity, (a)(3); owned 50 % or more in aggregate, (a)(1)-(2)); false cannot clear what its countries imply',
      }),
    ),
    certifications: Type.Optional(Type.Array(DatedCertificationSchema, { maxItems: 50 })),
    contracts: Type.Optional(Type.Array(ContractSchema, { maxItems: 200 })),
  },
  {
    ...Extensions,
    title: 'Data Customs recipients-registry entry',
    description:
      'a recipient with its country, role, dated certifications and contracts, and its status under the US DOJ rule',
  },
);

/** JSON Schema of a `--recipients` file: a list of entries (or `{ recipients: [...] }`). */
export const RecipientListSchema = Type.Array(RecipientEntrySchema, { maxItems: 10_000 });
