// South Korean resident registration number (주민등록번호): birth date YYMMDD, a digit for century
// and sex (9/0: 1800s, 1/2/5/6: 1900s, 3/4/7/8: 2000s; 5–8 for foreigners), then six digits. Numbers
// issued before October 2020 end in a check digit: (11 - Σ wᵢdᵢ mod 11) mod 10, weights 2..9,2..5.
// Later numbers have a random tail, so the check digit is evidence, not a requirement.

import { digitsAt, isRealDate } from './dates.js';

/** What an RRN says about itself when its date and century digit are valid. */
export interface KrRrn {
  readonly birthYear: number;
  readonly checksumValid: boolean;
}

/** Checks a 13-digit RRN (separators removed): real birth date, century digit; reports the check digit. */
export function parseKrRrn(digits: string): KrRrn | null {
  if (digits.length !== 13 || Number.isNaN(digitsAt(digits, 0, 13))) return null;
  const g = digits.charCodeAt(6) - 48;
  const century = g === 9 || g === 0 ? 1800 : g === 1 || g === 2 || g === 5 || g === 6 ? 1900 : 2000;
  const year = century + digitsAt(digits, 0, 2);
  if (!isRealDate(year, digitsAt(digits, 2, 2), digitsAt(digits, 4, 2))) return null;
  const weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (digits.charCodeAt(i) - 48) * weights[i]!;
  const check = (11 - (sum % 11)) % 10;
  return { birthYear: year, checksumValid: check === digits.charCodeAt(12) - 48 };
}

/** True for an RRN with a real birth date and a correct check digit (numbers issued before 2020-10). */
export function isValidKrRrn(digits: string): boolean {
  return parseKrRrn(digits)?.checksumValid === true;
}
