// The shapes of the API's answers. Taken from the server's own types and schemas (types only: nothing of
// the server's code is bundled), so that a change there fails the dashboard's type-check.

import type { Static } from '@sinclair/typebox';
import type { Receipt } from '../../src/ledger/index.js';
import type { JurisdictionVerdict, Verdict, VerdictLevel, WhatIf } from '../../src/rules/verdict.types.js';
import type {
  FlowListResponse,
  FlowResponse,
  FlowVersionSchema,
  TaxonomyResponse,
} from '../../src/server/schemas.js';
import type { Category, Names, Purpose, SubjectKind, Tier } from '../../src/taxonomy/types.js';

export type {
  Category,
  JurisdictionVerdict,
  Names,
  Purpose,
  Receipt,
  SubjectKind,
  Tier,
  Verdict,
  VerdictLevel,
  WhatIf,
};

/** GET /v1/flows. */
export type FlowList = Static<typeof FlowListResponse>;
/** GET /v1/flows/{id}. */
export type FlowDetail = Static<typeof FlowResponse>;
/** GET /v1/flows/{id}/versions/{n}. */
export type FlowVersion = Static<typeof FlowVersionSchema>;
/** GET /v1/taxonomy. */
export type TaxonomyAnswer = Static<typeof TaxonomyResponse>;

/** One row of GET /v1/counters (transfer-routes.ts). */
export interface CounterRow {
  readonly exporter: string;
  readonly window: string;
  readonly kind: string;
  readonly jurisdiction: string | null;
  readonly title: string | null;
  readonly count: number;
  readonly threshold: number | null;
  readonly remaining: number | null;
  readonly forecast: {
    readonly rate_per_day: number;
    readonly days_to_threshold: number | null;
    readonly date: string | null;
  } | null;
  readonly updated_at: string;
}

/** One row of GET /v1/subjects/{id}/transfers (transfer-routes.ts). */
export interface SubjectTransfer {
  readonly transfer_id: string;
  readonly flow: { readonly id: string; readonly version: number };
  readonly time: string;
  readonly recipient_country: string | null;
  readonly mechanisms: readonly string[];
  readonly verdict: VerdictLevel | null;
  readonly ledger_index: number | null;
}

/** GET /v1/ledger/entries/{index}. */
export interface LedgerEntry {
  readonly index: number;
  readonly leaf: string;
  readonly leaf_hash: string;
  readonly appended_at: string;
}

/** GET /v1/ledger/proof/inclusion. */
export interface InclusionProof {
  readonly index: number;
  readonly size: number;
  readonly leaf_hash: string;
  readonly root_hash: string;
  readonly proof: readonly string[];
}

/** One rulebook of GET /v1/rulebooks (rules-routes.ts). */
export interface RulebookRow {
  readonly jurisdiction: string;
  readonly law: string;
  readonly name: string;
  readonly version: string;
  readonly checked: string;
  readonly hash: string;
  readonly rules: number;
  readonly unconfirmed: readonly string[];
  readonly mechanisms: readonly {
    readonly id: string;
    readonly title: Names | string;
    readonly citation: string;
  }[];
}

/** A normalised flow as the API returns it (the `Flow` type of src/flow, read loosely). */
export interface FlowBody {
  readonly id?: string;
  readonly date?: string;
  readonly exporter?: { readonly name?: string; readonly country?: string; readonly zone?: string | null };
  readonly recipient?: { readonly name?: string; readonly country?: string };
  readonly route?: readonly { readonly name?: string; readonly country?: string; readonly access?: string }[];
  readonly subjects?: readonly {
    readonly residence?: string;
    readonly kind?: string;
    readonly count?: number;
  }[];
  readonly categories?: readonly string[];
  readonly purpose?: string;
  readonly safeguards?: readonly string[];
  readonly measures?: readonly string[];
  readonly [key: string]: unknown;
}
