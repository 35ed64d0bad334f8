// E-mail addresses, IP addresses (v4 and v6) and MAC addresses.

import { CATEGORY } from '../categories.js';
import { cueAt, emit, grade, matches, type ValueScan } from '../engine.js';
import { isValidEmail } from '../validators/email.js';
import { isNonPersonalIpv4, isNonPersonalMac, isValidIpv6, isValidMac } from '../validators/network.js';

const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.]|\.\d)/g;
const IPV6 =
  /(?<![0-9A-Fa-f:.])(?:[0-9A-Fa-f]{1,4}:|::?)(?:[0-9A-Fa-f]{0,4}:){1,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![0-9A-Fa-f:])/g;
const MAC =
  /(?<![0-9A-Fa-f:-])(?:[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![0-9A-Fa-f:-])/g;

const isLocalChar = (c: number) =>
  (c >= 97 && c <= 122) ||
  (c >= 65 && c <= 90) ||
  (c >= 48 && c <= 57) ||
  c === 46 ||
  c === 95 ||
  c === 45 ||
  c === 43 ||
  c === 37 ||
  c === 39;
const isDomainChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45;

/** Finds e-mail addresses: around each `@`, the longest local part and domain, then checked. */
export function detectEmails(v: ValueScan): void {
  const t = v.text;
  const n = t.length;
  let at = t.indexOf('@');
  while (at !== -1) {
    let s = at;
    while (s > 0 && isLocalChar(t.charCodeAt(s - 1))) s--;
    while (s < at && t.charCodeAt(s) === 46) s++;
    let e = at + 1;
    while (e < n && isDomainChar(t.charCodeAt(e))) e++;
    while (e > at + 1 && (t.charCodeAt(e - 1) === 46 || t.charCodeAt(e - 1) === 45)) e--;
    if (s < at && e > at + 1) {
      const email = t.slice(s, e);
      if (isValidEmail(email)) {
        const cue = cueAt(v, s);
        if (cue === 'alipay') emit(v, s, e, CATEGORY.alipayId, 'alipay_id', 0.96);
        else emit(v, s, e, CATEGORY.email, 'email', 0.97);
      }
    }
    at = t.indexOf('@', Math.max(e, at + 1));
  }
}

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/**
 * True when `t` holds three hex pairs each followed by the same `:` or `-`, or two groups of four hex
 * digits each followed by `.`: the start of a MAC address (a cheap test before the full pattern).
 */
function macGate(t: string): boolean {
  const n = t.length;
  for (let i = 0; i + 6 <= n; i++) {
    const sep = t.charCodeAt(i + 2);
    if (sep === 58 || sep === 45) {
      if (
        i + 9 <= n &&
        isHex(t.charCodeAt(i)) &&
        isHex(t.charCodeAt(i + 1)) &&
        isHex(t.charCodeAt(i + 3)) &&
        isHex(t.charCodeAt(i + 4)) &&
        t.charCodeAt(i + 5) === sep &&
        isHex(t.charCodeAt(i + 6)) &&
        isHex(t.charCodeAt(i + 7)) &&
        t.charCodeAt(i + 8) === sep
      )
        return true;
    } else if (t.charCodeAt(i + 4) === 46 && i + 10 <= n && t.charCodeAt(i + 9) === 46) {
      let ok = true;
      for (const k of [0, 1, 2, 3, 5, 6, 7, 8]) {
        if (!isHex(t.charCodeAt(i + k))) {
          ok = false;
          break;
        }
      }
      if (ok) return true;
    }
  }
  return false;
}

/** Finds IPv4, IPv6 and MAC addresses. */
export function detectNetwork(v: ValueScan): void {
  const t = v.text;
  const f = v.features;
  if (f.dots >= 3 && f.digits >= 4) {
    for (const m of matches(IPV4, t)) {
      const ip = m[0];
      if (isNonPersonalIpv4(ip)) continue;
      const before = t.slice(Math.max(0, m.index - 9), m.index).toLowerCase();
      if (/v\s?$|version|ver\.?\s?$/.test(before)) continue;
      const cue = cueAt(v, m.index);
      emit(
        v,
        m.index,
        m.index + ip.length,
        CATEGORY.ip,
        'ip_address',
        grade(cue, ['ip', 'device'], { bare: 0.85, cued: 0.97, negative: 0.3 }),
      );
    }
  }
  if (f.colons >= 2) {
    for (const m of matches(IPV6, t)) {
      const ip = m[0];
      if (
        ip.length < 6 ||
        !isValidIpv6(ip) ||
        ip === '::1' ||
        (/^[\d:]+$/.test(ip) && ip.split(':').length < 5)
      )
        continue;
      const cue = cueAt(v, m.index);
      emit(
        v,
        m.index,
        m.index + ip.length,
        CATEGORY.ip,
        'ip_address',
        grade(cue, ['ip', 'device'], { bare: 0.88, cued: 0.97, negative: 0.3 }),
      );
    }
  }
  if ((f.colons >= 5 || f.dashes >= 5 || f.dots >= 2) && macGate(t)) {
    for (const m of matches(MAC, t)) {
      if (!isValidMac(m[0]) || isNonPersonalMac(m[0])) continue;
      const cue = cueAt(v, m.index);
      emit(
        v,
        m.index,
        m.index + m[0].length,
        CATEGORY.mac,
        'mac_address',
        grade(cue, ['mac', 'device'], { bare: 0.88, cued: 0.97, negative: 0.3 }),
      );
    }
  }
}
