import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadBundledTaxonomy } from '../src/bundled/bundled-data.js';
import { loadBundledRulebooks, loadBundledScenarios } from '../src/bundled/bundled-rulebooks.js';
import { loadListsForEvaluation } from '../src/cli/lists-for-evaluation.js';
import { checkFlow, type Flow, parseFlow } from '../src/flow/index.js';
import type { IsoDate } from '../src/geo/types.js';
import { compareWithExpected, compileRulebook, evaluate, isBetter, whatIf } from '../src/rules/index.js';
import { parseLocatedDocument } from '../src/shared/located-document.js';
import { validFlowArbitrary } from './arbitraries.js';

const taxonomy = loadBundledTaxonomy();
const rulebooks = loadBundledRulebooks();
const options = { rulebooks, taxonomy, lists: loadListsForEvaluation() };
const flowOf = (text: string): Flow => {
  const checked = parseFlow(text, 'yaml', { taxonomy, today: '2026-11-29' as IsoDate });
  if (!checked.ok) throw new Error(checked.problems.map((p) => p.message).join('; '));
  return checked.flow;
};
const CN_ANALYTICS = `version: 1
id: cn-analytics
date: 2026-11-29
exporter: { name: Beijing Shop, country: CN }
recipient: { name: US Analytics, country: US }
route: [{ name: SG cloud, country: SG, access: storage_only }]
subjects: [{ residence: CN, kind: customer, count: 240000, prior: 60000 }]
categories: [user.name, user.contact.phone_number, user.biometrics.face]
purpose: analytics.reporting
`;

describe('compileRulebook', () => {
  const minimal = `jurisdiction: XX
law: Test
name: { en: t, zh: t }
version: "1"
checked: 2026-01-01
sources: [{ citation: c, url: "https://example.org" }]
countries: []
scope:
  - { id: xx.scope, title: { en: t, zh: t }, citation: "Art. 1", source: "https://example.org", in_force: { from: 2020-01-01 }, confidence: confirmed, when: "true", why: { en: w, zh: w } }
mechanisms: []
transfer:
  - { id: xx.req, title: { en: t, zh: t }, citation: "Art. 2", source: "https://example.org", in_force: { from: 2020-01-01 }, confidence: confirmed, when: "flow.nope ==", outcome: require, any_of: [xx.missing], why: { en: w, zh: w } }
`;
  it('fails at load with file, line and rule id for bad CEL and dangling references', () => {
    const doc = parseLocatedDocument(minimal, 'yaml');
    const compiled = compileRulebook({
      file: 'rulebooks/xx/rulebook.yaml',
      value: doc.value,
      locate: doc.locate,
    });
    expect(compiled.ok).toBe(false);
    if (compiled.ok) return;
    const messages = compiled.problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^rulebooks\/xx\/rulebook\.yaml:12: rule xx\.req: mechanism xx\.missing is not defined/,
        ),
        expect.stringMatching(/^rulebooks\/xx\/rulebook\.yaml:12: rule xx\.req: CEL: /),
      ]),
    );
  });
  it('rejects unknown fields', () => {
    const doc = parseLocatedDocument(minimal.replace('countries: []', 'countries: []\ncountrys: []'), 'yaml');
    const compiled = compileRulebook({ file: 'x.yaml', value: doc.value, locate: doc.locate });
    expect(!compiled.ok && compiled.problems[0]?.message).toContain('unknown property `countrys`');
  });
});

describe('evaluate', () => {
  it('requires a standard contract or certification for sensitive PI of fewer than 10,000 but 300,000 in all', () => {
    const v = evaluate(flowOf(CN_ANALYTICS), options);
    const cn = v.jurisdictions.find((j) => j.jurisdiction === 'CN');
    expect(cn).toMatchObject({
      applies: true,
      verdict: 'mechanism_required',
      decided_by: 'cn.req.volume_security_assessment',
    });
    expect(v.evaluated.rulebooks.CN).toMatch(/^[0-9a-f]{64}$/);
  });
  it('is deterministic', () => {
    const flow = flowOf(CN_ANALYTICS);
    expect(JSON.stringify(evaluate(flow, options))).toBe(JSON.stringify(evaluate(flow, options)));
  });
  it('says what would change the verdict, by re-evaluating variants', () => {
    const flow = flowOf(CN_ANALYTICS);
    const hints = whatIf(flow, evaluate(flow, options), options);
    expect(hints.map((h) => h.text.en)).toEqual(
      expect.arrayContaining([
        'adding cn.security_assessment satisfies the CN requirement (mechanism_required -> conditional)',
        'tokenise user.biometrics.face before export and the CN requirement drops from cn.security_assessment to cn.standard_contract or cn.certification',
      ]),
    );
  });
  it('says when the exporter crosses the next threshold', () => {
    const flow = flowOf(
      CN_ANALYTICS.replace(', user.biometrics.face', '').replace(
        'count: 240000, prior: 60000',
        'count: 50000, prior: 37600',
      ),
    );
    const hints = whatIf(flow, evaluate(flow, options), options);
    expect(hints.find((h) => h.kind === 'threshold')).toMatchObject({
      jurisdiction: 'CN',
      more_individuals: 12400,
    });
  });
});

describe('evaluate properties', () => {
  const counts = fc.record({ count: fc.nat({ max: 3_000_000 }), prior: fc.nat({ max: 3_000_000 }) });
  const sensitive = fc.boolean();
  const build = (c: { count: number; prior: number }, s: boolean, safeguards: string[]) =>
    flowOf(
      CN_ANALYTICS.replace('count: 240000, prior: 60000', `count: ${c.count}, prior: ${c.prior}`)
        .replace(', user.biometrics.face', s ? ', user.biometrics.face' : '')
        .replace(
          'purpose: analytics.reporting',
          `purpose: analytics.reporting\nsafeguards: [${safeguards.join(', ')}]`,
        ),
    );
  const mechanisms = ['cn.standard_contract', 'cn.certification', 'cn.security_assessment'];

  it('never worsens a verdict when a mechanism is added', () => {
    fc.assert(
      fc.property(
        counts,
        sensitive,
        fc.subarray(mechanisms),
        fc.constantFrom(...mechanisms),
        (c, s, have, extra) => {
          const before = evaluate(build(c, s, have), options).verdict;
          const after = evaluate(build(c, s, [...new Set([...have, extra])]), options).verdict;
          expect(isBetter(before, after)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
  it('never worsens a CN verdict when counts go down', () => {
    fc.assert(
      fc.property(
        counts,
        fc.nat({ max: 3_000_000 }),
        sensitive,
        fc.subarray(mechanisms),
        (c, cut, s, have) => {
          const lower = { count: Math.max(0, c.count - cut), prior: c.prior };
          const cn = (f: Flow) =>
            evaluate(f, options).jurisdictions.find((j) => j.jurisdiction === 'CN')?.verdict ??
            'not_applicable';
          expect(isBetter(cn(build(c, s, have)), cn(build(lower, s, have)))).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
  it('never throws on a valid flow and is deterministic', () => {
    fc.assert(
      fc.property(counts, sensitive, fc.subarray(mechanisms), (c, s, have) => {
        const f = build(c, s, have);
        expect(stringify(evaluate(f, options))).toBe(stringify(evaluate(f, options)));
      }),
      { numRuns: 100 },
    );
  });
});

describe('rulebook scenarios', () => {
  const { scenarios, problems } = loadBundledScenarios();
  it('are all valid files', () => {
    expect(problems).toEqual([]);
  });
  it.each(
    scenarios.map((s) => [`${s.file}:${s.line} ${s.scenario.id ?? s.scenario.description}`, s] as const),
  )('%s', (_label, s) => {
    expect(compareWithExpected(evaluate(s.flow, options), s.scenario.expected)).toEqual([]);
  });
});

describe('every rulebook', () => {
  const countries = [
    'CN',
    'US',
    'DE',
    'FR',
    'GB',
    'CH',
    'SG',
    'JP',
    'KR',
    'IN',
    'VN',
    'BR',
    'RU',
    'HK',
    'IE',
    'CA',
    'AU',
  ];
  const arbitrary = validFlowArbitrary(taxonomy, { countries });

  it('never throws on a valid flow and leaves no gap', () => {
    fc.assert(
      fc.property(arbitrary, (raw) => {
        const checked = checkFlow(raw, { taxonomy, today: '2026-11-29' as IsoDate });
        if (!checked.ok) return;
        const v = evaluate(checked.flow, options);
        expect(v.gaps).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('finds nothing to apply to a flow that never leaves its country', () => {
    fc.assert(
      fc.property(arbitrary, fc.constantFrom(...countries), (raw, home) => {
        const domestic = {
          ...raw,
          exporter: { ...raw.exporter, country: home, establishments: [home], targets: [home] },
          recipient: {
            ...raw.recipient,
            country: home,
            headquarters: home,
            owned_by: home,
            authority: false,
          },
          route: (raw.route ?? []).map((h) => ({ ...h, country: home })),
          subjects: raw.subjects.map((s) => ({ ...s, residence: home })),
        };
        const checked = checkFlow(domestic, { taxonomy, today: '2026-11-29' as IsoDate });
        if (!checked.ok) return;
        const v = evaluate(checked.flow, options);
        expect(
          v.jurisdictions
            .filter((j) => j.applies && j.verdict !== 'not_applicable' && j.verdict !== 'allowed')
            .map((j) => `${j.jurisdiction}: ${j.verdict} (${j.decided_by})`),
        ).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('conflicts between laws', () => {
  const rulebook = (code: string, transfer: string, obligations = '') => {
    const doc = parseLocatedDocument(
      `jurisdiction: ${code}
law: L${code}
name: { en: t, zh: t }
version: "1"
checked: 2026-01-01
sources: [{ citation: c, url: "https://example.org" }]
countries: []
scope:
  - { id: ${code.toLowerCase()}.scope, title: { en: t, zh: t }, citation: "${code} Art. 1", source: "https://example.org", in_force: { from: 2020-01-01 }, confidence: confirmed, when: "true", why: { en: w, zh: w } }
mechanisms:
  - { id: ${code.toLowerCase()}.exempt.any, title: { en: t, zh: t }, citation: "${code} Art. 2", source: "https://example.org", in_force: { from: 2020-01-01 }, confidence: confirmed }
transfer:
${transfer}
  - { id: ${code.toLowerCase()}.exempt.any, title: { en: t, zh: t }, citation: "${code} Art. 2", source: "https://example.org", in_force: { from: 2020-01-01 }, confidence: confirmed, when: "true", outcome: exempt, why: { en: w, zh: w } }
${obligations}`,
      'yaml',
    );
    const compiled = compileRulebook({ file: `${code}.yaml`, value: doc.value, locate: doc.locate });
    if (!compiled.ok) throw new Error(compiled.problems.map((p) => p.message).join('; '));
    return compiled.rulebook;
  };
  const xx = rulebook(
    'XX',
    '  - { id: xx.no_authorities, title: { en: t, zh: t }, citation: "XX Art. 41", source: "https://example.org", in_force: { from: 2020-01-01 }, confidence: confirmed, when: flow.recipient.authority, outcome: prohibit, why: { en: w, zh: w } }',
  );
  const yy = rulebook(
    'YY',
    '',
    `obligations:
  - { id: yy.production_order, title: { en: t, zh: t }, citation: "YY Act s. 2713", source: "https://example.org", in_force: { from: 2020-01-01 }, confidence: confirmed, when: flow.recipient.authority, precondition: false, compels_transfer: true }`,
  );
  it('names the conflict when one law prohibits what another compels', () => {
    const flow = flowOf(
      CN_ANALYTICS.replace(
        'recipient: { name: US Analytics, country: US }',
        'recipient: { name: US Court, country: US, authority: true }',
      ).replace(/route: .*\n/, ''),
    );
    const v = evaluate(flow, { rulebooks: [xx, yy], taxonomy });
    expect(v.conflicts).toHaveLength(1);
    expect(v.conflicts[0]).toMatchObject({
      prohibited_by: { jurisdiction: 'XX', rule: 'xx.no_authorities' },
      compelled_by: { jurisdiction: 'YY', rule: 'yy.production_order' },
    });
    expect(evaluate(flowOf(CN_ANALYTICS), { rulebooks: [xx, yy], taxonomy }).conflicts).toEqual([]);
  });
});
