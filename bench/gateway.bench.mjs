// bench/gateway: autocannon against POST /v1/flows/{id}/transfers with 100-record order batches (all five
// steps on: inspect by field mapping, decide with live counts, transform with the default profile, count,
// record in the ledger) and against a bare Fastify route that parses and echoes the same body, in the same
// run. Prints requests/s, records/s, p50/p99 latency and the ratio, then the gateway's p99 at half its
// maximum rate. SQLite store and ledger on disk in a temporary folder; the vault in memory.
//
// Run after a build: `npm run build && node bench/gateway.bench.mjs` (BENCH_SECONDS=5 per case,
// BENCH_CONNECTIONS=10; DC_DIST=path/to/dist to use another build).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const DIST = process.env.DC_DIST ?? join(ROOT, 'dist');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const BATCH = 100;

const { loadBundledTaxonomy } = await import(join(DIST, 'src/bundled/bundled-data.js'));
const { loadBundledRulebooks } = await import(join(DIST, 'src/bundled/bundled-rulebooks.js'));
const { createServer } = await import(join(DIST, 'src/server/index.js'));
const { openStore, openLedgerStore } = await import(join(DIST, 'src/store/index.js'));
const { generateNoteKey } = await import(join(DIST, 'src/ledger/index.js'));
const protect = await import(join(DIST, 'src/protect/index.js'));

const taxonomy = loadBundledTaxonomy();
const orders = readFileSync(join(HERE, 'protect', 'orders.ndjson'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
// 100-record batches; customer ids cycle over 5,000 people, so counting sees both new and known
// individuals and the counters stay under the thresholds that would refuse.
let next = 0;
function batchBody() {
  const records = Array.from({ length: BATCH }, (_, i) => {
    const o = orders[(next + i) % orders.length];
    return { ...o, customer: { ...o.customer, id: `C-${(next * 7 + i * 13) % 5000}` } };
  });
  next++;
  return JSON.stringify({
    subject_field: '$.customer.id',
    fields: {
      '$.customer.name': 'user.name',
      '$.customer.email': 'user.contact.email',
      '$.customer.phone': 'user.contact.phone_number',
      '$.shipping.address': 'user.contact.address',
    },
    records,
  });
}
const bodies = Array.from({ length: 64 }, batchBody);

const FLOW = {
  version: 1,
  id: 'orders-to-sg',
  date: new Date().toISOString().slice(0, 10),
  exporter: { name: 'Hangzhou Shop', country: 'CN' },
  recipient: { name: 'SG Fulfilment', country: 'SG' },
  subjects: [{ residence: 'CN', kind: 'customer', count: 1000 }],
  categories: ['user.name', 'user.contact.email', 'user.contact.phone_number', 'user.contact.address'],
  purpose: 'essential.service.fulfilment.delivery',
};

const data = mkdtempSync(join(tmpdir(), 'customs-bench-'));
const store = await openStore({ kind: 'sqlite', dataDir: data });
await store.migrate();
const ledger = await openLedgerStore({ kind: 'sqlite', dataDir: data });
await ledger.migrate();
const profile = protect.parseProfileOrThrow(readFileSync(join(ROOT, 'profiles', 'default.yaml'), 'utf8'), {
  taxonomy,
  file: 'profiles/default.yaml',
});
const random = (n) => new Uint8Array(randomBytes(n));
const ring = protect.createKeyRing(random(32), 'now');
const vault = protect.createVault({
  storage: protect.createMemoryVaultStorage(),
  keys: protect.createLocalKeyProvider({ load: () => ring, random }),
  random,
  clock: { now: () => new Date() },
  policy: () => profile.vault,
});
const { key } = await store.gateway.createApiKey({
  tenant: 'bench',
  role: 'operator',
  now: new Date().toISOString(),
  random: randomBytes(30),
});
const logKey = generateNoteKey('bench.example/log', new Uint8Array(32).fill(7));
const gateway = await createServer({
  taxonomy,
  store,
  rulebooks: loadBundledRulebooks(),
  clock: { now: () => new Date() },
  auth: 'required',
  vault,
  profiles: (name) => (name === 'default' ? profile : undefined),
  bodyLimit: 4 * 1024 * 1024,
  ledger: { store: ledger, logVerifierKey: logKey.verifierKey },
});
const gatewayUrl = await gateway.listen({ host: '127.0.0.1', port: 0 });
const declared = await fetch(`${gatewayUrl}/v1/flows`, {
  method: 'POST',
  headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  body: JSON.stringify(FLOW),
});
if (declared.status !== 201 && declared.status !== 200) throw new Error(`declare: ${declared.status}`);
const probe = await fetch(`${gatewayUrl}/v1/flows/orders-to-sg/transfers`, {
  method: 'POST',
  headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  body: bodies[0],
});
if (probe.status !== 201) throw new Error(`probe transfer: ${probe.status} ${await probe.text()}`);

const bare = Fastify({ bodyLimit: 4 * 1024 * 1024 });
bare.post('/echo', async (req) => req.body);
const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

function run(url, headers, extra = {}) {
  let i = 0;
  return autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { 'content-type': 'application/json', ...headers },
    requests: [{ setupRequest: (r) => ({ ...r, body: bodies[i++ % bodies.length] }) }],
    ...extra,
  });
}

const summary = (name, r) => {
  const ok = r['2xx'];
  const rps = ok / SECONDS;
  return {
    name,
    'requests/s': Math.round(rps),
    'records/s': Math.round(rps * BATCH),
    'p50 ms': r.latency.p50,
    'p99 ms': r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
};

await run(`${bareUrl}/echo`, {}, { duration: 1 }); // warm up
await run(
  `${gatewayUrl}/v1/flows/orders-to-sg/transfers`,
  { authorization: `Bearer ${key}` },
  { duration: 1 },
);
const bareResult = summary('bare Fastify parse + echo', await run(`${bareUrl}/echo`, {}));
const gwResult = summary(
  'gateway, all five steps',
  await run(`${gatewayUrl}/v1/flows/orders-to-sg/transfers`, { authorization: `Bearer ${key}` }),
);
const half = Math.max(1, Math.floor(gwResult['requests/s'] / 2));
const halfResult = summary(
  `gateway at half rate (${half} req/s)`,
  await run(
    `${gatewayUrl}/v1/flows/orders-to-sg/transfers`,
    { authorization: `Bearer ${key}` },
    { overallRate: half },
  ),
);

console.log(
  `bench/gateway: ${BATCH}-record batches, ${CONNECTIONS} connections, ${SECONDS} s per case, SQLite on disk, node ${process.version}`,
);
console.table([bareResult, gwResult, halfResult]);
console.log(
  `ratio gateway/bare: ${((gwResult['requests/s'] / bareResult['requests/s']) * 100).toFixed(1)}% (aim: at least 40%); p99 at half rate: ${halfResult['p99 ms']} ms (aim: under 25 ms)`,
);
console.log(`ledger size after the run: ${await ledger.size()}`);

await gateway.close();
await bare.close();
await ledger.close();
await store.close();
rmSync(data, { recursive: true, force: true });
