// bench/evaluate: evaluations per second of a 3-hop flow claimed by three jurisdictions, in process,
// against the same China threshold rules written for json-rules-engine (what a team would otherwise
// pick), side by side in one run. Run after `npm run build`: `node bench/evaluate.bench.mjs`.
//
// What is measured (docs/decisions/evaluator-speed.md):
// - `evaluate` against all the bundled rulebooks, computing the whole verdict (every hop, citations,
//   trace of the deciding rules, obligations), and against the China rulebook alone (like for like
//   with json-rules-engine, which only has the China threshold rules);
// - json-rules-engine deciding the same China thresholds from the same flow, its facts computed from
//   the flow by the caller on every run (as a json-rules-engine user would);
// - all three on the same 8 variants of the flow (the counts differ), taken in turn, so that nothing
//   computed for one call could be reused by the next: every call computes its verdict. `evaluate`
//   keeps no verdict cache; it caches only what depends on the rulebooks, the lists and the date;
// - in interleaved slices (each contestant runs for a slice, then the next, round after round), so
//   that other load on the machine falls on all of them alike; medians over the rounds, and each
//   ratio is the median of the ratios within a round. Rates are given per second of wall-clock time
//   and per second of CPU time of the process (all its threads, GC included): on a shared machine the
//   latter is the rate on one core.
//
// `BENCH_SECONDS=N` sets the time per contestant (default 3, after a warm-up of half as long); `BENCH_DIST=path/to/dist` measures
// another build of data-customs (to compare builds in the same conditions).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Engine } from 'json-rules-engine';

const dist = process.env.BENCH_DIST
  ? pathToFileURL(`${resolve(process.env.BENCH_DIST)}/`)
  : new URL('../dist/', import.meta.url);
const load = (path) => import(new URL(path, dist).href);
const { loadBundledTaxonomy } = await load('src/bundled/bundled-data.js');
const { loadBundledRulebooks } = await load('src/bundled/bundled-rulebooks.js');
const { loadListsForEvaluation } = await load('src/cli/lists-for-evaluation.js');
const { parseFlow } = await load('src/flow/index.js');
const { evaluate } = await load('src/rules/index.js');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = 20;
const SLICE_MS = (SECONDS * 1000) / ROUNDS;
const WARM_UP_MS = Math.max(1000, SECONDS * 500);
const taxonomy = loadBundledTaxonomy();
const rulebooks = loadBundledRulebooks();
const lists = loadListsForEvaluation();
const options = { rulebooks, taxonomy, lists };
const chinaOnly = { rulebooks: rulebooks.filter((r) => r.source.jurisdiction === 'CN'), taxonomy, lists };

// A Beijing marketplace's orders go through its Singapore regional hub (a controller) to a processing
// centre in Frankfurt, and on to a US analytics firm: PIPL claims the export from China, the GDPR the
// hops from Frankfurt (and the EU market the marketplace targets), Singapore's PDPA the onward
// transfer from its hub.
const FLOW = `version: 1
id: bench-3-hops
date: 2026-11-29
exporter: { name: Beijing Marketplace, country: CN, establishments: [CN, DE], targets: [CN, EU] }
recipient: { name: US Analytics Inc, country: US, role: processor }
route:
  - { name: Singapore regional hub, country: SG, role: controller, access: full }
  - { name: Frankfurt processing centre, country: DE, role: processor, access: full }
subjects:
  - { residence: CN, kind: customer, count: COUNT, prior: 60000 }
  - { residence: DE, kind: customer, count: 30000 }
categories: [user.name, user.contact.phone_number, user.contact.address, user.behavior.purchase_history, user.biometrics.face]
purpose: analytics.reporting
safeguards: [cn.standard_contract, eu.scc]
`;
const flows = Array.from({ length: 8 }, (_, k) => {
  const checked = parseFlow(FLOW.replace('COUNT', String(240_000 + 1_000 * k)), 'yaml', {
    taxonomy,
    today: '2026-11-29',
  });
  if (!checked.ok) throw new Error(checked.problems.map((p) => p.message).join('; '));
  return checked.flow;
});
const sample = evaluate(flows[0], options);
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
const factsOf = (flow) => {
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

// Both decide the same for China: a security assessment (sensitive data of more than 10,000 people).
const jreDecision = (await engine.run(factsOf(flows[0]))).events[0]?.type;
const ours = sample.jurisdictions.find((j) => j.jurisdiction === 'CN' && j.applies);
console.log(`China: data-customs ${ours?.decided_by} (${ours?.verdict}); json-rules-engine ${jreDecision}`);

const contestants = [
  {
    name: `data-customs evaluate, all ${rulebooks.length} rulebooks`,
    run: (n, i) => {
      for (let k = 0; k < n; k++) evaluate(flows[(i + k) & 7], options);
    },
  },
  {
    name: 'data-customs evaluate, China rulebook only',
    run: (n, i) => {
      for (let k = 0; k < n; k++) evaluate(flows[(i + k) & 7], chinaOnly);
    },
  },
  {
    name: 'json-rules-engine, China threshold rules',
    run: async (n, i) => {
      for (let k = 0; k < n; k++) await engine.run(factsOf(flows[(i + k) & 7]));
    },
  },
];

const cpuMicros = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
for (const c of contestants) {
  c.wall = [];
  c.cpu = [];
  // Warm up for a while, not a number of calls: the JIT compiles in the background, late on a busy machine.
  const start = performance.now();
  while (performance.now() - start < WARM_UP_MS) await c.run(20, 0);
}
for (let round = 0; round < ROUNDS; round++) {
  for (const c of contestants) {
    let n = 0;
    const cpu0 = cpuMicros();
    const start = performance.now();
    while (performance.now() - start < SLICE_MS) {
      await c.run(20, n);
      n += 20;
    }
    const wall = (performance.now() - start) / 1000;
    c.wall.push(n / wall);
    c.cpu.push(n / Math.max((cpuMicros() - cpu0) / 1e6, 1e-6));
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rate = (x) => Math.round(x).toLocaleString('en-US').padStart(10);
const ratio = (a, b, k) => median(a[k].map((x, i) => x / b[k][i]));
const [all, china, jre] = contestants;

console.log(
  `flow: 3 hops (CN -> SG -> DE -> US), claimed by ${claimed.join(', ')}; 8 variants taken in turn; ${ROUNDS} rounds of ${SLICE_MS} ms per contestant, interleaved; node ${process.version}`,
);
console.log(`${''.padEnd(46)}  evaluations/s  per CPU-second`);
for (const c of contestants)
  console.log(`${c.name.padEnd(46)} ${rate(median(c.wall))}  ${rate(median(c.cpu))}`);
const allVsJre = ratio(all, jre, 'cpu');
console.log(
  `ratio: data-customs (all rulebooks) / json-rules-engine = ${ratio(all, jre, 'wall').toFixed(1)}x (per CPU-second ${allVsJre.toFixed(1)}x; aim 10x: ${allVsJre >= 10 ? 'met' : 'not met'})`,
);
console.log(
  `ratio: data-customs (China only) / json-rules-engine = ${ratio(china, jre, 'wall').toFixed(1)}x (per CPU-second ${ratio(china, jre, 'cpu').toFixed(1)}x), like for like`,
);
const perCore = median(all.cpu);
console.log(
  `aim 20,000 evaluations/s on one core (all rulebooks, per CPU-second): ${perCore >= 20_000 ? 'met' : 'not met'} (${Math.round(perCore).toLocaleString('en-US')})`,
);
