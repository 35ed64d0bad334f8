// The check digit of machine-readable travel documents (ICAO Doc 9303 Part 3, section 4.9):
// weights 7, 3, 1 repeating; digits count as themselves, A–Z as 10–35, the filler `<` as 0.

/** The ICAO 9303 check digit of an MRZ field (digits, A–Z and `<`); -1 when a character is not allowed. */
export function mrzCheckDigit(field: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i);
    let v: number;
    if (c >= 48 && c <= 57) v = c - 48;
    else if (c >= 65 && c <= 90) v = c - 55;
    else if (c === 60) v = 0;
    else return -1;
    sum += v * weights[i % 3]!;
  }
  return sum % 10;
}
