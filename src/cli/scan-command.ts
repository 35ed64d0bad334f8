// Adapter: `customs scan PATH...`. Reads files, folders and standard input as streams, recognises
// binary files, the text encoding (UTF-8, UTF-16 with a BOM, GB18030/GBK as Chinese spreadsheet
// exports often are) and the format (JSON, NDJSON, CSV/TSV, plain text), feeds the pure source
// scanner of src/detect, shows progress on a terminal, and prints a per-field report, the report as
// JSON, or one finding per line. Memory stays bounded: lines, values and fields are capped, and only
// per-field aggregates are kept.

import { createReadStream } from 'node:fs';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve as resolvePath } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { loadBundledTaxonomy } from '../bundled/bundled-data.js';
import {
  combineReports,
  DEFAULT_MIN_CONFIDENCE,
  type Finding,
  INPUT_FORMATS,
  type InputFormat,
  type ScanOptions,
  type ScanResult,
  type SourceReport,
  SourceScanner,
  sniffDelimiter,
  sniffFormat,
} from '../detect/index.js';
import { DataCustomsError } from '../shared/errors.js';
import type { Taxonomy, Tier } from '../taxonomy/index.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

export type { ScanResult };

/** Options of `customs scan` (as commander parses them). */
export interface ScanCommandOptions {
  /** `table` (default: the per-field report), `json` (the report) or `ndjson` (one finding per line). */
  readonly format?: 'table' | 'json' | 'ndjson';
  readonly minConfidence?: number | string;
  /** Write a flow declaration skeleton: to this file, or (true or `-`) to standard output. */
  readonly suggestFlow?: string | boolean;
  /** Exporter country for --suggest-flow (ISO 3166-1 alpha-2, default CN). */
  readonly from?: string;
  /** Recipient country for --suggest-flow (default US). */
  readonly to?: string;
  /** Input format instead of guessing from names and content. */
  readonly input?: InputFormat | 'auto';
  /** Text encoding instead of detecting it (any WHATWG label: utf-8, gb18030, gbk, utf-16le...). */
  readonly encoding?: string;
  /** Longest line or CSV field scanned, in MiB (default 8). */
  readonly maxLine?: number | string;
  /** Show the progress bar on a terminal (default true; `--no-progress`). */
  readonly progress?: boolean;
  /** Regions whose national phone formats to try first, comma-separated ISO codes. */
  readonly regions?: string;
}

/** Where `customs scan` gets standard input as a stream (the real terminal passes process.stdin). */
export interface ScanStreams {
  readonly stdin?: () => AsyncIterable<Uint8Array | string>;
}

/** A CliIo that can also give standard input as a stream (`processIo()` may add this). */
type StreamingIo = CliIo & { readonly stdinStream?: () => AsyncIterable<Uint8Array | string> };

const MI = 1 << 20;
const SNIFF_BYTES = 64 * 1024;
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

// ---------------------------------------------------------------------------------------------
// Reading

interface Source {
  readonly name: string;
  readonly open: () => AsyncIterable<Uint8Array | string>;
}

async function expand(
  paths: readonly string[],
  cwd: string,
): Promise<{ sources: Source[]; unreadable: SourceReport[] }> {
  const sources: Source[] = [];
  const unreadable: SourceReport[] = [];
  const walk = async (abs: string, shown: string): Promise<void> => {
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT'
          ? 'no such file or folder'
          : code === 'EACCES'
            ? 'permission denied'
            : 'cannot be read';
      unreadable.push(SourceScanner.skipped(shown, why, { kind: 'unreadable', message: `${shown}: ${why}` }));
      return;
    }
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = (await readdir(abs)).sort();
      } catch {
        unreadable.push(
          SourceScanner.skipped(shown, 'folder cannot be read', {
            kind: 'unreadable',
            message: `${shown}: folder cannot be read`,
          }),
        );
        return;
      }
      for (const n of names) {
        if (n.startsWith('.') || SKIP_DIRS.has(n)) continue;
        await walk(join(abs, n), join(shown, n));
      }
      return;
    }
    if (st.isFile())
      sources.push({ name: shown, open: () => createReadStream(abs, { highWaterMark: SNIFF_BYTES }) });
  };
  for (const p of paths) {
    if (p === '-') continue;
    await walk(resolvePath(cwd, p), relative(cwd, resolvePath(cwd, p)) || p);
  }
  return { sources, unreadable };
}

const toBytes = (c: Uint8Array | string): Uint8Array => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c);

/** True when the first bytes look binary: NUL bytes, or many control characters. */
export function looksBinary(head: Uint8Array): boolean {
  const n = Math.min(head.length, 8192);
  if (n === 0) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i]!;
    if (b === 0) return true;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) control++;
  }
  return control / n > 0.1;
}

/**
 * The encoding of the first bytes of a text: a byte-order mark decides; otherwise UTF-8 when they
 * are valid UTF-8, GB18030 (a superset of GBK and GB2312) when they are valid GB18030, else UTF-8 with
 * replacement characters (`fallback: true`).
 */
export function detectEncoding(head: Uint8Array): { encoding: string; fallback: boolean } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', fallback: false };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', fallback: false };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', fallback: false };
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      // `stream: true`: a character cut at the end of the sample is not an error.
      new TextDecoder(encoding, { fatal: true }).decode(head, { stream: true });
      return { encoding, fallback: false };
    } catch {
      // not this one
    }
  }
  return { encoding: 'utf-8', fallback: true };
}

async function* withHead(
  chunks: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<{ head: Uint8Array } | { chunk: Uint8Array }> {
  const parts: Uint8Array[] = [];
  let size = 0;
  let sent = false;
  for await (const c of chunks) {
    const b = toBytes(c);
    if (sent) {
      yield { chunk: b };
      continue;
    }
    parts.push(b);
    size += b.length;
    if (size >= SNIFF_BYTES) {
      sent = true;
      yield { head: Buffer.concat(parts) };
    }
  }
  if (!sent) yield { head: Buffer.concat(parts) };
}

interface ReadContext {
  readonly options: ScanCommandOptions;
  readonly scan: ScanOptions;
  readonly maxLineChars: number;
  readonly tierOf: (c: string) => Tier | undefined;
  readonly onFinding?: (record: number, f: Finding) => void;
  readonly progress: Progress | null;
}

async function scanSource(source: Source, ctx: ReadContext): Promise<SourceReport> {
  let scanner: SourceScanner | null = null;
  let decoder: TextDecoder | null = null;
  let bytes = 0;
  try {
    for await (const item of withHead(source.open())) {
      if ('head' in item) {
        const head = item.head;
        bytes += head.length;
        if (head.length === 0) {
          return SourceScanner.skipped(source.name, 'empty', {
            kind: 'malformed',
            message: `${source.name}: empty; nothing to scan`,
          });
        }
        const bom = head[0] === 0xff || head[0] === 0xfe;
        if (!bom && ctx.options.encoding === undefined && looksBinary(head)) {
          ctx.progress?.add(head.length, 0);
          return SourceScanner.skipped(
            source.name,
            'binary',
            { kind: 'binary', message: `${source.name}: binary file; skipped` },
            head.length,
          );
        }
        let encoding: string;
        let fallback = false;
        if (ctx.options.encoding !== undefined) encoding = ctx.options.encoding;
        else ({ encoding, fallback } = detectEncoding(head));
        try {
          decoder = new TextDecoder(encoding, { fatal: false });
        } catch {
          throw new DataCustomsError(
            'DC_USAGE',
            `unknown encoding \`${encoding}\`; use a WHATWG label such as utf-8, gb18030 or utf-16le`,
          );
        }
        const text = decoder.decode(head, { stream: true });
        const requested = ctx.options.input;
        const format =
          requested !== undefined && requested !== 'auto' ? requested : sniffFormat(source.name, text);
        const delimiter = format === 'csv' ? (sniffDelimiter(text.slice(0, 4096)) ?? ',') : undefined;
        scanner = new SourceScanner({
          name: source.name,
          format,
          encoding: decoder.encoding,
          ...(delimiter !== undefined && delimiter !== '\t' ? { delimiter } : {}),
          scan: ctx.scan,
          limits: { maxLineChars: ctx.maxLineChars, maxFieldChars: ctx.maxLineChars },
          tierOf: ctx.tierOf,
          ...(ctx.onFinding ? { onFinding: ctx.onFinding } : {}),
        });
        if (fallback) {
          scanner.problem({
            kind: 'encoding',
            message: `${source.name}: neither UTF-8 nor GB18030; decoded as UTF-8 with replacement characters (use --encoding)`,
          });
        }
        scanner.addBytes(head.length);
        const before = scanner.records;
        scanner.push(text);
        ctx.progress?.add(head.length, scanner.records - before);
      } else if (scanner !== null && decoder !== null) {
        bytes += item.chunk.length;
        scanner.addBytes(item.chunk.length);
        const before = scanner.records;
        scanner.push(decoder.decode(item.chunk, { stream: true }));
        ctx.progress?.add(item.chunk.length, scanner.records - before);
      }
    }
  } catch (err) {
    if (err instanceof DataCustomsError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'EISDIR'
        ? 'is a folder'
        : code === 'EACCES'
          ? 'permission denied'
          : 'could not be read to the end';
    if (scanner === null)
      return SourceScanner.skipped(
        source.name,
        why,
        { kind: 'unreadable', message: `${source.name}: ${why}` },
        bytes,
      );
    scanner.problem({ kind: 'unreadable', message: `${source.name}: ${why}; scanned what was read` });
  }
  if (scanner === null || decoder === null) {
    return SourceScanner.skipped(source.name, 'empty', {
      kind: 'malformed',
      message: `${source.name}: empty; nothing to scan`,
    });
  }
  scanner.push(decoder.decode());
  return scanner.end();
}

// ---------------------------------------------------------------------------------------------
// Progress

/** A one-line progress display on standard error: bytes, records, rate. Throttled to 10 updates/s. */
class Progress {
  private bytes = 0;
  private records = 0;
  private last = 0;
  private readonly started = performance.now();
  private file = '';
  private shown = false;

  constructor(private readonly io: CliIo) {}

  setFile(name: string): void {
    this.file = name;
  }

  add(bytes: number, records: number): void {
    this.bytes += bytes;
    this.records += records;
    const now = performance.now();
    if (now - this.last < 100) return;
    this.last = now;
    const secs = Math.max(0.001, (now - this.started) / 1000);
    const line = `scanning ${mb(this.bytes)}  ${this.records.toLocaleString('en-US')} records  ${(this.bytes / MI / secs).toFixed(1)} MB/s  ${basename(this.file)}`;
    this.io.err(`\r${line.slice(0, 100)}\x1b[K`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.io.err('\r\x1b[K');
  }
}

const mb = (n: number) => (n >= MI ? `${(n / MI).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`);

// ---------------------------------------------------------------------------------------------
// Output

/** Columns a string takes on a terminal: East Asian wide and fullwidth characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? ''))));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - displayWidth(c))))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function printTable(result: ScanResult, io: CliIo): void {
  for (const f of result.files) {
    const head = `${f.file}`;
    if (f.skipped !== null) {
      io.out(`${head}: skipped (${f.skipped})\n\n`);
      continue;
    }
    io.out(
      `${head} (${f.format}, ${f.encoding}): ${plural(f.records, 'record', 'records')}, ${plural(f.findings, 'finding', 'findings')}` +
        `${f.malformed > 0 ? `, ${f.malformed} malformed` : ''}${f.truncated > 0 ? `, ${f.truncated} cut at the size limit` : ''}\n`,
    );
    if (f.fields.length > 0) {
      const rows = [['FIELD', 'CATEGORY', 'TIER', 'MATCHES', 'RECORDS', 'EXAMPLES']];
      for (const x of f.fields)
        rows.push([
          x.path,
          x.category,
          x.tier ?? '?',
          String(x.count),
          String(x.records),
          x.examples.join(', '),
        ]);
      io.out(`${table(rows)}\n`);
    }
    if (f.text.length > 0) {
      const rows = [['TEXT: CATEGORY', 'TIER', 'MATCHES', 'LINES', 'EXAMPLES']];
      for (const x of f.text)
        rows.push([x.category, x.tier ?? '?', String(x.count), String(x.records), x.examples.join(', ')]);
      io.out(`${table(rows)}\n`);
    }
    if (f.fields.length === 0 && f.text.length === 0) io.out('no personal data found\n');
    io.out('\n');
  }
  const s = result.summary;
  io.out(
    `${plural(s.files, 'file', 'files')}, ${plural(s.records, 'record', 'records')}, ${mb(s.bytes)}: ` +
      `${plural(s.findings, 'finding', 'findings')} in ${plural(s.categories.length, 'category', 'categories')}` +
      `${s.malformed > 0 ? `; ${plural(s.malformed, 'malformed record', 'malformed records')} skipped` : ''}` +
      `${s.skipped > 0 ? `; ${plural(s.skipped, 'file', 'files')} skipped` : ''}\n`,
  );
  if (s.categories.length > 0) {
    const rows = [['CATEGORY', 'TIER', 'MATCHES', 'RECORDS']];
    for (const c of s.categories) rows.push([c.category, c.tier ?? '?', String(c.count), String(c.records)]);
    io.out(`${table(rows)}\n`);
  }
}

function printProblems(result: ScanResult, io: CliIo): void {
  for (const f of result.files) {
    for (const p of f.problems)
      io.err(`customs scan: ${p.message.startsWith(f.file) ? '' : `${f.file}: `}${p.message}\n`);
    if (f.moreProblems > 0) io.err(`customs scan: ${f.file}: ${f.moreProblems} more problems not shown\n`);
  }
}

/**
 * A flow declaration skeleton (YAML) listing the categories found, with placeholders that `customs
 * validate` accepts: fill in the parties, subjects and purpose before declaring it.
 */
export function flowSkeleton(
  result: ScanResult,
  options: { from: string; to: string; today: string; taxonomy: Taxonomy },
): string {
  const found = result.summary.categories.filter(
    (c) => options.taxonomy.getCategory(c.category) !== undefined,
  );
  const order = new Map(options.taxonomy.categories.map((c, i) => [c.key as string, i]));
  found.sort((a, b) => (order.get(a.category) ?? 0) - (order.get(b.category) ?? 0));
  const withData = Math.max(
    1,
    result.files.reduce((n, f) => n + f.records, 0),
  );
  const sources = result.files.filter((f) => f.skipped === null).map((f) => f.file);
  const lines = [
    `# Flow declaration skeleton suggested by \`customs scan\` from: ${sources.join(', ') || '(no readable input)'}.`,
    '# The categories are what the scan found; everything marked PLACEHOLDER is for you to fill in',
    '# (parties, subjects and their count per counting window, purpose, safeguards) before `customs check`.',
    'version: 1',
    'id: scanned-flow',
    `date: ${options.today}`,
    'exporter:',
    '  name: Exporter name  # PLACEHOLDER',
    `  country: ${options.from}`,
    '  role: controller',
    'recipient:',
    '  name: Recipient name  # PLACEHOLDER',
    `  country: ${options.to}`,
    '  role: processor  # PLACEHOLDER',
    '  relation: third_party  # PLACEHOLDER',
    'subjects:',
    `  - residence: ${options.from}  # PLACEHOLDER`,
    '    kind: customer  # PLACEHOLDER',
    `    count: ${withData}  # PLACEHOLDER: records scanned, not distinct people`,
    'categories:',
  ];
  if (found.length === 0) lines.push('  - user  # PLACEHOLDER: the scan found no personal data');
  for (const c of found)
    lines.push(`  - ${c.category}  # ${c.count} matches in ${c.records} records, tier ${c.tier ?? '?'}`);
  lines.push('purpose: essential.service.fulfilment  # PLACEHOLDER');
  lines.push('safeguards: []  # PLACEHOLDER: mechanisms in place, e.g. cn.standard_contract');
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// The command

function parseConfidence(v: number | string | undefined): number {
  if (v === undefined) return DEFAULT_MIN_CONFIDENCE;
  const x = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(x) || x < 0 || x > 1)
    throw new DataCustomsError('DC_USAGE', `--min-confidence \`${String(v)}\` is not a number from 0 to 1`);
  return x;
}

function parseCountry(v: string | undefined, fallback: string, flag: string): string {
  const c = (v ?? fallback).toUpperCase();
  if (!/^[A-Z]{2}$/.test(c))
    throw new DataCustomsError('DC_USAGE', `${flag} \`${v}\` is not an ISO 3166-1 alpha-2 code`);
  return c;
}

/**
 * `customs scan PATH...`: finds personal data in files, folders and standard input (`-`). Exit 0
 * when the scan ran (findings or not; malformed records and binary files are reported and skipped),
 * 1 when a path could not be read, 2 on a usage error.
 *
 * @example
 * process.exitCode = await runScan(['orders.ndjson'], { format: 'ndjson' }, processIo(), { stdin: () => process.stdin });
 */
export async function runScan(
  paths: readonly string[],
  options: ScanCommandOptions,
  io: CliIo,
  streams: ScanStreams = {},
): Promise<number> {
  let minConfidence: number;
  let from: string;
  let to: string;
  let maxLineChars: number;
  try {
    minConfidence = parseConfidence(options.minConfidence);
    from = parseCountry(options.from, 'CN', '--from');
    to = parseCountry(options.to, 'US', '--to');
    const maxLine = options.maxLine === undefined ? 8 : Number(options.maxLine);
    if (!Number.isFinite(maxLine) || maxLine <= 0 || maxLine > 1024)
      throw new DataCustomsError(
        'DC_USAGE',
        `--max-line \`${String(options.maxLine)}\` is not a size in MiB from 1 to 1024`,
      );
    maxLineChars = Math.floor(maxLine * MI);
    if (options.input !== undefined && options.input !== 'auto' && !INPUT_FORMATS.includes(options.input))
      throw new DataCustomsError(
        'DC_USAGE',
        `--input \`${options.input}\` is not one of auto, ${INPUT_FORMATS.join(', ')}`,
      );
    if (paths.length === 0)
      throw new DataCustomsError('DC_USAGE', 'no path given; pass files, folders or - for standard input');
  } catch (err) {
    if (err instanceof DataCustomsError) {
      io.err(`customs scan: ${err.message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  const taxonomy = loadBundledTaxonomy();
  const tierOf = (c: string) => taxonomy.getCategory(c)?.tier;
  const format = options.format ?? 'table';
  const regions = options.regions
    ?.split(',')
    .map((r) => r.trim().toUpperCase())
    .filter((r) => /^[A-Z]{2}$/.test(r));
  const scan: ScanOptions = {
    minConfidence,
    asOf: io.today(),
    ...(regions && regions.length > 0 ? { regions } : {}),
  };
  const flowTo = options.suggestFlow;
  const flowToStdout = flowTo === true || flowTo === '-';

  // Findings stream out as they are found; output is batched to keep writes few.
  let pending = '';
  const flush = () => {
    if (pending !== '') {
      io.out(pending);
      pending = '';
    }
  };
  const onFinding =
    format === 'ndjson' && !flowToStdout
      ? (record: number, f: Finding) => {
          pending += `${JSON.stringify({ record, path: f.path, start: f.start, end: f.end, category: f.category, detector: f.detector, confidence: f.confidence })}\n`;
          if (pending.length > 65_536) flush();
        }
      : undefined;
  const progress = io.isTty && options.progress !== false && format !== 'ndjson' ? new Progress(io) : null;

  const { sources, unreadable } = await expand(paths, io.cwd);
  if (paths.includes('-')) {
    sources.push({
      name: '<stdin>',
      open:
        streams.stdin ??
        (io as StreamingIo).stdinStream ??
        async function* () {
          yield await io.readStdin();
        },
    });
  }
  const reports: SourceReport[] = [...unreadable];
  const ctx: ReadContext = {
    options,
    scan,
    maxLineChars,
    tierOf,
    progress,
    ...(onFinding ? { onFinding } : {}),
  };
  try {
    for (const source of sources) {
      progress?.setFile(source.name);
      reports.push(await scanSource(source, ctx));
      flush();
    }
  } catch (err) {
    progress?.done();
    flush();
    if (err instanceof DataCustomsError) {
      io.err(`customs scan: ${err.message}\n`);
      return err.code === 'DC_USAGE' ? EXIT.usage : EXIT.invalid;
    }
    throw err;
  }
  progress?.done();
  flush();
  const result = combineReports(reports, minConfidence);
  printProblems(result, io);

  if (flowTo !== undefined && flowTo !== false) {
    const yaml = flowSkeleton(result, { from, to, today: io.today(), taxonomy });
    if (flowToStdout) io.out(yaml);
    else {
      try {
        await writeFile(resolvePath(io.cwd, flowTo), yaml, 'utf8');
        io.err(`customs scan: wrote a flow declaration skeleton to ${flowTo}\n`);
      } catch {
        io.err(`customs scan: cannot write ${flowTo} (DC_IO)\n`);
        return EXIT.invalid;
      }
    }
  }
  if (!flowToStdout) {
    if (format === 'json') io.out(`${JSON.stringify(result, null, 2)}\n`);
    else if (format === 'table') printTable(result, io);
  }
  return unreadable.length > 0 ? EXIT.invalid : EXIT.ok;
}

/**
 * Adds `customs scan` to the program. `exit` receives the exit code; `streams.stdin` gives standard
 * input as a stream (without it, `-` reads all of standard input through `io.readStdin`).
 */
export function registerScanCommand(
  program: Command,
  io: CliIo,
  exit: (code: number) => void,
  streams: ScanStreams = {},
): Command {
  const confidence = (v: string): number => {
    const x = Number(v);
    if (!Number.isFinite(x) || x < 0 || x > 1)
      throw new InvalidArgumentError('expected a number from 0 to 1');
    return x;
  };
  return program
    .command('scan')
    .description(
      'find personal data in JSON, NDJSON, CSV/TSV (UTF-8 or GBK/GB18030) and text files, folders, or - for stdin; prints a per-field report',
    )
    .argument('<path...>', 'files, folders, or - for standard input')
    .addOption(
      new Option('--format <format>', 'output: per-field table, report as json, or one finding per line')
        .choices(['table', 'json', 'ndjson'])
        .default('table'),
    )
    .option(
      '--min-confidence <x>',
      `report findings at or above this confidence, 0 to 1 (default ${DEFAULT_MIN_CONFIDENCE})`,
      confidence,
    )
    .option(
      '--suggest-flow [file]',
      'write a flow declaration skeleton with the categories found (to stdout, or to file)',
    )
    .option('--from <country>', 'exporter country for --suggest-flow', 'CN')
    .option('--to <country>', 'recipient country for --suggest-flow', 'US')
    .addOption(
      new Option('--input <format>', 'input format instead of guessing')
        .choices(['auto', ...INPUT_FORMATS])
        .default('auto'),
    )
    .option(
      '--encoding <label>',
      'text encoding instead of detecting it (utf-8, gb18030, gbk, utf-16le, ...)',
    )
    .option('--max-line <MiB>', 'longest line, JSON value or CSV field scanned, in MiB', '8')
    .option('--regions <codes>', 'regions whose national phone formats to try first, e.g. CN,JP')
    .option('--no-progress', 'no progress bar on a terminal')
    .action(async (paths: string[], opts: ScanCommandOptions) =>
      exit(await runScan(paths, opts, io, streams)),
    );
}
