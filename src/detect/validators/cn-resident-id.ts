// Resident Identity Card number of the People's Republic of China (GB 11643-1999): six-digit
// administrative division code (GB/T 2260) of the place of first registration, birth date YYYYMMDD,
// three-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
// Residence permits of Hong Kong, Macao and Taiwan residents use the same layout with 810000,
// 820000 and 830000.

import { mod11_2Check } from '../checksums/iso7064.js';
import { divisionLevel } from '../data/divisions.js';
import { digitsAt, isoDate, isRealDate } from './dates.js';

/** What a Chinese resident ID number says about itself, when its structure and check character hold. */
export interface CnResidentId {
  /** `county` when the division code is a current county-level code, `city` or `province` when only that part is known. */
  readonly region: 'county' | 'city' | 'province' | 'hmt_permit';
  readonly birthDate: string;
  readonly sex: 'male' | 'female';
}

/**
 * Checks an 18-character resident ID (17 digits and a digit or `X`; separators removed): a known
 * province code, a real birth date from 1900 on (and not after `latestYear`), and the check character.
 */
export function parseCnResidentId(id: string, latestYear = 2100): CnResidentId | null {
  if (id.length !== 18) return null;
  const body = id.slice(0, 17);
  const year = digitsAt(body, 6, 4);
  const month = digitsAt(body, 10, 2);
  const day = digitsAt(body, 12, 2);
  if (Number.isNaN(digitsAt(body, 0, 17))) return null;
  if (year < 1900 || year > latestYear || !isRealDate(year, month, day)) return null;
  const last = id.charAt(17).toUpperCase();
  if (mod11_2Check(body) !== last) return null;
  const code = body.slice(0, 6);
  let region: CnResidentId['region'];
  if (code === '810000' || code === '820000' || code === '830000') region = 'hmt_permit';
  else {
    const level = divisionLevel(code);
    if (level === null) return null;
    region = level;
  }
  const seq = digitsAt(body, 14, 3);
  return { region, birthDate: isoDate(year, month, day), sex: seq % 2 === 1 ? 'male' : 'female' };
}

/** True when `id` is a structurally valid resident ID number with a correct check character. */
export function isValidCnResidentId(id: string): boolean {
  return parseCnResidentId(id) !== null;
}
