// Phone numbers: Chinese mobile and fixed-line numbers by their own numbering plan (fast path), every
// other region through libphonenumber-js (Google's metadata, full "max" set, so that numbers are
// checked against real number ranges, not just lengths).

import type { CountryCode } from 'libphonenumber-js/max';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Features } from '../engine.js';
import { isCnLandline, isCnMobile } from '../validators/cn-phone.js';

// Number ranges are allocated by prefix, so validity depends on the region, the length and the
// leading digits; libphonenumber's answer is memoised on those (its validation compiles regular
// expressions on every call and costs tens of microseconds).
const MEMO_PREFIX = 6;
const MEMO_LIMIT = 100_000;
// Per region (`+` for international numbers), keyed by a number: the digit count times 10^8 plus the
// value of the leading digits (their count follows from the digit count, so leading zeros are kept).
const memo = new Map<string, Map<number, string | null>>();
let memoSize = 0;

/** A phone number's region (ISO code) when `text` is a valid number, else null. */
export function validPhoneRegion(text: string, region?: string): string | null {
  const prefixLength = region === undefined ? MEMO_PREFIX + 2 : MEMO_PREFIX;
  let count = 0;
  let prefix = 0;
  for (let i = 0; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d >= 0 && d <= 9) {
      if (count < prefixLength) prefix = prefix * 10 + d;
      count++;
    }
  }
  const key = count * 1e8 + prefix;
  let byRegion = memo.get(region ?? '+');
  if (byRegion === undefined) {
    byRegion = new Map();
    memo.set(region ?? '+', byRegion);
  }
  const hit = byRegion.get(key);
  if (hit !== undefined) return hit;
  let result: string | null = null;
  try {
    const p = parsePhoneNumberFromString(text, region as CountryCode | undefined);
    if (p?.isValid()) result = p.country ?? region ?? 'ZZ';
  } catch {
    result = null;
  }
  if (memoSize >= MEMO_LIMIT) {
    memo.clear();
    memoSize = 0;
    byRegion = new Map();
    memo.set(region ?? '+', byRegion);
  }
  byRegion.set(key, result);
  memoSize++;
  return result;
}

const NANP = /^[2-9]\d{2}[2-9]\d{6}$/;

/**
 * The regions to try for a number written without a country code, most likely first: the caller's
 * regions, then what the value's script suggests, then what the digits' shape allows.
 */
export function regionsToTry(digits: string, f: Features, preferred: readonly string[]): readonly string[] {
  // Without preferred regions the answer depends on a few bits only: cached per combination.
  if (preferred.length > 0) return computeRegions(digits, f, preferred);
  const d = digits.length;
  const shape =
    digits.charCodeAt(0) === 48
      ? 0
      : (d === 10 && NANP.test(digits)) ||
          (d === 11 && digits.charCodeAt(0) === 49 && NANP.test(digits.slice(1)))
        ? 1
        : d === 8
          ? 2
          : d === 9
            ? 3
            : d === 10 || d === 11
              ? 4
              : 5;
  const key =
    shape * 32 +
    (f.kana ? 1 : 0) +
    (f.hangul ? 2 : 0) +
    (f.vietnamese ? 4 : 0) +
    (f.thai ? 8 : 0) +
    (f.cjk ? 16 : 0);
  let hit = regionCache[key];
  if (hit === undefined) {
    hit = computeRegions(digits, f, preferred);
    regionCache[key] = hit;
  }
  return hit;
}

const regionCache: (readonly string[] | undefined)[] = [];

function computeRegions(digits: string, f: Features, preferred: readonly string[]): string[] {
  const out: string[] = [...preferred];
  const add = (...cs: string[]) => {
    for (const c of cs) if (!out.includes(c)) out.push(c);
  };
  if (f.kana) add('JP');
  if (f.hangul) add('KR');
  if (f.vietnamese) add('VN');
  if (f.thai) add('TH');
  if (f.cjk) add('CN', 'TW', 'HK');
  const d = digits.length;
  if (digits.charCodeAt(0) === 48) {
    add('JP', 'KR', 'DE', 'FR', 'GB', 'VN', 'ID', 'TH', 'IN', 'IT', 'AU', 'NL', 'BR', 'TW', 'MY', 'PH', 'ES');
  } else if (
    (d === 10 && NANP.test(digits)) ||
    (d === 11 && digits.charCodeAt(0) === 49 && NANP.test(digits.slice(1)))
  ) {
    add('US', 'CA');
  } else if (d === 8) {
    add('SG', 'HK', 'MO');
  } else if (d === 9) {
    add('ES', 'PT', 'FR', 'BR');
  } else if (d === 10 || d === 11) {
    add('IT', 'BR', 'IN', 'MX', 'RU');
  }
  return out.slice(0, 8);
}

/** The kind of a phone number read from digits alone: `cn_mobile`, `cn_landline` or null. */
export function cnPhoneKind(digits: string): 'cn_mobile' | 'cn_landline' | null {
  if (isCnMobile(digits)) return 'cn_mobile';
  if (digits.length === 13 && digits.startsWith('86') && isCnMobile(digits.slice(2))) return 'cn_mobile';
  if (isCnLandline(digits)) return 'cn_landline';
  return null;
}
