import type { Flow } from '../flow/index.js';
import type { CategoryKey } from '../taxonomy/index.js';
import { type EvaluateOptions, evaluate, isBetter } from './evaluate.js';
import type { JurisdictionVerdict, Verdict, WhatIf } from './verdict.types.js';

// "What would change the verdict" is computed by re-evaluating variants of the flow, never written by
// hand: add each missing mechanism; take each declared category out (as tokenising or dropping it
// before export would); add individuals until a threshold is crossed.

const MAX_EXTRA = 1_000_000_000;

const sameEntry = (v: Verdict, e: JurisdictionVerdict) =>
  v.jurisdictions.find(
    (x) => x.jurisdiction === e.jurisdiction && x.hop?.index === e.hop?.index && x.applies,
  );

function requirement(e: JurisdictionVerdict | undefined): string {
  if (e === undefined) return 'not_applicable';
  if (e.verdict === 'prohibited') return `prohibited (${e.decided_by})`;
  if (e.decided_by && e.exemptions.includes(e.decided_by)) return `exempt (${e.decided_by})`;
  if (e.mechanisms.any_of.length > 0) return e.mechanisms.any_of.join(' or ');
  return e.verdict;
}

function requirementZh(e: JurisdictionVerdict | undefined): string {
  if (e === undefined) return '不适用';
  if (e.verdict === 'prohibited') return `禁止（${e.decided_by}）`;
  if (e.decided_by && e.exemptions.includes(e.decided_by)) return `豁免（${e.decided_by}）`;
  if (e.mechanisms.any_of.length > 0) return e.mechanisms.any_of.join(' 或 ');
  return e.verdict;
}

function changed(a: JurisdictionVerdict, b: JurisdictionVerdict | undefined): boolean {
  return (
    b === undefined ||
    a.verdict !== b.verdict ||
    a.decided_by !== b.decided_by ||
    a.mechanisms.any_of.join() !== b.mechanisms.any_of.join()
  );
}

/** Variants of the flow that change a jurisdiction's verdict or requirement, explained. */
export function whatIf(flow: Flow, verdict: Verdict, options: EvaluateOptions): WhatIf[] {
  const out: WhatIf[] = [];
  const opts = { ...options, fullTrace: false };
  const applying = verdict.jurisdictions.filter((e) => e.applies);

  // 1. A missing mechanism added.
  for (const e of applying) {
    if (e.verdict !== 'mechanism_required') continue;
    for (const m of e.mechanisms.any_of) {
      const v2 = evaluate(
        { ...flow, safeguards: [...flow.safeguards, m] as unknown as Flow['safeguards'] },
        opts,
      );
      const e2 = sameEntry(v2, e);
      if (e2 && isBetter(e2.verdict, e.verdict)) {
        out.push({
          kind: 'add_mechanism',
          jurisdiction: e.jurisdiction,
          hop: e.hop?.index ?? null,
          from: e.verdict,
          to: e2.verdict,
          mechanism: m,
          text: {
            en: `adding ${m} satisfies the ${e.jurisdiction} requirement (${e.verdict} -> ${e2.verdict})`,
            zh: `加入 ${m} 即满足 ${e.jurisdiction} 的要求（${e.verdict} → ${e2.verdict}）`,
          },
        });
      }
    }
  }

  // 2. A declared category kept home (tokenised or dropped before export).
  if (flow.categories.length > 1) {
    for (const c of flow.categories) {
      const rest = flow.categories.filter((x) => x !== c);
      const expanded = [
        ...new Set(rest.flatMap((k) => options.taxonomy.expandCategory(k))),
      ].sort() as CategoryKey[];
      const v2 = evaluate(
        { ...flow, categories: rest, expanded: { ...flow.expanded, categories: expanded } },
        opts,
      );
      for (const e of applying) {
        const e2 = sameEntry(v2, e);
        if (!changed(e, e2)) continue;
        if (e2 && isBetter(e.verdict, e2.verdict)) continue; // keeping the category home never makes things worse; ignore noise
        out.push({
          kind: 'remove_category',
          jurisdiction: e.jurisdiction,
          hop: e.hop?.index ?? null,
          from: requirement(e),
          to: requirement(e2),
          category: c,
          text: {
            en: `tokenise ${c} before export and the ${e.jurisdiction} requirement drops from ${requirement(e)} to ${requirement(e2)}`,
            zh: `出境前对 ${c} 进行令牌化，${e.jurisdiction} 的要求即从 ${requirementZh(e)} 降为 ${requirementZh(e2)}`,
          },
        });
      }
    }
  }

  // 3. More individuals: the smallest number that changes the requirement (binary search; the
  // thresholds of the laws modelled are monotone in the count).
  for (const e of applying) {
    const group = Math.max(
      0,
      flow.subjects.findIndex((s) => s.residence === e.jurisdiction),
    );
    const withExtra = (extra: number): Flow => ({
      ...flow,
      subjects: flow.subjects.map((s, i) => (i === group ? { ...s, count: s.count + extra } : s)),
    });
    const differs = (extra: number) => changed(e, sameEntry(evaluate(withExtra(extra), opts), e));
    if (!differs(MAX_EXTRA)) continue;
    let lo = 0;
    let hi = MAX_EXTRA;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (differs(mid)) hi = mid;
      else lo = mid;
    }
    const e2 = sameEntry(evaluate(withExtra(hi), opts), e);
    out.push({
      kind: 'threshold',
      jurisdiction: e.jurisdiction,
      hop: e.hop?.index ?? null,
      from: requirement(e),
      to: requirement(e2),
      more_individuals: hi,
      text: {
        en: `this exporter crosses a ${e.jurisdiction} threshold after ${hi.toLocaleString('en-US')} more individuals: the requirement becomes ${requirement(e2)}`,
        zh: `再增加 ${hi} 人，本出境方即跨越 ${e.jurisdiction} 的门槛：要求变为 ${requirementZh(e2)}`,
      },
    });
  }
  return out;
}
