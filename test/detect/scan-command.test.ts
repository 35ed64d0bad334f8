import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { loadBundledTaxonomy } from '../../src/bundled/bundled-data.js';
import type { CliIo } from '../../src/cli/io.js';
import { registerScanCommand, runScan, type ScanCommandOptions } from '../../src/cli/scan-command.js';
import { parseFlow } from '../../src/flow/index.js';
import type { IsoDate } from '../../src/geo/types.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'customs-scan-'));

function fakeIo(
  cwd: string,
  stdin = '',
  isTty = false,
): CliIo & { output: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    readStdin: async () => stdin,
    isTty,
    cwd,
    today: () => '2026-11-29',
    output: () => out,
    errors: () => err,
  };
}

async function scan(paths: string[], options: ScanCommandOptions, cwd: string, stdin?: string) {
  const io = fakeIo(cwd, stdin);
  const code = await runScan(paths, options, io);
  return { code, out: io.output(), err: io.errors() };
}

/** GBK bytes of a string, by inverting the WHATWG GBK decoder over every two-byte code. */
function gbk(text: string): Buffer {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder('gbk');
  for (let a = 0x81; a <= 0xfe; a++)
    for (let b = 0x40; b <= 0xfe; b++) {
      const ch = dec.decode(new Uint8Array([a, b]));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [a, b]);
    }
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) bytes.push(code);
    else bytes.push(...(table.get(ch) ?? [0x3f]));
  }
  return Buffer.from(bytes);
}

const ORDERS = [
  {
    order_id: '202405011234567890',
    receiver: { name: '张伟', phone: '13812345678', address: '浙江省杭州市西湖区文三路100号' },
    sku: 'SKU-13812345678',
  },
  {
    order_id: '202405011234567891',
    receiver: { name: '李娜', phone: '13912345678', address: '北京市朝阳区建国路88号' },
    sku: 'SKU-13912345678',
  },
];

describe('customs scan', () => {
  it('prints one finding per line with exactly the documented fields', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'orders.ndjson'), ORDERS.map((o) => JSON.stringify(o)).join('\n'));
    const { code, out } = await scan(['orders.ndjson'], { format: 'ndjson' }, dir);
    expect(code).toBe(0);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(6);
    for (const l of lines)
      expect(Object.keys(l)).toEqual([
        'record',
        'path',
        'start',
        'end',
        'category',
        'detector',
        'confidence',
      ]);
    expect(lines[0]).toMatchObject({
      record: 0,
      path: '$.receiver.name',
      start: 0,
      end: 2,
      category: 'user.consignee.name',
    });
    expect(lines.find((l) => l.path === '$.receiver.phone' && l.record === 1)).toMatchObject({
      category: 'user.consignee.phone_number',
      end: 11,
    });
    expect(out).not.toContain('order_id');
  });
  it('reports malformed NDJSON lines with their line numbers, counts and skips them, without quoting them', async () => {
    const dir = tmp();
    const secret = '{"phone": "13812345678", oops}';
    writeFileSync(
      join(dir, 'bad.jsonl'),
      [JSON.stringify(ORDERS[0]), secret, '', JSON.stringify(ORDERS[1])].join('\n'),
    );
    const { code, out, err } = await scan(['bad.jsonl'], { format: 'json' }, dir);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.summary).toMatchObject({ records: 2, malformed: 1 });
    expect(report.files[0].problems[0]).toMatchObject({ kind: 'malformed', line: 2, record: 1 });
    expect(err).toMatch(/bad\.jsonl: line 2: not valid JSON/);
    expect(err + out).not.toContain('13812345678');
  });
  it('decodes a GBK CSV export and names fields after its Chinese header', async () => {
    const dir = tmp();
    const csv =
      '订单号,收货人,手机号,收货地址,身份证号\r\n202405011234567890,张伟,13812345678,浙江省杭州市西湖区文三路100号,11010519491231002X\r\n';
    writeFileSync(join(dir, 'export.csv'), gbk(csv));
    const { code, out } = await scan(['export.csv'], { format: 'json' }, dir);
    expect(code).toBe(0);
    const file = JSON.parse(out).files[0];
    expect(file).toMatchObject({ format: 'csv', encoding: 'gb18030', records: 1 });
    const byPath = Object.fromEntries(
      file.fields.map((f: { path: string; category: string }) => [f.path, f.category]),
    );
    expect(byPath).toEqual({
      '$.收货人': 'user.consignee.name',
      '$.手机号': 'user.contact.phone_number',
      '$.收货地址': 'user.consignee.address',
      '$.身份证号': 'user.government_id.national_identification_number.cn_resident_id',
    });
  });
  it('prints a per-field report with tiers and masked examples by default', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'orders.json'), JSON.stringify(ORDERS));
    const { code, out } = await scan(['orders.json'], {}, dir);
    expect(code).toBe(0);
    expect(out).toMatch(
      /^\$\.receiver\.phone +user\.consignee\.phone_number +\w+ +2 +2 +138\*+78, 139\*+78$/m,
    );
    expect(out).not.toContain('13812345678');
    expect(out).toMatch(/1 file, 2 records/);
  });
  it('scans plain text, folders and standard input, and skips binary files with a note', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'chat.txt'), '你好，我叫张伟，电话13812345678\nno data here\n');
    writeFileSync(join(dir, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3]));
    const { code, out, err } = await scan(['.', '-'], { format: 'json' }, dir, 'mail me at a.b@example.com');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.files.map((f: { file: string; skipped: string | null }) => [f.file, f.skipped])).toEqual([
      ['chat.txt', null],
      ['image.png', 'binary'],
      ['<stdin>', null],
    ]);
    expect(report.files[0].text.map((t: { category: string }) => t.category).sort()).toEqual([
      'user.contact.phone_number',
      'user.name',
    ]);
    expect(report.files[2].text[0].category).toBe('user.contact.email');
    expect(err).toContain('image.png: binary file; skipped');
  });
  it('never crashes on an empty file, a truncated file, a wrong encoding or a very long line', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'empty.ndjson'), '');
    writeFileSync(join(dir, 'cut.json'), '[{"phone":"13812345678"},{"phone":"139');
    writeFileSync(join(dir, 'latin1.txt'), Buffer.from('caf\xe9 \xe0 13812345678 \xff\xfe', 'latin1'));
    writeFileSync(
      join(dir, 'long.ndjson'),
      `${'x'.repeat(3 * 1024 * 1024)} 13812345678\n${JSON.stringify(ORDERS[0])}\n`,
    );
    const { code, out } = await scan(['.'], { format: 'json', maxLine: 1 }, dir);
    expect(code).toBe(0);
    const files = Object.fromEntries(JSON.parse(out).files.map((f: { file: string }) => [f.file, f]));
    expect(files['empty.ndjson'].skipped).toBe('empty');
    expect(files['cut.json']).toMatchObject({ records: 1, malformed: 1 });
    expect(files['cut.json'].problems.map((p: { kind: string }) => p.kind)).toContain('incomplete');
    expect(files['latin1.txt'].problems[0].kind).toBe('encoding');
    expect(files['long.ndjson']).toMatchObject({ truncated: 1, records: 2 });
  });
  it('exits 1 for a missing path and 2 for a bad option, without a stack trace', async () => {
    const dir = tmp();
    const missing = await scan(['nope.json'], {}, dir);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('nope.json: no such file or folder');
    const bad = await scan(['x'], { minConfidence: '2' }, dir);
    expect(bad.code).toBe(2);
    expect(bad.err).not.toMatch(/at .*\.ts:\d+/);
  });
  it('filters by --min-confidence', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.txt'), '1234 5678 9012 is maybe an id\n');
    const low = await scan(['a.txt'], { format: 'ndjson', minConfidence: 0.1 }, dir);
    const high = await scan(['a.txt'], { format: 'ndjson', minConfidence: 0.9 }, dir);
    expect(high.out.split('\n').filter(Boolean).length).toBeLessThanOrEqual(
      low.out.split('\n').filter(Boolean).length,
    );
    for (const l of high.out.split('\n').filter(Boolean))
      expect(JSON.parse(l).confidence).toBeGreaterThanOrEqual(0.9);
  });
  it('suggests a flow declaration that customs validate accepts', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'orders.ndjson'), ORDERS.map((o) => JSON.stringify(o)).join('\n'));
    const { code, out } = await scan(['orders.ndjson'], { suggestFlow: true, from: 'cn', to: 'de' }, dir);
    expect(code).toBe(0);
    expect(out).toContain('user.consignee.phone_number');
    const checked = parseFlow(out, 'yaml', {
      taxonomy: loadBundledTaxonomy(),
      today: '2026-11-29' as IsoDate,
      file: 'suggested.yaml',
    });
    expect(checked.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(checked.ok).toBe(true);
  });
  it('registers as a commander command with the documented options', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.txt'), '电话 13812345678\n');
    const io = fakeIo(dir);
    let exitCode = -1;
    const program = new Command('customs').exitOverride();
    registerScanCommand(program, io, (c) => {
      exitCode = c;
    });
    await program.parseAsync(['scan', 'a.txt', '--format', 'ndjson', '--min-confidence', '0.5'], {
      from: 'user',
    });
    expect(exitCode).toBe(0);
    expect(JSON.parse(io.output().trim())).toMatchObject({
      record: 0,
      path: '$',
      start: 3,
      end: 14,
      category: 'user.contact.phone_number',
    });
  });
  it('shows a progress bar on a terminal, on standard error', async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'big.ndjson'),
      `${Array.from({ length: 3000 }, (_, i) => JSON.stringify({ ...ORDERS[0], n: i })).join('\n')}\n`,
    );
    const io = fakeIo(dir, '', true);
    await runScan(['big.ndjson'], {}, io);
    expect(io.errors()).toMatch(/scanning [\d.]+ [KM]B {2}[\d,]+ records {2}[\d.]+ MB\/s/);
  });
});
