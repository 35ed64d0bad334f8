// Business Identifier Codes (ISO 9362, SWIFT): 4-letter institution code, ISO 3166 country code,
// 2-character location code (second character 0 marks test BICs), optional 3-character branch code.

import { COUNTRY_CODES } from './countries.js';

/** True for an 8- or 11-character BIC with a real country code (test BICs excluded). */
export function isValidBic(value: string): boolean {
  const m = /^[A-Z]{4}([A-Z]{2})[A-Z0-9]([A-Z0-9])(?:[A-Z0-9]{3})?$/.exec(value);
  if (m === null) return false;
  return COUNTRY_CODES.has(m[1]!) && m[2] !== '0';
}
