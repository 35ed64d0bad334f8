// Generators of valid identifiers (with correct check digits), for property tests and the benchmark
// corpus. Deterministic: every generator takes a seeded random source.

import { mrzCheckDigit } from '../../src/detect/checksums/icao9303.js';
import { mod11_2Check, mod11_10Check, mod97 } from '../../src/detect/checksums/iso7064.js';
import { luhnCheckDigit } from '../../src/detect/checksums/luhn.js';
import { verhoeffCheckDigit } from '../../src/detect/checksums/verhoeff.js';
import { chinaDivisions } from '../../src/detect/data/divisions.js';
import { cpfCheckDigits } from '../../src/detect/validators/br-cpf.js';
import { isCnMobile } from '../../src/detect/validators/cn-phone.js';
import { isValidDeTaxId } from '../../src/detect/validators/de-tax-id.js';
import { hkidCheck } from '../../src/detect/validators/hk-identity-card.js';
import { IBAN_LENGTHS } from '../../src/detect/validators/iban.js';
import { isValidAadhaar } from '../../src/detect/validators/in-aadhaar.js';
import { myNumberCheckDigit } from '../../src/detect/validators/jp-my-number.js';
import { nricCheckLetter } from '../../src/detect/validators/sg-nric.js';
import { isValidSsn } from '../../src/detect/validators/us-ssn.js';

/** A seeded random source (mulberry32). */
export interface Rng {
  (): number;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  digits(n: number): string;
  chance(p: number): boolean;
}

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (() => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }) as Rng;
  next.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  next.pick = (xs) => xs[Math.floor(next() * xs.length)]!;
  next.digits = (n) => {
    let s = '';
    for (let i = 0; i < n; i++) s += String(Math.floor(next() * 10));
    return s;
  };
  next.chance = (p) => next() < p;
  return next;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

function birthDate(r: Rng, from = 1950, to = 2005): [number, number, number] {
  const y = r.int(from, to);
  const m = r.int(1, 12);
  const d = r.int(1, [31, y % 4 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!);
  return [y, m, d];
}

let counties: string[] | undefined;
/** Current county-level division codes. */
export function countyCodes(): string[] {
  counties ??= [...chinaDivisions().byCode.values()]
    .filter((d) => d.level === 'county' && d.code.length === 6)
    .map((d) => d.code);
  return counties;
}

export function cnResidentId(r: Rng): string {
  const [y, m, d] = birthDate(r);
  const body = `${r.pick(countyCodes())}${y}${pad(m, 2)}${pad(d, 2)}${r.digits(3)}`;
  return body + mod11_2Check(body);
}

export function hkid(r: Rng, formatted = true): string {
  const letters = r.chance(0.8)
    ? String.fromCharCode(r.int(65, 90))
    : String.fromCharCode(r.int(65, 90), r.int(65, 90));
  const prefix = `${letters}${r.digits(6)}`;
  const check = hkidCheck(prefix)!;
  return formatted ? `${prefix}(${check})` : prefix + check;
}

const TW_LETTERS = 'ABCDEFGHJKLMNPQRSTUVXYWZIO';
export function twId(r: Rng): string {
  const letterIndex = r.int(0, 25);
  const v = letterIndex + 10;
  const body = `${r.pick(['1', '2'])}${r.digits(7)}`;
  let sum = Math.floor(v / 10) + (v % 10) * 9;
  for (let i = 0; i < 8; i++) sum += Number(body[i]) * (8 - i);
  return `${TW_LETTERS[letterIndex]}${body}${(10 - (sum % 10)) % 10}`;
}

export function sgNric(r: Rng): string {
  const prefix = `${r.pick(['S', 'T', 'F', 'G', 'M'])}${r.digits(7)}`;
  return prefix + nricCheckLetter(prefix);
}

export function krRrn(r: Rng, dashed = true): string {
  const [y, m, d] = birthDate(r, 1950, 2015);
  const g = y >= 2000 ? r.pick(['3', '4']) : r.pick(['1', '2']);
  const body = `${pad(y % 100, 2)}${pad(m, 2)}${pad(d, 2)}${g}${pad(r.int(0, 96), 2)}${r.digits(3)}`;
  const weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * weights[i]!;
  const full = body + ((11 - (sum % 11)) % 10);
  return dashed ? `${full.slice(0, 6)}-${full.slice(6)}` : full;
}

export function myNumber(r: Rng, spaced = false): string {
  const body = `${r.int(1, 9)}${r.digits(10)}`;
  const n = body + myNumberCheckDigit(body);
  return spaced ? `${n.slice(0, 4)} ${n.slice(4, 8)} ${n.slice(8)}` : n;
}

export function cpf(r: Rng, formatted = true): string {
  let body = r.digits(9);
  while (/^(\d)\1+$/.test(body)) body = r.digits(9);
  const n = body + cpfCheckDigits(body);
  return formatted ? `${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6, 9)}-${n.slice(9)}` : n;
}

export function ssn(r: Rng): string {
  for (;;) {
    const n = `${pad(r.int(1, 899), 3)}${pad(r.int(1, 99), 2)}${pad(r.int(1, 9999), 4)}`;
    if (isValidSsn(n)) return `${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`;
  }
}

export function nino(r: Rng): string {
  const first = 'ABCEGHJKLMNOPRSTWXYZ';
  const second = 'ABCEGHJKLMNPRSTWXYZ';
  for (;;) {
    const p = r.pick([...first]) + r.pick([...second]);
    if (['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(p)) continue;
    const d = r.digits(6);
    return `${p} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${r.pick(['A', 'B', 'C', 'D'])}`;
  }
}

export function deTaxId(r: Rng): string {
  for (;;) {
    const digits = [...'0123456789'];
    for (let i = digits.length - 1; i > 0; i--) {
      const j = r.int(0, i);
      [digits[i], digits[j]] = [digits[j]!, digits[i]!];
    }
    const ten = digits.slice(0, 9);
    ten.splice(r.int(1, 9), 0, ten[r.int(0, 8)]!);
    const body = ten.join('');
    if (body[0] === '0') continue;
    const n = body + mod11_10Check(body);
    if (isValidDeTaxId(n)) return n;
  }
}

export function frNir(r: Rng, spaced = true): string {
  const [y, m] = birthDate(r);
  const dept = pad(r.int(1, 95), 2);
  const body = `${r.pick(['1', '2'])}${pad(y % 100, 2)}${pad(m, 2)}${dept}${pad(r.int(1, 999), 3)}${pad(r.int(1, 999), 3)}`;
  const key = pad(97 - (Number(body) % 97), 2);
  const n = body + key;
  return spaced
    ? `${n[0]} ${n.slice(1, 3)} ${n.slice(3, 5)} ${n.slice(5, 7)} ${n.slice(7, 10)} ${n.slice(10, 13)} ${n.slice(13)}`
    : n;
}

export function thaiId(r: Rng, dashed = true): string {
  const body = `${r.int(1, 8)}${r.digits(11)}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (13 - i);
  const n = body + ((11 - (sum % 11)) % 10);
  return dashed ? `${n[0]}-${n.slice(1, 5)}-${n.slice(5, 10)}-${n.slice(10, 12)}-${n[12]}` : n;
}

export function nik(r: Rng): string {
  const [y, m, d] = birthDate(r);
  const day = r.chance(0.5) ? d + 40 : d;
  return `${r.pick(['31', '32', '33', '35', '36', '51', '61', '73'])}${pad(r.int(1, 79), 2)}${pad(r.int(1, 40), 2)}${pad(day, 2)}${pad(m, 2)}${pad(y % 100, 2)}${pad(r.int(1, 9999), 4)}`;
}

export function cccd(r: Rng): string {
  const [y] = birthDate(r, 1950, 2010);
  const g = y >= 2000 ? r.pick(['2', '3']) : r.pick(['0', '1']);
  return `${pad(r.pick([1, 79, 48, 31, 92, 24, 38, 46]), 3)}${g}${pad(y % 100, 2)}${r.digits(6)}`;
}

export function aadhaar(r: Rng, spaced = true): string {
  for (;;) {
    const body = `${r.int(2, 9)}${r.digits(10)}`;
    const n = body + verhoeffCheckDigit(body);
    if (isValidAadhaar(n)) return spaced ? `${n.slice(0, 4)} ${n.slice(4, 8)} ${n.slice(8)}` : n;
  }
}

export function pan(r: Rng): string {
  const L = () => String.fromCharCode(r.int(65, 90));
  return `${L()}${L()}${L()}P${L()}${pad(r.int(1, 9999), 4)}${L()}`;
}

export function iban(r: Rng, country?: string, spaced = true): string {
  const cc = country ?? r.pick(['DE', 'FR', 'GB', 'ES', 'IT', 'NL', 'BE', 'AT', 'CH', 'PL']);
  const len = IBAN_LENGTHS.get(cc)!;
  let bban = '';
  if (cc === 'GB' || cc === 'NL')
    bban = `${r.pick(['NWBK', 'BARC', 'ABNA', 'RABO', 'INGB'])}${r.digits(len - 8)}`;
  else bban = r.digits(len - 4);
  const check = pad(98 - mod97(`${bban}${cc}00`), 2);
  const n = `${cc}${check}${bban}`;
  return spaced ? n.replace(/(.{4})/g, '$1 ').trim() : n;
}

export function card(
  r: Rng,
  scheme?: 'visa' | 'mastercard' | 'unionpay' | 'amex' | 'jcb',
  spaced = true,
): string {
  const s = scheme ?? r.pick(['visa', 'mastercard', 'unionpay', 'amex', 'jcb'] as const);
  const prefix = {
    visa: '4',
    mastercard: String(r.int(51, 55)),
    unionpay: `62${r.int(0, 9)}${r.int(0, 9)}`,
    amex: r.pick(['34', '37']),
    jcb: String(r.int(3528, 3589)),
  }[s];
  const len = s === 'amex' ? 15 : s === 'unionpay' ? r.pick([16, 19]) : 16;
  const body = prefix + r.digits(len - 1 - prefix.length);
  const n = body + luhnCheckDigit(body);
  if (!spaced) return n;
  if (s === 'amex') return `${n.slice(0, 4)} ${n.slice(4, 10)} ${n.slice(10)}`;
  return n.replace(/(\d{4})(?=\d)/g, '$1 ');
}

export function imei(r: Rng): string {
  const body = `${r.pick(['35', '86', '01', '99'])}${r.digits(12)}`;
  return body + luhnCheckDigit(body);
}

export function mac(r: Rng): string {
  const sep = r.pick([':', '-']);
  return Array.from({ length: 6 }, () => r.int(0, 255).toString(16).padStart(2, '0'))
    .join(sep)
    .toUpperCase();
}

export function ipv4(r: Rng): string {
  for (;;) {
    const a = r.int(1, 223);
    if (a === 10 || a === 127 || a === 192 || a === 172) continue;
    return `${a}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
  }
}

export function ipv6(r: Rng): string {
  const g = () => r.int(0, 0xffff).toString(16);
  return r.chance(0.5)
    ? `2001:db8:${g()}:${g()}::${g()}`
    : `240e:${g()}:${g()}:${g()}:${g()}:${g()}:${g()}:${g()}`;
}

export function cnMobile(r: Rng, style: 'plain' | 'dashed' | 'spaced' | 'intl' = 'plain'): string {
  for (;;) {
    const n = `1${r.pick(['3', '5', '8', '9', '7'])}${r.digits(9)}`;
    if (!isCnMobile(n)) continue;
    if (style === 'dashed') return `${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`;
    if (style === 'spaced') return `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`;
    if (style === 'intl') return `+86 ${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`;
    return n;
  }
}

export function cnPassport(r: Rng): string {
  return r.chance(0.5)
    ? `E${r.digits(8)}`
    : `E${String.fromCharCode(r.pick([65, 66, 67, 68, 69, 70, 71, 72]))}${r.digits(7)}`;
}

const MRZ_NAMES = [
  'ZHANG<<WEI',
  'WANG<<FANG',
  'SMITH<<JOHN',
  'MULLER<<HANS',
  'TANAKA<<HANAKO',
  'KIM<<MINJUN',
];
export function mrzTd3(r: Rng): string {
  const doc = `${String.fromCharCode(r.int(65, 90))}${r.digits(8)}`;
  const nat = r.pick(['CHN', 'USA', 'DEU', 'JPN', 'KOR', 'GBR']);
  const [y, m, d] = birthDate(r);
  const dob = `${pad(y % 100, 2)}${pad(m, 2)}${pad(d, 2)}`;
  const exp = `${pad(r.int(26, 35), 2)}${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}`;
  const personal = '<<<<<<<<<<<<<<';
  const l2a = `${doc}${mrzCheckDigit(doc)}${nat}${dob}${mrzCheckDigit(dob)}${r.pick(['M', 'F'])}${exp}${mrzCheckDigit(exp)}${personal}<`;
  const composite = l2a.slice(0, 10) + l2a.slice(13, 20) + l2a.slice(21, 43);
  const line2 = l2a + mrzCheckDigit(composite);
  const line1 = `P<${nat}${r.pick(MRZ_NAMES)}`.padEnd(44, '<');
  return `${line1}\n${line2}`;
}

const PLATE_PROV = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const PLATE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
export function cnPlate(r: Rng): string {
  const p = r.pick([...PLATE_PROV]);
  const l = String.fromCharCode(r.pick([65, 66, 67, 68, 69, 70, 71, 72]));
  if (r.chance(0.2)) return `${p}${l}${r.pick(['D', 'F'])}${r.pick([...PLATE_CHARS])}${r.digits(4)}`;
  let rest = '';
  for (let i = 0; i < 5; i++)
    rest += i < 2 && r.chance(0.3) ? r.pick([...'ABCDEFGHJKLMNPQRSTUVWXYZ']) : String(r.int(0, 9));
  return `${p}${l}${rest}`;
}

export function s10(r: Rng): string {
  const serial = r.digits(8);
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(serial[i]) * weights[i]!;
  let c = 11 - (sum % 11);
  if (c === 10) c = 0;
  else if (c === 11) c = 5;
  return `${r.pick(['EA', 'EB', 'LK', 'RR', 'CP'])}${serial}${c}${r.pick(['CN', 'JP', 'KR', 'DE', 'FR', 'US'])}`;
}

export function sfWaybill(r: Rng): string {
  return r.pick([
    `SF${r.digits(13)}`,
    `YT${r.digits(13)}`,
    `JT${r.digits(13)}`,
    `JDVA${r.digits(11)}`,
    `1Z${r.digits(16)}`,
  ]);
}
