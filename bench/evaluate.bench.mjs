// bench/evaluate: evaluations per second of a 3-hop flow claimed by several jurisdictions, in process,
// against the same China threshold rules written for json-rules-engine (what a team would otherwise
// pick), side by side in one run. Run after `npm run build`: `node bench/evaluate.bench.mjs`.
import { Engine } from 'json-rules-engine';
import { loadBundledTaxonomy } from '../dist/src/bundled/bundled-data.js';
import { loadBundledRulebooks } from '../dist/src/bundled/bundled-rulebooks.js';
import { loadListsForEvaluation } from '../dist/src/cli/lists-for-evaluation.js';
import { parseFlow } from '../dist/src/flow/index.js';
import { evaluate } from '../dist/src/rules/index.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const taxonomy = loadBundledTaxonomy();
const rulebooks = loadBundledRulebooks();
const options = { rulebooks, taxonomy, lists: loadListsForEvaluation() };

const FLOW = `version: 1
id: bench-3-hops
date: 2026-11-29
exporter: { name: Beijing Marketplace, country: CN, establishments: [CN, DE], targets: [CN, EU] }
recipient: { name: US Analytics Inc, country: US, role: processor }
route:
  - { name: Singapore cloud region, country: SG, access: storage_only }
  - { name: Frankfurt processing centre, country: DE, role: processor, access: full }
subjects:
  - { residence: CN, kind: customer, count: 240000, prior: 60000 }
  - { residence: DE, kind: customer, count: 30000 }
categories: [user.name, user.contact.phone_number, user.contact.address, user.behavior.purchase_history, user.biometrics.face]
purpose: analytics.reporting
safeguards: [cn.standard_contract, eu.scc]
`;
const checked = parseFlow(FLOW, 'yaml', { taxonomy, today: '2026-11-29' });
if (!checked.ok) throw new Error(checked.problems.map((p) => p.message).join('; '));
const flow = checked.flow;
const sample = evaluate(flow, options);
const claimed = [...new Set(sample.jurisdictions.filter((j) => j.applies).map((j) => j.jurisdiction))];

// The same China decision (CAC Order 16 Arts. 5, 7, 8) for json-rules-engine: one rule per step,
// priorities giving the order, facts computed by the caller as a json-rules-engine user would.
const engine = new Engine([], { allowUndefinedFacts: true });
const rule = (name, priority, conditions, type) =>
  engine.addRule({ name, priority, conditions, event: { type } });
rule('authority', 100, { all: [{ fact: 'authority', operator: 'equal', value: true }] }, 'prohibit');
rule(
  'no_pi',
  90,
  {
    all: [
      { fact: 'personal', operator: 'equal', value: false },
      { fact: 'important', operator: 'equal', value: false },
    ],
  },
  'exempt',
);
rule(
  'necessity',
  80,
  {
    all: [
      { fact: 'necessity', operator: 'equal', value: true },
      { fact: 'important', operator: 'equal', value: false },
    ],
  },
  'exempt',
);
rule('ciio', 70, { all: [{ fact: 'ciio', operator: 'equal', value: true }] }, 'security_assessment');
rule(
  'important',
  60,
  { all: [{ fact: 'important', operator: 'equal', value: true }] },
  'security_assessment',
);
rule(
  'sa_volume',
  50,
  {
    any: [
      { fact: 'individuals', operator: 'greaterThanInclusive', value: 1_000_000 },
      {
        all: [
          { fact: 'sensitive', operator: 'equal', value: true },
          { fact: 'individuals', operator: 'greaterThanInclusive', value: 10_000 },
        ],
      },
    ],
  },
  'security_assessment',
);
rule(
  'scc_volume',
  40,
  {
    any: [
      { fact: 'individuals', operator: 'greaterThanInclusive', value: 100_000 },
      { fact: 'sensitive', operator: 'equal', value: true },
    ],
  },
  'standard_contract',
);
rule(
  'volume_exempt',
  30,
  {
    all: [
      { fact: 'individuals', operator: 'lessThan', value: 100_000 },
      { fact: 'sensitive', operator: 'equal', value: false },
    ],
  },
  'exempt',
);
const facts = () => {
  const cats = flow.expanded.categories.map((k) => taxonomy.getCategory(k));
  return {
    authority: flow.recipient.authority,
    personal: cats.some((c) => c.classes.pipl.personal),
    sensitive: cats.some((c) => c.classes.pipl.sensitive),
    important: flow.important_data,
    ciio: flow.exporter.ciio,
    necessity: flow.basis.contract_necessity,
    individuals: flow.subjects.filter((s) => s.residence === 'CN').reduce((n, s) => n + s.count + s.prior, 0),
  };
};

async function measure(name, fn) {
  for (let i = 0; i < 200; i++) await fn(); // warm up
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < SECONDS * 1000) {
    for (let i = 0; i < 100; i++) await fn();
    n += 100;
  }
  const rate = n / ((performance.now() - start) / 1000);
  console.log(`${name.padEnd(58)} ${Math.round(rate).toLocaleString('en-US').padStart(10)} evaluations/s`);
  return rate;
}

console.log(
  `flow: 3 hops (CN -> SG -> DE -> US), claimed by ${claimed.join(', ')}; ${SECONDS}s per run; node ${process.version}`,
);
const ours = await measure(
  `data-customs evaluate (all rulebooks: ${rulebooks.map((r) => r.source.jurisdiction).join(', ')})`,
  () => evaluate(flow, options),
);
const jre = await measure('json-rules-engine (China thresholds only)', () => engine.run(facts()));
console.log(`ratio: data-customs / json-rules-engine = ${(ours / jre).toFixed(1)}x`);
