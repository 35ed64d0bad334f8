// Detection that rests on a cue: WeChat and Alipay accounts, masked card numbers, and whole values
// under a field name that says what they are (a name field holding a name, an address field holding
// an address, a postcode field holding a postcode...). The value must still have the right shape:
// a field name alone never makes a finding.

import type { CategoryKey } from '../../taxonomy/index.js';
import { CATEGORY } from '../categories.js';
import { type Cue, cueBefore, type IdCue, isIdCue } from '../cues.js';
import { type Candidate, cueAt, emit, forConsignee, matches, type ValueScan } from '../engine.js';
import { CN_PLATE_PATTERN } from '../validators/cn-vehicle-plate.js';
import { decimals } from '../validators/geo-coordinates.js';
import { isPostcodeShape } from '../validators/postcode.js';
import { cjkNameShape } from './cjk.js';

const WECHAT_HANDLE = /(?<![A-Za-z0-9_-])[A-Za-z][A-Za-z0-9_-]{5,19}(?![A-Za-z0-9_-])/g;
const ALIPAY_HANDLE =
  /(?<![A-Za-z0-9_.@+-])(?:\+?\d[\d -]{6,16}\d|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})(?![A-Za-z0-9_-])/g;
const MASKED_CARD = /(?<![\dA-Za-z*])\d{4,6}[ -]?(?:[*xX•]{2,4}[ -]?){1,3}[*xX•]{0,4}[ -]?\d{4}(?![\d*])/g;

const WECHAT_CUE = /微信|wechat|weixin|\bwx\b|\bvx\b|v信/gi;
const ALIPAY_CUE = /支付宝|支付寶|alipay/gi;
const HANDLE_AFTER = 48;

/** WeChat IDs and Alipay accounts, after their cue words or under their field names. */
export function detectAccounts(v: ValueScan): void {
  const t = v.text;
  const hint = v.hint?.cue;
  // Handles are looked for only just after a cue (or in a field named for them).
  const windows = (cue: RegExp, hinted: boolean): [number, number][] => {
    if (hinted) return [[0, t.length]];
    return matches(cue, t).map((m) => [m.index, Math.min(t.length, m.index + m[0].length + HANDLE_AFTER)]);
  };
  for (const [a, b] of windows(WECHAT_CUE, hint === 'wechat')) {
    const part = t.slice(a, b);
    for (const m of matches(WECHAT_HANDLE, part)) {
      const at = a + m.index;
      if (cueAt(v, at) !== 'wechat' || /^(?:wechat|weixin)$/i.test(m[0])) continue;
      emit(v, at, at + m[0].length, CATEGORY.wechatId, 'wechat_id', 0.9);
    }
  }
  for (const [a, b] of windows(ALIPAY_CUE, hint === 'alipay')) {
    const part = t.slice(a, b);
    for (const m of matches(ALIPAY_HANDLE, part)) {
      const at = a + m.index;
      if (cueAt(v, at) === 'alipay') emit(v, at, at + m[0].length, CATEGORY.alipayId, 'alipay_id', 0.96);
    }
  }
  if (v.features.digits >= 8 && v.features.stars) {
    for (const m of matches(MASKED_CARD, t)) {
      const cue = cueAt(v, m.index);
      emit(
        v,
        m.index,
        m.index + m[0].length,
        CATEGORY.maskedCard,
        'bank_card.masked',
        cue === 'card' || cue === 'bank_account' ? 0.92 : 0.7,
      );
    }
  }
}

const LATIN_NAME = /^[\p{L}\p{M}][\p{L}\p{M}'’.-]*(?:[ \t]+[\p{L}\p{M}][\p{L}\p{M}'’.-]*){0,5}$/u;
const THAI_NAME = /^[\u0e00-\u0e7f]+(?:\s+[\u0e00-\u0e7f]+){0,3}$/;
const ADDRESS_EVIDENCE =
  /\d|[省市区县镇乡村路街道号號丁目番地로길동호]|street|st\.|road|rd\.|ave|straße|str\.|weg|rue|calle|rua|đường|jl\.|jalan/i;

/** Trimmed bounds of a value. */
function trimmed(text: string): [number, number] {
  const space = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000;
  let a = 0;
  let b = text.length;
  while (a < b && space(text.charCodeAt(a))) a++;
  while (b > a && space(text.charCodeAt(b - 1))) b--;
  return [a, b];
}

function strongInside(v: ValueScan, a: number, b: number, except: readonly CategoryKey[]): boolean {
  return v.out.some(
    (c: Candidate) =>
      c.category !== null &&
      c.start >= a &&
      c.end <= b &&
      c.confidence >= 0.8 &&
      !except.includes(c.category),
  );
}

const ADDRESS_FAMILY: readonly CategoryKey[] = [
  CATEGORY.address,
  CATEGORY.consigneeAddress,
  CATEGORY.postcode,
  CATEGORY.street,
  CATEGORY.city,
];

const ID_CATEGORY: Record<IdCue, CategoryKey> = {
  id: CATEGORY.nationalId,
  cn_id: CATEGORY.cnResidentId,
  hk_id: CATEGORY.hkId,
  mo_id: CATEGORY.moId,
  tw_id: CATEGORY.twId,
  ssn: CATEGORY.usSsn,
  nino: CATEGORY.gbNino,
  de_tax: CATEGORY.deTaxId,
  nir: CATEGORY.frNir,
  my_number: CATEGORY.jpMyNumber,
  rrn: CATEGORY.krRrn,
  nric: CATEGORY.sgNric,
  aadhaar: CATEGORY.inAadhaar,
  pan: CATEGORY.inPan,
  cccd: CATEGORY.vnCccd,
  nik: CATEGORY.idNik,
  cpf: CATEGORY.brCpf,
  th_id: CATEGORY.thId,
};

/** The confidence of a whole-value address over [a, b) (the trimmed `s`), or 0 when there is none. */
function addressConfidence(v: ValueScan, s: string, a: number, b: number): number {
  if (s.length < 4 || s.length > 300 || strongInside(v, a, b, ADDRESS_FAMILY)) return 0;
  return ADDRESS_EVIDENCE.test(s) ? 0.96 : 0.75;
}

/**
 * The confidence `detectByFieldName` will give the whole value of an address or street field with
 * the candidates found so far (0: no whole-value finding). Candidates of the address family do not
 * change it.
 */
export function wholeValueAddress(v: ValueScan): number {
  const cue = v.hint?.cue;
  if (cue !== 'address' && cue !== 'street') return 0;
  const t = v.text;
  const [a, b] = trimmed(t);
  if (b - a < 1) return 0;
  if (a > 0 && cueBefore(t, a) !== null) return 0;
  return addressConfidence(v, t.slice(a, b), a, b);
}

/** Whole-value findings under a field name that says what the value is. */
export function detectByFieldName(v: ValueScan): void {
  const hint = v.hint;
  if (hint === null || hint.cue === null) return;
  const t = v.text;
  const [a, b] = trimmed(t);
  if (b - a < 1) return;
  const s = t.slice(a, b);
  const cue: Cue = hint.cue;
  // Words inside the value override the field name (`"contact": "微信: abc123"`).
  if (a > 0 && cueBefore(t, a) !== null) return;
  switch (cue) {
    case 'name':
    case 'first_name':
    case 'last_name': {
      if (s.length > 80 || /\d/.test(s) || s.includes('@')) return;
      const category =
        cue === 'first_name'
          ? CATEGORY.firstName
          : cue === 'last_name'
            ? CATEGORY.lastName
            : forConsignee(v, CATEGORY.name);
      const cjk = cjkNameShape(s);
      if (cjk !== null) emit(v, a, b, category, 'name', cjk === 'surname' ? 0.95 : 0.8);
      else if (LATIN_NAME.test(s) || THAI_NAME.test(s))
        emit(v, a, b, category, 'name', s.includes(' ') || cue !== 'name' ? 0.92 : 0.8);
      return;
    }
    case 'address':
    case 'street': {
      const conf = addressConfidence(v, s, a, b);
      if (conf === 0) return;
      const category = cue === 'street' ? CATEGORY.street : forConsignee(v, CATEGORY.address);
      emit(v, a, b, category, 'address', conf);
      return;
    }
    case 'city':
    case 'state': {
      if (s.length > 40 || /\d|@/.test(s)) return;
      emit(v, a, b, cue === 'city' ? CATEGORY.city : CATEGORY.state, 'address', 0.82);
      return;
    }
    case 'postcode': {
      if (isPostcodeShape(s)) emit(v, a, b, CATEGORY.postcode, 'postcode', 0.93);
      return;
    }
    case 'plate': {
      CN_PLATE_PATTERN.lastIndex = 0;
      if (CN_PLATE_PATTERN.test(s) || /^[A-Z0-9][A-Z0-9 -]{2,9}[A-Z0-9]$/i.test(s))
        emit(v, a, b, CATEGORY.vehiclePlate, 'vehicle_plate', 0.9);
      return;
    }
    case 'passport': {
      if (/^[A-Z0-9<]{6,10}$/i.test(s) && /\d/.test(s)) emit(v, a, b, CATEGORY.passport, 'passport', 0.92);
      return;
    }
    case 'wechat': {
      if (/^[A-Za-z][A-Za-z0-9_-]{5,19}$/.test(s)) emit(v, a, b, CATEGORY.wechatId, 'wechat_id', 0.93);
      else if (/^\+?\d[\d -]{5,16}$/.test(s)) emit(v, a, b, CATEGORY.wechatId, 'wechat_id', 0.85);
      return;
    }
    case 'alipay': {
      if (/^[^\s]{5,64}$/.test(s)) emit(v, a, b, CATEGORY.alipayId, 'alipay_id', 0.93);
      return;
    }
    case 'device':
    case 'adid': {
      if (/^[A-Za-z0-9:_-]{8,64}$/.test(s) && /\d/.test(s)) {
        emit(
          v,
          a,
          b,
          cue === 'adid' ? CATEGORY.advertisingId : CATEGORY.deviceId,
          cue === 'adid' ? 'advertising_id' : 'device_id',
          0.86,
        );
      }
      return;
    }
    case 'lat':
    case 'lng': {
      const x = Number(s);
      if (Number.isFinite(x) && Math.abs(x) <= (cue === 'lat' ? 90 : 180) && decimals(s) >= 3 && x !== 0)
        emit(v, a, b, CATEGORY.preciseLocation, 'gps_coordinates', 0.9);
      return;
    }
    case 'waybill': {
      if (/^[A-Za-z0-9-]{8,32}$/.test(s) && /\d{6}/.test(s)) emit(v, a, b, CATEGORY.waybill, 'waybill', 0.95);
      return;
    }
    case 'card': {
      const digits = s.replace(/[\s-]/g, '');
      if (/^\d{12,19}$/.test(digits)) emit(v, a, b, CATEGORY.bankCard, 'bank_card', 0.75);
      return;
    }
    default:
      // Identity numbers of every kind (ID_CUE_LIST): a token of their alphabet with four digits.
      if (isIdCue(cue) && /^[A-Za-z0-9() -]{6,24}$/.test(s) && /\d{4}/.test(s))
        emit(v, a, b, ID_CATEGORY[cue], 'national_id', 0.6);
      return;
  }
}
