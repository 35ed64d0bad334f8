// Thai national identification number (เลขประจำตัวประชาชน): 13 digits, the first 1–8 (person type),
// the last a check digit (11 − Σ dᵢ·(14 − i) mod 11) mod 10 over the first twelve.

/** True for a 13-digit Thai ID (separators removed) with a correct check digit. */
export function isValidThaiId(digits: string): boolean {
  if (!/^[1-8]\d{12}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (digits.charCodeAt(i) - 48) * (13 - i);
  return (11 - (sum % 11)) % 10 === digits.charCodeAt(12) - 48;
}
