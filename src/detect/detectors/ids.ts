// Identifiers written with letters: HK, Taiwan and Macao IDs, Singapore NRIC/FIN, UK NINO, Indian PAN,
// IBAN, French NIR of Corsica (2A/2B), passports and their MRZ lines, travel permits, SWIFT/BIC, and
// parcel waybill numbers (found so that they are classified as waybills, never as phone numbers).

import { CATEGORY } from '../categories.js';
import { type Cue, isNegativeCue } from '../cues.js';
import { cueAt, emit, grade, matches, type ValueScan } from '../engine.js';
import { isValidNir } from '../validators/fr-nir.js';
import { isValidNino } from '../validators/gb-nino.js';
import { hkidCheck } from '../validators/hk-identity-card.js';
import { IBAN_LENGTHS, isValidIban } from '../validators/iban.js';
import { panHolderType } from '../validators/in-pan.js';
import { isValidTd1, isValidTd2Line2, isValidTd3Line2 } from '../validators/mrz.js';
import { isValidS10 } from '../validators/s10-waybill.js';
import { isValidNric } from '../validators/sg-nric.js';
import { isValidBic } from '../validators/swift-bic.js';
import { isValidTwNationalId } from '../validators/tw-national-id.js';

const B = '(?<![A-Za-z0-9])';
const E = '(?![A-Za-z0-9])';
const NINO = new RegExp(`${B}[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]${E}`, 'g');
const NIR_CORSICA = new RegExp(`${B}[1-478] ?\\d{2} ?\\d{2} ?2[AB] ?\\d{3} ?\\d{3} ?\\d{2}${E}`, 'g');
const PASSPORT_GENERIC = new RegExp(`${B}(?=[A-Z0-9]*\\d)[A-Z0-9]{6,9}${E}`, 'g');
const BIC = new RegExp(`${B}[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?${E}`, 'g');
const MRZ_LINE = /[A-Z0-9<]{30,44}/g;
const NUMERIC_WAYBILL = new RegExp(`${B}\\d{10,15}${E}`, 'g');

const ID: readonly Cue[] = ['id'];

// One pass finds the tokens: an upper-case letter, then upper-case letters and digits, at least one
// digit. Each token is then recognised by its shape (anchored tests on short strings are cheap).
function tokens(t: string): [number, number][] {
  const out: [number, number][] = [];
  const n = t.length;
  let i = 0;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c < 65 || c > 90) {
      i++;
      continue;
    }
    let j = i + 1;
    let digit = false;
    for (; j < n; j++) {
      const d = t.charCodeAt(j);
      if (d >= 48 && d <= 57) digit = true;
      else if (d < 65 || d > 90) break;
    }
    if (digit) out.push([i, j]);
    i = j;
  }
  return out;
}
const WAYBILL_TOKEN =
  /^(?:[A-Z]{2}\d{9}[A-Z]{2}|SF\d{12,13}|JT\d{13}|YT\d{13}(?:\d{3})?|JD[VX][A-Z]\d{11}|JD\d{13,15}|1Z[0-9A-Z]{16}|LP\d{14}|CNE?\d{13,14}|DPK\d{12}|YUN\d{13}|UUS\d{13}|TBA\d{12})$/;
const HKID_TOKEN = /^([A-Z]{1,2})(\d{6})([0-9A])?$/;
const HKID_CHECK_AFTER = /\s?\(([0-9A])\)/y;
const IBAN_AT = /[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,34}/y;
const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Finds letter-and-digit identifiers. */
export function detectIds(v: ValueScan): void {
  const t = v.text;
  const f = v.features;
  for (const [at, end] of tokens(t)) {
    const tk = t.slice(at, end);
    const before = at > 0 ? t.charCodeAt(at - 1) : 0;
    const after = end < t.length ? t.charCodeAt(end) : 0;
    if (isAlnum(before) || (after >= 97 && after <= 122)) continue;
    // Glued to another identifier with `-` or `_` (`SKU-AB123456`, `AB123456-7`).
    if ((before === 45 || before === 95) && at > 1 && isAlnum(t.charCodeAt(at - 2))) continue;
    if ((after === 45 || after === 95) && end + 1 < t.length && isAlnum(t.charCodeAt(end + 1))) continue;
    const n = tk.length;
    if (n >= 10 && WAYBILL_TOKEN.test(tk)) {
      if (!/^[A-Z]{2}\d{9}[A-Z]{2}$/.test(tk) || isValidS10(tk)) {
        emit(v, at, end, CATEGORY.waybill, 'waybill', cueAt(v, at) === 'waybill' ? 0.97 : 0.88);
        continue;
      }
    }
    if (n >= 4 && n <= 8 + 6) {
      const h = HKID_TOKEN.exec(tk);
      if (h !== null) {
        let check = h[3];
        let hend = end;
        if (check === undefined) {
          HKID_CHECK_AFTER.lastIndex = end;
          const p = HKID_CHECK_AFTER.exec(t);
          if (p !== null) {
            check = p[1];
            hend = end + p[0].length;
          }
        }
        if (check !== undefined && hkidCheck(`${h[1]}${h[2]}`) === check) {
          const paren = hend > end;
          emit(
            v,
            at,
            hend,
            CATEGORY.hkId,
            'hk_identity_card',
            grade(cueAt(v, at), ['hk_id', ...ID], { bare: paren ? 0.95 : 0.55, cued: 0.98, negative: 0.2 }),
          );
        }
      }
    }
    if (n === 10 && isValidTwNationalId(tk)) {
      emit(
        v,
        at,
        end,
        CATEGORY.twId,
        'tw_identity_card',
        grade(cueAt(v, at), ['tw_id', ...ID], { bare: 0.8, cued: 0.98, negative: 0.2 }),
      );
    }
    if (n === 9 && isValidNric(tk)) {
      emit(
        v,
        at,
        end,
        CATEGORY.sgNric,
        'sg_nric',
        grade(cueAt(v, at), ['nric', ...ID], { bare: 0.88, cued: 0.98, negative: 0.25 }),
      );
    }
    if (n === 9 && /^[A-Z]{2}\d{6}[A-D]$/.test(tk) && isValidNino(tk)) {
      emit(
        v,
        at,
        end,
        CATEGORY.gbNino,
        'gb_nino',
        grade(cueAt(v, at), ['nino', ...ID], { bare: 0.72, cued: 0.97, negative: 0.2 }),
      );
    }
    if (n === 10) {
      const type = panHolderType(tk);
      if (type !== null)
        emit(
          v,
          at,
          end,
          CATEGORY.inPan,
          'in_pan',
          grade(cueAt(v, at), ['pan', ...ID], { bare: type === 'P' ? 0.8 : 0.5, cued: 0.97, negative: 0.2 }),
        );
    }
    if (
      n >= 4 &&
      tk.charCodeAt(2) >= 48 &&
      tk.charCodeAt(2) <= 57 &&
      tk.charCodeAt(3) >= 48 &&
      tk.charCodeAt(3) <= 57 &&
      tk.charCodeAt(1) >= 65
    ) {
      IBAN_AT.lastIndex = at;
      const ib = IBAN_AT.exec(t);
      if (ib !== null) {
        const compact = ib[0].replace(/ /g, '');
        const len = IBAN_LENGTHS.get(compact.slice(0, 2));
        if (len !== undefined && compact.length >= len && isValidIban(compact.slice(0, len))) {
          let iend = at;
          for (let seen = 0; seen < len; iend++) if (t.charCodeAt(iend) !== 32) seen++;
          emit(v, at, iend, CATEGORY.iban, 'iban', 0.97);
        }
      }
    }
    if (n === 9 && /^(?:E[0-9A-HJ-NP-Z]\d{7}|G\d{8})$/.test(tk)) {
      emit(
        v,
        at,
        end,
        CATEGORY.passport,
        'passport.cn',
        grade(cueAt(v, at), ['passport'], { bare: 0.6, cued: 0.97, other: 0.4, negative: 0.15 }),
      );
    }
    if (
      n === 9 &&
      tk.charCodeAt(0) === 67 &&
      /^C[0-9A-HJ-NP-Z]\d{7}$/.test(tk) &&
      cueAt(v, at) === 'permit_hk_macau'
    ) {
      emit(v, at, end, CATEGORY.permitMainlandToHkMacau, 'travel_permit', 0.95);
    }
    if ((n === 9 || n === 11) && /^[HM]\d{8}(?:\d{2})?$/.test(tk)) {
      const cue = cueAt(v, at);
      if (cue === 'permit_home_return')
        emit(v, at, end, CATEGORY.permitHkMacauResident, 'travel_permit', 0.95);
      else if (cue === null && n === 9)
        emit(v, at, end, CATEGORY.permitHkMacauResident, 'travel_permit', 0.35);
    }
  }
  if (f.digitRun >= 8) detectCuedNumericWaybills(v);
  // Spaced UK NINO (`AB 12 34 56 C`): only near its name or under its field name.
  if (f.spaces >= 3 && (v.hint?.cue === 'nino' || /national insurance|\bNINO\b/i.test(t))) {
    for (const m of matches(NINO, t)) {
      if (!isValidNino(m[0]) || !m[0].includes(' ')) continue;
      emit(
        v,
        m.index,
        m.index + m[0].length,
        CATEGORY.gbNino,
        'gb_nino',
        grade(cueAt(v, m.index), ['nino', ...ID], { bare: 0.72, cued: 0.97, negative: 0.2 }),
      );
    }
  }
  if (t.includes('2A') || t.includes('2B')) {
    for (const m of matches(NIR_CORSICA, t)) {
      if (isValidNir(m[0].replace(/ /g, '')))
        emit(v, m.index, m.index + m[0].length, CATEGORY.frNir, 'fr_nir', 0.95);
    }
  }
  const passportCued =
    v.hint?.cue === 'passport' ||
    /passport|护照|護照|旅券|여권|reisepass|passeport|pasaporte|passaporte|hộ chiếu|paspor/i.test(t);
  if (passportCued) {
    for (const m of matches(PASSPORT_GENERIC, t)) {
      if (cueAt(v, m.index) !== 'passport') continue;
      emit(v, m.index, m.index + m[0].length, CATEGORY.passport, 'passport', 0.9);
    }
  }
  if (f.upper >= 8 && (v.hint?.cue === 'bic' || /\bbic\b|swift/i.test(t))) {
    for (const m of matches(BIC, t)) {
      if (isValidBic(m[0]) && cueAt(v, m.index) === 'bic')
        emit(v, m.index, m.index + m[0].length, CATEGORY.bankAccount, 'swift_bic', 0.75);
    }
  }
  if (f.lt && t.includes('<<')) detectMrz(v);
}

/** Digits-only waybill numbers after a waybill cue (or under a waybill field name). */
export function detectCuedNumericWaybills(v: ValueScan): void {
  // Digits-only waybill numbers (ZTO, YTO, STO, EMS, DHL, FedEx...) look like anything; only a cue
  // says what they are, and then they are waybills rather than phones or IDs.
  const hintWaybill = v.hint?.cue === 'waybill';
  if (
    !hintWaybill &&
    !/运单|運單|快递|快遞|单号|單號|waybill|tracking|追跡|운송장|송장|sendung|suivi|seguimiento|rastreio|vận đơn|resi|awb/i.test(
      v.text,
    )
  )
    return;
  for (const m of matches(NUMERIC_WAYBILL, v.text)) {
    if (cueAt(v, m.index) === 'waybill')
      emit(v, m.index, m.index + m[0].length, CATEGORY.waybill, 'waybill', 0.95);
  }
}

function detectMrz(v: ValueScan): void {
  const t = v.text;
  const lines: { start: number; text: string }[] = [];
  for (const m of matches(MRZ_LINE, t)) lines.push({ start: m.index, text: m[0] });
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const next = lines[i + 1];
    if (l.text.length === 44 && isValidTd3Line2(l.text)) {
      const prev = lines[i - 1];
      const start =
        prev !== undefined && prev.text.length === 44 && /^[PV]/.test(prev.text) ? prev.start : l.start;
      emit(v, start, l.start + 44, CATEGORY.passport, 'mrz', 0.99);
    } else if (l.text.length === 36 && isValidTd2Line2(l.text)) {
      const prev = lines[i - 1];
      const start = prev !== undefined && prev.text.length === 36 ? prev.start : l.start;
      emit(v, start, l.start + 36, CATEGORY.nationalId, 'mrz', 0.97);
    } else if (
      l.text.length === 30 &&
      next !== undefined &&
      next.text.length === 30 &&
      isValidTd1(l.text, next.text)
    ) {
      const third = lines[i + 2];
      const end = third !== undefined && third.text.length === 30 ? third.start + 30 : next.start + 30;
      emit(v, l.start, end, CATEGORY.nationalId, 'mrz', 0.97);
    }
  }
}

/** True when the cue names something that is not personal data. */
export function isNegative(cue: Cue | null): boolean {
  return isNegativeCue(cue);
}
