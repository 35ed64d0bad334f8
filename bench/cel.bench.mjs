// bench/cel: the two CEL libraries for JavaScript side by side, on every condition of the shipped
// rulebooks: do they agree, and how fast does each evaluate them? Run after `npm run build`:
// `node bench/cel.bench.mjs`. The choice and its reasons: docs/decisions/cel.md.
import * as buf from '@bufbuild/cel';
import { Environment } from '@marcbachmann/cel-js';
import { loadBundledTaxonomy } from '../dist/src/bundled/bundled-data.js';
import { loadBundledRulebooks } from '../dist/src/bundled/bundled-rulebooks.js';
import { parseFlow } from '../dist/src/flow/index.js';
import { buildFlowContext, partiesOf } from '../dist/src/rules/context.js';
import { NO_LISTS } from '../dist/src/rules/index.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const taxonomy = loadBundledTaxonomy();
const rulebooks = loadBundledRulebooks();
const checked = parseFlow(
  `version: 1
date: 2026-11-29
exporter: { name: Beijing Marketplace, country: CN, targets: [EU] }
recipient: { name: US Analytics Inc, country: US }
subjects: [{ residence: CN, kind: customer, count: 240000, prior: 60000 }, { residence: DE, kind: customer, count: 3000 }]
categories: [user.name, user.contact.phone_number, user.biometrics.face]
purpose: analytics.reporting
safeguards: [cn.standard_contract]
`,
  'yaml',
  { taxonomy, today: '2026-11-29' },
);
const flow = checked.flow;
const base = buildFlowContext(flow, taxonomy, NO_LISTS, new Map());
const parties = partiesOf(flow);
const context = {
  ...base,
  hop: { index: 0, first: true, last: true, from: parties[0], to: parties[1] },
  facts: {},
};
for (const rb of rulebooks) for (const f of rb.facts) context.facts[f.name] = f.fn(context);

const expressions = rulebooks.flatMap((rb) => [
  ...rb.source.scope.map((r) => r.when),
  ...rb.source.transfer.map((r) => r.when),
  ...(rb.source.obligations ?? []).flatMap((o) => [o.when, o.met_when].filter(Boolean)),
  ...rb.source.mechanisms.flatMap((m) => [m.in_place_when, m.available_when].filter(Boolean)),
]);

// cel-js: plain objects in, the way the evaluator uses it.
let celjs = new Environment({ homogeneousAggregateLiterals: false });
for (const v of ['flow', 'hop', 'data', 'counts', 'lists', 'regions', 'facts'])
  celjs = celjs.registerVariable(v, 'dyn');
celjs = celjs.registerFunction('sum(list): int', (l) => l.reduce((a, x) => a + BigInt(x), 0n));
const celjsFns = expressions.map((e) => celjs.parse(e));

// @bufbuild/cel: maps must be Map objects; plain objects are not CEL maps. Convert once, outside the timing.
const toCel = (v) =>
  Array.isArray(v)
    ? v.map(toCel)
    : v !== null && typeof v === 'object'
      ? new Map(Object.entries(v).map(([k, x]) => [k, toCel(x)]))
      : typeof v === 'number' && Number.isInteger(v)
        ? BigInt(v)
        : v;
const bufCtx = Object.fromEntries(Object.entries(context).map(([k, v]) => [k, toCel(v)]));
const sumFn = buf.celFunc('sum', [buf.listType(buf.CelScalar.DYN)], buf.CelScalar.INT, (l) => {
  let t = 0n;
  for (const x of l) t += BigInt(x);
  return t;
});
const bufEnv = buf.celEnv({ funcs: [sumFn] });
const bufFns = expressions.map((e) => {
  try {
    return buf.plan(bufEnv, buf.parse(e));
  } catch (err) {
    return () => ({ error: String(err) });
  }
});

let agree = 0;
const disagreements = [];
expressions.forEach((e, i) => {
  let a;
  let b;
  try {
    a = celjsFns[i](context);
  } catch (err) {
    a = `error: ${err.message}`;
  }
  try {
    b = bufFns[i](bufCtx);
  } catch (err) {
    b = `error: ${err.message}`;
  }
  if (b !== null && typeof b === 'object' && 'message' in b) b = `error: ${b.message}`;
  if (String(a) === String(b)) agree++;
  else disagreements.push(`${e}\n    cel-js: ${String(a)}\n    bufbuild: ${String(b)}`);
});
console.log(`${expressions.length} rulebook conditions: the libraries agree on ${agree}`);
for (const d of disagreements.slice(0, 5)) console.log(`  differ: ${d}`);

function measure(name, fn) {
  for (let i = 0; i < 2000; i++) fn();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < SECONDS * 1000) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
  }
  const rate = (n * expressions.length) / ((performance.now() - start) / 1000);
  console.log(`${name.padEnd(40)} ${Math.round(rate).toLocaleString('en-US').padStart(12)} conditions/s`);
  return rate;
}
const a = measure('@marcbachmann/cel-js 8.0.0', () => {
  for (const f of celjsFns) {
    try {
      f(context);
    } catch {}
  }
});
const b = measure('@bufbuild/cel 0.6.1', () => {
  for (const f of bufFns) {
    try {
      f(bufCtx);
    } catch {}
  }
});
console.log(`ratio: cel-js / bufbuild = ${(a / b).toFixed(1)}x`);
