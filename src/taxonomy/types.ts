/** A personal-data category key, dotted like fideslang (`user.contact.phone_number`). */
export type CategoryKey = string & { readonly __brand: 'CategoryKey' };

/** A purpose (data use) key, dotted like fideslang (`essential.service.fulfilment.delivery`). */
export type PurposeKey = string & { readonly __brand: 'PurposeKey' };

/** A kind of data subject (`customer`, `employee`, `child`). */
export type SubjectKindKey = string & { readonly __brand: 'SubjectKindKey' };

/** Protection tiers, from the paper: core data never leaves in clear; sensitive is minimised; general flows. */
export const TIERS = ['core', 'sensitive', 'general', 'none'] as const;

/** A protection tier. */
export type Tier = (typeof TIERS)[number];

/** Text in English and Chinese. */
export interface Names {
  readonly en: string;
  readonly zh: string;
}

/** The kinds of sensitive personal data of the US DOJ rule (28 CFR 202.249), or `none`. */
export const DOJ_KINDS = [
  'none',
  'listed_identifier',
  'precise_geolocation',
  'biometric_identifier',
  'human_omic',
  'personal_health',
  'personal_financial',
  'government_related',
] as const;

/** A US DOJ sensitive-personal-data kind. */
export type DojKind = (typeof DOJ_KINDS)[number];

/** A category's class under each law the taxonomy maps, each with the provision it rests on. */
export interface LawClasses {
  /** China, PIPL Art. 4 and 28; `sensitive` per GB/T 45574-2025, `sensitive_conservative` per GB/T 35273-2020 Annex B. */
  readonly pipl: {
    readonly personal: boolean;
    readonly sensitive: boolean;
    readonly sensitive_conservative: boolean;
    readonly basis: string;
  };
  /** EU, GDPR Art. 4(1), Art. 9(1) special categories, Art. 10 criminal data. */
  readonly gdpr: {
    readonly personal: boolean;
    readonly special: boolean;
    readonly criminal: boolean;
    readonly basis: string;
  };
  /** California, Cal. Civ. Code §1798.140(v) personal information and §1798.140(ae) sensitive PI. */
  readonly ccpa: { readonly personal: boolean; readonly sensitive: boolean; readonly basis: string };
  /** United States, 28 CFR Part 202 (DOJ bulk sensitive data rule). */
  readonly doj: { readonly kind: DojKind; readonly basis: string };
}

/** The laws whose classes the taxonomy records. */
export const CLASSED_LAWS = ['pipl', 'gdpr', 'ccpa', 'doj'] as const satisfies readonly (keyof LawClasses)[];

/** A category of personal data. */
export interface Category {
  readonly key: CategoryKey;
  readonly parent: CategoryKey | null;
  readonly name: Names;
  readonly description: Names;
  readonly tier: Tier;
  readonly source: 'fideslang' | 'data-customs';
  readonly deprecated?: { readonly replaced_by: CategoryKey; readonly since: string };
  readonly classes: LawClasses;
  readonly note?: string;
}

/** Which exemption of CAC Order No. 16 (2024) Art. 5 a purpose can support. */
export type CnNecessity = 'contract' | 'hr' | 'emergency' | null;

/** A purpose of processing (a data use). */
export interface Purpose {
  readonly key: PurposeKey;
  readonly parent: PurposeKey | null;
  readonly name: Names;
  readonly description: Names;
  readonly source: 'fideslang' | 'data-customs';
  readonly deprecated?: { readonly replaced_by: PurposeKey; readonly since: string };
  readonly cn_necessity: CnNecessity;
  readonly note?: string;
}

/** A kind of data subject. */
export interface SubjectKind {
  readonly key: SubjectKindKey;
  readonly name: Names;
  readonly description: Names;
  readonly minor: boolean;
  readonly note?: string;
}
