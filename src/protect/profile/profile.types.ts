import type { CategoryKey, PurposeKey, Tier } from '../../taxonomy/index.js';
import type { OperatorSpec } from '../operators/operators.js';

/** What a rule's `when` tests; every condition given must hold, an absent one holds always. */
export interface RuleConditions {
  /** The field's category, or one of its ancestors (a parent category means all its children). */
  readonly category?: readonly CategoryKey[];
  readonly tier?: readonly Tier[];
  /** The destination: ISO 3166-1 alpha-2 codes, or `list:NAME` for the entries of a list on the transfer's date. */
  readonly to?: readonly string[];
  /** The destination is none of these (same forms as `to`). */
  readonly not_to?: readonly string[];
  /** True when the destination is the profile's home country. */
  readonly domestic?: boolean;
  /** The recipient's name (case-insensitive). */
  readonly recipient?: readonly string[];
  /** The purpose, or one of its ancestors. */
  readonly purpose?: readonly PurposeKey[];
  /** True when the purpose needs the category (the profile's `needs` table). */
  readonly needed?: boolean;
  /** The verdict's mechanism: ids, or `none` for a transfer with no mechanism given. */
  readonly mechanism?: readonly string[];
}

/** One rule of a profile: the first rule whose conditions hold chooses the field's operator. */
export interface ProfileRule {
  readonly id: string;
  readonly when: RuleConditions;
  readonly spec: OperatorSpec;
  /** Lets `keep` send core data abroad in clear (otherwise the guard replaces it). */
  readonly coreInClear: boolean;
  readonly note?: string;
  /** Where the rule is in its file (1-based), for explanations. */
  readonly line?: number;
}

/** One grant of detokenisation. */
export interface DetokenizeGrant {
  readonly id: string;
  readonly roles: readonly string[];
  /** Purposes granted (a parent purpose covers its children). */
  readonly purposes: readonly PurposeKey[];
  /** Categories granted (a parent covers its children); all when absent. */
  readonly categories?: readonly CategoryKey[];
  /** Countries the caller may be in besides the vault's own (ISO 3166-1 alpha-2). */
  readonly from?: readonly string[];
}

/** Who may turn tokens back into values, and from where. */
export interface VaultPolicy {
  /** The vault's country: detokenisation from elsewhere is refused unless a grant lists the caller's country. */
  readonly country: string | undefined;
  readonly grants: readonly DetokenizeGrant[];
}

/** A validated protection profile. */
export interface Profile {
  readonly name: string;
  readonly title?: string;
  /** The country the data is exported from, where the vault is. */
  readonly home: string | undefined;
  /** Path of the field identifying the data subject (per-subject vault keys, so that forgetting works). */
  readonly subject: string | undefined;
  /** The operator a field gets when its rule's operator cannot apply to the value, or no rule matches. */
  readonly fallback: OperatorSpec;
  /** The operator of fields that are neither mapped nor classified (when no detector is available). */
  readonly unmapped: OperatorSpec;
  /** The operator that replaces `keep` for core data going abroad. */
  readonly coreAbroad: OperatorSpec;
  /** Default field mapping: path pattern -> category key, or `scan` for free text. */
  readonly fields: readonly (readonly [string, CategoryKey | 'scan'])[];
  /** Purpose -> categories it needs in clear. */
  readonly needs: readonly (readonly [PurposeKey, readonly CategoryKey[]])[];
  readonly rules: readonly ProfileRule[];
  readonly vault: VaultPolicy;
  /** The file it was read from, for explanations. */
  readonly file?: string;
}
