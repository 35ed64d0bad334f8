// The field-level report: for structured data, each field path (array indices folded to `[*]`) with
// each category found in it, its tier, how many matches in how many records, the detectors and
// masked examples; for text, the categories found. Built incrementally, one record at a time, in
// memory proportional to the number of distinct fields, not records.

import type { CategoryKey, Tier } from '../taxonomy/index.js';
import { maskValue } from './mask.js';
import type { Hit } from './types.js';

/** One category found in one field. */
export interface FieldSummary {
  /** The field's JSONPath with array indices as `[*]` (`$` for text). */
  readonly path: string;
  readonly category: CategoryKey;
  readonly tier: Tier | null;
  /** Matches in this field. */
  readonly count: number;
  /** Records with at least one match in this field. */
  readonly records: number;
  readonly detectors: readonly string[];
  /** Highest confidence seen. */
  readonly confidence: number;
  /** Up to three masked examples. */
  readonly examples: readonly string[];
}

/** One category over the whole scan. */
export interface CategorySummary {
  readonly category: CategoryKey;
  readonly tier: Tier | null;
  readonly count: number;
  readonly records: number;
}

/** What a scan found. */
export interface ScanReport {
  readonly records: number;
  readonly findings: number;
  readonly categories: readonly CategorySummary[];
  /** Structured sources (JSON, NDJSON, CSV): per field and category. */
  readonly fields: readonly FieldSummary[];
  /** Text sources: per category. */
  readonly text: readonly FieldSummary[];
}

/** Options of the report builder. */
export interface ReportOptions {
  /** The tier of a category (from the taxonomy), for the report and for masking. */
  readonly tierOf?: (category: string) => Tier | undefined;
  readonly maxExamples?: number;
}

interface Acc {
  path: string;
  category: CategoryKey;
  count: number;
  records: number;
  lastRecord: number;
  detectors: Set<string>;
  confidence: number;
  examples: string[];
}

const INDEX = /\[\d+\]/g;

/** Accumulates hits, record by record, into a `ScanReport`. */
export class ScanReportBuilder {
  private readonly fields = new Map<string, Acc>();
  private readonly text = new Map<string, Acc>();
  private readonly categories = new Map<string, { count: number; records: number; last: number }>();
  private records = 0;
  private findings = 0;
  private readonly tierOf: (category: string) => Tier | undefined;
  private readonly maxExamples: number;

  constructor(options: ReportOptions = {}) {
    this.tierOf = options.tierOf ?? (() => undefined);
    this.maxExamples = options.maxExamples ?? 3;
  }

  /** Adds the hits of one record (or one line of text). */
  add(hits: readonly Hit[], source: 'record' | 'text' = 'record'): void {
    const record = this.records++;
    const into = source === 'text' ? this.text : this.fields;
    for (const { finding, text } of hits) {
      this.findings++;
      const path = source === 'text' ? '$' : finding.path.replace(INDEX, '[*]');
      const key = `${path}\u0000${finding.category}`;
      let acc = into.get(key);
      if (acc === undefined) {
        acc = {
          path,
          category: finding.category,
          count: 0,
          records: 0,
          lastRecord: -1,
          detectors: new Set(),
          confidence: 0,
          examples: [],
        };
        into.set(key, acc);
      }
      acc.count++;
      if (acc.lastRecord !== record) {
        acc.records++;
        acc.lastRecord = record;
      }
      acc.detectors.add(finding.detector);
      if (finding.confidence > acc.confidence) acc.confidence = finding.confidence;
      if (acc.examples.length < this.maxExamples) {
        const masked = maskValue(text, finding.category, this.tierOf(finding.category));
        if (!acc.examples.includes(masked)) acc.examples.push(masked);
      }
      const cat = this.categories.get(finding.category) ?? { count: 0, records: 0, last: -1 };
      cat.count++;
      if (cat.last !== record) {
        cat.records++;
        cat.last = record;
      }
      this.categories.set(finding.category, cat);
    }
  }

  /** Counts a record that had no hits (same as `add([])`). */
  addEmpty(): void {
    this.records++;
  }

  /** The report so far. */
  build(): ScanReport {
    const out = (acc: Acc): FieldSummary => ({
      path: acc.path,
      category: acc.category,
      tier: this.tierOf(acc.category) ?? null,
      count: acc.count,
      records: acc.records,
      detectors: [...acc.detectors].sort(),
      confidence: acc.confidence,
      examples: acc.examples,
    });
    const byPath = (a: FieldSummary, b: FieldSummary) =>
      a.path.localeCompare(b.path) || b.count - a.count || a.category.localeCompare(b.category);
    return {
      records: this.records,
      findings: this.findings,
      categories: [...this.categories.entries()]
        .map(([category, c]) => ({
          category: category as CategoryKey,
          tier: this.tierOf(category) ?? null,
          count: c.count,
          records: c.records,
        }))
        .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
      fields: [...this.fields.values()].map(out).sort(byPath),
      text: [...this.text.values()]
        .map(out)
        .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
    };
  }
}
