// Taiwan National Identification Card number: a letter for the place of first registration, a sex
// digit (1 male, 2 female; 8 and 9 for the newer resident certificates), seven digits and a check
// digit. The letter maps to a two-digit number whose digits get weights 1 and 9; the digits get
// weights 8..1 and the check digit 1; the total is a multiple of 10.

const LETTER_VALUES = 'ABCDEFGHJKLMNPQRSTUVXYWZIO';

/** True for a valid Taiwan national ID (`A123456789`). */
export function isValidTwNationalId(value: string): boolean {
  if (!/^[A-Z][1289]\d{8}$/.test(value)) return false;
  const v = LETTER_VALUES.indexOf(value.charAt(0)) + 10;
  let sum = Math.floor(v / 10) + (v % 10) * 9;
  for (let i = 1; i < 9; i++) sum += (value.charCodeAt(i) - 48) * (9 - i);
  sum += value.charCodeAt(9) - 48;
  return sum % 10 === 0;
}
