import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runScan } from '../../src/cli/scan-command.js';

// Opt-in (slow): DETECT_MEMORY_TEST=1 npx vitest run test/detect/scan-memory.test.ts
// Streams ~200 MB of NDJSON orders, and a 100 MB single line, through `customs scan` on standard
// input and checks that the heap stays flat.
const enabled = process.env.DETECT_MEMORY_TEST === '1';

function io(): CliIo {
  return {
    out: () => {},
    err: () => {},
    readStdin: async () => '',
    isTty: false,
    cwd: process.cwd(),
    today: () => '2026-11-29',
  };
}

async function* orders(totalBytes: number): AsyncGenerator<Uint8Array> {
  const line = (i: number) =>
    `${JSON.stringify({ order_id: `2024${String(i).padStart(14, '0')}`, receiver: { name: '张伟', phone: `138${String(i % 1e8).padStart(8, '0')}`, address: '浙江省杭州市西湖区文三路100号' }, email: `user${i}@example.com`, items: [{ sku: `SKU-${i}`, price: '199.00' }] })}\n`;
  let sent = 0;
  let i = 0;
  while (sent < totalBytes) {
    let chunk = '';
    while (chunk.length < 1 << 20) chunk += line(i++);
    const b = Buffer.from(chunk);
    sent += b.length;
    yield b;
  }
}

async function* oneLine(totalBytes: number): AsyncGenerator<Uint8Array> {
  const piece = Buffer.from('x'.repeat(1 << 20));
  for (let sent = 0; sent < totalBytes; sent += piece.length) yield piece;
  yield Buffer.from(' 13812345678\n');
}

describe.skipIf(!enabled)('customs scan memory', () => {
  it('keeps the heap flat over a 200 MB NDJSON stream', { timeout: 600_000 }, async () => {
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 50);
    const code = await runScan(['-'], { format: 'json' }, io(), { stdin: () => orders(200 * 1024 * 1024) });
    clearInterval(timer);
    expect(code).toBe(0);
    expect(peak - before).toBeLessThan(256 * 1024 * 1024);
  });
  it('survives a 100 MB single line', { timeout: 600_000 }, async () => {
    const code = await runScan(['-'], { format: 'json', input: 'ndjson' }, io(), {
      stdin: () => oneLine(100 * 1024 * 1024),
    });
    expect(code).toBe(0);
  });
});
