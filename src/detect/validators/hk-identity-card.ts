// Hong Kong Identity Card number: one or two letters, six digits and a check character (0–9 or A).
// The check makes the weighted sum divisible by 11: weights 9..2 over the two letter positions and
// the six digits, letters A–Z worth 10–35, and a missing first letter worth 36 (a space).

/** The check character (`0`–`9` or `A`) of an HKID prefix (`A123456` or `AB123456`), or null. */
export function hkidCheck(prefix: string): string | null {
  const m = /^([A-Z]{1,2})(\d{6})$/.exec(prefix);
  if (m === null) return null;
  const letters = m[1]!.length === 1 ? ` ${m[1]}` : m[1]!;
  let sum = 0;
  for (let i = 0; i < 2; i++) {
    const c = letters.charCodeAt(i);
    sum += (c === 32 ? 36 : c - 55) * (9 - i);
  }
  const digits = m[2]!;
  for (let i = 0; i < 6; i++) sum += (digits.charCodeAt(i) - 48) * (7 - i);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'A' : String(check);
}

/** True for a valid HKID written `A123456(3)`, `A1234563` or `AB 123456 (9)` (case-insensitive). */
export function isValidHkid(value: string): boolean {
  const m = /^([A-Za-z]{1,2})\s?(\d{6})\s?\(?([0-9Aa])\)?$/.exec(value.trim());
  if (m === null) return false;
  return hkidCheck(`${m[1]!.toUpperCase()}${m[2]}`) === m[3]!.toUpperCase();
}
