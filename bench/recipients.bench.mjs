// bench/recipients: what resolving a recipients-registry reference costs an evaluation. The same 3-hop
// flow evaluated with its recipient inline (certification and SCCs written into the declaration) and as
// `{ ref }` resolved for the day from a registry entry holding the same certification and contract, with
// the verdict explained (the re-evaluation that finds what relies on the registry's certifications
// included), side by side in one run. Run after `npm run build`: `node bench/recipients.bench.mjs`.
import { loadBundledTaxonomy } from '../dist/src/bundled/bundled-data.js';
import { loadBundledRulebooks } from '../dist/src/bundled/bundled-rulebooks.js';
import { loadListsForEvaluation } from '../dist/src/cli/lists-for-evaluation.js';
import { checkFlow } from '../dist/src/flow/index.js';
import { checkRecipient, evaluateWithRegistry } from '../dist/src/recipients/index.js';
import { evaluate } from '../dist/src/rules/index.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const taxonomy = loadBundledTaxonomy();
const options = { rulebooks: loadBundledRulebooks(), taxonomy, lists: loadListsForEvaluation() };

const entry = checkRecipient({
  id: 'us-analytics',
  name: 'US Analytics Inc',
  country: 'US',
  role: 'processor',
  certifications: [{ id: 'eu-us-dpf', from: '2024-03-01', until: '2027-03-01' }],
  contracts: [
    {
      mechanism: 'cn.standard_contract',
      signed: '2026-01-05',
      effective: '2026-01-05',
      filed: '2026-01-12',
      reference: 'CN-1',
    },
    {
      mechanism: 'eu.scc',
      signed: '2025-01-10',
      effective: '2025-02-01',
      expires: '2027-02-01',
      reference: 'SCC-7',
    },
  ],
});
if (!entry.ok) throw new Error(entry.problems.map((p) => p.message).join('; '));
const base = {
  version: 1,
  id: 'bench-registry',
  date: '2026-11-29',
  exporter: {
    name: 'Beijing Marketplace',
    country: 'CN',
    establishments: ['CN', 'DE'],
    targets: ['CN', 'EU'],
  },
  route: [
    { name: 'Singapore cloud region', country: 'SG', access: 'storage_only' },
    { name: 'Frankfurt processing centre', country: 'DE', role: 'processor', access: 'full' },
  ],
  subjects: [
    { residence: 'CN', kind: 'customer', count: 240000, prior: 60000 },
    { residence: 'DE', kind: 'customer', count: 30000 },
  ],
  categories: [
    'user.name',
    'user.contact.phone_number',
    'user.contact.address',
    'user.behavior.purchase_history',
  ],
  purpose: 'analytics.reporting',
};
const check = (value, extra = {}) => {
  const c = checkFlow(value, { taxonomy, today: '2026-11-29', ...extra });
  if (!c.ok) throw new Error(c.problems.map((p) => p.message).join('; '));
  return c.flow;
};
const inline = check({
  ...base,
  recipient: { name: 'US Analytics Inc', country: 'US', role: 'processor', certifications: ['eu-us-dpf'] },
  safeguards: ['cn.standard_contract', 'eu.scc'],
});
const byRef = check(
  { ...base, recipient: { ref: 'us-analytics' } },
  {
    recipients: {
      get: (id) => (id === 'us-analytics' ? entry.entry : undefined),
      ids: () => ['us-analytics'],
    },
  },
);
const found = { entry: entry.entry, version: 1 };

const a = evaluate(inline, options);
const b = evaluateWithRegistry(byRef, found, options).verdict;
const same =
  JSON.stringify(a.jurisdictions.map((j) => [j.jurisdiction, j.verdict, j.mechanisms.satisfied_by])) ===
  JSON.stringify(b.jurisdictions.map((j) => [j.jurisdiction, j.verdict, j.mechanisms.satisfied_by]));

function rate(fn) {
  for (let i = 0; i < 50; i++) fn();
  let n = 0;
  const end = performance.now() + SECONDS * 1000;
  while (performance.now() < end) {
    for (let i = 0; i < 20; i++) fn();
    n += 20;
  }
  return n / SECONDS;
}
const inlineRate = rate(() => evaluate(inline, options));
const refRate = rate(() => evaluateWithRegistry(byRef, found, options));
console.log(`verdicts agree (jurisdiction, level, mechanism in place): ${same ? 'yes' : 'NO'}`);
console.log(`inline recipient:            ${inlineRate.toFixed(0)} evaluations/s`);
console.log(`registry reference resolved: ${refRate.toFixed(0)} evaluations/s (explained, reliance found)`);
console.log(`ratio (registry / inline):   ${(refRate / inlineRate).toFixed(2)}`);
