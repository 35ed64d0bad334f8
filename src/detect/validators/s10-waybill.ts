// UPU S10 item identifiers (postal and EMS parcels, e.g. `EA123456785CN`): two service letters, an
// 8-digit serial, a check digit and the ISO country code of the issuing post. Check digit: weights
// 8,6,4,2,3,5,9,7; 11 − (sum mod 11), with 10 → 0 and 11 → 5 (UPU S10 §6).

/** True for a UPU S10 identifier whose check digit holds. */
export function isValidS10(value: string): boolean {
  const m = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/.exec(value);
  if (m === null) return false;
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (m[2]!.charCodeAt(i) - 48) * weights[i]!;
  let check = 11 - (sum % 11);
  if (check === 10) check = 0;
  else if (check === 11) check = 5;
  return check === Number(m[3]);
}
