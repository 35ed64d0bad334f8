// Memory while scanning a large NDJSON file: writes a generated file of orders (default 2 GB) to a
// temporary folder (streamed, never held in memory), runs `customs scan --format json` on it as a
// child process, samples the child's resident memory every second from /proc, and prints the peak
// and the throughput. Not part of CI (it takes minutes and 2 GB of disk); run it by hand:
//
//   npm run build && node bench/detect/memory.mjs            # 2 GB
//   MEMORY_BENCH_MB=200 node bench/detect/memory.mjs         # smaller
//
// Linux only (reads /proc/PID/status and /proc/PID/stat). The file is deleted afterwards.

import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TARGET = Number(process.env.MEMORY_BENCH_MB ?? 2048) * 1024 * 1024;

// A small deterministic generator (mulberry32): the same file every run.
let seed = 20261129;
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const digits = (n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 10);
  return s;
};
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛'];
const LATIN = ['Emma Johnson', 'Liam Smith', 'Olivia Brown', 'Noah Garcia', 'Mia Müller', 'Lucas Martin'];
const CITIES = [
  '浙江省杭州市西湖区',
  '广东省深圳市南山区',
  '北京市海淀区',
  '上海市浦东新区',
  '四川省成都市武侯区',
];
const ROADS = ['文三路', '科技园路', '中关村大街', '世纪大道', '人民南路'];
const TITLES = [
  '无线蓝牙耳机',
  'Stainless Steel Water Bottle',
  '纯棉短袖T恤',
  'USB-C Charging Cable 2m',
  '陶瓷马克杯',
];
const STATUS = ['paid', 'shipped', 'delivered', 'refunded'];

function order(i) {
  const cn = rand() < 0.6;
  const name = cn ? pick(SURNAMES) + pick(GIVEN) + (rand() < 0.5 ? pick(GIVEN) : '') : pick(LATIN);
  const items = [];
  for (let k = 1 + Math.floor(rand() * 3); k > 0; k--)
    items.push({
      sku: `SKU-${digits(8)}`,
      title: pick(TITLES),
      qty: 1 + Math.floor(rand() * 4),
      price: `${digits(3)}.${digits(2)}`,
    });
  return JSON.stringify({
    order_id: `2024${digits(12)}`,
    created_at: `2024-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 10)} 1${Math.floor(rand() * 10)}:2${Math.floor(rand() * 10)}:0${Math.floor(rand() * 10)}`,
    status: pick(STATUS),
    buyer: {
      name,
      email: `user${i}@example.com`,
      phone: `1${pick(['38', '39', '58', '86', '77'])}${digits(8)}`,
    },
    receiver: {
      name,
      phone: `1${pick(['38', '39', '58', '86', '77'])}-${digits(4)}-${digits(4)}`,
      address: `${pick(CITIES)}${pick(ROADS)}${1 + Math.floor(rand() * 300)}号${1 + Math.floor(rand() * 20)}幢${100 + Math.floor(rand() * 2000)}室`,
    },
    items,
    payment: { method: pick(['card', 'alipay', 'wechat']), transaction_id: digits(20) },
    device: {
      ip: `${1 + Math.floor(rand() * 220)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${1 + Math.floor(rand() * 254)}`,
    },
  });
}

async function writeFile(path) {
  const out = createWriteStream(path);
  let written = 0;
  let i = 0;
  while (written < TARGET) {
    let chunk = '';
    while (chunk.length < 1 << 20) chunk += `${order(i++)}\n`;
    const b = Buffer.from(chunk);
    written += b.length;
    if (!out.write(b)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r, j) => out.end((e) => (e ? j(e) : r())));
  return i;
}

/** VmRSS and VmHWM (kB) and CPU seconds (user + system) of a running process, or null when gone. */
function sample(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15 of stat)
    return { rss: kb('VmRSS'), hwm: kb('VmHWM'), cpu: ticks / 100 };
  } catch {
    return null;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'detect-memory-'));
const file = join(dir, 'orders.ndjson');
try {
  const t0 = performance.now();
  const records = await writeFile(file);
  const bytes = statSync(file).size;
  console.log(
    `generated ${(bytes / 1e6).toFixed(0)} MB, ${records} orders in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const start = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'customs.js'), 'scan', '--format', 'json', file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let report = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d) => {
    report += d;
  });
  const samples = [];
  const timer = setInterval(() => {
    const s = sample(child.pid);
    if (s !== null) samples.push({ t: (performance.now() - start) / 1000, ...s });
  }, 1000);
  const code = await new Promise((r) => child.on('exit', (c) => r(c)));
  clearInterval(timer);
  const wall = (performance.now() - start) / 1000;
  const last = samples[samples.length - 1];
  const maxRss = Math.max(...samples.map((s) => s.rss));
  const summary = JSON.parse(report).summary;
  console.log(
    `customs scan --format json: exit ${code}, ${summary.records} records, ${summary.findings} findings, ${summary.malformed} malformed`,
  );
  console.log(
    `wall ${wall.toFixed(1)} s → ${(bytes / 1e6 / wall).toFixed(1)} MB/s end to end (reading, decoding, scanning, report)`,
  );
  if (last !== undefined)
    console.log(
      `CPU ≥ ${last.cpu.toFixed(1)} s (last sample, ${(wall - last.t).toFixed(1)} s before exit) → ≤ ${(bytes / 1e6 / last.cpu).toFixed(1)} MB/s per core`,
    );
  console.log(
    `RSS: max sampled ${(maxRss / 1024).toFixed(0)} MB, peak (VmHWM) ${((last?.hwm ?? 0) / 1024).toFixed(0)} MB; ${samples.length} samples`,
  );
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  const line = [0.1, 0.25, 0.5, 0.75, 0.9]
    .map((q) => at(q))
    .filter((s) => s !== undefined)
    .map((s) => `${s.t.toFixed(0)} s: ${(s.rss / 1024).toFixed(0)} MB`)
    .join(', ');
  console.log(`RSS over time: ${line}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
