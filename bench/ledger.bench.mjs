// bench/ledger: the transparency log's appends and proofs, with merkletreejs (the Merkle library a team
// would otherwise pick) side by side in one run. Run after `npm run build`: `node bench/ledger.bench.mjs`.
// LEDGER_ENTRIES sets the log size (default 50,000). The log is a real SQLite file in a temp folder.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MerkleTree } from 'merkletreejs';
import { leafHash, verifyInclusion } from '../dist/src/ledger/index.js';
import { openLedgerStore } from '../dist/src/store/index.js';

const N = Number(process.env.LEDGER_ENTRIES ?? 50_000);
const dir = mkdtempSync(join(tmpdir(), 'customs-ledger-bench-'));
const leaves = Array.from({ length: N }, (_, i) =>
  new TextEncoder().encode(JSON.stringify({ version: 1, i, digest: 'x'.repeat(64) })),
);
const time = async (fn) => {
  const t = performance.now();
  const out = await fn();
  return [performance.now() - t, out];
};
const rows = [];

try {
  const ledger = await openLedgerStore({ kind: 'sqlite', dataDir: dir });
  await ledger.migrate();
  const [batchMs] = await time(async () => {
    for (let i = 0; i < N; i += 1000) await ledger.append(leaves.slice(i, i + 1000));
  });
  rows.push({
    case: `data-customs: append ${N.toLocaleString('en-US')} entries in batches of 1,000 (SQLite, synchronous=FULL)`,
    'ops/s': Math.round(N / (batchMs / 1000)),
  });
  const single = Math.min(2000, N);
  const [singleMs] = await time(async () => {
    for (let i = 0; i < single; i++) await ledger.append([leaves[i]]);
  });
  rows.push({
    case: `data-customs: append one entry at a time (${single.toLocaleString('en-US')})`,
    'ops/s': Math.round(single / (singleMs / 1000)),
  });
  const size = N + single;
  const root = await ledger.rootHash(size);
  const probes = 500;
  const [proofMs] = await time(async () => {
    for (let k = 0; k < probes; k++) {
      const index = (k * 7919) % N;
      const { proof } = await ledger.inclusionProof(index, size);
      verifyInclusion(leafHash(leaves[index]), index, size, proof, root);
    }
  });
  rows.push({
    case: `data-customs: inclusion proof + verify at size ${size.toLocaleString('en-US')}`,
    'ops/s': Math.round(probes / (proofMs / 1000)),
  });
  await ledger.close();

  const sha256 = (b) => createHash('sha256').update(b).digest();
  const [buildMs, tree] = await time(
    async () =>
      new MerkleTree(
        leaves.map((l) => sha256(Buffer.from(l))),
        sha256,
      ),
  );
  rows.push({
    case: `merkletreejs: build a tree of ${N.toLocaleString('en-US')} leaves in memory`,
    'ops/s': Math.round(N / (buildMs / 1000)),
  });
  const treeRoot = tree.getRoot();
  const [mProofMs] = await time(async () => {
    for (let k = 0; k < probes; k++) {
      const index = (k * 7919) % N;
      const leaf = sha256(Buffer.from(leaves[index]));
      tree.verify(tree.getProof(leaf, index), leaf, treeRoot);
    }
  });
  rows.push({
    case: `merkletreejs: proof + verify at size ${N.toLocaleString('en-US')} (in memory, not RFC 6962)`,
    'ops/s': Math.round(probes / (mProofMs / 1000)),
  });
  console.table(rows);
  const ours = rows[2]['ops/s'];
  const theirs = rows[4]['ops/s'];
  console.log(`ratio: proofs from the durable log / merkletreejs in memory = ${(ours / theirs).toFixed(2)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
