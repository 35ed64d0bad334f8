// Prints a digest of the verdicts the built evaluator gives (run after `npm run build`): for every
// example flow, every rulebook scenario and a few thousand flows recombined from them (seeded, so the
// same every run), the SHA-256 of the verdict's JSON in English and in Chinese, with and without the
// full trace, and of the what-if hints. A change to the evaluator that must not change its results is
// checked by comparing the output before and after:
//
//   node scripts/verdict-digest.mjs > before.txt   # on the old build
//   node scripts/verdict-digest.mjs > after.txt    # on the new build
//   diff before.txt after.txt                      # no output: byte-identical verdicts
//
// `VERDICT_DIGEST_MIXED=N` sets the number of recombined flows (default 3000).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBundledTaxonomy } from '../dist/src/bundled/bundled-data.js';
import { loadBundledRulebooks, loadBundledScenarios } from '../dist/src/bundled/bundled-rulebooks.js';
import { loadListsForEvaluation } from '../dist/src/cli/lists-for-evaluation.js';
import { parseFlow } from '../dist/src/flow/index.js';
import { compileRulebook, evaluate, whatIf } from '../dist/src/rules/index.js';
import { parseLocatedDocument } from '../dist/src/shared/located-document.js';

const root = new URL('..', import.meta.url).pathname;
const taxonomy = loadBundledTaxonomy();
const rulebooks = loadBundledRulebooks();
const lists = loadListsForEvaluation();
const options = { rulebooks, taxonomy, lists };
const today = '2026-11-29';
// Two made-up rulebooks whose conditions fail on some flows and hops: the gap paths, which the bundled
// rulebooks never reach, evaluated on every flow as well.
const fixture = (name) => {
  const file = join(root, 'test', 'fixtures', name);
  const doc = parseLocatedDocument(readFileSync(file, 'utf8'), 'yaml');
  const compiled = compileRulebook({ file, value: doc.value, locate: doc.locate });
  if (!compiled.ok) throw new Error(compiled.problems.map((p) => p.message).join('; '));
  return compiled.rulebook;
};
const gapOptions = {
  taxonomy,
  lists,
  rulebooks: [fixture('gap-rulebook.yaml'), fixture('gap-rulebook-2.yaml')],
};
const sha = (v) => createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 24);

const flows = [];
for (const f of readdirSync(join(root, 'examples')).sort()) {
  if (!/\.(ya?ml|json)$/.test(f)) continue;
  const checked = parseFlow(
    readFileSync(join(root, 'examples', f), 'utf8'),
    f.endsWith('.json') ? 'json' : 'yaml',
    {
      taxonomy,
      today,
    },
  );
  if (checked.ok) flows.push([`example ${f}`, checked.flow]);
}
const { scenarios } = loadBundledScenarios();
for (const s of scenarios) flows.push([`scenario ${s.file}:${s.line}`, s.flow]);

// Recombined flows: the parts of scenario flows mixed (exporter of one, recipient of another, ...),
// with safeguards and measures drawn from every mechanism and obligation id, and dates across the
// years the rulebooks cover. A small seeded generator keeps the set the same from run to run.
let seed = 20261129;
const rand = (n) => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed % n;
};
const pick = (xs) => xs[rand(xs.length)];
const strip = (v) => {
  if (Array.isArray(v)) return v.map(strip);
  if (typeof v !== 'object' || v === null) return v;
  const out = {};
  for (const [k, x] of Object.entries(v)) if (x !== null && k !== 'expanded') out[k] = strip(x);
  return out;
};
const bases = scenarios.map((s) => strip(s.flow));
const ids = [
  ...new Set(
    rulebooks.flatMap((rb) => [
      ...rb.mechanisms.keys(),
      ...rb.obligations.keys(),
      ...rb.transfer.map((t) => t.id),
    ]),
  ),
].sort();
const dates = [...new Set(bases.map((b) => b.date))].concat([
  '2017-06-01',
  '2019-03-01',
  '2021-01-15',
  '2024-04-01',
  '2031-12-28',
]);
const mixed = Number(process.env.VERDICT_DIGEST_MIXED ?? 3000);
let made = 0;
for (let i = 0; made < mixed && i < mixed * 4; i++) {
  const f = { ...pick(bases) };
  for (const k of ['exporter', 'recipient', 'route', 'subjects', 'categories', 'purpose', 'basis', 'date'])
    if (rand(3) === 0) f[k] = pick(bases)[k];
  if (rand(4) === 0) f.date = pick(dates);
  if (rand(3) === 0) f.safeguards = [...new Set([...(f.safeguards ?? []), pick(ids), pick(ids)])];
  if (rand(3) === 0) f.measures = [...new Set([...(f.measures ?? []), pick(ids)])];
  if (rand(5) === 0) f.important_data = !f.important_data;
  if (rand(5) === 0) f.occasional = !f.occasional;
  if (rand(6) === 0 && Array.isArray(f.subjects))
    f.subjects = f.subjects.map((s) => ({
      ...s,
      count: s.count * (1 + rand(20)),
      prior: rand(2) ? 0 : s.prior,
    }));
  const checked = parseFlow(JSON.stringify(f), 'json', { taxonomy, today });
  if (!checked.ok) continue;
  flows.push([`mixed ${made}`, checked.flow]);
  made++;
}

const all = createHash('sha256');
for (const [label, flow] of flows) {
  const en = evaluate(flow, options);
  const parts = [
    sha(en),
    sha(evaluate(flow, { ...options, lang: 'zh' })),
    sha(evaluate(flow, { ...options, fullTrace: true })),
    sha(whatIf(flow, en, options)),
  ];
  const gap = evaluate(flow, gapOptions);
  parts.push(
    sha(gap),
    sha(evaluate(flow, { ...gapOptions, lang: 'zh', fullTrace: true })),
    sha(whatIf(flow, gap, gapOptions)),
  );
  const line = `${label} ${en.verdict} ${gap.verdict} gaps=${gap.gaps.length} ${parts.join(' ')}`;
  all.update(line);
  console.log(line);
}
console.log(`${flows.length} flows; digest ${all.digest('hex')}`);
