// ISO/IEC 7064 check character systems: MOD 11-2 (Chinese resident ID, GB 11643-1999; ORCID),
// MOD 11,10 (German tax identification number) and MOD 97-10 (IBAN, ISO 13616).

/**
 * The ISO 7064 MOD 11-2 check character of `body` (ASCII digits): `0`–`9` or `X`. Weights are
 * 2^(n-i) mod 11, as GB 11643-1999 prescribes for the 17 digits of a resident ID.
 */
export function mod11_2Check(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum = ((sum + (body.charCodeAt(i) - 48)) * 2) % 11;
  const check = (12 - sum) % 11;
  return check === 10 ? 'X' : String(check);
}

/** True when the last character of `value` is its ISO 7064 MOD 11-2 check character (`x` accepted). */
export function mod11_2Valid(value: string): boolean {
  if (value.length < 2) return false;
  const last = value.charAt(value.length - 1).toUpperCase();
  return mod11_2Check(value.slice(0, -1)) === last;
}

/** The ISO 7064 MOD 11,10 (hybrid) check digit of `body` (ASCII digits). */
export function mod11_10Check(body: string): number {
  let product = 10;
  for (let i = 0; i < body.length; i++) {
    let sum = (body.charCodeAt(i) - 48 + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = 11 - product;
  return check === 10 ? 0 : check;
}

/**
 * The remainder mod 97 of an alphanumeric string read as ISO 7064 MOD 97-10 does (letters A–Z count as
 * 10–35), computed piecewise so that any length works.
 */
export function mod97(value: string): number {
  let rem = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else if (c >= 97 && c <= 122) rem = (rem * 100 + (c - 87)) % 97;
    else return -1;
  }
  return rem;
}
