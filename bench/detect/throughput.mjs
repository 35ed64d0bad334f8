// Throughput of Data Customs' scanner and of the peers, in a plain Node process (no test runner in
// between), over the corpus that detect.bench.ts wrote. Usage: node throughput.mjs CORPUS.json DIST
// where DIST is the compiled package (`npm run build` writes dist/). Prints one JSON object.
// MB/s per core: UTF-8 bytes over the CPU time of this process, so other load on the machine does
// not count against anyone.

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

const { records, texts, orders } = corpus;
const result = {
  ours: {
    ndjson: throughput(records, (l) => detect.scanRecordHits(JSON.parse(l)), 3000, 50),
    text: throughput(texts, (l) => detect.scanTextHits(l), 3000, 50),
    orders: throughput(orders, (l) => detect.scanRecordHits(JSON.parse(l)), 3000, 50),
  },
  redactPii: {
    ndjson: throughput(
      records.slice(0, 800),
      (l) => {
        for (const x of leaves(JSON.parse(l))) redactor.redact(x);
      },
      2000,
      5,
    ),
    text: throughput(texts.slice(0, 800), (l) => redactor.redact(l), 2000, 5),
    orders: throughput(
      orders.slice(0, 200),
      (l) => {
        for (const x of leaves(JSON.parse(l))) redactor.redact(x);
      },
      2000,
      5,
    ),
  },
  openRedaction: {
    ndjson: throughput(
      records.slice(0, 150),
      (l) => {
        for (const x of leaves(JSON.parse(l))) shield.detect(x);
      },
      2000,
      2,
    ),
    text: throughput(texts.slice(0, 300), (l) => shield.detect(l), 2000, 2),
    orders: throughput(
      orders.slice(0, 40),
      (l) => {
        for (const x of leaves(JSON.parse(l))) shield.detect(x);
      },
      2000,
      2,
    ),
  },
};
process.stdout.write(JSON.stringify(result));
