// Indian Permanent Account Number (Income Tax Department): five letters, four digits, a letter. The
// fourth letter is the holder type (P person, C company, H HUF, F firm, A AOP, T trust, B BOI,
// L local authority, J artificial juridical person, G government); for a person the fifth is the
// initial of the surname. The last letter is a check character whose algorithm is not published.

/** The holder type of a well-formed PAN, or null. */
export function panHolderType(value: string): string | null {
  const m = /^[A-Z]{3}([PCHFATBLJG])[A-Z]\d{4}[A-Z]$/.exec(value);
  if (m === null || value.slice(5, 9) === '0000') return null;
  return m[1]!;
}

/** True for a well-formed PAN of a person (`ABCPE1234F`). */
export function isValidPersonalPan(value: string): boolean {
  return panHolderType(value) === 'P';
}
