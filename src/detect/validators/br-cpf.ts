// Brazilian CPF (Cadastro de Pessoas Físicas): nine digits and two mod-11 check digits (weights 10..2,
// then 11..2; a remainder below 2 gives 0). Numbers of one repeated digit pass the arithmetic but are
// not issued.

function cpfDigit(body: string): number {
  let sum = 0;
  const w = body.length + 1;
  for (let i = 0; i < body.length; i++) sum += (body.charCodeAt(i) - 48) * (w - i);
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}

/** The two check digits of a nine-digit CPF body. */
export function cpfCheckDigits(body: string): string {
  const d1 = cpfDigit(body);
  return `${d1}${cpfDigit(body + d1)}`;
}

/** True for an 11-digit CPF (separators removed) with correct check digits. */
export function isValidCpf(digits: string): boolean {
  if (!/^\d{11}$/.test(digits) || /^(\d)\1{10}$/.test(digits)) return false;
  return cpfCheckDigits(digits.slice(0, 9)) === digits.slice(9);
}
