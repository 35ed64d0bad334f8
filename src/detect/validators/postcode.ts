// Postal codes per country (Universal Postal Union address formats). Most are bare digit runs that
// only mean a postcode next to an address or under a postcode field name; a few (UK, Canada,
// Netherlands, Japan with 〒) are distinctive on their own.

/** Postcode shapes per ISO country code. */
export const POSTCODE_PATTERNS: Readonly<Record<string, RegExp>> = {
  CN: /^\d{6}$/,
  JP: /^〒?\s?\d{3}-?\d{4}$/,
  KR: /^\d{5}$|^\d{3}-\d{3}$/,
  US: /^\d{5}(?:-\d{4})?$/,
  GB: /^(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW]?|[A-HK-Y]\d[ABEHMNPRV-Y]?|\d\d?|[A-HK-Y]\d\d?) ?\d[ABD-HJLNP-UW-Z]{2})$/i,
  DE: /^\d{5}$/,
  FR: /^\d{5}$|^\d{2} \d{3}$/,
  ES: /^\d{5}$/,
  IT: /^\d{5}$/,
  NL: /^\d{4} ?[A-Z]{2}$/i,
  BR: /^\d{5}-?\d{3}$/,
  IN: /^\d{3} ?\d{3}$/,
  VN: /^\d{5,6}$/,
  ID: /^\d{5}$/,
  TH: /^\d{5}$/,
  SG: /^\d{6}$/,
  CA: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/i,
  AU: /^\d{4}$/,
  RU: /^\d{6}$/,
  TW: /^\d{3}(?:\d{2,3})?$/,
  MY: /^\d{5}$/,
  PH: /^\d{4}$/,
};

const PATTERNS = Object.values(POSTCODE_PATTERNS);

/** True when `value` has the postcode shape of some country (`postcodeCountries(value).length > 0`). */
export function isPostcodeShape(value: string): boolean {
  const v = value.trim();
  for (const re of PATTERNS) if (re.test(v)) return true;
  return false;
}

/** The countries whose postcode shape `value` has (empty when none). */
export function postcodeCountries(value: string): string[] {
  const v = value.trim();
  return Object.entries(POSTCODE_PATTERNS)
    .filter(([, re]) => re.test(v))
    .map(([cc]) => cc);
}
