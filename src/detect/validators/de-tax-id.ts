// German tax identification number (Steuerliche Identifikationsnummer, § 139b AO): 11 digits, no
// leading zero; among the first ten exactly one digit occurs two or three times (three only since
// 2016, never three in a row) and the rest at most once; the last is an ISO 7064 MOD 11,10 check digit.

import { mod11_10Check } from '../checksums/iso7064.js';

/** True for an 11-digit Steuer-ID (separators removed) with a valid digit pattern and check digit. */
export function isValidDeTaxId(digits: string): boolean {
  if (!/^[1-9]\d{10}$/.test(digits)) return false;
  const body = digits.slice(0, 10);
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 10; i++) counts[body.charCodeAt(i) - 48]!++;
  const repeated = counts.filter((c) => c > 1);
  if (repeated.length !== 1 || repeated[0]! > 3) return false;
  if (repeated[0] === 3 && /(\d)\1\1/.test(body)) return false;
  return mod11_10Check(body) === digits.charCodeAt(10) - 48;
}
