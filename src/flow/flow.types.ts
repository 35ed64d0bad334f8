import type { CountryCode, IsoDate } from '../geo/types.js';
import type { CategoryKey, PurposeKey, SubjectKindKey } from '../taxonomy/types.js';
import type {
  ARRANGEMENTS,
  CERTIFICATIONS,
  CONSENT_LEVELS,
  EXPORTER_KINDS,
  HOP_ACCESS,
  ON_UNDECLARED,
  PARTY_ROLES,
  RELATIONS,
} from './flow-schema.js';

/** A mechanism or obligation id, prefixed by the lower-case jurisdiction (`eu.scc`, `us-ca.notice`). */
export type MechanismId = string & { readonly __brand: 'MechanismId' };

/** A market a flow's exporter targets: a country, or a region group such as `EU`. */
export type TargetCode = CountryCode | 'EU' | 'EEA';

/** The exporter of a normalised flow. */
export interface Exporter {
  readonly name: string;
  readonly kind: (typeof EXPORTER_KINDS)[number];
  readonly country: CountryCode;
  readonly zone: string | null;
  readonly ciio: boolean;
  /** Every country of establishment; always includes `country`. */
  readonly establishments: readonly CountryCode[];
  readonly targets: readonly TargetCode[];
  readonly role: 'controller' | 'processor';
}

/** The recipient of a normalised flow. */
export interface Recipient {
  readonly name: string;
  readonly country: CountryCode;
  readonly headquarters: CountryCode;
  readonly owned_by: CountryCode | null;
  readonly role: (typeof PARTY_ROLES)[number];
  readonly relation: (typeof RELATIONS)[number];
  readonly certifications: readonly (typeof CERTIFICATIONS)[number][];
  readonly authority: boolean;
  /**
   * A covered person under the US DOJ rule (28 CFR 202.211(a)) beyond what its countries show; present
   * when declared or taken from the recipients registry (absent means false).
   */
  readonly covered_person?: boolean;
}

/** The fields of a recipient that do not depend on the day: what a recipients registry gives a flow. */
export type RecipientParty = Omit<Recipient, 'certifications' | 'covered_person'> & {
  readonly covered_person: boolean;
};

/** Finds an entry of a recipients registry by id, for flows whose recipient is `{ ref: id }`. */
export interface RecipientLookup {
  get(id: string): RecipientParty | undefined;
  /** The ids known, for suggesting one when a reference is misspelt (may be empty). */
  ids(): readonly string[];
}

/** An intermediate hop between exporter and recipient. */
export interface Hop {
  readonly name: string;
  readonly country: CountryCode;
  readonly role: (typeof PARTY_ROLES)[number];
  readonly access: (typeof HOP_ACCESS)[number];
}

/** A group of data subjects by residence and kind. */
export interface SubjectGroup {
  readonly residence: CountryCode;
  readonly kind: SubjectKindKey;
  readonly count: number;
  readonly prior: number;
  /** Individuals whose sensitive PI was already sent abroad in the window (default: `prior`). */
  readonly prior_sensitive: number;
}

/** A flow declaration after validation and normalisation: defaults filled, codes checked. */
export interface Flow {
  readonly version: 1;
  readonly id: string | null;
  readonly date: IsoDate;
  readonly exporter: Exporter;
  readonly recipient: Recipient;
  readonly route: readonly Hop[];
  readonly subjects: readonly SubjectGroup[];
  /** The categories as declared (deduplicated, in order). */
  readonly categories: readonly CategoryKey[];
  readonly purpose: PurposeKey;
  readonly arrangement: (typeof ARRANGEMENTS)[number];
  readonly occasional: boolean;
  readonly basis: { readonly consent: (typeof CONSENT_LEVELS)[number]; readonly contract_necessity: boolean };
  readonly important_data: boolean;
  readonly safeguards: readonly MechanismId[];
  readonly measures: readonly string[];
  /**
   * The recipients-registry id when the declaration's recipient is `{ ref: id }`: `recipient` then holds
   * the registry entry's parties fields with no certifications, and the registry's certifications and
   * contracts are applied for each evaluation's date. Absent for an inline recipient.
   */
  readonly recipient_ref?: string;
  /** A batch with an undeclared category: `refuse` (the default, also when absent) or `quarantine`. */
  readonly on_undeclared?: (typeof ON_UNDECLARED)[number];
  /** What the declaration implies, worked out once so that evaluators need not. */
  readonly expanded: {
    /** Every category the flow carries: each declared one and all below it, sorted. */
    readonly categories: readonly CategoryKey[];
    /** The targeted markets as countries on the flow's date (`EU` expanded to its members then). */
    readonly targets: readonly CountryCode[];
  };
}
