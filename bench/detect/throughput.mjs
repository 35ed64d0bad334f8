// Throughput of Data Customs' scanner and of the peers, in a plain Node process (no test runner in
// between), over the corpus that detect.bench.ts wrote. Usage: node throughput.mjs CORPUS.json DIST
// where DIST is the compiled package (`npm run build` writes dist/). Prints one JSON object.
// MB/s per core: UTF-8 bytes over the CPU time of this process, so other load on the machine does
// not count against anyone. Data Customs and redact-pii (the faster peer) are measured in alternating
// slices, so that their ratio holds on a shared machine; openredaction (about 100 times slower) on
// its own.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [corpusFile, dist] = process.argv.slice(2);
const corpus = JSON.parse(readFileSync(corpusFile, 'utf8'));
const detect = await import(pathToFileURL(join(resolve(dist), 'src', 'detect', 'index.js')).href);
const require = createRequire(import.meta.url);
const { SyncRedactor } = require('redact-pii');
const { OpenRedaction } = await import('@openredaction/openredaction');

const redactor = new SyncRedactor();
const shield = new OpenRedaction();
const bytes = (xs) => xs.reduce((n, x) => n + Buffer.byteLength(x, 'utf8') + 1, 0);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const leaves = (v, out = []) => {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) leaves(x, out);
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) leaves(x, out);
  return out;
};

function throughput(input, work, minMs, maxRounds) {
  for (const l of input) work(l); // warm-up
  let rounds = 0;
  const t0 = cpuMs();
  do {
    for (const l of input) work(l);
    rounds++;
  } while (cpuMs() - t0 < minMs && rounds < maxRounds);
  return (bytes(input) * rounds) / ((cpuMs() - t0) / 1000) / 1e6;
}

/**
 * Two tools measured in alternating slices (one pass of each in turn, for at least `minMs` of the
 * first's CPU time and `minRounds` rounds), so that load from other work on a shared machine falls
 * on both alike and their ratio holds even when the absolute numbers move.
 */
function sideBySide(a, b, minMs, minRounds) {
  for (const l of a.input) a.work(l); // warm-up
  for (const l of b.input) b.work(l);
  let ta = 0;
  let tb = 0;
  let rounds = 0;
  do {
    let t = cpuMs();
    for (const l of a.input) a.work(l);
    ta += cpuMs() - t;
    t = cpuMs();
    for (const l of b.input) b.work(l);
    tb += cpuMs() - t;
    rounds++;
  } while (ta < minMs || rounds < minRounds);
  return [(bytes(a.input) * rounds) / (ta / 1000) / 1e6, (bytes(b.input) * rounds) / (tb / 1000) / 1e6];
}

const { records, texts, orders } = corpus;
// The peers are slower: they get about `n` samples spread evenly over the corpus (which is ordered by
// locale), so that every locale is in their share.
const spread = (xs, n) => xs.filter((_, i) => i % Math.max(1, Math.floor(xs.length / n)) === 0).slice(0, n);
const redactLeaves = (l) => {
  for (const x of leaves(JSON.parse(l))) redactor.redact(x);
};
const [oursNdjson, redactNdjson] = sideBySide(
  { input: records, work: (l) => detect.scanRecordHits(JSON.parse(l)) },
  { input: spread(records, 300), work: redactLeaves },
  3000,
  8,
);
const [oursText, redactText] = sideBySide(
  { input: texts, work: (l) => detect.scanTextHits(l) },
  { input: spread(texts, 300), work: (l) => redactor.redact(l) },
  3000,
  8,
);
const [oursOrders, redactOrders] = sideBySide(
  { input: orders, work: (l) => detect.scanRecordHits(JSON.parse(l)) },
  { input: spread(orders, 100), work: redactLeaves },
  3000,
  8,
);
const result = {
  ours: { ndjson: oursNdjson, text: oursText, orders: oursOrders },
  redactPii: { ndjson: redactNdjson, text: redactText, orders: redactOrders },
  openRedaction: {
    ndjson: throughput(
      spread(records, 150),
      (l) => {
        for (const x of leaves(JSON.parse(l))) shield.detect(x);
      },
      2000,
      2,
    ),
    text: throughput(spread(texts, 300), (l) => shield.detect(l), 2000, 2),
    orders: throughput(
      spread(orders, 40),
      (l) => {
        for (const x of leaves(JSON.parse(l))) shield.detect(x);
      },
      2000,
      2,
    ),
  },
};
process.stdout.write(JSON.stringify(result));
