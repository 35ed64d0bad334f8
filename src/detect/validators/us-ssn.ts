// US Social Security number: area (3 digits), group (2), serial (4). Never issued: area 000, 666 or
// 900–999, group 00, serial 0000, and numbers the SSA lists as misused in advertising.

const VOID = new Set(['078051120', '219099999', '123456789', '111111111', '333333333', '987654320']);

/** True for nine digits (separators removed) that the SSA issue rules allow. */
export function isValidSsn(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = digits.slice(0, 3);
  if (area === '000' || area === '666' || area.charAt(0) === '9') return false;
  if (digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return false;
  return !VOID.has(digits);
}
