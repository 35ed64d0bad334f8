// International Bank Account Number (ISO 13616): country code, two check digits, a BBAN of the length
// the country registered with SWIFT (IBAN Registry). Valid when, with the first four characters moved
// to the end and letters read as 10–35, the number is 1 mod 97 (ISO 7064 MOD 97-10).

import { mod97 } from '../checksums/iso7064.js';

/** IBAN length per country, from the SWIFT IBAN Registry (`CCnn`: country code and length). */
export const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  (
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 ' +
    'DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 ' +
    'IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 ' +
    'MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 ' +
    'SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30'
  )
    .split(' ')
    .map((e) => [e.slice(0, 2), Number(e.slice(2))] as const),
);

/** True for an IBAN (spaces removed, upper case) of its country's length with check digits that hold. */
export function isValidIban(value: string): boolean {
  const v = value.toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(v)) return false;
  if (IBAN_LENGTHS.get(v.slice(0, 2)) !== v.length) return false;
  return mod97(v.slice(4) + v.slice(0, 4)) === 1;
}
