// Machine-readable zones of passports and ID cards (ICAO Doc 9303 Parts 4–6): TD3 (2 × 44 characters,
// passports), TD2 (2 × 36) and TD1 (3 × 30). The document number, birth date and expiry date each carry
// a check digit, and a composite check digit covers them together.

import { mrzCheckDigit } from '../checksums/icao9303.js';

const ok = (field: string, check: string): boolean => {
  const d = mrzCheckDigit(field);
  return d >= 0 && (check === '<' ? d === 0 : String(d) === check);
};

/** True for the second line of a TD3 passport MRZ (44 characters) whose check digits all hold. */
export function isValidTd3Line2(line: string): boolean {
  if (!/^[A-Z0-9<]{44}$/.test(line)) return false;
  const doc = line.slice(0, 9);
  const birth = line.slice(13, 19);
  const expiry = line.slice(21, 27);
  const personal = line.slice(28, 42);
  if (!ok(doc, line.charAt(9)) || !ok(birth, line.charAt(19)) || !ok(expiry, line.charAt(27))) return false;
  if (!(personal === '<<<<<<<<<<<<<<' && line.charAt(42) === '<') && !ok(personal, line.charAt(42)))
    return false;
  const composite = line.slice(0, 10) + line.slice(13, 20) + line.slice(21, 43);
  return ok(composite, line.charAt(43));
}

/** True for the second line of a TD2 MRZ (36 characters) whose check digits hold. */
export function isValidTd2Line2(line: string): boolean {
  if (!/^[A-Z0-9<]{36}$/.test(line)) return false;
  if (!ok(line.slice(0, 9), line.charAt(9))) return false;
  if (!ok(line.slice(13, 19), line.charAt(19)) || !ok(line.slice(21, 27), line.charAt(27))) return false;
  const composite = line.slice(0, 10) + line.slice(13, 20) + line.slice(21, 35);
  return ok(composite, line.charAt(35));
}

/** True for the first two lines of a TD1 MRZ (30 characters each) whose check digits hold. */
export function isValidTd1(line1: string, line2: string): boolean {
  if (!/^[A-Z0-9<]{30}$/.test(line1) || !/^[A-Z0-9<]{30}$/.test(line2)) return false;
  if (!ok(line1.slice(5, 14), line1.charAt(14))) return false;
  if (!ok(line2.slice(0, 6), line2.charAt(6)) || !ok(line2.slice(8, 14), line2.charAt(14))) return false;
  const composite = line1.slice(5, 30) + line2.slice(0, 7) + line2.slice(8, 15) + line2.slice(18, 29);
  return ok(composite, line2.charAt(29));
}
