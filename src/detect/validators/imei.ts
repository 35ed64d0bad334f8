// International Mobile Equipment Identity (3GPP TS 23.003 §6.2): 8-digit type allocation code, 6-digit
// serial and a Luhn check digit (15 digits); IMEISV has a 2-digit software version instead of the check
// digit (16 digits). The first two digits of the TAC name the reporting body (01, 35, 86, 99, ...).

import { luhnValid } from '../checksums/luhn.js';

// Reporting body identifiers in use (GSMA TS.06): 01 PTCRB, 30–35 (BABT/others), 44, 45, 49, 50, 51, 52,
// 53, 54, 86 (TAF China), 91, 98, 99.
const BODIES = new Set([
  '01',
  '10',
  '30',
  '31',
  '32',
  '33',
  '34',
  '35',
  '44',
  '45',
  '49',
  '50',
  '51',
  '52',
  '53',
  '54',
  '86',
  '91',
  '98',
  '99',
]);

/** True for a 15-digit IMEI with a correct Luhn check digit and a known reporting body. */
export function isValidImei(digits: string): boolean {
  return /^\d{15}$/.test(digits) && BODIES.has(digits.slice(0, 2)) && luhnValid(digits);
}
