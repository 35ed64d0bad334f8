import type { IsoDate } from '../geo/types.js';
import type { Names } from '../taxonomy/types.js';

/** How sure the fact base is of a rule: `unconfirmed` rules are flagged in every verdict that uses them. */
export type Confidence = 'confirmed' | 'unconfirmed';

/** What every rule carries: where it comes from and when it is in force. */
export interface RuleBasis {
  readonly id: string;
  readonly title: Names;
  /** The law, article and paragraph (`PIPL Art. 38(1)`). */
  readonly citation: string;
  readonly source: string;
  readonly in_force: { readonly from: IsoDate; readonly until?: IsoDate | null };
  readonly confidence: Confidence;
  readonly note?: string;
}

/** A scope rule: when it holds for a hop, the law claims the hop; `why` explains it. */
export interface ScopeRule extends RuleBasis {
  readonly when: string;
  readonly why: Names;
}

/** What a transfer step decides when its condition holds. */
export type StepOutcome = 'exempt' | 'require' | 'prohibit';

/**
 * One step of the transfer decision, in the order the law (or its regulator) gives. The first step
 * whose condition holds decides; every `exempt` step that holds is listed among the exemptions.
 */
export interface TransferStep extends RuleBasis {
  readonly when: string;
  readonly outcome: StepOutcome;
  /** For `require`: the mechanisms that would make the transfer lawful, any one of them. */
  readonly any_of?: readonly string[];
  /** For `prohibit`: mechanisms whose presence lifts the prohibition (an authority's approval). */
  readonly lifted_by?: readonly string[];
  readonly why: Names;
}

/** A mechanism or exemption id the rulebook defines: when it is in place and when it may be used. */
export interface MechanismDef extends RuleBasis {
  /** When the mechanism counts as in place (default: its id is in `flow.safeguards`). */
  readonly in_place_when?: string;
  /** When the mechanism may be relied on at all (default: always). */
  readonly available_when?: string;
  /** Obligations that come with relying on it. */
  readonly obligations?: readonly string[];
  /** Weaker mechanisms this one stands in for when in place (a passed security assessment covers a standard-contract requirement). */
  readonly covers?: readonly string[];
}

/** An obligation: a duty that applies when its condition holds; a precondition makes the verdict conditional until met. */
export interface ObligationRule extends RuleBasis {
  readonly when: string;
  readonly met_when?: string;
  readonly precondition: boolean;
  /** The duty is to hand the data over (a production order, a disclosure duty): where another law prohibits the same transfer, the verdict names the conflict. */
  readonly compels_transfer?: boolean;
}

/**
 * A legal counter: distinct individuals resident in `residence` whose data the exporter sent abroad in a
 * counting window, when `when` holds for the transfer (it may read `verdict`, this law's entry for the
 * flow). The gateway keeps it exactly, by keyed hash, and feeds it into the flow's `prior` or
 * `prior_sensitive` before evaluating a transfer.
 */
export interface CounterRule extends RuleBasis {
  readonly window: 'calendar_year' | 'previous_calendar_year' | 'rolling_12_months';
  readonly residence: string;
  readonly when: string;
  readonly feeds: 'prior' | 'prior_sensitive' | 'none';
  readonly thresholds: readonly number[];
}

/** A named CEL expression computed once per hop and available to every other rule as `facts.<name>`. */
export interface FactRule {
  readonly name: string;
  readonly expr: string;
  readonly description?: string;
}

/** The rules of one jurisdiction, as written in `rulebooks/<code>/rulebook.yaml`. */
export interface RulebookSource {
  readonly jurisdiction: string;
  readonly law: string;
  readonly name: Names;
  readonly version: string;
  readonly checked: IsoDate;
  readonly sources: readonly { readonly citation: string; readonly url: string }[];
  /** ISO countries whose involvement in a flow makes this rulebook worth reporting even when it does not apply. */
  readonly countries: readonly string[];
  readonly facts?: readonly FactRule[];
  readonly scope: readonly ScopeRule[];
  readonly mechanisms: readonly MechanismDef[];
  readonly transfer: readonly TransferStep[];
  readonly obligations?: readonly ObligationRule[];
  readonly counters?: readonly CounterRule[];
}
