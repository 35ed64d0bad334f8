// The value scanner: runs the detectors over one string, lets their candidates compete for the text
// (highest confidence first, then the longer span) and returns the winners. Candidates without a
// category are "quiet" spans (timestamps, UUIDs, hashes, prices, ...): they win text away from weaker
// detectors and are then dropped, which is how hard negatives stay quiet.

import type { CategoryKey } from '../taxonomy/index.js';
import { CATEGORY } from './categories.js';
import {
  type Cue,
  type CueHit,
  cueBefore,
  cueHits,
  type FieldHint,
  isNegativeCue,
  nearestCue,
} from './cues.js';

/** Options of a scan, with defaults applied. */
export interface ResolvedOptions {
  readonly minConfidence: number;
  readonly regions: readonly string[];
  readonly maxValueLength: number;
  /** The latest plausible birth year (from `asOf`), and the date itself. */
  readonly latestYear: number;
  readonly asOf: string | null;
}

/** One detector's claim on a span of a value. `category: null` marks a quiet span (a hard negative). */
export interface Candidate {
  start: number;
  end: number;
  category: CategoryKey | null;
  detector: string;
  confidence: number;
}

/** Cheap facts about a value, computed in one pass, that decide which detectors run. */
export interface Features {
  readonly digits: number;
  readonly upper: number;
  readonly latin: number;
  readonly at: boolean;
  readonly colons: number;
  readonly dots: number;
  readonly dashes: number;
  readonly slashes: number;
  readonly spaces: number;
  readonly commas: number;
  readonly stars: boolean;
  readonly currency: boolean;
  readonly cjk: boolean;
  readonly kana: boolean;
  readonly hangul: boolean;
  readonly thai: boolean;
  readonly vietnamese: boolean;
  readonly lt: boolean;
  /** Longest run of ASCII digits. */
  readonly digitRun: number;
  /** Longest run of ASCII letters and digits. */
  readonly alnumRun: number;
  /** An upper-case ASCII letter right next to a digit (`A123`, `123X`). */
  readonly upperDigit: boolean;
  // Kept for the detectors written against booleans.
  readonly colon: boolean;
  readonly dot: boolean;
}

/** A value being scanned: its text, what its field name says, and the candidates so far. */
export interface ValueScan {
  readonly text: string;
  readonly hint: FieldHint | null;
  readonly opts: ResolvedOptions;
  readonly features: Features;
  readonly out: Candidate[];
  /** The cue words of the text, found on first need. */
  cues?: CueHit[] | null;
}

// Classes of the ASCII characters for `featuresOf` (one table look-up instead of a chain of tests).
const A_DIGIT = 1;
const A_UPPER = 2;
const A_LOWER = 3;
const A_SPACE = 4;
const A_AT = 5;
const A_COLON = 6;
const A_DOT = 7;
const A_DASH = 8;
const A_SLASH = 9;
const A_COMMA = 10;
const A_STAR = 11;
const A_LT = 12;
const A_DOLLAR = 13;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = A_DIGIT;
for (let c = 65; c <= 90; c++) ASCII_CLASS[c] = A_UPPER;
for (let c = 97; c <= 122; c++) ASCII_CLASS[c] = A_LOWER;
ASCII_CLASS[32] = A_SPACE;
ASCII_CLASS[64] = A_AT;
ASCII_CLASS[58] = A_COLON;
ASCII_CLASS[46] = A_DOT;
ASCII_CLASS[45] = A_DASH;
ASCII_CLASS[47] = A_SLASH;
ASCII_CLASS[44] = A_COMMA;
ASCII_CLASS[42] = A_STAR;
ASCII_CLASS[60] = A_LT;
ASCII_CLASS[36] = A_DOLLAR;

/** Features as a mutable record: one is reused from value to value by the scanner. */
export class FeatureSet implements Features {
  digits = 0;
  upper = 0;
  latin = 0;
  at = false;
  colons = 0;
  dots = 0;
  dashes = 0;
  slashes = 0;
  spaces = 0;
  commas = 0;
  stars = false;
  currency = false;
  cjk = false;
  kana = false;
  hangul = false;
  thai = false;
  vietnamese = false;
  lt = false;
  digitRun = 0;
  alnumRun = 0;
  upperDigit = false;
  colon = false;
  dot = false;
}

/** Computes the features of a value in one pass over its UTF-16 units. */
export function featuresOf(text: string): Features {
  return featuresInto(text, new FeatureSet());
}

/** Like `featuresOf`, writing into `f` (no allocation). */
export function featuresInto(text: string, f: FeatureSet): FeatureSet {
  let digits = 0;
  let upper = 0;
  let latin = 0;
  let at = false;
  let colons = 0;
  let dots = 0;
  let dashes = 0;
  let slashes = 0;
  let spaces = 0;
  let commas = 0;
  let stars = false;
  let currency = false;
  let cjk = false;
  let kana = false;
  let hangul = false;
  let thai = false;
  let vietnamese = false;
  let lt = false;
  let digitRun = 0;
  let run = 0;
  let alnumRun = 0;
  let arun = 0;
  let upperDigit = false;
  let prev = 0; // 1 digit, 2 upper, 0 other
  const n = text.length;
  // `run`: current run of digits; `arun`: of ASCII letters and digits (a run's length is counted
  // into the maximum when it ends); `prev`: 1 after a digit, 2 after an upper-case letter.
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      switch (ASCII_CLASS[c]) {
        case A_DIGIT:
          digits++;
          run++;
          arun++;
          if (prev === 2) upperDigit = true;
          prev = 1;
          continue;
        case A_UPPER:
          upper++;
          latin++;
          if (run > digitRun) digitRun = run;
          run = 0;
          arun++;
          if (prev === 1) upperDigit = true;
          prev = 2;
          continue;
        case A_LOWER:
          latin++;
          if (run > digitRun) digitRun = run;
          run = 0;
          arun++;
          prev = 0;
          continue;
        case A_SPACE:
          spaces++;
          break;
        case A_AT:
          at = true;
          break;
        case A_COLON:
          colons++;
          break;
        case A_DOT:
          dots++;
          break;
        case A_DASH:
          dashes++;
          break;
        case A_SLASH:
          slashes++;
          break;
        case A_COMMA:
          commas++;
          break;
        case A_STAR:
          stars = true;
          break;
        case A_LT:
          lt = true;
          break;
        case A_DOLLAR:
          currency = true;
          break;
        default:
          break;
      }
    } else if (c >= 0x4e00 && c <= 0x9fff) {
      cjk = true;
      if (c === 0x5143 || c === 0x5186) currency = true;
    } else if (c >= 0xff10 && c <= 0xff19) {
      // Full-width digits, as typed with CJK input methods.
      digits++;
      run++;
      arun++;
      if (prev === 2) upperDigit = true;
      prev = 1;
      continue;
    } else if (c >= 0x3040 && c <= 0x30ff) kana = true;
    else if (c >= 0xac00 && c <= 0xd7a3) {
      hangul = true;
      if (c === 0xc6d0) currency = true;
    } else if (c >= 0x0e00 && c <= 0x0e7f) thai = true;
    else if ((c >= 0x1ea0 && c <= 0x1ef9) || c === 0x0111 || c === 0x0110 || c === 0x01a1 || c === 0x01b0) {
      vietnamese = true;
      latin++;
    } else if (c === 0xa5 || c === 0xa3 || c === 0x20ac || c === 0x20a9 || c === 0x20ab || c === 0xffe5)
      currency = true;
    else if (c >= 0xc0 && c <= 0x24f) latin++;
    else if (c === 0xff1a) colons++;
    else if (c === 0x2022 || c === 0xd7) stars = true;
    // Any other character ends both runs.
    if (run > digitRun) digitRun = run;
    run = 0;
    if (arun > alnumRun) alnumRun = arun;
    arun = 0;
    prev = 0;
  }
  if (run > digitRun) digitRun = run;
  if (arun > alnumRun) alnumRun = arun;
  f.digits = digits;
  f.upper = upper;
  f.latin = latin;
  f.at = at;
  f.colons = colons;
  f.dots = dots;
  f.dashes = dashes;
  f.slashes = slashes;
  f.spaces = spaces;
  f.commas = commas;
  f.stars = stars;
  f.currency = currency;
  f.cjk = cjk;
  f.kana = kana;
  f.hangul = hangul;
  f.thai = thai;
  f.vietnamese = vietnamese;
  f.lt = lt;
  f.digitRun = digitRun;
  f.alnumRun = alnumRun;
  f.upperDigit = upperDigit;
  f.colon = colons > 0;
  f.dot = dots > 0;
  return f;
}

/** Records a candidate. */
export function emit(
  v: ValueScan,
  start: number,
  end: number,
  category: CategoryKey | null,
  detector: string,
  confidence: number,
): void {
  if (end <= start || confidence <= 0) return;
  v.out.push({ start, end, category, detector, confidence: Math.min(1, confidence) });
}

/** The cue for a span starting at `start`: words just before it in the value, else the field name. */
export function cueAt(v: ValueScan, start: number): Cue | null {
  if (start > 0) {
    if (v.cues === undefined) v.cues = cueHits(v.text);
    const c = v.cues === null ? cueBefore(v.text, start) : nearestCue(v.cues, v.text, start);
    if (c !== null) return c;
  }
  return v.hint?.cue ?? null;
}

/** Confidence levels of a detector: bare evidence, with a matching cue, and the defaults below. */
export interface Grades {
  readonly bare: number;
  readonly cued: number;
  /** With a cue for some other kind of personal data (default: 0.85 × bare). */
  readonly other?: number;
  /** With a cue for something not personal (order, SKU, price...; default: min(0.3, 0.5 × bare)). */
  readonly negative?: number;
}

/** Picks the confidence for a cue: matching, none, another personal kind, or a negative cue. */
export function grade(cue: Cue | null, wanted: ReadonlySet<Cue> | readonly Cue[], g: Grades): number {
  if (cue === null) return g.bare;
  const match = Array.isArray(wanted) ? wanted.includes(cue) : (wanted as ReadonlySet<Cue>).has(cue);
  if (match) return g.cued;
  if (isNegativeCue(cue)) return g.negative ?? Math.min(0.3, g.bare * 0.5);
  return g.other ?? g.bare * 0.85;
}

/** The consignee variant of phone, name and address categories when the field is about the consignee. */
export function forConsignee(v: ValueScan, category: CategoryKey): CategoryKey {
  if (!v.hint?.consignee) return category;
  if (category === CATEGORY.phone) return CATEGORY.consigneePhone;
  if (category === CATEGORY.name) return CATEGORY.consigneeName;
  if (category === CATEGORY.address) return CATEGORY.consigneeAddress;
  return category;
}

/** True when [start, end) overlaps a candidate already recorded with at least `confidence`. */
export function covered(v: ValueScan, start: number, end: number, confidence = 0): boolean {
  for (const c of v.out) if (c.start < end && start < c.end && c.confidence >= confidence) return true;
  return false;
}

/**
 * Lets candidates compete: highest confidence first, then the longer span, then the earlier one; a
 * candidate overlapping a winner loses. Quiet winners and winners below `min` are dropped.
 */
export function resolve(candidates: Candidate[], min: number): Candidate[] {
  if (candidates.length === 0) return candidates;
  if (candidates.length === 1) {
    const c = candidates[0]!;
    return c.category !== null && c.confidence >= min ? candidates : [];
  }
  // A stable insertion sort: the lists are short, and equal candidates keep their order of emission.
  const sorted = candidates.slice();
  for (let i = 1; i < sorted.length; i++) {
    const c = sorted[i]!;
    let j = i - 1;
    while (j >= 0 && before(c, sorted[j]!)) {
      sorted[j + 1] = sorted[j]!;
      j--;
    }
    sorted[j + 1] = c;
  }
  const won: Candidate[] = [];
  for (const c of sorted) {
    let free = true;
    for (const w of won) {
      if (c.start < w.end && w.start < c.end) {
        free = false;
        break;
      }
    }
    if (free) won.push(c);
  }
  return won.filter((c) => c.category !== null && c.confidence >= min).sort((a, b) => a.start - b.start);
}

/** True when `a` goes strictly before `b`: higher confidence, then the longer span, then the earlier one. */
function before(a: Candidate, b: Candidate): boolean {
  if (a.confidence !== b.confidence) return a.confidence > b.confidence;
  const la = a.end - a.start;
  const lb = b.end - b.start;
  if (la !== lb) return la > lb;
  return a.start < b.start;
}

/** Rounds a confidence for output (two decimals). */
export function roundConfidence(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * The matches of a global regular expression in `text`, collected first (so that callers may run
 * other scans meanwhile). Cheaper than `String.prototype.matchAll`, which clones the expression.
 */
export function matches(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(m);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}
