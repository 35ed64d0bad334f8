// Japanese Individual Number (個人番号, "My Number"): 11 digits and a check digit. With Pₙ the n-th
// digit from the right (n = 1..11) and Qₙ = n + 1 for n ≤ 6, n − 5 otherwise, the check digit is 0 when
// Σ PₙQₙ mod 11 ≤ 1, else 11 minus that remainder (Ministerial Ordinance on the Individual Number, Art. 5).

/** The check digit of an 11-digit My Number body. */
export function myNumberCheckDigit(body: string): number {
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = body.charCodeAt(11 - n) - 48;
    const q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  const r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}

/** True for a 12-digit My Number with a correct check digit. */
export function isValidMyNumber(digits: string): boolean {
  if (!/^\d{12}$/.test(digits)) return false;
  return myNumberCheckDigit(digits.slice(0, 11)) === digits.charCodeAt(11) - 48;
}
