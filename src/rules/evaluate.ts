import type { Flow } from '../flow/index.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { type CompiledExpr, exprParts } from './cel.js';
import type { Compiled, CompiledRulebook } from './compile-rulebook.js';
import { buildFlowContext, type DatedContext, type ListLookup, NO_LISTS, partiesOf } from './context.js';
import type { RuleBasis, TransferStep } from './rulebook.types.js';
import {
  type Conflict,
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

// How evaluation is made fast (docs/decisions/evaluator-speed.md): everything that depends only on a
// rulebook, or on a rulebook and a date, is worked out once and cached (`Prepared`, `RulesOnDate`);
// what depends on the flow is computed once per evaluation (`buildFlowContext`); the hop loop
// allocates little beyond the verdict itself. Caches are keyed by inputs that never change between
// evaluations (pure: same inputs, same outputs).

type Mechanism = CompiledRulebook['mechanisms'] extends ReadonlyMap<string, infer M> ? M : never;
type ObligationOf = CompiledRulebook['obligations'] extends ReadonlyMap<string, infer O> ? O : never;
type ScopeOf = CompiledRulebook['scope'][number];

/**
 * A condition ready to test: the rule id its failure is reported under, its compiled closures, and
 * cel-js to evaluate it when they throw (what `withFallback` does, without a wrapper call each time).
 */
interface Cond {
  readonly label: string;
  readonly compiled: CompiledExpr;
  readonly reference: CompiledExpr | undefined;
}
const condOf = (label: string, fn: CompiledExpr): Cond => ({ label, ...exprParts(fn) });

/** The value of a condition (or the error that is its result). */
function computeCond(c: Cond, ctx: Record<string, unknown>): unknown {
  if (c.reference === undefined) return c.compiled(ctx);
  try {
    return c.compiled(ctx);
  } catch {
    return c.reference(ctx);
  }
}

/** A fact, ready to compute. */
interface FactOf {
  readonly name: string;
  readonly cond: Cond;
}

/** What evaluation needs of a rulebook besides its rules, worked out once per compiled rulebook. */
interface Prepared {
  readonly rb: CompiledRulebook;
  readonly countries: readonly string[];
  readonly flowFacts: readonly FactOf[];
  readonly hopFacts: readonly FactOf[];
  /**
   * Every fact name, flow facts first, each undefined: facts objects start as copies of it, so that
   * they keep one fast shape instead of growing key by key (past a dozen keys V8 turns an object
   * grown by computed keys into a slow dictionary). An undefined key reads exactly like an absent one
   * in CEL field access (`facts.x`, `has(facts.x)`, `"x" in facts`), which is all the rules do with
   * `facts`; a rulebook that uses `facts` any other way (its size, its keys) gets none, so that such
   * a condition sees exactly the facts computed before it.
   */
  readonly factsTemplate: Record<string, unknown> | undefined;
  readonly byDate: Map<string, RulesOnDate>;
}

/** A mechanism in force on a date, with the obligations in force that come with relying on it. */
interface MechanismOnDate {
  readonly m: Mechanism;
  readonly inPlace: Cond | undefined;
  readonly available: Cond | undefined;
  readonly obligations: readonly ObligationOnDate[];
}

/** An obligation in force on a date, with its conditions. */
interface ObligationOnDate {
  readonly o: ObligationOf;
  readonly test: Cond;
  readonly met: Cond | undefined;
}

/** A mechanism a step names: its id, and the mechanism if it is in force (else never in place nor available). */
interface MechanismRef {
  readonly id: string;
  readonly m: MechanismOnDate | undefined;
}

/** A transfer step in force, with the mechanisms it names resolved (no look-up by id while evaluating). */
interface StepOnDate {
  readonly step: Compiled<TransferStep>;
  readonly cond: Cond;
  /** For an `exempt` step: the exemption it grants (the mechanism of the same id). */
  readonly exemption: MechanismRef;
  readonly liftedBy: readonly MechanismRef[];
  readonly anyOf: readonly MechanismRef[];
}

/** A rulebook's rules in force on one date. */
interface RulesOnDate {
  readonly scope: readonly { readonly rule: ScopeOf; readonly cond: Cond }[];
  readonly steps: readonly StepOnDate[];
  readonly obligations: readonly ObligationOnDate[];
  /** Mechanisms in force that stand in for others (`covers`), in rulebook order. */
  readonly covering: readonly MechanismOnDate[];
  /** True when some scope rule reads `facts`: then facts are computed before scope. */
  readonly scopeNeedsFacts: boolean;
  /** The citations of a not-applicable entry: those of the scope rules in force, once each. */
  readonly scopeCitations: readonly string[];
}

/** A CEL expression that reads `facts` other than as `facts.<name>`. */
const READS_FACTS_WHOLE = /\bfacts\b(?!\s*\.\s*[A-Za-z_])/;

function prepare(rb: CompiledRulebook): Prepared {
  const src = rb.source;
  const exprs: string[] = [
    ...(src.facts ?? []).map((f) => f.expr),
    ...src.scope.map((r) => r.when),
    ...src.transfer.map((r) => r.when),
    ...src.mechanisms.flatMap((m) => [m.in_place_when ?? '', m.available_when ?? '']),
    ...(src.obligations ?? []).flatMap((o) => [o.when, o.met_when ?? '']),
  ];
  const factOf = (f: CompiledRulebook['facts'][number]): FactOf => ({
    name: f.name,
    cond: condOf(f.name, f.fn),
  });
  const flowFacts = rb.facts.filter((f) => !f.perHop).map(factOf);
  const hopFacts = rb.facts.filter((f) => f.perHop).map(factOf);
  const names = [...flowFacts, ...hopFacts].map((f) => f.name);
  const plain = !exprs.some((e) => READS_FACTS_WHOLE.test(e));
  return {
    rb,
    countries: src.countries,
    flowFacts,
    hopFacts,
    factsTemplate:
      plain && names.length > 0 ? Object.fromEntries(names.map((n) => [n, undefined])) : undefined,
    byDate: new Map(),
  };
}

function rulesOn(p: Prepared, date: string): RulesOnDate {
  let rules = p.byDate.get(date);
  if (rules === undefined) {
    const rb = p.rb;
    const scope = rb.scope.filter((r) => inForce(r, date));
    const obligations = [...rb.obligations.values()]
      .filter((o) => inForce(o, date))
      .map((o) => ({ o, test: condOf(o.id, o.test), met: o.met && condOf(o.id, o.met) }));
    const obligationsById = new Map(obligations.map((x) => [x.o.id, x]));
    // An obligation that comes with a mechanism applies when it is in force that day (and its condition holds).
    const withObligations = (m: Mechanism): MechanismOnDate => ({
      m,
      inPlace: m.inPlace && condOf(m.id, m.inPlace),
      available: m.available && condOf(m.id, m.available),
      obligations: (m.obligations ?? []).flatMap((id) => obligationsById.get(id) ?? []),
    });
    const mechanisms = new Map(
      [...rb.mechanisms.values()].filter((m) => inForce(m, date)).map((m) => [m.id, withObligations(m)]),
    );
    const ref = (id: string): MechanismRef => ({ id, m: mechanisms.get(id) });
    rules = {
      scope: scope.map((rule) => ({ rule, cond: condOf(rule.id, rule.test) })),
      steps: rb.transfer
        .filter((r) => inForce(r, date))
        .map((step) => ({
          step,
          cond: condOf(step.id, step.test),
          exemption: ref(step.id),
          liftedBy: (step.lifted_by ?? []).map(ref),
          anyOf: (step.any_of ?? []).map(ref),
        })),
      obligations,
      covering: [...mechanisms.values()].filter((x) => x.m.covers !== undefined),
      scopeNeedsFacts: scope.some((r) => /\bfacts\./.test(r.when)),
      scopeCitations: [...new Set(scope.map((r) => r.citation))],
    };
    p.byDate.set(date, rules);
  }
  return rules;
}

/** The prepared rulebooks of a list of rulebooks, and the `evaluated.rulebooks` record of their hashes. */
interface PreparedList {
  readonly rulebooks: readonly CompiledRulebook[];
  readonly prepared: readonly Prepared[];
  readonly hashes: Readonly<Record<string, string>>;
  /** For each country, the indexes of the rulebooks that name it. */
  readonly byCountry: ReadonlyMap<string, readonly number[]>;
}
const preparedLists = new WeakMap<readonly CompiledRulebook[], PreparedList>();
const preparedRulebooks = new WeakMap<CompiledRulebook, Prepared>();

function preparedFor(rulebooks: readonly CompiledRulebook[]): PreparedList {
  const cached = preparedLists.get(rulebooks);
  // The same array is normally passed again and again; checked item by item in case it was changed.
  if (
    cached !== undefined &&
    cached.rulebooks.length === rulebooks.length &&
    cached.rulebooks.every((rb, i) => rulebooks[i] === rb)
  )
    return cached;
  const prepared = rulebooks.map((rb) => {
    let p = preparedRulebooks.get(rb);
    if (p === undefined) {
      p = prepare(rb);
      preparedRulebooks.set(rb, p);
    }
    return p;
  });
  const byCountry = new Map<string, number[]>();
  prepared.forEach((p, k) => {
    for (const c of p.countries) {
      const indexes = byCountry.get(c) ?? [];
      if (!indexes.includes(k)) indexes.push(k);
      byCountry.set(c, indexes);
    }
  });
  const list = {
    rulebooks: [...rulebooks],
    prepared,
    byCountry,
    hashes: Object.fromEntries(rulebooks.map((rb) => [rb.source.jurisdiction, rb.hash])),
  };
  preparedLists.set(rulebooks, list);
  return list;
}

const dateCaches = new WeakMap<object, Map<string, DatedContext>>();
const NO_LIST_CACHE = {};
const NO_FACTS: Readonly<Record<string, unknown>> = Object.freeze({});

interface Hop {
  readonly index: number;
  readonly first: boolean;
  readonly last: boolean;
  readonly from: Record<string, unknown> | undefined;
  readonly to: Record<string, unknown> | undefined;
}

/**
 * The state of one evaluation that rule conditions see or feed: the context object, and the failures
 * of the current hop. Its methods test a condition, or whether a mechanism is in place or available.
 */
class Tester {
  /** Failures of the hop being evaluated (reset per hop). */
  failures: string[] = [];
  constructor(
    readonly ctx: Record<string, unknown>,
    private readonly safeguards: ReadonlySet<string>,
  ) {}

  test(c: Cond): boolean {
    try {
      return c.compiled(this.ctx) === true;
    } catch (err) {
      if (c.reference !== undefined)
        try {
          return c.reference(this.ctx) === true;
        } catch (err2) {
          this.fail(c, err2);
          return false;
        }
      this.fail(c, err);
      return false;
    }
  }

  private fail(c: Cond, err: unknown): void {
    this.failures.push(
      `${c.label}: condition could not be evaluated (${(err as Error).message.split('\n')[0]})`,
    );
  }

  inPlace(ref: MechanismRef): boolean {
    const m = ref.m;
    if (m === undefined) return false;
    return m.inPlace ? this.test(m.inPlace) : this.safeguards.has(ref.id);
  }

  available(ref: MechanismRef): boolean {
    const m = ref.m;
    if (m === undefined) return false;
    return m.available ? this.test(m.available) : true;
  }
}

/** The citations and unconfirmed rule ids of the rules used for a hop, each once, in order of use. */
class Used {
  readonly citations: string[] = [];
  readonly unconfirmed: string[] = [];
  add(r: RuleBasis): void {
    if (!this.citations.includes(r.citation)) this.citations.push(r.citation);
    if (r.confidence === 'unconfirmed' && !this.unconfirmed.includes(r.id)) this.unconfirmed.push(r.id);
  }
}

const firstLine = (err: unknown): string => (err as Error).message.split('\n')[0] as string;

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
  const { prepared, hashes, byCountry } = preparedFor(options.rulebooks);
  const base = buildFlowContext(flow, options.taxonomy, lists, cache);
  const parties = partiesOf(flow);
  const lang = options.lang ?? 'en';
  const fullTrace = options.fullTrace === true;
  const date = flow.date;
  const trace: TraceEntry[] = [];
  const compelling: Compelling[] = [];
  const gaps: string[] = [];
  const entries: JurisdictionVerdict[] = [];
  // The rulebooks that name a country the flow involves (a party, a hop, a subject's residence, an
  // establishment or a targeted market), found through the index of the rulebooks by country.
  const involved = new Uint8Array(prepared.length);
  const involve = (country: string | null | undefined): void => {
    const indexes = country ? byCountry.get(country) : undefined;
    if (indexes !== undefined) for (const k of indexes) involved[k] = 1;
  };
  involve(flow.exporter.country);
  involve(flow.recipient.country);
  for (const h of flow.route) involve(h.country);
  for (const s of flow.subjects) involve(s.residence);
  for (const c of flow.exporter.establishments) involve(c);
  for (const c of flow.expanded.targets) involve(c);
  involve(flow.recipient.headquarters);
  involve(flow.recipient.owned_by);
  const safeguards = new Set<string>(flow.safeguards);
  const measures = new Set<string>(flow.measures);
  const hops: Hop[] = [];
  for (let i = 0; i + 1 < parties.length; i++)
    hops.push({
      index: i,
      first: i === 0,
      last: i + 2 === parties.length,
      from: parties[i],
      to: parties[i + 1],
    });
  const hopFrom = hops.map((h) => String(h.from?.country));
  const hopTo = hops.map((h) => String(h.to?.country));
  const sep = lang === 'zh' ? '；' : '; ';

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
  const t = new Tester(ctx, safeguards);

  for (let n = 0; n < prepared.length; n++) {
    const p = prepared[n] as Prepared;
    const rb = p.rb;
    const src = rb.source;
    const jurisdiction = src.jurisdiction;
    // A rulebook that names its countries claims only flows that involve one of them (a party, a hop,
    // a subject's residence, an establishment or a targeted market); the rest are skipped unevaluated.
    const namesCountries = p.countries.length > 0;
    if (namesCountries && involved[n] === 0) continue;
    const rules = rulesOn(p, date);
    let claimedAny = false;
    // Facts that do not read `hop` are computed once per rulebook and flow; per-hop ones on each hop.
    let flowFacts: Record<string, unknown> | undefined;
    let flowFactFailures: string[] | undefined;
    const computeFacts = (): void => {
      if (flowFacts === undefined) {
        flowFacts = p.factsTemplate === undefined ? {} : { ...p.factsTemplate };
        ctx.facts = flowFacts;
        for (const f of p.flowFacts) {
          try {
            flowFacts[f.name] = computeCond(f.cond, ctx);
          } catch (err) {
            if (flowFactFailures === undefined) flowFactFailures = [];
            flowFactFailures.push(`fact ${f.name}: could not be computed (${firstLine(err)})`);
            flowFacts[f.name] = null;
          }
        }
      }
      if (flowFactFailures !== undefined) for (const x of flowFactFailures) t.failures.push(x);
      if (p.hopFacts.length === 0) {
        ctx.facts = flowFacts;
        return;
      }
      const facts: Record<string, unknown> = { ...flowFacts };
      ctx.facts = facts;
      for (const f of p.hopFacts) {
        try {
          facts[f.name] = computeCond(f.cond, ctx);
        } catch (err) {
          t.failures.push(`fact ${f.name}: could not be computed (${firstLine(err)})`);
          facts[f.name] = null;
        }
      }
    };

    for (const hop of hops) {
      const i = hop.index;
      ctx.hop = hop;
      ctx.relied = null;
      ctx.decided = null;
      t.failures = [];
      if (rules.scopeNeedsFacts) computeFacts();
      else ctx.facts = NO_FACTS;

      const scopeHits: ScopeOf[] = [];
      for (const r of rules.scope) if (t.test(r.cond)) scopeHits.push(r.rule);
      if (fullTrace)
        for (const r of rb.scope)
          trace.push({
            jurisdiction,
            hop: i,
            rule: r.id,
            kind: 'scope',
            result: scopeHits.includes(r),
            citation: r.citation,
          });
      if (scopeHits.length === 0) {
        for (const f of t.failures) gaps.push(`${jurisdiction}: hop ${i}: ${f}`);
        continue;
      }
      claimedAny = true;
      if (!rules.scopeNeedsFacts) computeFacts();
      const used = new Used();
      let why = '';
      for (let k = 0; k < scopeHits.length; k++) {
        const r = scopeHits[k] as (typeof scopeHits)[number];
        used.add(r);
        why = k === 0 ? r.why[lang] : `${why}; ${r.why[lang]}`;
        trace.push({ jurisdiction, hop: i, rule: r.id, kind: 'scope', result: true, citation: r.citation });
      }

      const exemptions: string[] = [];
      const exempting: MechanismOnDate[] = [];
      let decided: StepOnDate | undefined;
      let verdict: VerdictLevel = 'mechanism_required';
      let anyOf: string[] = [];
      let satisfiedBy: MechanismOnDate | undefined;
      for (const s of rules.steps) {
        const step = s.step;
        const holds = t.test(s.cond);
        if (fullTrace)
          trace.push({
            jurisdiction,
            hop: i,
            rule: step.id,
            kind: 'step',
            result: holds,
            citation: step.citation,
          });
        if (!holds) continue;
        if (step.outcome === 'exempt') {
          if (!t.available(s.exemption)) continue;
          exemptions.push(step.id);
          exempting.push(s.exemption.m as MechanismOnDate);
        }
        if (decided !== undefined) continue;
        if (step.outcome === 'prohibit') {
          let lifted = false;
          for (const ref of s.liftedBy)
            if (t.inPlace(ref)) {
              lifted = true;
              break;
            }
          if (lifted) {
            used.add(step);
            continue; // the prohibition is lifted (an approval is in place): the next steps decide
          }
        }
        decided = s;
      }
      const decidedStep = decided?.step;
      if (decided === undefined || decidedStep === undefined) {
        gaps.push(
          `${jurisdiction}: hop ${i}: no transfer rule decided this hop; the rulebook does not cover it`,
        );
      } else {
        used.add(decidedStep);
        trace.push({
          jurisdiction,
          hop: i,
          rule: decidedStep.id,
          kind: 'step',
          result: true,
          citation: decidedStep.citation,
        });
        if (decidedStep.outcome === 'exempt') {
          verdict = 'allowed';
        } else if (decidedStep.outcome === 'prohibit') {
          verdict = 'prohibited';
          anyOf = decidedStep.lifted_by === undefined ? [] : [...decidedStep.lifted_by];
        } else {
          const available: MechanismRef[] = [];
          for (const ref of decided.anyOf)
            if (t.available(ref)) {
              available.push(ref);
              anyOf.push(ref.id);
            }
          for (const ref of available)
            if (t.inPlace(ref)) {
              satisfiedBy = ref.m;
              break;
            }
          if (satisfiedBy === undefined) {
            // A stronger mechanism in place stands in for a weaker one it covers.
            for (const x of rules.covering) {
              if (x.m.covers?.some((c) => anyOf.includes(c)) && t.inPlace({ id: x.m.id, m: x })) {
                satisfiedBy = x;
                break;
              }
            }
          }
          if (satisfiedBy !== undefined) {
            verdict = 'allowed';
            const m = satisfiedBy.m;
            used.add(m);
            trace.push({
              jurisdiction,
              hop: i,
              rule: m.id,
              kind: 'mechanism',
              result: true,
              citation: m.citation,
            });
          }
        }
      }
      for (const x of exempting) used.add(x.m);

      // Obligations: those whose condition holds, and those that come with the mechanism relied on.
      const relied = decidedStep?.outcome === 'exempt' ? decided?.exemption.m : satisfiedBy;
      // Obligation conditions may read which step decided and which mechanism the hop relies on.
      ctx.relied = relied === undefined ? null : relied.m.id;
      ctx.decided = decidedStep?.id ?? null;
      const obligationIds: string[] = [];
      const holding: ObligationOnDate[] = [];
      for (const x of rules.obligations)
        if (t.test(x.test)) {
          obligationIds.push(x.o.id);
          holding.push(x);
        }
      // An obligation that comes with the mechanism relied on applies when it is in force that day
      // and its own condition holds, like any other (tested again: its failure is reported again).
      if (relied !== undefined)
        for (const x of relied.obligations)
          if (t.test(x.test) && !obligationIds.includes(x.o.id)) {
            obligationIds.push(x.o.id);
            holding.push(x);
          }
      const unmet: string[] = [];
      for (const x of holding) {
        const o = x.o;
        const id = o.id;
        used.add(o);
        if (o.compels_transfer) compelling.push({ jurisdiction, rule: id, citation: o.citation, hop: i });
        trace.push({
          jurisdiction,
          hop: i,
          rule: id,
          kind: 'obligation',
          result: true,
          citation: o.citation,
        });
        const met = x.met ? t.test(x.met) : safeguards.has(id) || measures.has(id);
        if (o.precondition && !met) unmet.push(id);
      }
      if (verdict === 'allowed' && unmet.length > 0) verdict = 'conditional';
      if (t.failures.length > 0) {
        for (const f of t.failures) gaps.push(`${jurisdiction}: hop ${i}: ${f}`);
        if (verdict === 'allowed' || verdict === 'conditional') verdict = 'mechanism_required'; // a gap never silently allows
      }

      const unconfirmed = used.unconfirmed;
      if (decidedStep) why += `${sep}${decidedStep.why[lang]}`;
      if (unconfirmed.length > 0) {
        why +=
          lang === 'zh'
            ? `（事实依据尚未确认：${unconfirmed.join('、')}）`
            : ` (the fact base marks as unconfirmed: ${unconfirmed.join(', ')})`;
      }
      entries.push({
        jurisdiction,
        law: src.law,
        applies: true,
        why,
        verdict,
        mechanisms: { any_of: anyOf, satisfied_by: satisfiedBy === undefined ? null : satisfiedBy.m.id },
        exemptions,
        obligations: obligationIds,
        citations: used.citations,
        hop: { index: i, from: hopFrom[i] as string, to: hopTo[i] as string },
        decided_by: decidedStep?.id ?? null,
        unmet,
        unconfirmed,
      });
    }
    if (!claimedAny && namesCountries) {
      entries.push({
        jurisdiction,
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
        citations: [...rules.scopeCitations],
        hop: null,
        decided_by: null,
        unmet: [],
        unconfirmed: [],
      });
    }
  }

  const conflicts = findConflicts(entries, compelling);
  let overall: VerdictLevel = 'not_applicable';
  let anyApplies = false;
  for (const e of entries) {
    overall = worstOf(overall, e.verdict);
    if (e.applies) anyApplies = true;
  }
  return {
    verdict:
      gaps.length > 0 && RANK[overall] < RANK.mechanism_required && anyApplies
        ? worstOf(overall, 'conditional')
        : overall,
    jurisdictions: entries,
    trace,
    evaluated: { date, rulebooks: { ...hashes }, lists: lists.hash },
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
