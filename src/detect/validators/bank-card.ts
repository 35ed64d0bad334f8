// Payment card numbers (ISO/IEC 7812): an issuer identification number (IIN) range that fixes the
// scheme and the allowed lengths, and a Luhn check digit. China UnionPay (IIN 62, 16–19 digits) also
// issued cards whose numbers do not satisfy Luhn; those are reported only with supporting context.

import { luhnValid } from '../checksums/luhn.js';

/** A card scheme recognised from its issuer identification number. */
export type CardScheme =
  | 'visa'
  | 'mastercard'
  | 'amex'
  | 'unionpay'
  | 'jcb'
  | 'discover'
  | 'diners'
  | 'maestro'
  | 'mir'
  | 'rupay'
  | 'elo'
  | 'troy';

interface Range {
  readonly scheme: CardScheme;
  readonly from: number;
  readonly to: number;
  /** Digits of the prefix compared (from/to have this many digits). */
  readonly digits: number;
  readonly lengths: readonly number[];
}

const r = (scheme: CardScheme, from: number, to: number, lengths: readonly number[]): Range => ({
  scheme,
  from,
  to,
  digits: String(from).length,
  lengths,
});

// Ordered from the most specific prefix to the least, so that the first match wins.
const RANGES: readonly Range[] = [
  r('elo', 401178, 401179, [16]),
  r('elo', 438935, 438935, [16]),
  r('elo', 457631, 457632, [16]),
  r('elo', 504175, 504175, [16]),
  r('elo', 506699, 506778, [16]),
  r('elo', 509000, 509999, [16]),
  r('elo', 627780, 627780, [16]),
  r('elo', 636297, 636368, [16]),
  r('unionpay', 622126, 622925, [16, 17, 18, 19]),
  r('troy', 9792, 9792, [16]),
  r('mir', 2200, 2204, [16, 17, 18, 19]),
  r('mastercard', 2221, 2720, [16]),
  r('discover', 6011, 6011, [16, 17, 18, 19]),
  r('jcb', 3528, 3589, [16, 17, 18, 19]),
  r('rupay', 508, 508, [16]),
  r('rupay', 60, 60, [16]),
  r('rupay', 81, 82, [16]),
  r('diners', 300, 305, [14, 15, 16, 17, 18, 19]),
  r('discover', 644, 649, [16, 17, 18, 19]),
  r('unionpay', 62, 62, [16, 17, 18, 19]),
  r('discover', 65, 65, [16, 17, 18, 19]),
  r('amex', 34, 34, [15]),
  r('amex', 37, 37, [15]),
  r('diners', 36, 36, [14, 15, 16, 17, 18, 19]),
  r('diners', 38, 39, [16, 17, 18, 19]),
  r('mastercard', 51, 55, [16]),
  r('maestro', 50, 50, [12, 13, 14, 15, 16, 17, 18, 19]),
  r('maestro', 56, 59, [12, 13, 14, 15, 16, 17, 18, 19]),
  r('maestro', 63, 63, [12, 13, 14, 15, 16, 17, 18, 19]),
  r('maestro', 67, 67, [12, 13, 14, 15, 16, 17, 18, 19]),
  r('visa', 4, 4, [13, 16, 19]),
];

// The ranges that allow each length, in the same order (looked up once per candidate).
const BY_LENGTH = new Map<number, readonly Range[]>();
for (const range of RANGES)
  for (const len of range.lengths) BY_LENGTH.set(len, [...(BY_LENGTH.get(len) ?? []), range]);
const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

/** The scheme whose IIN range and length fit `digits` (ASCII digits), or null. */
export function cardScheme(digits: string): CardScheme | null {
  const ranges = BY_LENGTH.get(digits.length);
  if (ranges === undefined) return null;
  // The first six digits as a number; a shorter prefix is a division away.
  let six = 0;
  for (let i = 0; i < 6; i++) {
    const d = digits.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return slowScheme(ranges, digits);
    six = six * 10 + d;
  }
  for (const range of ranges) {
    const prefix = Math.floor(six / POW10[6 - range.digits]!);
    if (prefix >= range.from && prefix <= range.to) return range.scheme;
  }
  return null;
}

function slowScheme(ranges: readonly Range[], digits: string): CardScheme | null {
  for (const range of ranges) {
    const prefix = Number(digits.slice(0, range.digits));
    if (prefix >= range.from && prefix <= range.to) return range.scheme;
  }
  return null;
}

/** A card number's scheme and whether its Luhn check digit holds. */
export interface CardCheck {
  readonly scheme: CardScheme;
  readonly luhn: boolean;
}

/** Checks a candidate card number (separators removed): its scheme by IIN and length, and Luhn. */
export function checkCard(digits: string): CardCheck | null {
  if (!/^\d{12,19}$/.test(digits)) return null;
  const scheme = cardScheme(digits);
  if (scheme === null) return null;
  return { scheme, luhn: luhnValid(digits) };
}

/** True for a card number in a known IIN range with a valid length and Luhn check digit. */
export function isValidCard(digits: string): boolean {
  return checkCard(digits)?.luhn === true;
}
