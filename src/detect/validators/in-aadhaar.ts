// Indian Aadhaar number (UIDAI): 12 digits, not starting with 0 or 1, the last a Verhoeff check digit;
// palindromes are not issued.

import { verhoeffValid } from '../checksums/verhoeff.js';

/** True for a 12-digit Aadhaar number (separators removed) with a correct Verhoeff check digit. */
export function isValidAadhaar(digits: string): boolean {
  if (!/^[2-9]\d{11}$/.test(digits)) return false;
  if (digits === [...digits].reverse().join('')) return false;
  return verhoeffValid(digits);
}
