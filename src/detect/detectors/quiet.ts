// Hard negatives that look like identifiers: UUIDs (unless a field or cue says advertising or device
// ID), hexadecimal hashes and tokens, prices and amounts. They become quiet spans that take the text
// away from weaker candidates (a phone number inside a hash, a card number inside a price).

import { CATEGORY } from '../categories.js';
import { cueAt, emit, matches, type ValueScan } from '../engine.js';

const UUID =
  /(?<![0-9A-Za-z-])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Za-z-])/g;
const HEX = /(?<![0-9A-Za-z])(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{16,128}(?![0-9A-Za-z])/g;
// Money: a currency sign or code before the amount, or a currency word after it. Both forms are
// found from the currency (a literal, which the regex engine finds fast), then the digits around.
const MONEY_BEFORE =
  /(?:[$¥￥€£₩₫]|US\$|HK\$|S\$|R\$|NT\$|RMB|CNY|USD|EUR|JPY|KRW|VND|IDR|Rp\.?)\s?\d[\d,.]*(?: \d{3}(?!\d))*/g;
const CURRENCY_CODE = /USD|EUR|RMB|CNY|JPY|KRW|VND|IDR|Rp/;
const MONEY_AFTER = /(?:元|円|원|₫|đồng|€|EUR|USD|RMB|CNY|JPY|KRW|VND|IDR)(?![A-Za-z])/g;
const GROUPED_AMOUNT = /(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])/g;

/** Emits quiet spans for UUIDs, hashes and money, and device or advertising IDs where cued. */
export function detectQuiet(v: ValueScan): void {
  const t = v.text;
  const f = v.features;
  if (f.latin > 0 && f.digits >= 4) {
    if (t.length >= 36 && f.dashes >= 4 && f.alnumRun >= 8) {
      for (const m of matches(UUID, t)) {
        const cue = cueAt(v, m.index);
        const end = m.index + 36;
        if (cue === 'adid') emit(v, m.index, end, CATEGORY.advertisingId, 'advertising_id', 0.95);
        else if (cue === 'device') emit(v, m.index, end, CATEGORY.deviceId, 'device_id', 0.9);
        else emit(v, m.index, end, null, 'uuid', 0.85);
      }
    }
    if (f.alnumRun >= 16) {
      for (const m of matches(HEX, t)) {
        const cue = cueAt(v, m.index);
        const end = m.index + m[0].length;
        if (cue === 'device' && m[0].length <= 40)
          emit(v, m.index, end, CATEGORY.deviceId, 'device_id', 0.88);
        else if (cue === 'adid' && m[0].length === 32)
          emit(v, m.index, end, CATEGORY.advertisingId, 'advertising_id', 0.9);
        else emit(v, m.index, end, null, 'hash', 0.85);
      }
    }
  }
  const currency = f.currency || (f.upper >= 2 && CURRENCY_CODE.test(t));
  if (f.digits >= 3 && currency) {
    for (const m of matches(MONEY_BEFORE, t)) emit(v, m.index, m.index + m[0].length, null, 'money', 0.86);
    for (const m of matches(MONEY_AFTER, t)) {
      let s = m.index;
      if (s > 0 && t.charCodeAt(s - 1) === 32) s--;
      let d = s;
      while (d > 0 && /[\d,.]/.test(t.charAt(d - 1))) d--;
      if (d < s && /\d/.test(t.charAt(s - 1))) emit(v, d, m.index + m[0].length, null, 'money', 0.86);
    }
  }
  if (f.commas > 0 && f.digits >= 4) {
    for (const m of matches(GROUPED_AMOUNT, t)) emit(v, m.index, m.index + m[0].length, null, 'amount', 0.7);
  }
}
