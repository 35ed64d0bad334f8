// Dates and times. A date is a date of birth only when a cue says so (a field named `birthday`,
// `生日`, `Geburtsdatum`..., or such a word just before it in text); every other date, time and
// timestamp becomes a quiet span, so that `2024-05-01 12:30` is never read as a phone number.

import { CATEGORY } from '../categories.js';
import { cueAt, emit, matches, type ValueScan } from '../engine.js';
import { isRealDate } from '../validators/dates.js';

const TIME = String.raw`(?:[T\s]+(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?(?:\s?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d|UTC|GMT))?)?`;
const YMD = new RegExp(
  String.raw`(?<![\d.])((?:1[89]|20)\d{2})([-/.])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])${TIME}(?![\d])`,
  'g',
);
const CJK_YMD =
  /((?:1[89]|20)\d{2})\s?[年년]\s?(0?[1-9]|1[0-2])\s?[月월]\s?(0?[1-9]|[12]\d|3[01])\s?[日일号號]?/g;
const DMY = new RegExp(
  String.raw`(?<![\d./-])(0?[1-9]|[12]\d|3[01])([-/.])(0?[1-9]|[12]\d|3[01])\2((?:1[89]|20)\d{2})${TIME}(?![\d])`,
  'g',
);
const COMPACT = /(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)/g;
const CLOCK = /(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?![\d:])/g;
const EPOCH = /(?<![\d.])1[4-9]\d{8}(?:\d{3})?(?![\d.])/g;

const MONTHS: Record<string, number> = {};
const MONTH_NAMES: readonly string[] = [
  'january|jan|januar|jänner|janvier|enero|janeiro|januari|gennaio',
  'february|feb|februar|février|fevrier|febrero|fevereiro|februari|febbraio',
  'march|mar|märz|maerz|mars|marzo|março|marco|maret',
  'april|apr|avril|abril|aprile',
  'may|mai|mayo|maio|mei|maggio',
  'june|jun|juni|juin|junio|junho|giugno',
  'july|jul|juli|juillet|julio|julho|luglio',
  'august|aug|août|aout|agosto|agustus',
  'september|sep|sept|septembre|septiembre|setiembre|setembro|settembre',
  'october|oct|oktober|octobre|octubre|outubro|ottobre',
  'november|nov|novembre|noviembre|novembro|nopember',
  'december|dec|dezember|décembre|decembre|diciembre|dezembro|desember|dicembre',
];
MONTH_NAMES.forEach((names, i) => {
  for (const n of names.split('|')) MONTHS[n] = i + 1;
});
const MONTH_RE = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');
const D_MONTH_Y = new RegExp(
  String.raw`(?<!\d)(\d{1,2})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?(${MONTH_RE})\.?,?\s+(?:de\s+)?((?:19|20)\d{2})(?!\d)`,
  'giu',
);
const MONTH_D_Y = new RegExp(
  String.raw`(?<![\p{L}])(${MONTH_RE})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})(?!\d)`,
  'giu',
);
const YEAR = /(?<!\d)(?:19|20)\d\d(?!\d)/g;
const VI_DATE = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d{2})/giu;

function dateFound(
  v: ValueScan,
  start: number,
  end: number,
  y: number,
  m: number,
  d: number,
  strong: boolean,
): void {
  if (!isRealDate(y, m, d)) return;
  const cue = cueAt(v, start);
  const plausibleBirth =
    y >= 1900 && y <= v.opts.latestYear && (v.opts.asOf === null || toIso(y, m, d) <= v.opts.asOf);
  if (cue === 'dob' && plausibleBirth) {
    emit(v, start, end, CATEGORY.dateOfBirth, 'date_of_birth', strong ? 0.95 : 0.9);
  } else {
    emit(v, start, end, null, 'date', 0.8);
  }
}

function toIso(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Finds dates, times and timestamps: dates of birth under a birth-date cue, quiet spans otherwise. */
export function detectDates(v: ValueScan): void {
  const t = v.text;
  const f = v.features;
  if (f.digits < 3) return;
  const separated = f.dashes + f.slashes + f.dots > 0;
  if (separated && f.digitRun >= 4) {
    for (const m of matches(YMD, t)) {
      dateFound(v, m.index, m.index + m[0].length, Number(m[1]), Number(m[3]), Number(m[4]), true);
    }
    for (const m of matches(DMY, t)) {
      const a = Number(m[1]);
      const b = Number(m[3]);
      const y = Number(m[4]);
      // Day-first is the norm outside the US; a first part over 12 settles it either way.
      if (isRealDate(y, b, a)) dateFound(v, m.index, m.index + m[0].length, y, b, a, true);
      else dateFound(v, m.index, m.index + m[0].length, y, a, b, true);
    }
  }
  if ((f.cjk || f.hangul) && f.digitRun >= 4 && (t.includes('年') || t.includes('년'))) {
    for (const m of matches(CJK_YMD, t)) {
      dateFound(v, m.index, m.index + m[0].length, Number(m[1]), Number(m[2]), Number(m[3]), true);
    }
  }
  if (f.latin > 2 && f.spaces > 1 && f.digitRun >= 4) {
    // Dates with month names end in a year: find the years (digit-led, cheap), then look back.
    for (const y of matches(YEAR, t)) {
      const from = Math.max(0, y.index - 24);
      const window = t.slice(from, y.index + 4);
      for (const re of [D_MONTH_Y, MONTH_D_Y]) {
        re.lastIndex = 0;
        const m = re.exec(window);
        if (m === null || from + m.index + m[0].length !== y.index + 4) continue;
        const dmy = re === D_MONTH_Y;
        const month = MONTHS[(dmy ? m[2] : m[1])!.toLowerCase()];
        if (month)
          dateFound(v, from + m.index, y.index + 4, Number(m[3]), month, Number(dmy ? m[1] : m[2]), true);
        break;
      }
    }
    if (f.vietnamese) {
      for (const m of matches(VI_DATE, t)) {
        dateFound(v, m.index, m.index + m[0].length, Number(m[3]), Number(m[2]), Number(m[1]), true);
      }
    }
  }
  if (f.digitRun === 8 || (f.digitRun > 8 && f.spaces > 0)) {
    for (const m of matches(COMPACT, t)) {
      const start = m.index;
      if (cueAt(v, start) === 'dob')
        dateFound(v, start, start + 8, Number(m[1]), Number(m[2]), Number(m[3]), false);
    }
  }
  if (f.digitRun === 10 || f.digitRun === 13) {
    for (const m of matches(EPOCH, t)) {
      const cue = cueAt(v, m.index);
      if (cue === null || cue === 'time')
        emit(v, m.index, m.index + m[0].length, null, 'timestamp', cue === 'time' ? 0.9 : 0.5);
    }
  }
  if (f.colons > 0) {
    for (const m of matches(CLOCK, t)) emit(v, m.index, m.index + m[0].length, null, 'time', 0.7);
  }
}
