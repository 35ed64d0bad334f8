// Type-aware masks. Each keeps what its rule says and replaces every other letter or digit by the mask
// character, leaving separators in place (so the shape stays recognisable), except where noted. None is
// reversible: what is masked is gone.

/** The mask rules, by kind of value. */
export const MASK_KINDS = ['phone', 'card', 'account', 'email', 'address', 'id', 'name', 'generic'] as const;

/** A mask rule. */
export type MaskKind = (typeof MASK_KINDS)[number];

/** What an identity-document mask keeps. */
export const ID_KEEPS = ['region', 'region_birth_year', 'last4', 'none'] as const;

/** What an identity-document mask keeps: the region code, region and birth year, the last four, or nothing. */
export type IdKeep = (typeof ID_KEEPS)[number];

/** Options of a mask. */
export interface MaskOptions {
  /** The replacement character (default `*`). */
  readonly char?: string;
  /** For `id`: what to keep (default `region` for Chinese resident IDs, `last4` for others). */
  readonly keep?: IdKeep;
  /** The category, for `id` masks that depend on the document's layout. */
  readonly category?: string;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const DIGIT = /[0-9]/;

/** Chooses the mask rule for a category key (the last resort is `generic`). */
export function maskKindFor(category: string): MaskKind {
  if (/(^|\.)(phone_number|fax_number)($|\.)/.test(category)) return 'phone';
  if (/(^|\.)email($|\.)/.test(category)) return 'email';
  if (/\.(bank_card|credit_card)($|\.)/.test(category)) return 'card';
  if (/\.(bank_account|payment_account|iban)($|\.)/.test(category)) return 'account';
  if (/(^|\.)(address|mailing_address|street)($|\.)/.test(category)) return 'address';
  if (/^user\.government_id($|\.)/.test(category)) return 'id';
  if (/^user\.name($|\.)|^user\.consignee\.name$/.test(category)) return 'name';
  return 'generic';
}

/**
 * Masks a value by rule.
 *
 * @example
 * maskValue('+86 138 0013 8000', 'phone'); // '+86 *** **** 8000'
 * maskValue('6222021234567890123', 'card'); // '622202*********0123'
 * maskValue('li.wei@example.cn', 'email'); // '***@example.cn'
 */
export function maskValue(value: string, kind: MaskKind, options: MaskOptions = {}): string {
  const char = options.char ?? '*';
  switch (kind) {
    case 'phone':
      return maskPhone(value, char);
    case 'card':
      return maskCard(value, char);
    case 'account':
      return keepLetterOrDigits(value, char, 0, lastKept(countLetterOrDigits(value), 4));
    case 'email':
      return maskEmail(value, char);
    case 'address':
      return maskAddress(value, char);
    case 'id':
      return maskId(value, char, options);
    case 'name':
      return maskName(value, char);
    case 'generic':
      return keepLetterOrDigits(value, char, 0, countLetterOrDigits(value) >= 8 ? 2 : 0);
  }
}

/** How many trailing characters a rule that keeps `wanted` may keep of `n`: never more than a third. */
function lastKept(n: number, wanted: number): number {
  return Math.min(wanted, Math.floor(n / 3));
}

function countLetterOrDigits(value: string): number {
  let n = 0;
  for (const c of value) if (LETTER_OR_DIGIT.test(c)) n++;
  return n;
}

/** Keeps the first `head` and last `tail` letters or digits, masking the others; separators stay. */
function keepLetterOrDigits(value: string, char: string, head: number, tail: number): string {
  const chars = [...value];
  const n = countLetterOrDigits(value);
  let seen = 0;
  let out = '';
  for (const c of chars) {
    if (LETTER_OR_DIGIT.test(c)) {
      out += seen < head || seen >= n - tail ? c : char;
      seen++;
    } else out += c;
  }
  return out;
}

/** Keeps the first `head` and last `tail` ASCII digits; every other letter or digit is masked. */
function keepDigits(value: string, char: string, head: number, tail: number): string {
  let n = 0;
  for (const c of value) if (DIGIT.test(c)) n++;
  let seen = 0;
  let out = '';
  for (const c of value) {
    if (DIGIT.test(c)) {
      out += seen < head || seen >= n - tail ? c : char;
      seen++;
    } else out += LETTER_OR_DIGIT.test(c) ? char : c;
  }
  return out;
}

// ITU-T E.164 country calling codes: the one- and two-digit ones; every other code has three digits.
const CALLING_CODES_1 = new Set(['1', '7']);
const CALLING_CODES_2 = new Set(
  (
    '20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 ' +
    '60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'
  ).split(' '),
);

/** The length of the country calling code at the start of an international number's digits. */
export function callingCodeLength(digits: string): number {
  if (CALLING_CODES_1.has(digits.slice(0, 1))) return 1;
  if (CALLING_CODES_2.has(digits.slice(0, 2))) return 2;
  return 3;
}

/**
 * Phone: keeps the country calling code of an international number (`+` or `00` prefix) and the last four
 * digits (two when the subscriber part has fewer than eight digits, none below five).
 */
function maskPhone(value: string, char: string): string {
  const digits = value.replace(/[^0-9]/g, '');
  const trimmed = value.trimStart();
  let prefix = 0;
  if (trimmed.startsWith('+')) prefix = callingCodeLength(digits);
  else if (trimmed.startsWith('00')) prefix = 2 + callingCodeLength(digits.slice(2));
  const national = digits.length - prefix;
  const tail = national >= 8 ? 4 : national >= 5 ? 2 : 0;
  return keepDigits(value, char, Math.min(prefix, digits.length), tail);
}

/**
 * Card: the first six and last four digits of a 13 to 19-digit number (PCI DSS v4.0 requirement 3.4.1);
 * the last four of a 10 to 12-digit number; nothing of a shorter one.
 */
function maskCard(value: string, char: string): string {
  const n = value.replace(/[^0-9]/g, '').length;
  if (n >= 13 && n <= 19) return keepDigits(value, char, 6, 4);
  if (n >= 10 && n <= 19) return keepDigits(value, char, 0, 4);
  return keepDigits(value, char, 0, 0);
}

/** Email: keeps the domain; the local part becomes three mask characters, whatever its length. */
function maskEmail(value: string, char: string): string {
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return keepLetterOrDigits(value, char, 0, 0);
  return `${char.repeat(3)}${value.slice(at)}`;
}

/** Name: keeps the first character of each word (a Chinese name keeps its surname character). */
function maskName(value: string, char: string): string {
  let out = '';
  let atWordStart = true;
  for (const c of value) {
    if (LETTER_OR_DIGIT.test(c)) {
      out += atWordStart ? c : char;
      atWordStart = false;
    } else {
      out += c;
      atWordStart = true;
    }
  }
  return out;
}

/** Identity documents: region code (CN resident ID: six digits), region and birth year, last four, or none. */
function maskId(value: string, char: string, options: MaskOptions): string {
  const n = countLetterOrDigits(value);
  const cnResident = (options.category ?? '').endsWith('.cn_resident_id') && n === 18;
  const keep = options.keep ?? (cnResident ? 'region' : 'last4');
  switch (keep) {
    case 'region':
      return cnResident ? keepLetterOrDigits(value, char, 6, 0) : keepLetterOrDigits(value, char, 0, 0);
    case 'region_birth_year':
      return cnResident ? keepLetterOrDigits(value, char, 10, 0) : keepLetterOrDigits(value, char, 0, 0);
    case 'last4':
      return keepLetterOrDigits(value, char, 0, lastKept(n, 4));
    case 'none':
      return keepLetterOrDigits(value, char, 0, 0);
  }
}

/**
 * Address: keeps the city and province (and country) and replaces the rest by three mask characters.
 * Structured addresses (objects with `city`, `province`...) are handled by the record transformer; this
 * reads a one-line address.
 */
function maskAddress(value: string, char: string): string {
  const parts = addressParts(value);
  if (parts === undefined) return char.repeat(3);
  return parts.cjk
    ? `${[parts.province, parts.city].filter(Boolean).join('')}${char.repeat(3)}`
    : [char.repeat(3), ...[parts.city, parts.province, parts.country].filter(Boolean)].join(', ');
}

/** The coarse parts of a one-line address, as far as they can be read. */
export interface AddressParts {
  readonly cjk: boolean;
  readonly country?: string;
  readonly province?: string;
  readonly city?: string;
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff]/;
const CJK_ADDRESS =
  /^(?:中国|中華人民共和国|日本)?((?:.{1,7}?(?:省|自治区|特别行政区|都|道|府|県))|北京市|上海市|天津市|重庆市)?((?:.{1,9}?(?:市|自治州|地区|盟|区)))?/u;

/**
 * Reads the city, province and country of a one-line address: a Chinese or Japanese address by its
 * administrative suffixes (省, 市, 都, 県...), otherwise comma-separated parts from the end (country,
 * province with its postcode removed, city). Returns undefined when nothing coarse can be told.
 */
export function addressParts(value: string): AddressParts | undefined {
  const text = value.trim();
  if (CJK.test(text) && !text.includes(',')) {
    const m = CJK_ADDRESS.exec(text);
    const province = m?.[1];
    const city = m?.[2];
    if (!province && !city) return undefined;
    return { cjk: true, ...(province ? { province } : {}), ...(city ? { city } : {}) };
  }
  const parts = text
    .split(/[,，]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length < 2) return undefined;
  const clean = (p: string | undefined) =>
    p
      ?.replace(/\b[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}\b/gi, '')
      .replace(/\d[\d -]*\d|\d/g, '')
      .replace(/\s+/g, ' ')
      .trim() || undefined;
  const rest = [...parts];
  let country: string | undefined;
  const last = rest[rest.length - 1]!;
  if (parts.length >= 3 && !/\d/.test(last)) country = rest.pop();
  const province = rest.length >= 3 ? clean(rest.pop()) : undefined;
  const city = rest.length >= 2 ? clean(rest.pop()) : undefined;
  if (!city && !province && !country) return undefined;
  return {
    cjk: false,
    ...(country ? { country } : {}),
    ...(province ? { province } : {}),
    ...(city ? { city } : {}),
  };
}
