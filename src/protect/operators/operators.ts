import type { FpeAlgorithm } from './fpe-field.js';
import type { GeneraliseTarget } from './generalise.js';
import type { IdKeep, MaskKind } from './mask.js';
import type { TokenFormat, TokenMode } from './tokens.js';

/** The operators a profile can choose for a field. */
export const OPERATORS = ['keep', 'drop', 'redact', 'mask', 'hash', 'tokenise', 'fpe', 'generalise'] as const;

/** An operator's name. */
export type OperatorName = (typeof OPERATORS)[number];

/** An operator with its options, as a profile rule chooses it. */
export type OperatorSpec =
  | { readonly operator: 'keep' }
  | { readonly operator: 'drop' }
  | { readonly operator: 'redact'; readonly with?: string }
  | { readonly operator: 'mask'; readonly as?: MaskKind; readonly char?: string; readonly keep?: IdKeep }
  | { readonly operator: 'hash'; readonly length?: number; readonly scope?: string }
  | {
      readonly operator: 'tokenise';
      readonly mode?: TokenMode;
      readonly format?: TokenFormat;
      readonly prefix?: string;
    }
  | {
      readonly operator: 'fpe';
      readonly algorithm?: FpeAlgorithm;
      readonly alphabet?: string;
      readonly tweak?: string;
    }
  | {
      readonly operator: 'generalise';
      readonly to: GeneraliseTarget;
      readonly band?: number;
      readonly top?: number;
      readonly cell?: number;
      readonly step?: number;
      readonly bounds?: readonly number[];
    };

/** Whether an operator can be undone, and by whom. */
export interface OperatorInfo {
  readonly reversible: boolean;
  /** Who can recover the original value, in words. */
  readonly by: string;
  readonly summary: string;
}

/** Each operator's reversibility, documented once (also printed by `customs protect --explain`). */
export const OPERATOR_INFO: Readonly<Record<OperatorName, OperatorInfo>> = {
  keep: { reversible: true, by: 'anyone: the value is sent as it is', summary: 'sends the value unchanged' },
  drop: { reversible: false, by: 'no one', summary: 'removes the field' },
  redact: {
    reversible: false,
    by: 'no one',
    summary: 'replaces the value by a fixed marker (`[redacted]`), or null for a number or boolean',
  },
  mask: {
    reversible: false,
    by: 'no one: the masked characters are gone',
    summary:
      'type-aware partial masking: a phone keeps its country code and last digits, a card its first six and last four, an email its domain, an address its city and province, an ID its region, a name its initials',
  },
  hash: {
    reversible: false,
    by: "no one; the tenant key's holder can confirm a guessed value",
    summary: 'keyed HMAC-SHA-256 with the tenant hash key (a pseudonym: equal values hash alike)',
  },
  tokenise: {
    reversible: true,
    by: "the vault only: detokenisation by a role and purpose the profile grants, in the vault's country, recorded",
    summary:
      'a random or deterministic token (opaque, or in the value’s format); the original stays in the vault, encrypted under the subject’s data key',
  },
  fpe: {
    reversible: true,
    by: 'whoever holds the tenant FPE key (it stays in the vault’s country)',
    summary: 'FF1 or FF3-1 (NIST SP 800-38G Rev. 1) over the value’s digits or letters; separators stay',
  },
  generalise: {
    reversible: false,
    by: 'no one',
    summary:
      'a coarser value: date of birth to year or age band, address to city, province or country, coordinates to a grid cell, amount to a range',
  },
};
