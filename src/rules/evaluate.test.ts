import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundledTaxonomy, PACKAGE_ROOT } from '../bundled/bundled-data.js';
import { parseFlow } from '../flow/index.js';
import type { IsoDate } from '../geo/types.js';
import { parseLocatedDocument } from '../shared/located-document.js';
import { compileRulebook } from './compile-rulebook.js';
import { evaluate } from './evaluate.js';

// The evaluator's gap paths: facts and conditions that cannot be evaluated on some hops, hops no step
// decides, and the full trace. The bundled rulebooks never reach them, so two made-up rulebooks do
// (test/fixtures/gap-rulebook*.yaml). The expectations pin what the evaluator reports, in its order.

const taxonomy = loadBundledTaxonomy();
const fixture = (name: string) => {
  const file = join(PACKAGE_ROOT, 'test', 'fixtures', name);
  const doc = parseLocatedDocument(readFileSync(file, 'utf8'), 'yaml');
  const compiled = compileRulebook({ file, value: doc.value, locate: doc.locate });
  if (!compiled.ok) throw new Error(compiled.problems.map((p) => p.message).join('; '));
  return compiled.rulebook;
};
const options = { taxonomy, rulebooks: [fixture('gap-rulebook.yaml'), fixture('gap-rulebook-2.yaml')] };
const flowOf = (text: string) => {
  const checked = parseFlow(text, 'yaml', { taxonomy, today: '2026-11-29' as IsoDate });
  if (!checked.ok) throw new Error(checked.problems.map((p) => p.message).join('; '));
  return checked.flow;
};

const CN_SG_US = flowOf(`version: 1
date: 2026-11-29
exporter: { name: Shop, country: CN }
recipient: { name: Analytics, country: US, relation: group_company }
route: [{ name: SG cloud, country: SG, access: storage_only }]
subjects: [{ residence: CN, kind: customer, count: 240000 }]
categories: [user.name]
purpose: analytics.reporting
occasional: true
safeguards: [cn.standard_contract]
measures: [encryption_in_transit]
`);
const DE_NL_FR = flowOf(`version: 1
date: 2026-11-29
exporter: { name: Shop, country: DE }
recipient: { name: Analytics, country: FR }
route: [{ name: NL relay, country: NL, access: encrypted_only }]
subjects: [{ residence: DE, kind: customer, count: 500 }]
categories: [user.name]
purpose: analytics.reporting
`);

const traceOf = (v: ReturnType<typeof evaluate>) =>
  v.trace.map((t) => `${t.jurisdiction} ${t.hop} ${t.kind} ${t.rule} ${t.result}`);

describe('evaluate', () => {
  describe('when facts and conditions cannot be evaluated', () => {
    it('reports each failure as a gap of its hop, after the undecided hop, and never allows', () => {
      const v = evaluate(CN_SG_US, options);
      expect(v.gaps).toEqual([
        'ZZ: hop 0: no transfer rule decided this hop; the rulebook does not cover it',
        'ZZ: hop 0: fact owner: could not be computed (No such key: nope)',
        'ZZ: hop 0: fact to_us: could not be computed (No such key: nope)',
        "ZZ: hop 0: fact chain: could not be computed (Logical operator requires bool operands, got 'null')",
        'ZZ: hop 0: zz.scope.flaky: condition could not be evaluated (No such key: nope)',
        'ZZ: hop 0: zz.req2: condition could not be evaluated (No such key: nope)',
        'ZZ: hop 0: zz.flaky_duty: condition could not be evaluated (No such key: nope)',
        'ZZ: hop 0: zz.notice: condition could not be evaluated (No such key: nope)',
        'ZZ: hop 1: fact owner: could not be computed (No such key: nope)',
        'ZZ: hop 1: zz.scope.flaky: condition could not be evaluated (No such key: nope)',
        'ZZ: hop 1: zz.contract: condition could not be evaluated (No such key: nope)',
        'ZZ: hop 1: zz.notice: condition could not be evaluated (No such key: nope)',
      ]);
      expect(v.verdict).toBe('mechanism_required');
      expect(
        v.jurisdictions.map((j) => [j.jurisdiction, j.hop?.index, j.verdict, j.decided_by, j.unmet, j.why]),
      ).toEqual([
        [
          'ZZ',
          0,
          'mechanism_required',
          null,
          ['zz.notice'],
          'the Act claims large flows and every first hop',
        ],
        [
          'ZZ',
          1,
          'mechanism_required',
          'zz.req',
          ['zz.notice'],
          'the Act claims large flows and every first hop; large flows towards the US need a contract',
        ],
        [
          'ZY',
          1,
          'allowed',
          'zy.exempt.rest',
          [],
          'a hop to the US; the rest is exempt (the fact base marks as unconfirmed: zy.exempt.rest)',
        ],
      ]);
      expect(v.jurisdictions[1]?.citations).toEqual(['ZZ Art. 1', 'ZZ Art. 7', 'ZZ Art. 9']);
    });

    it('keeps an exemption that holds, with the failure of a later step as a gap', () => {
      const v = evaluate(DE_NL_FR, options);
      expect(v.gaps).toEqual(['ZZ: hop 0: zz.req2: condition could not be evaluated (No such key: nope)']);
      expect(v.jurisdictions).toHaveLength(1);
      expect(v.jurisdictions[0]).toMatchObject({
        jurisdiction: 'ZZ',
        verdict: 'mechanism_required',
        exemptions: ['zz.exempt.small'],
        decided_by: 'zz.exempt.small',
        citations: ['ZZ Art. 1', 'ZZ Art. 1a', 'ZZ Art. 2', 'ZZ Art. 9'],
        unconfirmed: ['zz.scope.flaky'],
      });
      expect(evaluate(DE_NL_FR, { ...options, lang: 'zh' }).jurisdictions[0]?.why).toBe(
        '该法适用于大规模流动及每个首跳; 仅加密的一跳；小规模流动豁免（事实依据尚未确认：zz.scope.flaky）',
      );
    });
  });

  describe('with the full trace', () => {
    it('records every scope rule and step tested, hop by hop, besides the rules that decided', () => {
      expect(traceOf(evaluate(CN_SG_US, { ...options, fullTrace: true }))).toEqual([
        'ZZ 0 scope zz.scope.all true',
        'ZZ 0 scope zz.scope.flaky false',
        'ZZ 0 scope zz.scope.later false',
        'ZZ 0 scope zz.scope.all true',
        'ZZ 0 step zz.ban false',
        'ZZ 0 step zz.exempt.small false',
        'ZZ 0 step zz.req false',
        'ZZ 0 step zz.req2 false',
        'ZZ 0 obligation zz.notice true',
        'ZZ 1 scope zz.scope.all true',
        'ZZ 1 scope zz.scope.flaky false',
        'ZZ 1 scope zz.scope.later false',
        'ZZ 1 scope zz.scope.all true',
        'ZZ 1 step zz.ban false',
        'ZZ 1 step zz.exempt.small false',
        'ZZ 1 step zz.req true',
        'ZZ 1 step zz.req2 true',
        'ZZ 1 step zz.req true',
        'ZZ 1 obligation zz.notice true',
        'ZY 0 scope zy.scope.to_us false',
        'ZY 1 scope zy.scope.to_us true',
        'ZY 1 scope zy.scope.to_us true',
        'ZY 1 step zy.no_authorities false',
        'ZY 1 step zy.exempt.rest true',
        'ZY 1 step zy.exempt.rest true',
      ]);
      expect(traceOf(evaluate(CN_SG_US, options))).toEqual([
        'ZZ 0 scope zz.scope.all true',
        'ZZ 0 obligation zz.notice true',
        'ZZ 1 scope zz.scope.all true',
        'ZZ 1 step zz.req true',
        'ZZ 1 obligation zz.notice true',
        'ZY 1 scope zy.scope.to_us true',
        'ZY 1 step zy.exempt.rest true',
      ]);
    });
  });
});
