import type { CategoryKey } from '../taxonomy/index.js';

/**
 * One piece of personal data found: where (JSONPath of the string value and UTF-16 offsets in it),
 * what (taxonomy category), by which detector, and how sure (0..1). Never holds the value itself.
 */
export interface Finding {
  /** JSONPath (RFC 9535 normalized form, shorthand where allowed) of the value: `$`, `$.phone`, `$.items[0].name`. */
  readonly path: string;
  /** UTF-16 offset of the first character in the value. */
  readonly start: number;
  /** UTF-16 offset after the last character (exclusive). */
  readonly end: number;
  readonly category: CategoryKey;
  readonly detector: string;
  readonly confidence: number;
}

/** A finding with the text it matched; for building masked reports in process. Holds personal data. */
export interface Hit {
  readonly finding: Finding;
  readonly text: string;
}

/** Options of `scanText` and `scanRecord`. */
export interface ScanOptions {
  /** Findings below this confidence are dropped (default 0.5). */
  readonly minConfidence?: number;
  /**
   * ISO 3166 codes of the regions whose national phone formats to try first (numbers with a `+`
   * country code are recognised for every region regardless).
   */
  readonly regions?: readonly string[];
  /** Longest string value scanned, in UTF-16 units; the rest of a longer value is not scanned (default 1 MiB). */
  readonly maxValueLength?: number;
  /** The scan date (YYYY-MM-DD): later dates are not dates of birth. Default: no such bound. */
  readonly asOf?: string;
}
