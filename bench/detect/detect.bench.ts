// Detection benchmark: accuracy (precision, recall, F1 per category family and per locale) and speed
// (MB/s) of Data Customs' detectors and of two peers, redact-pii and @openredaction/openredaction, on
// the same labelled corpus in the same run. Run: `npx vitest bench --run bench/detect`.
// Corpus size: BENCH_RECORDS and BENCH_CHATS per locale (default 200 and 150).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bench, describe } from 'vitest';
import { scanRecordHits, scanTextHits } from '../../src/detect/index.js';
import { buildCorpus, buildOrderExport, LOCALES, type Sample } from './corpus.js';
import { family, type Prediction, prf, type Scores, score } from './evaluate.js';
import {
  OPENREDACTION_FAMILIES,
  openRedaction,
  openRedactionTypes,
  perLeaf,
  REDACT_PII_FAMILIES,
  redactPii,
  type TextScanner,
} from './peers.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 200);
const CHATS = Number(process.env.BENCH_CHATS ?? 150);
const samples = buildCorpus({ records: RECORDS, chats: CHATS });
const lines = samples.map((s) => (s.kind === 'record' ? JSON.stringify(s.value) : String(s.value)));
const bytes = (xs: readonly string[]) => xs.reduce((n, x) => n + Buffer.byteLength(x, 'utf8') + 1, 0);

function oursPredict(s: Sample): Prediction[] {
  const hits = s.kind === 'record' ? scanRecordHits(s.value) : scanTextHits(String(s.value));
  return hits.map((h) => h.finding);
}

function peerPredict(scanner: TextScanner) {
  return (s: Sample): Prediction[] =>
    s.kind === 'record'
      ? perLeaf(scanner, s.value)
      : scanner(String(s.value)).flatMap((x) =>
          x.category === null ? [] : [{ path: '$', start: x.start, end: x.end, category: x.category }],
        );
}

const pct = (x: number) => (x * 100).toFixed(1).padStart(5);
function row(
  name: string,
  s: Scores | undefined,
  key: 'overall' | string,
  map: 'byFamily' | 'byLocale' | 'byKind' | 'overall',
): string {
  if (s === undefined) return `${name.padEnd(14)}     —     —     —`;
  const t = map === 'overall' ? s.overall : s[map].get(key);
  if (t === undefined) return `${name.padEnd(14)}     —     —     —`;
  const { p, r, f1 } = prf(t);
  return `${name.padEnd(14)} ${pct(p)} ${pct(r)} ${pct(f1)}`;
}

const t0 = performance.now();
const ours = score(samples, samples.map(oursPredict));
const redact = score(samples, samples.map(peerPredict(redactPii)), REDACT_PII_FAMILIES);
const openr = score(samples, samples.map(peerPredict(openRedaction)), OPENREDACTION_FAMILIES);
const accuracyMs = performance.now() - t0;

const recordLines = lines.filter((_, i) => samples[i]!.kind === 'record');
const textLines = lines.filter((_, i) => samples[i]!.kind === 'text');

// Speed is measured in a plain Node process over the compiled package: a test runner's module
// wrappers slow cross-module calls down and would understate everyone's speed.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dist = process.env.BENCH_DIST ?? join(ROOT, 'dist');
type Speeds = Record<
  'ours' | 'redactPii' | 'openRedaction',
  { ndjson: number; text: number; orders: number }
>;
let speed: Speeds | null = null;
if (existsSync(join(dist, 'src', 'detect', 'index.js'))) {
  const dir = mkdtempSync(join(tmpdir(), 'detect-bench-'));
  const file = join(dir, 'corpus.json');
  const orders = buildOrderExport({ perLocale: Math.max(20, Math.round(RECORDS / 2)) });
  writeFileSync(file, JSON.stringify({ records: recordLines, texts: textLines, orders }));
  const out = execFileSync(process.execPath, [join(ROOT, 'bench', 'detect', 'throughput.mjs'), file, dist], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  speed = JSON.parse(out) as Speeds;
}

const out: string[] = [];
out.push(
  `\nDetection benchmark: ${samples.length} samples (${RECORDS} orders + ${CHATS} chats × ${LOCALES.length} locales), ${(bytes(lines) / 1e6).toFixed(2)} MB, ${ours.overall.tp + ours.overall.fn} labels; scoring took ${(accuracyMs / 1000).toFixed(1)} s`,
);
out.push(
  '\nOverall (precision / recall / F1, %); peers scored only on the families they can name, but recall counts every label:',
);
out.push(`${''.padEnd(14)}     P     R    F1`);
out.push(row('data-customs', ours, 'overall', 'overall'));
out.push(row('redact-pii', redact, 'overall', 'overall'));
out.push(row('openredaction', openr, 'overall', 'overall'));
out.push(
  `exact category (incl. consignee vs contact, UnionPay vs other cards) among data-customs matches: ${pct(ours.overall.exact / Math.max(1, ours.overall.tp))}%`,
);
out.push('\nBy sample kind (data-customs):');
for (const k of ['record', 'text']) out.push(row(k, ours, k, 'byKind'));
out.push('\nBy locale (F1 %: data-customs | redact-pii | openredaction):');
for (const loc of LOCALES) {
  const f = (s: Scores) => {
    const t = s.byLocale.get(loc);
    return t === undefined ? '    —' : pct(prf(t).f1);
  };
  out.push(
    `${loc.padEnd(8)} ${row('', ours, loc, 'byLocale').trim().padStart(17)}   | ${f(redact)} | ${f(openr)}`,
  );
}
out.push('\nBy category family (P / R / F1 % for data-customs; F1 % for the peers where they support it):');
const families = [...ours.byFamily.keys()].sort();
out.push(`${'family'.padEnd(22)}     P     R    F1  labels | redact-pii | openredaction`);
for (const fam of families) {
  const t = ours.byFamily.get(fam)!;
  const { p, r, f1 } = prf(t);
  const peer = (s: Scores, supported: ReadonlySet<string>) => {
    if (!supported.has(fam)) return '         —';
    const pt = s.byFamily.get(fam);
    return pt === undefined ? '         —' : `     ${pct(prf(pt).f1)}`;
  };
  out.push(
    `${fam.padEnd(22)} ${pct(p)} ${pct(r)} ${pct(f1)} ${String(t.tp + t.fn).padStart(6)} | ${peer(redact, REDACT_PII_FAMILIES)} | ${peer(openr, OPENREDACTION_FAMILIES)}`,
  );
}
if (speed === null) {
  out.push(
    `\nSpeed: not measured; run \`npm run build\` first (no ${join(dist, 'src', 'detect', 'index.js')}).`,
  );
} else {
  out.push(
    '\nSpeed (MB/s per core = UTF-8 bytes / CPU time; NDJSON = JSON.parse + scan per line, peers fed each string value):',
  );
  out.push(`${''.padEnd(14)}  labelled NDJSON   chat text   order export NDJSON`);
  for (const [name, s] of Object.entries(speed))
    out.push(
      `${name.padEnd(14)} ${s.ndjson.toFixed(2).padStart(16)} ${s.text.toFixed(2).padStart(11)} ${s.orders.toFixed(2).padStart(21)}`,
    );
  const ratio = (k: 'ndjson' | 'text' | 'orders') =>
    (speed!.ours[k] / Math.max(speed!.redactPii[k], speed!.openRedaction[k])).toFixed(1);
  out.push(
    `ratio to the faster peer: labelled NDJSON ${ratio('ndjson')}×, text ${ratio('text')}×, order export ${ratio('orders')}×`,
  );
}
if (process.env.BENCH_ERRORS) {
  const errs = ours.errors.filter(
    (e) =>
      !process.env.BENCH_ERRORS ||
      process.env.BENCH_ERRORS === '1' ||
      e.family === process.env.BENCH_ERRORS ||
      e.locale === process.env.BENCH_ERRORS,
  );
  out.push('\nErrors (synthetic data):');
  for (const e of errs.slice(0, 200))
    out.push(`${e.kind} ${e.locale} ${e.family} ${e.path} ${JSON.stringify(e.text)}`);
  out.push(
    `openredaction types seen: ${[...openRedactionTypes.entries()].map(([k, n]) => `${k}:${n}`).join(' ')}`,
  );
}
console.log(out.join('\n'));
void family;

describe('detect', () => {
  bench(
    'scanRecord over NDJSON orders (1 pass)',
    () => {
      for (const l of recordLines) scanRecordHits(JSON.parse(l));
    },
    { iterations: 1, warmupIterations: 0 },
  );
});
