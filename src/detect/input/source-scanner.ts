// Scanning one input source (a file, standard input, a request body) of a known format, fed as text
// in chunks: NDJSON and plain text line by line, JSON value by value (array elements one at a time),
// CSV/TSV row by row with the header as field names. Problems (malformed records, cut lines) are
// collected with their line numbers and never hold the input's content. Pure: the caller reads,
// decodes and feeds.

import type { Tier } from '../../taxonomy/index.js';
import { type CategorySummary, type ScanReport, ScanReportBuilder } from '../report.js';
import { resolveOptions, scanRecordHits, scanTextHits } from '../scan.js';
import type { Finding, Hit, ScanOptions } from '../types.js';
import { CsvParser, rowRecord } from './csv.js';
import { JsonValueSplitter } from './json-values.js';
import { LineSplitter } from './lines.js';

/** The formats a source can have. */
export type InputFormat = 'json' | 'ndjson' | 'csv' | 'tsv' | 'text';
export const INPUT_FORMATS: readonly InputFormat[] = ['json', 'ndjson', 'csv', 'tsv', 'text'];

/** Something wrong with part of a source; located, never quoting the input. */
export interface SourceProblem {
  /** Always DC_IO: part of the input could not be read as what it claims to be (docs/errors.md). */
  readonly code?: 'DC_IO';
  readonly kind: 'malformed' | 'truncated' | 'incomplete' | 'binary' | 'encoding' | 'unreadable';
  /** 1-based line where the problem is, when known. */
  readonly line?: number;
  /** 0-based record (line, row or element) it concerns, when known. */
  readonly record?: number;
  readonly message: string;
}

/** What scanning a source found. */
export interface SourceReport {
  readonly file: string;
  readonly format: InputFormat | null;
  readonly encoding: string | null;
  readonly bytes: number;
  /** Records scanned (lines, rows or JSON values; malformed ones not included). */
  readonly records: number;
  readonly findings: number;
  readonly malformed: number;
  readonly truncated: number;
  /** Why the source was not scanned at all, if it was not. */
  readonly skipped: string | null;
  readonly fields: ScanReport['fields'];
  readonly text: ScanReport['text'];
  readonly categories: ScanReport['categories'];
  readonly problems: readonly SourceProblem[];
  /** Problems beyond those listed. */
  readonly moreProblems: number;
}

/** Size limits that keep memory bounded whatever the input. */
export interface SourceLimits {
  /** Longest line scanned (NDJSON, text), in UTF-16 units; the rest is skipped (default 8 Mi). */
  readonly maxLineChars?: number;
  /** Largest JSON value or array element parsed (default 64 Mi). */
  readonly maxValueChars?: number;
  /** Longest CSV field kept (default 1 Mi). */
  readonly maxFieldChars?: number;
  /** Problems listed per source; the rest are counted (default 100). */
  readonly maxProblems?: number;
}

/** Options of a source scan. */
export interface SourceScanOptions {
  readonly name: string;
  readonly format: InputFormat;
  readonly encoding?: string | null;
  /** CSV delimiter (default `,` for CSV, tab for TSV). */
  readonly delimiter?: string;
  readonly scan?: ScanOptions;
  readonly limits?: SourceLimits;
  readonly tierOf?: (category: string) => Tier | undefined;
  /** Called for every finding at or above the minimum confidence, in order (for streaming output). */
  readonly onFinding?: (record: number, finding: Finding) => void;
}

const MI = 1 << 20;

/** JSON.parse's error, reduced to where it happened (its message can quote the input). */
export function jsonErrorWhere(err: unknown): string {
  const m = err instanceof Error ? /position (\d+)|line (\d+) column (\d+)/.exec(err.message) : null;
  if (m?.[1] !== undefined) return ` at character ${Number(m[1]) + 1}`;
  if (m?.[2] !== undefined) return ` at line ${m[2]} column ${m[3]}`;
  return '';
}

/** Scans one source fed in chunks of decoded text. */
export class SourceScanner {
  private readonly builder: ScanReportBuilder;
  private readonly scanOptions: ScanOptions;
  private readonly lines: LineSplitter | null = null;
  private readonly json: JsonValueSplitter | null = null;
  private readonly csv: CsvParser | null = null;
  private header: readonly string[] | null = null;
  private readonly problems: SourceProblem[] = [];
  private moreProblems = 0;
  private recordCount = 0;
  private findingCount = 0;
  private malformed = 0;
  private truncated = 0;
  private bytes = 0;
  private readonly maxProblems: number;

  constructor(private readonly options: SourceScanOptions) {
    this.builder = new ScanReportBuilder(options.tierOf ? { tierOf: options.tierOf } : {});
    this.scanOptions = options.scan ?? {};
    // Resolve once so that a bad option fails here, not per record.
    resolveOptions(this.scanOptions);
    const limits = options.limits ?? {};
    this.maxProblems = limits.maxProblems ?? 100;
    switch (options.format) {
      case 'ndjson':
      case 'text':
        this.lines = new LineSplitter(limits.maxLineChars ?? 8 * MI);
        break;
      case 'json':
        this.json = new JsonValueSplitter(limits.maxValueChars ?? 64 * MI);
        break;
      case 'csv':
      case 'tsv':
        this.csv = new CsvParser({
          delimiter: options.delimiter ?? (options.format === 'tsv' ? '\t' : ','),
          maxFieldChars: limits.maxFieldChars ?? MI,
          maxFields: 10_000,
        });
        break;
    }
  }

  /** Records scanned so far. */
  get records(): number {
    return this.recordCount;
  }

  /** Counts input bytes (for the report; the caller knows them before decoding). */
  addBytes(n: number): void {
    this.bytes += n;
  }

  /** Feeds decoded text. */
  push(text: string): void {
    if (this.lines !== null) for (const l of this.lines.push(text)) this.line(l);
    else if (this.json !== null) for (const p of this.json.push(text)) this.piece(p);
    else if (this.csv !== null) for (const r of this.csv.push(text)) this.row(r);
  }

  /** Ends the input and returns the report. */
  end(): SourceReport {
    if (this.lines !== null) for (const l of this.lines.end()) this.line(l);
    else if (this.json !== null) {
      for (const p of this.json.end()) this.piece(p);
      if (!this.json.complete)
        this.problem({
          kind: 'incomplete',
          message: 'the top-level array is not closed (is the file cut short?)',
        });
    } else if (this.csv !== null) for (const r of this.csv.end()) this.row(r);
    return this.report(null);
  }

  /** The report of a source that was not scanned (binary, unreadable). */
  static skipped(file: string, reason: string, problem: SourceProblem, bytes = 0): SourceReport {
    return {
      file,
      format: null,
      encoding: null,
      bytes,
      records: 0,
      findings: 0,
      malformed: 0,
      truncated: 0,
      skipped: reason,
      fields: [],
      text: [],
      categories: [],
      problems: [{ code: 'DC_IO', ...problem }],
      moreProblems: 0,
    };
  }

  /** Adds a problem found outside the scanner (by the reader: an encoding fallback, say). */
  problem(p: SourceProblem): void {
    if (this.problems.length < this.maxProblems) this.problems.push({ code: 'DC_IO', ...p });
    else this.moreProblems++;
  }

  private report(skipped: string | null): SourceReport {
    const r = this.builder.build();
    return {
      file: this.options.name,
      format: this.options.format,
      encoding: this.options.encoding ?? null,
      bytes: this.bytes,
      records: this.recordCount,
      findings: this.findingCount,
      malformed: this.malformed,
      truncated: this.truncated,
      skipped,
      fields: r.fields,
      text: r.text,
      categories: r.categories,
      problems: this.problems,
      moreProblems: this.moreProblems,
    };
  }

  private emit(record: number, hits: Hit[], kind: 'record' | 'text'): void {
    this.recordCount++;
    this.findingCount += hits.length;
    this.builder.add(hits, kind);
    const cb = this.options.onFinding;
    if (cb !== undefined) for (const h of hits) cb(record, h.finding);
  }

  private line(l: { index: number; text: string; truncated: boolean; length: number }): void {
    const lineNo = l.index + 1;
    if (l.truncated) {
      this.truncated++;
      this.problem({
        kind: 'truncated',
        line: lineNo,
        record: l.index,
        message: `line ${lineNo} has ${l.length} characters; scanned the first ${l.text.length} as text`,
      });
    }
    if (this.options.format === 'text' || l.truncated) {
      if (l.text.trim() === '') return;
      this.emit(l.index, scanTextHits(l.text, this.scanOptions), 'text');
      return;
    }
    if (l.text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(l.text);
    } catch (err) {
      this.malformed++;
      this.problem({
        kind: 'malformed',
        line: lineNo,
        record: l.index,
        message: `line ${lineNo}: not valid JSON${jsonErrorWhere(err)}; skipped`,
      });
      return;
    }
    this.emit(l.index, scanRecordHits(value, this.scanOptions), 'record');
  }

  private piece(p: { index: number; line: number; text: string | null; length: number }): void {
    if (p.text === null) {
      this.truncated++;
      this.problem({
        kind: 'truncated',
        line: p.line,
        record: p.index,
        message: `value ${p.index} (line ${p.line}) has ${p.length} characters, over the limit; skipped`,
      });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(p.text);
    } catch (err) {
      this.malformed++;
      this.problem({
        kind: 'malformed',
        line: p.line,
        record: p.index,
        message: `value ${p.index} (line ${p.line}): not valid JSON${jsonErrorWhere(err)}; skipped`,
      });
      return;
    }
    this.emit(p.index, scanRecordHits(value, this.scanOptions), 'record');
  }

  private row(r: { index: number; line: number; fields: readonly string[]; truncated: boolean }): void {
    if (this.header === null) {
      this.header = r.fields.map((f) => f.trim());
      return;
    }
    const record = r.index - 1;
    if (r.truncated) {
      this.truncated++;
      this.problem({
        kind: 'truncated',
        line: r.line,
        record,
        message: `row ${record} (line ${r.line}) has a field or fields over the limit; scanned in part`,
      });
    }
    this.emit(record, scanRecordHits(rowRecord(this.header, r.fields), this.scanOptions), 'record');
  }
}

/** The format of a source from its name, then from its first characters. */
export function sniffFormat(name: string, head: string): InputFormat {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson';
  if (ext === 'csv') return 'csv';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  if (ext === 'txt' || ext === 'log' || ext === 'md') return 'text';
  const trimmed = head.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('[')) return 'json';
  if (trimmed.startsWith('{')) {
    // One value per line is NDJSON; an object spread over lines is JSON.
    const lines = trimmed.split('\n').filter((l) => l.trim() !== '');
    if (lines.length >= 2) {
      try {
        JSON.parse(lines[0]!);
        return 'ndjson';
      } catch {
        return 'json';
      }
    }
    return ext === 'json' ? 'json' : 'ndjson';
  }
  if (ext === 'json') return 'json';
  const firstLines = trimmed.split('\n').slice(0, 5);
  if (firstLines.length >= 2) {
    const tabs = firstLines.map((l) => l.split('\t').length - 1);
    if (tabs[0]! > 0 && tabs.every((t) => t === tabs[0])) return 'tsv';
    const commas = firstLines.map((l) => l.split(',').length - 1);
    if (commas[0]! > 0 && commas.every((c) => c === commas[0]) && !/[。！？.!?]\s*$/.test(firstLines[0]!))
      return 'csv';
  }
  return 'text';
}

/** The JSON report of `customs scan --format json` and of `POST /v1/scan`. */
export interface ScanResult {
  readonly summary: {
    readonly files: number;
    readonly records: number;
    readonly bytes: number;
    readonly findings: number;
    readonly malformed: number;
    readonly truncated: number;
    readonly skipped: number;
    readonly min_confidence: number;
    readonly categories: readonly CategorySummary[];
  };
  readonly files: readonly SourceReport[];
}

/** Combines source reports into the scan result. */
export function combineReports(files: readonly SourceReport[], minConfidence: number): ScanResult {
  const cats = new Map<
    string,
    { category: CategorySummary['category']; tier: Tier | null; count: number; records: number }
  >();
  for (const f of files) {
    for (const c of f.categories) {
      const acc = cats.get(c.category) ?? { category: c.category, tier: c.tier, count: 0, records: 0 };
      acc.count += c.count;
      acc.records += c.records;
      cats.set(c.category, acc);
    }
  }
  return {
    summary: {
      files: files.length,
      records: files.reduce((n, f) => n + f.records, 0),
      bytes: files.reduce((n, f) => n + f.bytes, 0),
      findings: files.reduce((n, f) => n + f.findings, 0),
      malformed: files.reduce((n, f) => n + f.malformed, 0),
      truncated: files.reduce((n, f) => n + f.truncated, 0),
      skipped: files.filter((f) => f.skipped !== null).length,
      min_confidence: minConfidence,
      categories: [...cats.values()].sort(
        (a, b) => b.count - a.count || a.category.localeCompare(b.category),
      ),
    },
    files,
  };
}
