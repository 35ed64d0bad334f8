// bench/protect: FF1 and FF3-1 operations per second side by side with the npm FPE packages a user would
// pick instead (`ff3`, `node-fpe`) when they are installed, else with AES-256-GCM from node:crypto on the
// same field as the baseline; tokens per second through the vault; records per second and MB/s for the
// default profile on NDJSON orders, against the JSON parse and serialise the protection rides on.
//
// Run after a build: `npm run build && node bench/protect/protect.bench.mjs` (BENCH_SECONDS=3 per case;
// DC_DIST=path/to/dist to use another build).
import { createCipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const DIST = process.env.DC_DIST ?? join(ROOT, 'dist');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const { loadBundledTaxonomy } = await import(join(DIST, 'src/bundled/bundled-data.js'));
const protect = await import(join(DIST, 'src/protect/index.js'));
const { parse: parseYaml } = await import('yaml');

/** Runs `fn` (which does `per` operations) for SECONDS and returns operations per second. */
function rate(fn, per = 1) {
  for (let i = 0; i < 200; i++) fn(); // warm up
  let n = 0;
  const start = performance.now();
  const until = start + SECONDS * 1000;
  let now = start;
  while (now < until) {
    for (let i = 0; i < 50; i++) fn();
    n += 50 * per;
    now = performance.now();
  }
  return n / ((now - start) / 1000);
}
async function rateAsync(fn, per = 1) {
  for (let i = 0; i < 5; i++) await fn();
  let n = 0;
  const start = performance.now();
  const until = start + SECONDS * 1000;
  let now = start;
  while (now < until) {
    await fn();
    n += per;
    now = performance.now();
  }
  return n / ((now - start) / 1000);
}
const fmt = (x) => Math.round(x).toLocaleString('en-US').padStart(12);
const rows = [];
const row = (name, opsPerSecond, note = '') => {
  rows.push({ name, opsPerSecond });
  console.log(`${name.padEnd(58)} ${fmt(opsPerSecond)} /s  ${note}`);
};

// --- FPE -------------------------------------------------------------------------------------------
const key = new Uint8Array(randomBytes(32));
const cards = Array.from({ length: 1024 }, () =>
  String(4000000000000000n + BigInt(Math.floor(Math.random() * 1e15))),
);
let k = 0;
const nextCard = () => cards[k++ & 1023];
const ff1 = protect.ff1({ key, tweak: new TextEncoder().encode('user.financial.bank_card') });
const ff3 = protect.ff3_1({ key, tweak: new Uint8Array(7) });
const BATCH = 256;
const batches = Array.from({ length: 4 }, (_, i) => cards.slice(i * BATCH, (i + 1) * BATCH));
let q = 0;
const nextBatch = () => batches[q++ & 3];
console.log(`FPE on 16-digit card numbers (${SECONDS}s each)`);
const ff1Rate = rate(() => ff1.encrypt(nextCard()));
row('data-customs ff1 encrypt, one value per call (AES-256)', ff1Rate);
const ff3Rate = rate(() => ff3.encrypt(nextCard()));
row('data-customs ff3_1 encrypt, one value per call (AES-256)', ff3Rate);
const ff1BatchRate = rate(() => ff1.encryptAll(nextBatch()), BATCH);
row(`data-customs ff1 encryptAll, ${BATCH} values per call`, ff1BatchRate);
const ff3BatchRate = rate(() => ff3.encryptAll(nextBatch()), BATCH);
row(`data-customs ff3_1 encryptAll, ${BATCH} values per call`, ff3BatchRate);
const gcmRate = rate(() => {
  const c = createCipheriv('aes-256-gcm', key, randomBytes(12));
  c.update(nextCard(), 'utf8');
  c.final();
  c.getAuthTag();
});
row('node:crypto aes-256-gcm encrypt of the same field (baseline)', gcmRate);
const peers = [];
for (const name of ['ff3', 'node-fpe']) {
  try {
    const mod = await import(name);
    peers.push([name, mod]);
  } catch {
    console.log(`${name.padEnd(58)} ${'not installed'.padStart(12)}     (npm i -D ${name} to compare)`);
  }
}
// The FPE peer: `ff3` implements FF3/FF3-1 of NIST SP 800-38G over AES. `node-fpe` is shown for
// completeness but is not compared with: it is a fixed substitution of each character (an HMAC-sorted
// permutation of the alphabet applied digit by digit), not an encryption of the whole value, so the same
// digit always becomes the same digit and ten observed digits break it.
let fpePeer = 0;
for (const [name, mod] of peers) {
  try {
    if (name === 'node-fpe') {
      const cipher = (mod.default ?? mod)({ secret: Buffer.from(key).toString('hex') });
      row(
        'node-fpe encrypt (per-character substitution, not FPE)',
        rate(() => cipher.encrypt(nextCard())),
      );
    } else {
      const FF3Cipher = mod.FF3Cipher ?? mod.default?.FF3Cipher ?? mod.default;
      const cipher = new FF3Cipher(Buffer.from(key).toString('hex'), '00000000000000', 10);
      fpePeer = rate(() => cipher.encrypt(nextCard()));
      row('ff3 encrypt (peer, NIST FF3-1 over AES)', fpePeer);
    }
  } catch (err) {
    console.log(`${name}: could not run (${err.message})`);
  }
}
const x = (a, b) => `${(a / b).toFixed(2)}x`;
console.log(
  `ratio ff1 / aes-gcm baseline: ${x(ff1Rate, gcmRate)}; ff3_1 / aes-gcm: ${x(ff3Rate, gcmRate)}` +
    (fpePeer > 0
      ? `; against the ff3 peer (aim: 3x): ff1 ${x(ff1Rate, fpePeer)}, ff3_1 ${x(ff3Rate, fpePeer)} one per call; ff1 ${x(ff1BatchRate, fpePeer)}, ff3_1 ${x(ff3BatchRate, fpePeer)} batched`
      : ''),
);

// --- tokens through the vault ---------------------------------------------------------------------
const random = (n) => new Uint8Array(randomBytes(n));
const ring = protect.createKeyRing(random(32), new Date().toISOString());
const taxonomy = loadBundledTaxonomy();
const profile = protect.parseProfileOrThrow(readFileSync(join(ROOT, 'profiles/default.yaml'), 'utf8'), {
  taxonomy,
});
const makeVault = () =>
  protect.createVault({
    storage: protect.createMemoryVaultStorage(),
    keys: protect.createLocalKeyProvider({ load: () => ring, random }),
    random,
    clock: { now: () => new Date() },
    policy: () => profile.vault,
  });
console.log(`\ntokenise, batches of 256, in-memory vault storage (${SECONDS}s each)`);
for (const [mode, format] of [
  ['random', 'opaque'],
  ['deterministic', 'opaque'],
  ['random', 'preserve'],
  ['deterministic', 'preserve'],
]) {
  const tk = makeVault().tokeniser('bench', 'default');
  let s = 0;
  const r = await rateAsync(
    () =>
      tk.tokenise(
        Array.from({ length: 256 }, () => ({
          value: nextCard(),
          category: 'user.financial.bank_card',
          subject: `C-${s++ % 5000}`,
          mode,
          format,
        })),
      ),
    256,
  );
  row(`tokenise ${mode} ${format} (encrypt original, store)`, r);
}

// --- the default profile on NDJSON orders ---------------------------------------------------------
const fields = parseYaml(readFileSync(join(ROOT, 'profiles/fields/order.yaml'), 'utf8'));
const template = JSON.parse(readFileSync(join(ROOT, 'bench/protect/orders.ndjson'), 'utf8').split('\n')[0]);
const N = 4096;
const lines = Array.from({ length: N }, (_, i) => {
  const o = structuredClone(template);
  o.order_id = `SO-${i}`;
  o.customer.id = `C-${i % 3000}`;
  o.customer.phone = `+86 138 ${String(i).padStart(4, '0')} ${String((i * 7) % 10000).padStart(4, '0')}`;
  o.payment.card_number = cards[i % 1024];
  return JSON.stringify(o);
});
const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
console.log(
  `\ndefault profile, ${N} NDJSON orders (${(bytes / 1024 / 1024).toFixed(2)} MB), batches of 256 (${SECONDS}s each)`,
);
const parseOnly = rate(() => {
  for (let i = 0; i < N; i += 16) JSON.stringify(JSON.parse(lines[i]));
}, N / 16);
row(
  'JSON.parse + JSON.stringify only (what protection rides on)',
  parseOnly,
  `${((parseOnly * bytes) / N / 1024 / 1024).toFixed(1)} MB/s`,
);
// The same profile with `drop` instead of `tokenise`: the transformer's own cost, without the vault.
const noTokens = protect.parseProfileOrThrow(
  readFileSync(join(ROOT, 'profiles/default.yaml'), 'utf8')
    .replaceAll('operator: tokenise', 'operator: drop')
    .replace(/core_abroad: .*\n/, 'core_abroad: { operator: drop }\n')
    .replace(/options: \{ mode: [a-z]+(, format: [a-z]+)? \}/g, ''),
  { taxonomy },
);
for (const [label, request, p] of [
  [
    'VN courier (delivery)',
    { to: 'VN', purpose: 'essential.service.fulfilment.delivery', date: '2026-11-29' },
    profile,
  ],
  [
    'US warehouse (fulfilment)',
    { to: 'US', purpose: 'essential.service.fulfilment', date: '2026-11-29' },
    profile,
  ],
  [
    'US warehouse, core dropped (no vault)',
    { to: 'US', purpose: 'essential.service.fulfilment', date: '2026-11-29' },
    noTokens,
  ],
]) {
  for (const explain of [false, true]) {
    const vault = makeVault();
    const protector = protect.createProtector({
      profile: p,
      taxonomy,
      request,
      keys: await vault.tenantKeys('bench'),
      tokens: vault.tokeniser('bench', profile.name),
      fields,
      explain,
    });
    let at = 0;
    const r = await rateAsync(async () => {
      const batch = [];
      for (let i = 0; i < 256; i++) batch.push(JSON.parse(lines[at++ % N]));
      const out = await protector.protect(batch);
      let s = '';
      for (const o of out) s += `${JSON.stringify(o.record)}\n`;
      return s;
    }, 256);
    const protectCost = 1 / r - 1 / parseOnly;
    row(
      `parse + protect + serialise, ${label}${explain ? ', explain' : ''}`,
      r,
      `${((r * bytes) / N / 1024 / 1024).toFixed(1)} MB/s; protection costs ${(protectCost * parseOnly).toFixed(2)}x parse+serialise`,
    );
  }
}
