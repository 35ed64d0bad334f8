// Chinese telephone numbers (MIIT numbering plan): mobile numbers are 11 digits, 1 followed by a
// network digit 3–9 and an allocated second digit; fixed lines are a trunk 0, an area code (10, 2x, or
// three digits) and a 7- or 8-digit local number. Service numbers (400, 800, 95xxx) belong to firms.

// Allocated mobile prefixes (three digits): 13x, 145–149, 150–153, 155–159, 162, 165–167, 170–173,
// 175–178, 18x, 190–193, 195–199.
const MOBILE = /^1(?:3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-35-8]|8\d|9[0-35-9])\d{8}$/;

/** True for an 11-digit Chinese mobile number in an allocated prefix. */
export function isCnMobile(digits: string): boolean {
  return digits.length === 11 && MOBILE.test(digits);
}

/** True for a Chinese fixed-line number with trunk prefix (`01012345678`, `057187654321`). */
export function isCnLandline(digits: string): boolean {
  if (!/^0[1-9]\d{8,10}$/.test(digits)) return false;
  if (digits.startsWith('010') || digits.startsWith('02')) {
    const local = digits.slice(3);
    return local.length === 8 && local.charAt(0) !== '0' && local.charAt(0) !== '1';
  }
  const local = digits.slice(4);
  return (local.length === 7 || local.length === 8) && local.charAt(0) !== '0' && local.charAt(0) !== '1';
}
