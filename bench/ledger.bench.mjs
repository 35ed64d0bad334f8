// bench/ledger: the transparency log's durable appends and inclusion proofs, with merkletreejs (the Merkle
// library a team would otherwise pick) building and proving the same leaves in memory, in one run. The log
// is a real SQLite file (WAL, synchronous=FULL) in a temporary folder. Run after `npm run build`:
//
//   node bench/ledger.bench.mjs                       appends (batched, one at a time, concurrent) and
//                                                     proofs at LEDGER_ENTRIES (default 50,000), peer too
//   node bench/ledger.bench.mjs --proof-sizes 1M,10M  also grows a log to each size through the normal
//                                                     append path (one transaction per 50,000 entries)
//                                                     and times inclusion proofs there (by hand: a 10M
//                                                     log takes minutes and ~6 GB of disk)
//   --dir DIR   keep the grown log in DIR and reuse it next time (entries are a function of their index)
//
// Memory stays bounded: leaves are made from their index when needed, never all held at once.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MerkleTree } from 'merkletreejs';
import { encodeReceipt, leafHash, verifyInclusion } from '../dist/src/ledger/index.js';
import { openLedgerStore } from '../dist/src/store/ledger-store.js';

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const parseCount = (text) => {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!m) throw new Error(`not a count: ${text}`);
  return Math.round(Number(m[1]) * { '': 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6 }[m[2]]);
};
const N = Number(process.env.LEDGER_ENTRIES ?? 50_000);
const proofSizes = (option('--proof-sizes') ?? '').split(',').filter(Boolean).map(parseCount);
const keptDir = option('--dir');
const PROBES = 2000;
const fmt = (n) => n.toLocaleString('en-US');

// A real receipt (canonical JSON, ~400 bytes); entry i differs by its payload digest, so leaf(i) can be
// made again from i alone.
const PLACEHOLDER = '0'.repeat(64);
const template = new TextDecoder().decode(
  encodeReceipt({
    version: 1,
    time: '2026-11-29T10:00:00.000Z',
    flow: { id: 'fr-buyers-to-hangzhou-support', version: 3 },
    exporter_country: 'FR',
    recipient_country: 'CN',
    countries: ['CN', 'FR'],
    categories: ['user.contact.address', 'user.contact.phone_number', 'user.name'],
    counts: { records: 100, subjects: 1 },
    verdict: 'allowed',
    mechanisms: ['eu.scc'],
    rulebook_hash: 'a'.repeat(64),
    payload_digest: PLACEHOLDER,
    sandbox: null,
    subjects: ['b'.repeat(64)],
  }),
);
const [before, after] = template.split(PLACEHOLDER);
const encoder = new TextEncoder();
const leaf = (i) => encoder.encode(before + i.toString(16).padStart(64, '0') + after);
const leaves = (from, count) => Array.from({ length: count }, (_, k) => leaf(from + k));

const time = async (fn) => {
  const t = performance.now();
  const out = await fn();
  return [performance.now() - t, out];
};
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/**
 * Times `PROBES` inclusion proofs (store read, then verification) at `size`, indices spread by a LCG: wall
 * time per proof (mean, p50, p99) and the process's CPU time per proof.
 */
async function timeProofs(ledger, size) {
  const root = await ledger.rootHash(size);
  const cpu = process.cpuUsage();
  const read = [];
  const verify = [];
  let x = 12345;
  for (let k = 0; k < PROBES; k++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const index = Math.floor((x / 2147483648) * size);
    const t0 = performance.now();
    const { proof } = await ledger.inclusionProof(index, size);
    const t1 = performance.now();
    verifyInclusion(leafHash(leaf(index)), index, size, proof, root);
    verify.push(performance.now() - t1);
    read.push(t1 - t0);
  }
  // CPU time spent, unlike wall time, does not grow when other processes share the cores.
  const used = process.cpuUsage(cpu);
  const total = read.map((r, k) => r + verify[k]).sort((a, b) => a - b);
  read.sort((a, b) => a - b);
  return {
    mean: total.reduce((a, b) => a + b, 0) / total.length,
    p50: percentile(total, 0.5),
    p99: percentile(total, 0.99),
    readP50: percentile(read, 0.5),
    cpu: (used.user + used.system) / 1000 / PROBES,
  };
}

const rows = [];
const dir = mkdtempSync(join(tmpdir(), 'customs-ledger-bench-'));
try {
  // 1. Appends at the default size, and proofs there, with merkletreejs side by side.
  const ledger = await openLedgerStore({ kind: 'sqlite', dataDir: dir });
  await ledger.migrate();
  const [batchMs] = await time(async () => {
    for (let i = 0; i < N; i += 1000) await ledger.append(leaves(i, Math.min(1000, N - i)));
  });
  rows.push({
    case: `data-customs: append ${fmt(N)} entries, 1,000 per call (SQLite, synchronous=FULL)`,
    'ops/s': Math.round(N / (batchMs / 1000)),
  });
  const single = Math.min(2000, N);
  const [singleMs] = await time(async () => {
    for (let i = 0; i < single; i++) await ledger.append([leaf(N + i)]);
  });
  rows.push({
    case: `data-customs: append one entry, wait, append the next (${fmt(single)})`,
    'ops/s': Math.round(single / (singleMs / 1000)),
  });
  // Callers each appending one entry from their own event, as a server's requests do: group commit.
  const callers = 64;
  const concurrent = Math.min(20_000, N);
  let next = N + single;
  const [concurrentMs] = await time(async () => {
    const end = next + concurrent;
    const caller = async () => {
      while (next < end) {
        await new Promise((resolve) => setImmediate(resolve));
        await ledger.append([leaf(next++)]);
      }
    };
    await Promise.all(Array.from({ length: callers }, caller));
  });
  rows.push({
    case: `data-customs: ${callers} concurrent callers, one entry per call (group commit; ${fmt(concurrent)})`,
    'ops/s': Math.round(concurrent / (concurrentMs / 1000)),
  });
  const size = next;
  const [proofMs] = await time(async () => timeProofs(ledger, size));
  rows.push({
    case: `data-customs: inclusion proof from the store + verify at size ${fmt(size)}`,
    'ops/s': Math.round(PROBES / (proofMs / 1000)),
  });
  await ledger.close();

  const sha256 = (b) => createHash('sha256').update(b).digest();
  const [buildMs, tree] = await time(
    async () =>
      new MerkleTree(
        leaves(0, N).map((l) => sha256(Buffer.from(l))),
        sha256,
      ),
  );
  rows.push({
    case: `merkletreejs: build a tree of ${fmt(N)} leaves in memory (not durable)`,
    'ops/s': Math.round(N / (buildMs / 1000)),
  });
  const treeRoot = tree.getRoot();
  const [mProofMs] = await time(async () => {
    for (let k = 0; k < PROBES; k++) {
      const index = (k * 7919) % N;
      const hash = sha256(Buffer.from(leaf(index)));
      tree.verify(tree.getProof(hash, index), hash, treeRoot);
    }
  });
  rows.push({
    case: `merkletreejs: proof + verify at size ${fmt(N)} (in memory, not RFC 6962)`,
    'ops/s': Math.round(PROBES / (mProofMs / 1000)),
  });
  console.table(rows);
  const ratio = (a, b) => (rows[a]['ops/s'] / rows[b]['ops/s']).toFixed(2);
  console.log(`ratio: batched appends / one at a time = ${ratio(0, 1)}x`);
  console.log(`ratio: concurrent callers (group commit) / one at a time = ${ratio(2, 1)}x`);
  console.log(`ratio: proofs from the durable log / merkletreejs in memory = ${ratio(3, 5)}x`);

  // 2. Proofs in large logs, grown through the same append path.
  if (proofSizes.length > 0) {
    const bigDir = keptDir ?? join(dir, 'big');
    mkdirSync(bigDir, { recursive: true });
    const big = await openLedgerStore({ kind: 'sqlite', dataDir: bigDir });
    await big.migrate();
    const CHUNK = 50_000;
    const big_rows = [];
    for (const target of [...proofSizes].sort((a, b) => a - b)) {
      let have = await big.size();
      const from = have;
      const t = performance.now();
      while (have < target) {
        const count = Math.min(CHUNK, target - have);
        const { firstIndex } = await big.append(leaves(have, count));
        if (firstIndex !== have) throw new Error(`the log at ${bigDir} holds other entries`);
        have += count;
        if (have % 1_000_000 === 0) {
          const rate = Math.round((have - from) / ((performance.now() - t) / 1000));
          process.stderr.write(`  grown to ${fmt(have)} entries (${fmt(rate)} appends/s)\n`);
        }
      }
      const growMs = performance.now() - t;
      const proofs = await timeProofs(big, target);
      big_rows.push({
        size: fmt(target),
        'grown now (appends/s)': have > from ? fmt(Math.round((have - from) / (growMs / 1000))) : 'reused',
        'proof+verify mean ms': proofs.mean.toFixed(3),
        'p50 ms': proofs.p50.toFixed(3),
        'p99 ms': proofs.p99.toFixed(3),
        'store read p50 ms': proofs.readP50.toFixed(3),
        'CPU ms per proof': proofs.cpu.toFixed(3),
      });
    }
    await big.close();
    console.table(big_rows);
    console.log(`peak resident memory: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
