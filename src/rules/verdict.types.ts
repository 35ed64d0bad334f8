/** Verdict levels, from best to worst (DESIGN.md). */
export const VERDICT_LEVELS = [
  'not_applicable',
  'allowed',
  'conditional',
  'mechanism_required',
  'prohibited',
] as const;

/** A verdict level. */
export type VerdictLevel = (typeof VERDICT_LEVELS)[number];

/** One hop of the route: from the exporter or an intermediate party, to an intermediate party or the recipient. */
export interface HopRef {
  readonly index: number;
  readonly from: string;
  readonly to: string;
}

/** A rule that took part in a decision, as recorded in the trace. */
export interface TraceEntry {
  readonly jurisdiction: string;
  readonly hop: number;
  readonly rule: string;
  readonly kind: 'scope' | 'step' | 'mechanism' | 'obligation';
  readonly result: boolean;
  readonly citation: string;
}

/** What one law says about one hop. */
export interface JurisdictionVerdict {
  readonly jurisdiction: string;
  readonly law: string;
  readonly applies: boolean;
  readonly why: string;
  readonly verdict: VerdictLevel;
  readonly mechanisms: { readonly any_of: readonly string[]; readonly satisfied_by: string | null };
  readonly exemptions: readonly string[];
  readonly obligations: readonly string[];
  readonly citations: readonly string[];
  /** Extension: the hop this entry is about. */
  readonly hop: HopRef | null;
  /** Extension: the transfer step that decided (its id), or null when the law does not apply. */
  readonly decided_by: string | null;
  /** Extension: obligations that are preconditions and are not yet met. */
  readonly unmet: readonly string[];
  /** Extension: ids of rules used here that the fact base marks unconfirmed. */
  readonly unconfirmed: readonly string[];
}

/** A change to the flow that would change a verdict, found by re-evaluating a variant of the flow. */
export interface WhatIf {
  readonly kind: 'add_mechanism' | 'remove_category' | 'threshold';
  readonly jurisdiction: string;
  readonly hop: number | null;
  readonly from: string;
  readonly to: string;
  readonly mechanism?: string;
  readonly category?: string;
  readonly more_individuals?: number;
  readonly text: { readonly en: string; readonly zh: string };
}

/** Two laws that pull the same transfer in opposite directions: one prohibits it, the other compels it. */
export interface Conflict {
  readonly prohibited_by: { readonly jurisdiction: string; readonly rule: string; readonly citation: string };
  readonly compelled_by: { readonly jurisdiction: string; readonly rule: string; readonly citation: string };
  readonly hop: number | null;
  readonly text: { readonly en: string; readonly zh: string };
}

/** The result of evaluating a flow: one entry per jurisdiction and hop, and the worst of them overall. */
export interface Verdict {
  readonly verdict: VerdictLevel;
  readonly jurisdictions: readonly JurisdictionVerdict[];
  readonly trace: readonly TraceEntry[];
  /** Extension: what would change the verdict (only when asked for). */
  readonly what_if?: readonly WhatIf[];
  /** Extension: the date whose law was applied, and the content hashes of the rulebooks and lists used. */
  readonly evaluated: {
    readonly date: string;
    readonly rulebooks: Readonly<Record<string, string>>;
    readonly lists: string;
  };
  /** Extension: gaps: things the evaluator could not decide (never silently allowed). */
  readonly gaps: readonly string[];
  /** Extension: conflicts between laws (one prohibits what another compels). */
  readonly conflicts: readonly Conflict[];
}
