import type { Flow } from '../flow/index.js';
import type { Taxonomy } from '../taxonomy/index.js';
import type { Compiled, CompiledRulebook } from './compile-rulebook.js';
import { buildFlowContext, type DatedContext, type ListLookup, NO_LISTS, partiesOf } from './context.js';
import type { RuleBasis, TransferStep } from './rulebook.types.js';
import {
  type Conflict,
  type HopRef,
  type JurisdictionVerdict,
  type TraceEntry,
  VERDICT_LEVELS,
  type Verdict,
  type VerdictLevel,
} from './verdict.types.js';

/** What evaluation needs besides the flow: the rules, the lists, the taxonomy (passed in, never read from disk). */
export interface EvaluateOptions {
  readonly rulebooks: readonly CompiledRulebook[];
  readonly taxonomy: Taxonomy;
  readonly lists?: ListLookup;
  /** Language of `why`: English (default) or Chinese. */
  readonly lang?: 'en' | 'zh';
  /** Record every rule tested in `trace` (default false: only the rules that decided). */
  readonly fullTrace?: boolean;
}

const RANK: Record<VerdictLevel, number> = Object.fromEntries(VERDICT_LEVELS.map((v, i) => [v, i])) as Record<
  VerdictLevel,
  number
>;

/** The worse of two verdict levels. */
export function worstOf(a: VerdictLevel, b: VerdictLevel): VerdictLevel {
  return RANK[a] >= RANK[b] ? a : b;
}

/** True when `a` is strictly better (less restrictive) than `b`. */
export function isBetter(a: VerdictLevel, b: VerdictLevel): boolean {
  return RANK[a] < RANK[b];
}

const inForce = (r: RuleBasis, date: string): boolean =>
  r.in_force.from <= date && (r.in_force.until == null || date <= r.in_force.until);

// Caches keyed by inputs that do not change between evaluations (pure: same inputs, same outputs):
// the lists and regions as they stood on a date, and each rulebook's rules in force on a date.
const dateCaches = new WeakMap<object, Map<string, DatedContext>>();
const NO_LIST_CACHE = {};
const NO_FACTS: Readonly<Record<string, unknown>> = Object.freeze({});

type ObligationOf = CompiledRulebook['obligations'] extends ReadonlyMap<string, infer O> ? O : never;

interface RulesOnDate {
  readonly scope: CompiledRulebook['scope'];
  readonly transfer: CompiledRulebook['transfer'];
  readonly obligations: readonly ObligationOf[];
  readonly obligationsById: ReadonlyMap<string, ObligationOf>;
  /** True when some scope rule reads `facts`: then facts are computed before scope. */
  readonly scopeNeedsFacts: boolean;
}
const ruleCaches = new WeakMap<CompiledRulebook, Map<string, RulesOnDate>>();

function rulesOn(rb: CompiledRulebook, date: string): RulesOnDate {
  let byDate = ruleCaches.get(rb);
  if (byDate === undefined) {
    byDate = new Map();
    ruleCaches.set(rb, byDate);
  }
  let rules = byDate.get(date);
  if (rules === undefined) {
    const scope = rb.scope.filter((r) => inForce(r, date));
    const obligations = [...rb.obligations.values()].filter((o) => inForce(o, date));
    rules = {
      scope,
      transfer: rb.transfer.filter((r) => inForce(r, date)),
      obligations,
      obligationsById: new Map(obligations.map((o) => [o.id, o])),
      scopeNeedsFacts: scope.some((r) => /\bfacts\./.test(r.when)),
    };
    byDate.set(date, rules);
  }
  return rules;
}

/**
 * Evaluates a flow against every rulebook: for each hop of the route, each law that claims it, what
 * it requires, which mechanism is in place, the exemptions and obligations, with citations. Pure: the
 * date is the flow's `date`, and rules not in force that day are ignored.
 *
 * @example
 * const verdict = evaluate(flow, { rulebooks, taxonomy, lists });
 * verdict.verdict; // 'mechanism_required'
 */
export function evaluate(flow: Flow, options: EvaluateOptions): Verdict {
  const lists = options.lists ?? NO_LISTS;
  const cacheKey = options.lists ?? NO_LIST_CACHE;
  let cache = dateCaches.get(cacheKey);
  if (cache === undefined) {
    cache = new Map();
    dateCaches.set(cacheKey, cache);
  }
  const base = buildFlowContext(flow, options.taxonomy, lists, cache);
  const parties = partiesOf(flow);
  const lang = options.lang ?? 'en';
  const date = flow.date;
  const trace: TraceEntry[] = [];
  const compelling: Compelling[] = [];
  const gaps: string[] = [];
  const entries: JurisdictionVerdict[] = [];
  const involved = new Set<string>([
    flow.exporter.country,
    flow.recipient.country,
    ...flow.route.map((h) => h.country),
    ...flow.subjects.map((s) => s.residence),
    ...flow.exporter.establishments,
    ...flow.expanded.targets,
    flow.recipient.headquarters,
    ...(flow.recipient.owned_by ? [flow.recipient.owned_by] : []),
  ]);
  const safeguards = new Set<string>(flow.safeguards);
  const measures = new Set<string>(flow.measures);
  const hops = parties.slice(0, -1).map((from, i) => ({
    index: i,
    first: i === 0,
    last: i + 2 === parties.length,
    from,
    to: parties[i + 1],
  }));

  // INVARIANT: one context object per evaluation; `hop` and `facts` are replaced per hop and rulebook.
  const ctx: Record<string, unknown> = {
    flow: base.flow,
    data: base.data,
    counts: base.counts,
    lists: base.lists,
    regions: base.regions,
    hop: hops[0],
    facts: NO_FACTS,
    relied: null,
    decided: null,
  };
  let failures: string[] = [];
  const test = (
    rule: { id?: string; name?: string },
    fn: (c: Record<string, unknown>) => unknown,
  ): boolean => {
    try {
      return fn(ctx) === true;
    } catch (err) {
      failures.push(
        `${rule.id ?? rule.name}: condition could not be evaluated (${(err as Error).message.split('\n')[0]})`,
      );
      return false;
    }
  };

  for (const rb of options.rulebooks) {
    const src = rb.source;
    // A rulebook that names its countries claims only flows that involve one of them (a party, a hop,
    // a subject's residence, an establishment or a targeted market); the rest are skipped unevaluated.
    if (src.countries.length > 0 && !src.countries.some((c) => involved.has(c))) continue;
    const rules = rulesOn(rb, date);
    let claimedAny = false;
    let flowFacts: Record<string, unknown> | undefined;
    const flowFactFailures: string[] = [];
    const hasPerHopFacts = rb.facts.some((f) => f.perHop);
    for (const hop of hops) {
      const i = hop.index;
      const hopRef: HopRef = { index: i, from: String(hop.from?.country), to: String(hop.to?.country) };
      ctx.hop = hop;
      ctx.relied = null;
      ctx.decided = null;
      failures = [];
      // Facts that do not read `hop` are computed once per rulebook and flow; per-hop ones on each hop.
      const computeFacts = () => {
        if (flowFacts === undefined) {
          flowFacts = {};
          ctx.facts = flowFacts;
          for (const f of rb.facts) {
            if (f.perHop) continue;
            try {
              flowFacts[f.name] = f.fn(ctx);
            } catch (err) {
              flowFactFailures.push(
                `fact ${f.name}: could not be computed (${(err as Error).message.split('\n')[0]})`,
              );
              flowFacts[f.name] = null;
            }
          }
        }
        failures.push(...flowFactFailures);
        if (!hasPerHopFacts) {
          ctx.facts = flowFacts;
          return;
        }
        const facts: Record<string, unknown> = { ...flowFacts };
        ctx.facts = facts;
        for (const f of rb.facts) {
          if (!f.perHop) continue;
          try {
            facts[f.name] = f.fn(ctx);
          } catch (err) {
            failures.push(`fact ${f.name}: could not be computed (${(err as Error).message.split('\n')[0]})`);
            facts[f.name] = null;
          }
        }
      };
      if (rules.scopeNeedsFacts) computeFacts();
      else ctx.facts = NO_FACTS;

      const scopeHits = rules.scope.filter((r) => test(r, r.test));
      if (options.fullTrace)
        for (const r of rb.scope)
          trace.push({
            jurisdiction: src.jurisdiction,
            hop: i,
            rule: r.id,
            kind: 'scope',
            result: scopeHits.includes(r),
            citation: r.citation,
          });
      if (scopeHits.length === 0) {
        if (failures.length > 0) gaps.push(...failures.map((f) => `${src.jurisdiction}: hop ${i}: ${f}`));
        continue;
      }
      claimedAny = true;
      if (!rules.scopeNeedsFacts) computeFacts();
      const used: RuleBasis[] = [...scopeHits];
      for (const r of scopeHits)
        trace.push({
          jurisdiction: src.jurisdiction,
          hop: i,
          rule: r.id,
          kind: 'scope',
          result: true,
          citation: r.citation,
        });

      const inPlace = (id: string): boolean => {
        const m = rb.mechanisms.get(id);
        if (m === undefined || !inForce(m, date)) return false;
        return m.inPlace ? test(m, m.inPlace) : safeguards.has(id);
      };
      const available = (id: string): boolean => {
        const m = rb.mechanisms.get(id);
        if (m === undefined || !inForce(m, date)) return false;
        return m.available ? test(m, m.available) : true;
      };

      const steps = rules.transfer;
      const exemptions: string[] = [];
      let decided: Compiled<TransferStep> | undefined;
      let verdict: VerdictLevel = 'mechanism_required';
      let anyOf: string[] = [];
      let satisfiedBy: string | null = null;
      for (const step of steps) {
        const holds = test(step, step.test);
        if (options.fullTrace)
          trace.push({
            jurisdiction: src.jurisdiction,
            hop: i,
            rule: step.id,
            kind: 'step',
            result: holds,
            citation: step.citation,
          });
        if (!holds) continue;
        if (step.outcome === 'exempt') {
          if (!available(step.id)) continue;
          exemptions.push(step.id);
        }
        if (decided !== undefined) continue;
        if (step.outcome === 'prohibit' && (step.lifted_by ?? []).some(inPlace)) {
          used.push(step);
          continue; // the prohibition is lifted (an approval is in place): the next steps decide
        }
        decided = step;
      }
      if (decided === undefined) {
        gaps.push(
          `${src.jurisdiction}: hop ${i}: no transfer rule decided this hop; the rulebook does not cover it`,
        );
      } else {
        used.push(decided);
        trace.push({
          jurisdiction: src.jurisdiction,
          hop: i,
          rule: decided.id,
          kind: 'step',
          result: true,
          citation: decided.citation,
        });
        if (decided.outcome === 'exempt') {
          verdict = 'allowed';
        } else if (decided.outcome === 'prohibit') {
          verdict = 'prohibited';
          anyOf = [...(decided.lifted_by ?? [])];
        } else {
          anyOf = (decided.any_of ?? []).filter(available);
          satisfiedBy = anyOf.find(inPlace) ?? null;
          if (satisfiedBy === null) {
            // A stronger mechanism in place stands in for a weaker one it covers.
            for (const m of rb.mechanisms.values()) {
              if (m.covers?.some((c) => anyOf.includes(c)) && inPlace(m.id)) {
                satisfiedBy = m.id;
                break;
              }
            }
          }
          if (satisfiedBy !== null) {
            verdict = 'allowed';
            const m = rb.mechanisms.get(satisfiedBy);
            if (m) used.push(m);
            trace.push({
              jurisdiction: src.jurisdiction,
              hop: i,
              rule: satisfiedBy,
              kind: 'mechanism',
              result: true,
              citation: m?.citation ?? '',
            });
          }
        }
      }
      for (const id of exemptions) {
        const m = rb.mechanisms.get(id);
        if (m && m !== decided) used.push(m);
      }

      // Obligations: those whose condition holds, and those that come with the mechanism relied on.
      const relied = decided?.outcome === 'exempt' ? decided.id : satisfiedBy;
      // Obligation conditions may read which step decided and which mechanism the hop relies on.
      ctx.relied = relied;
      ctx.decided = decided?.id ?? null;
      const obligationIds = new Set<string>();
      for (const o of rb.obligations.values())
        if (inForce(o, date) && test(o, o.test)) obligationIds.add(o.id);
      // An obligation that comes with the mechanism relied on applies when it is in force that day
      // and its own condition holds, like any other.
      for (const id of (relied ? rb.mechanisms.get(relied)?.obligations : undefined) ?? []) {
        const o = rules.obligationsById.get(id);
        if (o !== undefined && test(o, o.test)) obligationIds.add(id);
      }
      const unmet: string[] = [];
      for (const id of obligationIds) {
        const o = rb.obligations.get(id);
        if (o === undefined) continue;
        used.push(o);
        if (o.compels_transfer)
          compelling.push({ jurisdiction: src.jurisdiction, rule: o.id, citation: o.citation, hop: i });
        trace.push({
          jurisdiction: src.jurisdiction,
          hop: i,
          rule: id,
          kind: 'obligation',
          result: true,
          citation: o.citation,
        });
        const met = o.met ? test(o, o.met) : safeguards.has(id) || measures.has(id);
        if (o.precondition && !met) unmet.push(id);
      }
      if (verdict === 'allowed' && unmet.length > 0) verdict = 'conditional';
      if (failures.length > 0) {
        gaps.push(...failures.map((f) => `${src.jurisdiction}: hop ${i}: ${f}`));
        if (verdict === 'allowed' || verdict === 'conditional') verdict = 'mechanism_required'; // a gap never silently allows
      }

      const unconfirmed = [...new Set(used.filter((r) => r.confidence === 'unconfirmed').map((r) => r.id))];
      let why = scopeHits.map((r) => r.why[lang]).join('; ');
      if (decided) why += `${lang === 'zh' ? '；' : '; '}${decided.why[lang]}`;
      if (unconfirmed.length > 0) {
        why +=
          lang === 'zh'
            ? `（事实依据尚未确认：${unconfirmed.join('、')}）`
            : ` (the fact base marks as unconfirmed: ${unconfirmed.join(', ')})`;
      }
      entries.push({
        jurisdiction: src.jurisdiction,
        law: src.law,
        applies: true,
        why,
        verdict,
        mechanisms: { any_of: anyOf, satisfied_by: satisfiedBy },
        exemptions,
        obligations: [...obligationIds],
        citations: [...new Set(used.map((r) => r.citation))],
        hop: hopRef,
        decided_by: decided?.id ?? null,
        unmet,
        unconfirmed,
      });
    }
    if (!claimedAny && src.countries.some((c) => involved.has(c))) {
      entries.push({
        jurisdiction: src.jurisdiction,
        law: src.law,
        applies: false,
        why:
          lang === 'zh'
            ? `${src.law} 的适用范围规则均不成立`
            : `no scope rule of ${src.law} holds for any hop`,
        verdict: 'not_applicable',
        mechanisms: { any_of: [], satisfied_by: null },
        exemptions: [],
        obligations: [],
        citations: [...new Set(rb.scope.filter((r) => inForce(r, date)).map((r) => r.citation))],
        hop: null,
        decided_by: null,
        unmet: [],
        unconfirmed: [],
      });
    }
  }

  const conflicts = findConflicts(entries, compelling);
  const overall = entries.reduce<VerdictLevel>((acc, e) => worstOf(acc, e.verdict), 'not_applicable');
  return {
    verdict:
      gaps.length > 0 && RANK[overall] < RANK.mechanism_required && entries.some((e) => e.applies)
        ? worstOf(overall, 'conditional')
        : overall,
    jurisdictions: entries,
    trace,
    evaluated: {
      date,
      rulebooks: Object.fromEntries(options.rulebooks.map((rb) => [rb.source.jurisdiction, rb.hash])),
      lists: lists.hash,
    },
    gaps,
    conflicts,
  };
}

/** Pairs of laws where one prohibits a transfer that another compels (e.g. a production order). */
function findConflicts(
  entries: readonly JurisdictionVerdict[],
  compelling: readonly Compelling[],
): Conflict[] {
  const out: Conflict[] = [];
  for (const c of compelling) {
    for (const e of entries) {
      if (e.verdict !== 'prohibited' || e.jurisdiction === c.jurisdiction || !e.decided_by) continue;
      if (e.hop?.index !== c.hop && c.hop !== null && e.hop !== null) continue;
      const prohibitedBy = {
        jurisdiction: e.jurisdiction,
        rule: e.decided_by,
        citation: e.citations.find((x) => x) ?? '',
      };
      out.push({
        prohibited_by: prohibitedBy,
        compelled_by: { jurisdiction: c.jurisdiction, rule: c.rule, citation: c.citation },
        hop: e.hop?.index ?? null,
        text: {
          en: `${c.jurisdiction} (${c.citation}) compels this transfer while ${e.jurisdiction} prohibits it (${e.decided_by}): complying with one violates the other`,
          zh: `${c.jurisdiction}（${c.citation}）要求提供该数据，而 ${e.jurisdiction} 禁止该传输（${e.decided_by}）：遵守一方即违反另一方`,
        },
      });
    }
  }
  return out;
}

interface Compelling {
  readonly jurisdiction: string;
  readonly rule: string;
  readonly citation: string;
  readonly hop: number | null;
}
