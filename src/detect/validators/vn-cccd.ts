// Vietnamese citizen identity card number (Căn cước công dân, Circular 59/2021/TT-BCA): a three-digit
// province code of the place of birth registration, a digit for sex and century (0/1: 1900s, 2/3:
// 2000s, 4/5: 2100s, ...; even male, odd female), two digits of the birth year, six random digits.

// Province codes (001 Hà Nội ... 096 Cà Mau), as listed in Circular 07/2016/TT-BCA Annex.
const PROVINCES = new Set([
  1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42,
  44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86,
  87, 89, 91, 92, 93, 94, 95, 96,
]);

/** True for 12 digits with a known province code and a sex/century digit for the 1900s–2000s. */
export function isValidCccd(digits: string): boolean {
  if (!/^\d{12}$/.test(digits)) return false;
  if (!PROVINCES.has(Number(digits.slice(0, 3)))) return false;
  const g = digits.charCodeAt(3) - 48;
  return g <= 3;
}
