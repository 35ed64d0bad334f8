// Digit runs: phone numbers, numeric identity numbers, payment cards and IMEIs. A run is digits joined
// by single separators (space, `-`, `.`, `/`, parentheses) and optionally led by `+`; a run glued to
// letters (`SKU-13812345678`, `A1234567`) or inside a decimal number is not a candidate. Each run is
// classified by its length, its grouping and the checks of each format; the cue before it (or the
// field name) decides between formats that share a length.

import { CATEGORY } from '../categories.js';
import { type Cue, ID_CUES, isNegativeCue } from '../cues.js';
import { divisionLevel } from '../data/divisions.js';
import { cueAt, emit, forConsignee, grade, type ValueScan } from '../engine.js';
import { checkCard } from '../validators/bank-card.js';
import { isValidCpf } from '../validators/br-cpf.js';
import { parseCnResidentId } from '../validators/cn-resident-id.js';
import { isRealDate } from '../validators/dates.js';
import { isValidDeTaxId } from '../validators/de-tax-id.js';
import { isValidNir } from '../validators/fr-nir.js';
import { isValidNik } from '../validators/id-nik.js';
import { isValidImei } from '../validators/imei.js';
import { isValidAadhaar } from '../validators/in-aadhaar.js';
import { isValidMyNumber } from '../validators/jp-my-number.js';
import { parseKrRrn } from '../validators/kr-rrn.js';
import { isValidThaiId } from '../validators/th-national-id.js';
import { isValidSsn } from '../validators/us-ssn.js';
import { isValidCccd } from '../validators/vn-cccd.js';
import { cnPhoneKind, regionsToTry, validPhoneRegion } from './phone.js';

/** A run of digits and separators found in a value. */
export interface DigitRun {
  readonly start: number;
  readonly end: number;
  readonly digits: string;
  /** Lengths of the digit groups between separators. */
  readonly groups: readonly number[];
  /** The separators, in order (`-`, ` `, `.`, `/`, `(`, `)`, or two of them). */
  readonly seps: readonly string[];
  readonly plus: boolean;
  /** The run ends in `X`/`x` after 17 digits (a Chinese resident ID check character). */
  readonly x: boolean;
}

// ASCII and full-width digits (`０２１`, common in Chinese and Japanese input).
const isDigit = (c: number) => (c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19);
function asciiDigits(text: string, from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    out += String.fromCharCode(c >= 0xff10 ? c - 0xff10 + 48 : c);
  }
  return out;
}
const isAlnum = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isSep = (c: number) =>
  c === 32 ||
  c === 45 ||
  c === 46 ||
  c === 47 ||
  c === 40 ||
  c === 41 ||
  c === 0xa0 ||
  c === 0x2010 ||
  c === 0x2013 ||
  c === 0xff0d;
const PAIRS = new Set([') ', ')-', ' (', ' -', '- ', ').', '-(']);

/** Finds the digit runs of `text` (at most `limit` of them). */
export function digitRuns(text: string, limit = 10_000): DigitRun[] {
  const runs: DigitRun[] = [];
  const n = text.length;
  let i = 0;
  while (i < n && runs.length < limit) {
    const c0 = text.charCodeAt(i);
    let start = i;
    let j = i;
    let plus = false;
    if (c0 === 43 && i + 1 < n && isDigit(text.charCodeAt(i + 1))) {
      plus = true;
      j = i + 1;
    } else if (c0 === 40 && i + 1 < n && isDigit(text.charCodeAt(i + 1))) {
      j = i + 1;
    } else if (!isDigit(c0)) {
      i++;
      continue;
    }
    let digits = '';
    const groups: number[] = [];
    const seps: string[] = [];
    let g = 0;
    // Digits are copied a group at a time (a slice) unless the group holds full-width digits.
    let groupStart = j;
    let wide = false;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c >= 48 && c <= 57) {
        g++;
        j++;
        continue;
      }
      if (c >= 0xff10 && c <= 0xff19) {
        wide = true;
        g++;
        j++;
        continue;
      }
      digits += wide ? asciiDigits(text, groupStart, j) : text.slice(groupStart, j);
      wide = false;
      groupStart = -1;
      if (!isSep(c)) break;
      let k = j + 1;
      if (k < n && isSep(text.charCodeAt(k)) && !isDigit(text.charCodeAt(k))) k++;
      const sep = text.slice(j, k);
      if (k < n && isDigit(text.charCodeAt(k)) && (sep.length === 1 || PAIRS.has(sep))) {
        groups.push(g);
        seps.push(sep);
        g = 0;
        j = k;
        groupStart = k;
        continue;
      }
      // `(010)` or `(0571) 8765...`: a closing parenthesis right after digits is part of the run.
      if (c === 41 && text.charCodeAt(start) === 40) {
        j++;
      }
      break;
    }
    if (groupStart >= 0) digits += wide ? asciiDigits(text, groupStart, j) : text.slice(groupStart, j);
    groups.push(g);
    let end = j;
    let x = false;
    if (digits.length === 17 && end < n && (text.charCodeAt(end) === 88 || text.charCodeAt(end) === 120)) {
      end++;
      x = true;
    }
    i = end > i ? end : i + 1;
    // Boundaries: glued to a word or an identifier, or part of a decimal, the run is not a number.
    const before = start > 0 ? text.charCodeAt(start - 1) : 0;
    const after = end < n ? text.charCodeAt(end) : 0;
    if (isAlnum(before) || isAlnum(after)) continue;
    if ((before === 45 || before === 47 || before === 46) && start > 1 && isAlnum(text.charCodeAt(start - 2)))
      continue;
    if ((after === 45 || after === 47) && end + 1 < n && isAlnum(text.charCodeAt(end + 1))) continue;
    if (after === 46 && end + 1 < n && isDigit(text.charCodeAt(end + 1))) continue;
    if (text.charCodeAt(start) === 40 && !text.slice(start, end).includes(')')) start++;
    if (digits.length === 0) continue;
    runs.push({ start, end, digits, groups, seps, plus, x });
  }
  return runs;
}

const PHONE: readonly Cue[] = ['phone', 'wechat', 'alipay'];
// `2024-05-01 12`, `01.05.2024`: digit groups of a date are not a phone number.
const DATE_LIKE = /^(?:(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d\d)/;
const CARD: readonly Cue[] = ['card', 'bank_account'];

function groupKey(run: DigitRun): string {
  return run.groups.length === 1 ? String(run.groups[0]) : run.groups.join('-');
}

/** The separator characters of a run, each once, sorted (`-`, ` `, `-.`...). */
function sepKinds(run: DigitRun): string {
  const seps = run.seps;
  if (seps.length === 0) return '';
  const first = seps[0]!;
  if (first.length === 1) {
    let same = true;
    for (let i = 1; i < seps.length; i++) {
      if (seps[i] !== first) {
        same = false;
        break;
      }
    }
    if (same) return first;
  }
  return [...new Set(seps.join(''))].sort().join('');
}

/** Classifies every digit run of the value. */
export function detectNumbers(v: ValueScan): void {
  for (const run of digitRuns(v.text)) {
    if (run.digits.length < 5) continue;
    const before = v.out.length;
    classify(v, run);
    if (v.out.length === before && run.groups.length > 1 && run.digits.length > 12) {
      // Several numbers separated by spaces or slashes (`13812345678 13912345678`): try each.
      for (const part of splitRun(v.text, run)) classify(v, part);
    }
  }
}

function splitRun(text: string, run: DigitRun): DigitRun[] {
  const parts: DigitRun[] = [];
  let from = run.start;
  const slice = text.slice(run.start, run.end);
  const re = /\s*\/\s*|\s+/g;
  for (let m = re.exec(slice); m !== null; m = re.exec(slice)) {
    const end = run.start + m.index;
    if (end > from) parts.push(...digitRuns(text.slice(0, end)).filter((r) => r.start >= from));
    from = run.start + m.index + m[0].length;
  }
  parts.push(...digitRuns(text.slice(0, run.end)).filter((r) => r.start >= from));
  return parts.filter((p) => p.digits.length >= 7 && p.digits.length < run.digits.length);
}

function classify(v: ValueScan, run: DigitRun): void {
  const d = run.digits;
  const n = d.length;
  const cue = cueAt(v, run.start);
  const { start, end } = run;
  const gk = groupKey(run);
  const seps = sepKinds(run);
  const unformatted = run.groups.length === 1;
  const negative = isNegativeCue(cue);
  const waybillCue = cue === 'waybill';

  // International numbers: `+CC ...` is a phone number wherever libphonenumber says it is valid.
  if (run.plus) {
    const text = v.text.slice(start, end);
    if (d.startsWith('86') && cnPhoneKind(d.slice(2)) !== null) {
      emit(
        v,
        start,
        end,
        forConsignee(v, CATEGORY.phone),
        'phone',
        grade(cue, PHONE, { bare: 0.93, cued: 0.98 }),
      );
      return;
    }
    if (n >= 7 && n <= 15 && validPhoneRegion(text) !== null) {
      emit(
        v,
        start,
        end,
        forConsignee(v, CATEGORY.phone),
        'phone',
        grade(cue, PHONE, { bare: 0.9, cued: 0.98 }),
      );
      return;
    }
  }

  // Chinese resident ID: 17 digits and a digit or X, a known region, a real birth date, MOD 11-2.
  if (n === 18 || (n === 17 && run.x)) {
    const id = parseCnResidentId(run.x ? `${d}X` : d, v.opts.latestYear);
    if (id !== null) {
      const bare =
        id.region === 'county' ? 0.97 : id.region === 'city' ? 0.93 : id.region === 'province' ? 0.85 : 0.9;
      const category = id.region === 'hmt_permit' ? CATEGORY.residencePermit : CATEGORY.cnResidentId;
      emit(
        v,
        start,
        end,
        category,
        'cn_resident_id',
        grade(cue, ['cn_id', 'id'], { bare, cued: 0.99, other: bare * 0.95, negative: bare * 0.8 }),
      );
    }
  }

  // Chinese mobile numbers: 11 digits in an allocated 1[3-9]x prefix (or 86 + 11 digits).
  if (n === 11 || n === 13) {
    const kind = cnPhoneKind(d);
    if (
      kind === 'cn_mobile' &&
      (unformatted || gk === '3-4-4' || gk === '3-8' || gk === '2-3-4-4' || gk === '2-11')
    ) {
      if (cue === 'alipay') emit(v, start, end, CATEGORY.alipayId, 'alipay_id', 0.96);
      else
        emit(
          v,
          start,
          end,
          forConsignee(v, CATEGORY.phone),
          'cn_mobile',
          grade(cue, PHONE, { bare: unformatted ? 0.88 : 0.93, cued: 0.98, other: 0.75, negative: 0.2 }),
        );
      // An identifier cue keeps the other 11-digit formats (CPF, German tax ID) in the running.
      if (cue === null || !ID_CUES.has(cue)) return;
    }
  }

  // Payment cards: IIN range and length, Luhn (UnionPay without Luhn only with a card cue).
  if (n >= 13 && n <= 19 && !waybillCue) {
    const card = checkCard(d);
    if (card !== null && (card.luhn || (card.scheme === 'unionpay' && CARD.includes(cue as Cue)))) {
      const grouped =
        gk === '4-4-4-4' ||
        gk === '4-6-5' ||
        gk === '4-4-4-4-3' ||
        gk === '4-4-4-4-2' ||
        gk === '6-13' ||
        gk === '4-4-4-4-1';
      const bare = card.luhn ? (grouped ? 0.93 : 0.8) : 0.5;
      const cued = card.luhn ? 0.98 : 0.85;
      const category = card.scheme === 'unionpay' ? CATEGORY.unionPay : CATEGORY.bankCard;
      emit(
        v,
        start,
        end,
        category,
        `bank_card.${card.scheme}`,
        grade(cue, CARD, { bare, cued, other: bare * 0.8, negative: 0.25 }),
      );
    }
  }

  // IMEI: 15 digits, a reporting-body prefix and Luhn.
  if (n === 15 && isValidImei(d)) {
    emit(
      v,
      start,
      end,
      CATEGORY.imei,
      'imei',
      grade(cue, ['imei', 'device'], { bare: 0.62, cued: 0.97, negative: 0.2 }),
    );
  }

  // French NIR: 15 digits with a mod-97 key (the 2A/2B Corsican form is found with the letter IDs).
  if (n === 15 && isValidNir(d)) {
    const grouped = run.groups.length >= 5;
    emit(
      v,
      start,
      end,
      CATEGORY.frNir,
      'fr_nir',
      grade(cue, ['nir', 'id', 'ssn'], { bare: grouped ? 0.95 : 0.86, cued: 0.99, negative: 0.3 }),
    );
  }

  // 13 digits: Korean RRN (YYMMDD-SNNNNNN) or Thai ID (check digit).
  if (n === 13) {
    const rrn = parseKrRrn(d);
    if (rrn !== null) {
      const dashed = gk === '6-7';
      const bare = dashed ? (rrn.checksumValid ? 0.95 : 0.8) : rrn.checksumValid ? 0.55 : 0.2;
      emit(
        v,
        start,
        end,
        CATEGORY.krRrn,
        'kr_rrn',
        grade(cue, ['rrn', 'id'], {
          bare,
          cued: rrn.checksumValid ? 0.98 : 0.9,
          other: bare * 0.7,
          negative: 0.15,
        }),
      );
    }
    if (isValidThaiId(d)) {
      const grouped = gk === '1-4-5-2-1';
      emit(
        v,
        start,
        end,
        CATEGORY.thId,
        'th_id',
        grade(cue, ['th_id', 'id'], { bare: grouped ? 0.93 : 0.45, cued: 0.97, other: 0.3, negative: 0.15 }),
      );
    }
  }

  // 12 digits: Aadhaar (Verhoeff), My Number (check digit), Vietnamese CCCD (structure only).
  if (n === 12 && !waybillCue) {
    const fourFourFour = gk === '4-4-4';
    if (isValidAadhaar(d)) {
      emit(
        v,
        start,
        end,
        CATEGORY.inAadhaar,
        'in_aadhaar',
        grade(cue, ['aadhaar'], {
          bare: fourFourFour ? 0.6 : 0.3,
          cued: 0.97,
          other: ID_CUES.has(cue as Cue) ? 0.75 : 0.2,
          negative: 0.1,
        }),
      );
    }
    if (isValidMyNumber(d)) {
      emit(
        v,
        start,
        end,
        CATEGORY.jpMyNumber,
        'jp_my_number',
        grade(cue, ['my_number'], {
          bare: fourFourFour ? (v.features.kana ? 0.7 : 0.5) : 0.28,
          cued: 0.97,
          other: ID_CUES.has(cue as Cue) ? (v.features.kana ? 0.8 : 0.7) : 0.2,
          negative: 0.1,
        }),
      );
    }
    if (isValidCccd(d)) {
      emit(
        v,
        start,
        end,
        CATEGORY.vnCccd,
        'vn_cccd',
        grade(cue, ['cccd'], {
          bare: 0.25,
          cued: 0.95,
          other: ID_CUES.has(cue as Cue) ? (v.features.vietnamese ? 0.85 : 0.6) : 0.15,
          negative: 0.1,
        }),
      );
    }
  }

  // 16 digits: Indonesian NIK (structure: province, date of birth).
  if (n === 16 && isValidNik(d)) {
    emit(
      v,
      start,
      end,
      CATEGORY.idNik,
      'id_nik',
      grade(cue, ['nik'], {
        bare: 0.4,
        cued: 0.96,
        other: ID_CUES.has(cue as Cue) ? 0.8 : 0.2,
        negative: 0.1,
      }),
    );
  }

  // 11 digits: Brazilian CPF (000.000.000-00), German tax ID.
  if (n === 11) {
    if (isValidCpf(d)) {
      const formatted = gk === '3-3-3-2';
      emit(
        v,
        start,
        end,
        CATEGORY.brCpf,
        'br_cpf',
        grade(cue, ['cpf'], {
          bare: formatted ? 0.95 : 0.45,
          cued: 0.98,
          other: ID_CUES.has(cue as Cue) ? 0.8 : 0.3,
          negative: 0.15,
        }),
      );
    }
    if (isValidDeTaxId(d)) {
      const spaced = gk === '2-3-3-3';
      emit(
        v,
        start,
        end,
        CATEGORY.deTaxId,
        'de_tax_id',
        grade(cue, ['de_tax'], {
          bare: spaced ? 0.75 : 0.42,
          cued: 0.97,
          other: ID_CUES.has(cue as Cue) ? 0.75 : 0.3,
          negative: 0.15,
        }),
      );
    }
  }

  // 9 digits: US SSN (AAA-GG-SSSS).
  if (n === 9 && isValidSsn(d)) {
    const dashed = gk === '3-2-4' && (seps === '-' || seps === ' ');
    emit(
      v,
      start,
      end,
      CATEGORY.usSsn,
      'us_ssn',
      grade(cue, ['ssn'], {
        bare: dashed ? (seps === '-' ? 0.85 : 0.6) : 0.2,
        cued: 0.97,
        other: ID_CUES.has(cue as Cue) ? 0.7 : 0.15,
        negative: 0.1,
      }),
    );
  }

  // Cue-only numeric documents: Taiwan compatriot permit (8 or 10 digits), Chinese 15-digit IDs.
  if (cue === 'passport' && n >= 6 && n <= 9 && unformatted)
    emit(v, start, end, CATEGORY.passport, 'passport', 0.9);
  if (cue === 'permit_taiwan' && (n === 8 || n === 10))
    emit(v, start, end, CATEGORY.permitTaiwanResident, 'travel_permit', 0.9);
  if (cue === 'mo_id' && n === 8 && /^[1578]/.test(d))
    emit(v, start, end, CATEGORY.moId, 'mo_identity_card', 0.9);
  if (n === 15 && (cue === 'cn_id' || cue === 'id') && parseCnResidentId15(d))
    emit(v, start, end, CATEGORY.cnResidentId, 'cn_resident_id', 0.85);
  if (
    cue === 'bank_account' &&
    n >= 8 &&
    n <= 20 &&
    !v.out.some((c) => c.start === start && c.confidence >= 0.5)
  )
    emit(v, start, end, CATEGORY.bankAccount, 'bank_account', 0.8);

  // Phones in national format: Chinese fixed lines fast; others through libphonenumber, only when
  // the number is written like a phone number (grouped, or with a trunk 0) or a phone cue is near.
  if (negative || waybillCue || n < 7 || n > 13) return;
  // Already claimed: a strong identifier of the same digits, or a quiet span (date, time, money).
  for (const c of v.out) {
    if (
      c.start < end &&
      start < c.end &&
      (c.category === null || (c.start === start && c.end === end && c.confidence >= 0.85))
    )
      return;
  }
  const phoneCue = cue !== null && PHONE.includes(cue);
  const cn = cnPhoneKind(d);
  if (cn === 'cn_landline' && (phoneCue || !unformatted || v.features.cjk)) {
    emit(
      v,
      start,
      end,
      forConsignee(v, CATEGORY.phone),
      'cn_landline',
      grade(cue, PHONE, { bare: unformatted ? 0.6 : 0.85, cued: 0.96, other: 0.5 }),
    );
    return;
  }
  const looksLikePhone =
    !unformatted &&
    !DATE_LIKE.test(v.text.slice(start, end)) &&
    !seps.includes('/') &&
    (seps !== '.' || run.groups.length >= 3) &&
    run.groups.every((x) => x >= 2) &&
    !(run.groups.length === 2 && seps === '.');
  if (!phoneCue && !looksLikePhone) return;
  const text = v.text.slice(start, end);
  let region: string | null = null;
  for (const r of regionsToTry(d, v.features, v.opts.regions)) {
    region = validPhoneRegion(text, r);
    if (region !== null) break;
  }
  if (region !== null) {
    emit(
      v,
      start,
      end,
      forConsignee(v, CATEGORY.phone),
      'phone',
      grade(cue, PHONE, { bare: 0.72, cued: 0.96, other: 0.45 }),
    );
  } else if (phoneCue && n >= 7 && n <= 13) {
    emit(v, start, end, forConsignee(v, CATEGORY.phone), 'phone', 0.62);
  }
}

/** First-generation (1984–2004) 15-digit Chinese IDs: region and YYMMDD birth date, no check digit. */
function parseCnResidentId15(d: string): boolean {
  const m = /^\d{6}(\d{2})(\d{2})(\d{2})\d{3}$/.exec(d);
  if (m === null || divisionLevel(d.slice(0, 6)) === null) return false;
  return isRealDate(1900 + Number(m[1]), Number(m[2]), Number(m[3]));
}
