// The peers, run on the same samples: redact-pii (regex and name lists, US-English oriented) and
// @openredaction/openredaction (500+ patterns, many countries). Records are given to them one
// string value at a time, as a user would do for structured data; their types are mapped to our
// categories where a mapping exists, and outputs without one are ignored rather than counted wrong.

import { OpenRedaction } from '@openredaction/openredaction';
import { SyncRedactor } from 'redact-pii';
import { childPath } from '../../src/detect/scan.js';
import type { Prediction } from './evaluate.js';

/** A text scanner under test: spans with a category (already mapped) or a raw type. */
export type TextScanner = (text: string) => { start: number; end: number; category: string | null }[];

/** Runs a text scanner on each string value of a record, with JSONPaths. */
export function perLeaf(
  scanner: TextScanner,
  record: unknown,
  path = '$',
  out: Prediction[] = [],
): Prediction[] {
  if (typeof record === 'string') {
    for (const s of scanner(record))
      if (s.category !== null) out.push({ path, start: s.start, end: s.end, category: s.category });
  } else if (Array.isArray(record)) {
    for (let i = 0; i < record.length; i++) perLeaf(scanner, record[i], `${path}[${i}]`, out);
  } else if (record !== null && typeof record === 'object') {
    for (const [k, x] of Object.entries(record)) perLeaf(scanner, x, childPath(path, k), out);
  }
  return out;
}

// redact-pii replaces each match with a token named after its built-in pattern.
const REDACT_PII_TYPES: Record<string, string | null> = {
  CREDIT_CARD_NUMBER: 'user.financial.bank_card',
  STREET_ADDRESS: 'user.contact.address',
  ZIPCODE: 'user.contact.address.postal_code',
  PHONE_NUMBER: 'user.contact.phone_number',
  IP_ADDRESS: 'user.device.ip_address',
  US_SOCIAL_SECURITY_NUMBER: 'user.government_id.national_identification_number.us_ssn',
  EMAIL_ADDRESS: 'user.contact.email',
  USERNAME: null,
  PASSWORD: null,
  CREDENTIALS: null,
  DIGITS: null,
  URL: null,
  PERSON_NAME: 'user.name',
};
const TOKENS = new RegExp(Object.keys(REDACT_PII_TYPES).join('|'), 'g');

/** The families redact-pii can name. */
export const REDACT_PII_FAMILIES = new Set([
  'bank_card',
  'address',
  'postal_code',
  'phone',
  'ip_address',
  'us_ssn',
  'email',
  'name',
]);

const redactor = new SyncRedactor();

/** redact-pii's redaction itself (what is timed). */
export const redactPiiRaw = (text: string): string => redactor.redact(text);

/**
 * redact-pii as a span scanner: the redacted text is aligned with the original (literal pieces
 * between tokens appear in order), which recovers each token's span.
 */
export const redactPii: TextScanner = (text) => {
  const redacted = redactor.redact(text);
  const out: { start: number; end: number; category: string | null }[] = [];
  let pos = 0;
  let last = 0;
  const pieces: { token: string; literalBefore: string }[] = [];
  for (const m of redacted.matchAll(TOKENS)) {
    pieces.push({ token: m[0], literalBefore: redacted.slice(last, m.index) });
    last = m.index + m[0].length;
  }
  const tail = redacted.slice(last);
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!;
    const at = text.indexOf(p.literalBefore, pos);
    if (at < 0) break;
    const start = at + p.literalBefore.length;
    const next = i + 1 < pieces.length ? pieces[i + 1]!.literalBefore : tail;
    let end = next === '' ? (i + 1 < pieces.length ? start + 1 : text.length) : text.indexOf(next, start + 1);
    if (end < 0) end = text.length;
    out.push({ start, end, category: REDACT_PII_TYPES[p.token] ?? null });
    pos = end;
  }
  return out;
};

// OpenRedaction types (upper snake case) mapped by pattern; the first match wins.
const OPENREDACTION_MAP: readonly [RegExp, string][] = [
  [/EMAIL/, 'user.contact.email'],
  [/IBAN/, 'user.financial.bank_account.iban'],
  [/CREDIT_CARD|CARD_NUMBER|DEBIT_CARD|UNIONPAY/, 'user.financial.bank_card'],
  [/SSN|SOCIAL_SECURITY/, 'user.government_id.national_identification_number.us_ssn'],
  [/NATIONAL_INSURANCE|NINO/, 'user.government_id.national_identification_number.gb_nino'],
  [/AADHAAR/, 'user.government_id.national_identification_number.in_aadhaar'],
  [/(?:^|_)PAN(?:_|$)/, 'user.government_id.tax_id.in_pan'],
  [/CPF/, 'user.government_id.national_identification_number.br_cpf'],
  [/NRIC/, 'user.government_id.national_identification_number.sg_nric'],
  [
    /CHIN.*(?:ID|RESIDENT)|CN_ID|CHINESE_ID/,
    'user.government_id.national_identification_number.cn_resident_id',
  ],
  [
    /JAPAN.*(?:MY_NUMBER|INDIVIDUAL)|MY_NUMBER/,
    'user.government_id.national_identification_number.jp_my_number',
  ],
  [/KOREA.*(?:RRN|RESIDENT)|KR_RRN|RRN/, 'user.government_id.national_identification_number.kr_rrn'],
  [/GERMAN.*TAX|STEUER|DE_TAX/, 'user.government_id.national_identification_number.de_tax_id'],
  [
    /FRENCH.*(?:NIR|SOCIAL)|FRANCE.*(?:NIR|SOCIAL)|INSEE|NIR/,
    'user.government_id.national_identification_number.fr_nir',
  ],
  [/INDONESIA.*(?:NIK|ID)|NIK/, 'user.government_id.national_identification_number.id_nik'],
  [/VIETNAM|CCCD/, 'user.government_id.national_identification_number.vn_cccd'],
  [/THAI/, 'user.government_id.national_identification_number.th_id'],
  [/PASSPORT/, 'user.government_id.passport_number'],
  [/IMEI/, 'user.device.imei'],
  [/MAC_ADDRESS/, 'user.device.mac_address'],
  [/IPV?[46]?_?ADDRESS|^IPV[46]$|^IP$/, 'user.device.ip_address'],
  [/PHONE|MOBILE|TELEPHONE/, 'user.contact.phone_number'],
  [/POSTCODE|POSTAL|ZIP/, 'user.contact.address.postal_code'],
  [/ADDRESS|STREET/, 'user.contact.address'],
  [/DATE_OF_BIRTH|DOB|BIRTH/, 'user.demographic.date_of_birth'],
  [/TRACKING|WAYBILL|SHIPMENT/, 'user.shipment.waybill_number'],
  [/COORDINATE|GPS|LATITUDE|GEO/, 'user.location.precise'],
  [/NAME/, 'user.name'],
];

/** The families OpenRedaction can name (from the mapping above). */
export const OPENREDACTION_FAMILIES = new Set([
  'email',
  'iban',
  'bank_card',
  'us_ssn',
  'gb_nino',
  'in_aadhaar',
  'in_pan',
  'br_cpf',
  'sg_nric',
  'cn_resident_id',
  'jp_my_number',
  'kr_rrn',
  'de_tax_id',
  'fr_nir',
  'id_nik',
  'vn_cccd',
  'th_id',
  'passport_number',
  'imei',
  'mac_address',
  'ip_address',
  'phone',
  'postal_code',
  'address',
  'date_of_birth',
  'waybill_number',
  'precise',
  'name',
]);

export const openRedactionTypes = new Map<string, number>();
const shield = new OpenRedaction();

/** OpenRedaction's detection itself (what is timed). */
export const openRedactionRaw = (text: string): unknown => shield.detect(text);

function mapOpenRedaction(type: string): string | null {
  for (const [re, cat] of OPENREDACTION_MAP) if (re.test(type)) return cat;
  return null;
}

/** OpenRedaction as a span scanner. */
export const openRedaction: TextScanner = (text) => {
  const result = shield.detect(text);
  return result.detections.map((d) => {
    openRedactionTypes.set(d.type, (openRedactionTypes.get(d.type) ?? 0) + 1);
    return { start: d.position[0], end: d.position[1], category: mapOpenRedaction(d.type) };
  });
};
