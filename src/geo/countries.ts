import { ISO_3166_1 } from './countries.data.js';
import type { CountryCode } from './types.js';

/** A country as listed in ISO 3166-1. */
export interface Country {
  readonly code: CountryCode;
  readonly alpha3: string;
  readonly name: { readonly en: string; readonly zh: string };
}

const BY_ALPHA2 = new Map<string, Country>(
  ISO_3166_1.map(([a2, a3, en, zh]) => [a2, { code: a2 as CountryCode, alpha3: a3, name: { en, zh } }]),
);
const BY_ALPHA3 = new Map<string, Country>([...BY_ALPHA2.values()].map((c) => [c.alpha3, c]));
const BY_NAME = new Map<string, Country>(
  [...BY_ALPHA2.values()].flatMap((c) => [[c.name.en.toLowerCase(), c] as const, [c.name.zh, c] as const]),
);

/**
 * Codes people write that are not ISO 3166-1 alpha-2, with the code they mean.
 * `UK` is exceptionally reserved by ISO for the United Kingdom but is not its code; `EL` is the EU's
 * own code for Greece.
 */
const NON_ISO_ALIASES: ReadonlyMap<string, string> = new Map([
  ['UK', 'GB'],
  ['EL', 'GR'],
  ['EN', 'GB'],
  ['USA', 'US'],
  ['PRC', 'CN'],
  ['ROK', 'KR'],
  ['KOR', 'KR'],
]);

/** Every ISO 3166-1 country, sorted by code. */
export function listCountries(): Country[] {
  return [...BY_ALPHA2.values()];
}

/** The country with this alpha-2 code, or undefined. */
export function getCountry(code: string): Country | undefined {
  return BY_ALPHA2.get(code);
}

/** True when `code` is an assigned ISO 3166-1 alpha-2 code (upper case). */
export function isCountryCode(code: string): code is CountryCode {
  return BY_ALPHA2.has(code);
}

/** The outcome of reading a country written by a person. */
export type CountryReading =
  | { readonly ok: true; readonly code: CountryCode }
  | { readonly ok: false; readonly reason: string; readonly suggestion?: CountryCode };

/**
 * Reads a country code written by a person: upper-cases an alpha-2 code, and otherwise explains
 * what is wrong and which code was probably meant (`UK` -> `GB`, `DEU` -> `DE`, `Germany` -> `DE`).
 */
export function readCountry(input: string): CountryReading {
  const trimmed = input.trim();
  const upper = trimmed.toUpperCase();
  if (trimmed.length === 2 && BY_ALPHA2.has(upper)) return { ok: true, code: upper as CountryCode };
  const alias = NON_ISO_ALIASES.get(upper);
  if (alias !== undefined) {
    return { ok: false, reason: 'is not ISO 3166-1', suggestion: alias as CountryCode };
  }
  const a3 = BY_ALPHA3.get(upper);
  if (a3 !== undefined)
    return { ok: false, reason: 'is ISO 3166-1 alpha-3; use alpha-2', suggestion: a3.code };
  const named = BY_NAME.get(trimmed.toLowerCase()) ?? BY_NAME.get(trimmed);
  if (named !== undefined) return { ok: false, reason: 'is a name, not a code', suggestion: named.code };
  return { ok: false, reason: 'is not an ISO 3166-1 alpha-2 code' };
}
