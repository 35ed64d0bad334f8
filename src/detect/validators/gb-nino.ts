// UK National Insurance number: two prefix letters, six digits, a suffix A–D (HMRC NIM39110). The
// first letter is never D, F, I, Q, U or V; the second never D, F, I, O, Q, U or V; the prefixes BG,
// GB, KN, NK, NT, TN and ZZ are not allocated.

const BAD_PREFIX = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/** True for a NINO written `AB123456C` or `AB 12 34 56 C` (case-insensitive). */
export function isValidNino(value: string): boolean {
  const v = value.replace(/\s+/g, '').toUpperCase();
  const m = /^([A-CEGHJ-PR-TW-Z])([A-CEGHJ-NPR-TW-Z])\d{6}[A-D]$/.exec(v);
  if (m === null) return false;
  return !BAD_PREFIX.has(`${m[1]}${m[2]}`);
}
