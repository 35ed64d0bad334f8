// French NIR (numéro de sécurité sociale, INSEE): sex (1, 2; 3, 4, 7, 8 for provisional numbers), year,
// month (01–12, 20–42 or 50–99 when unknown), department (2 characters, 2A/2B for Corsica), commune,
// order number, and a two-digit key 97 − (number mod 97), with 2A read as 19 and 2B as 18.

/** True for a 15-character NIR (spaces removed) with a plausible structure and a correct key. */
export function isValidNir(value: string): boolean {
  const v = value.toUpperCase();
  if (!/^[1-478]\d{4}(?:\d{2}|2A|2B)\d{8}$/.test(v)) return false;
  const month = Number(v.slice(3, 5));
  if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || month >= 50)) return false;
  let body = v.slice(0, 13);
  if (body.slice(5, 7) === '2A') body = `${body.slice(0, 5)}19${body.slice(7)}`;
  else if (body.slice(5, 7) === '2B') body = `${body.slice(0, 5)}18${body.slice(7)}`;
  // 13 digits exceed 2^53 only above 9.007e15; a NIR body is below 1e13, so Number is exact.
  const key = 97 - (Number(body) % 97);
  return key === Number(v.slice(13));
}
