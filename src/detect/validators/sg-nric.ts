// Singapore NRIC and FIN: a prefix (S, T citizens and PRs; F, G foreigners; M foreigners from 2022),
// seven digits and a check letter. Weights 2,7,6,5,4,3,2; T and G add 4, M adds 3; the remainder
// mod 11 picks the letter from a table per prefix series.

const TABLES: Record<string, { offset: number; letters: string }> = {
  S: { offset: 0, letters: 'JZIHGFEDCBA' },
  T: { offset: 4, letters: 'JZIHGFEDCBA' },
  F: { offset: 0, letters: 'XWUTRQPNMLK' },
  G: { offset: 4, letters: 'XWUTRQPNMLK' },
  // M series: P = 11 - R picks 'KLJNPQRTUWX'[P - 1], i.e. index 10 - R.
  M: { offset: 3, letters: 'XWUTRQPNJLK' },
};
const WEIGHTS = [2, 7, 6, 5, 4, 3, 2];

/** The check letter of an NRIC/FIN prefix (`S1234567`), or null when the shape is wrong. */
export function nricCheckLetter(prefix: string): string | null {
  if (!/^[STFGM]\d{7}$/.test(prefix)) return null;
  const table = TABLES[prefix.charAt(0)]!;
  let sum = table.offset;
  for (let i = 0; i < 7; i++) sum += (prefix.charCodeAt(i + 1) - 48) * WEIGHTS[i]!;
  return table.letters.charAt(sum % 11);
}

/** True for a valid Singapore NRIC or FIN (`S1234567D`). */
export function isValidNric(value: string): boolean {
  if (value.length !== 9) return false;
  const v = value.toUpperCase();
  return nricCheckLetter(v.slice(0, 8)) === v.charAt(8);
}
