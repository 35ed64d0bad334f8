// Indonesian NIK (Nomor Induk Kependudukan): province (2 digits, 11–94), regency (2), district (2),
// birth date DDMMYY with 40 added to the day for women, and a four-digit serial. No check digit: the
// evidence is the structure.

import { digitsAt, isRealDate } from './dates.js';

// Province codes of Indonesia (Kemendagri): Sumatra 11–21, Java 31–36, Bali–Nusa Tenggara 51–53,
// Kalimantan 61–65, Sulawesi 71–76, Maluku 81–82, Papua 91–97.
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65, 71, 72, 73,
  74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97,
]);

/** True for 16 digits with a known province code, non-zero regency and district, and a real birth date. */
export function isValidNik(digits: string): boolean {
  if (!/^\d{16}$/.test(digits)) return false;
  if (!PROVINCES.has(digitsAt(digits, 0, 2))) return false;
  if (digits.slice(2, 4) === '00' || digits.slice(4, 6) === '00' || digits.slice(12) === '0000') return false;
  const day = digitsAt(digits, 6, 2) % 40;
  const month = digitsAt(digits, 8, 2);
  const yy = digitsAt(digits, 10, 2);
  return isRealDate(2000 + yy, month, day) || isRealDate(1900 + yy, month, day);
}
