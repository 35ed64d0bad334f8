// Generalisation: replaces a precise value by the class it falls in. Not reversible. Each function
// returns undefined when the value cannot be read, and the transformer then applies the profile's
// fallback.

import { addressParts } from './mask.js';

/** What a value can be generalised to. */
export const GENERALISE_TARGETS = [
  'year',
  'age_band',
  'city',
  'province',
  'country',
  'grid',
  'range',
] as const;

/** A generalisation target. */
export type GeneraliseTarget = (typeof GENERALISE_TARGETS)[number];

/** Options of generalisation. */
export interface GeneraliseOptions {
  readonly to: GeneraliseTarget;
  /** `age_band`: width of a band in years (default 10); ages from `top` (default 90) form one band `90+`. */
  readonly band?: number;
  readonly top?: number;
  /** `grid`: cell size in degrees (default 0.1, about 11 km of latitude). */
  readonly cell?: number;
  /** `range`: width of a range (default 100), or explicit ascending bounds. */
  readonly step?: number;
  readonly bounds?: readonly number[];
  /** `age_band`: the day ages are counted at, YYYY-MM-DD (the transformer passes the transfer's date). */
  readonly asOf?: string;
}

const DATE = /^(\d{4})[-/.]?(\d{2})[-/.]?(\d{2})(?:$|[T ])/;

/** Reads the year, month and day of a date (`1988-04-12`, `1988/04/12`, `19880412`, an ISO timestamp). */
export function readDate(value: string): { year: number; month: number; day: number } | undefined {
  const m = DATE.exec(value.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return { year, month, day };
}

/** A date of birth to its year: `1988-04-12` -> `1988`. */
export function toYear(value: string): string | undefined {
  const d = readDate(value);
  return d === undefined ? undefined : String(d.year).padStart(4, '0');
}

/** A date of birth to an age band on a day: `1988-04-12` on 2026-11-29 -> `30-39`. */
export function toAgeBand(value: string, asOf: string, band = 10, top = 90): string | undefined {
  const born = readDate(value);
  const at = readDate(asOf);
  if (born === undefined || at === undefined || band < 1) return undefined;
  let age = at.year - born.year;
  if (at.month < born.month || (at.month === born.month && at.day < born.day)) age--;
  if (age < 0) return undefined;
  if (age >= top) return `${top}+`;
  const low = Math.floor(age / band) * band;
  return `${low}-${Math.min(low + band - 1, top - 1)}`;
}

/** A one-line address to its city (with province and country), its province, or its country. */
export function generaliseAddress(value: string, to: 'city' | 'province' | 'country'): string | undefined {
  const parts = addressParts(value);
  if (parts === undefined || (to === 'city' && !parts.city) || (to === 'province' && !parts.province))
    return undefined;
  const { city, province, country } = parts;
  if (parts.cjk) {
    const kept = to === 'city' ? [province, city] : to === 'province' ? [province] : [];
    const text = kept.filter(Boolean).join('');
    return text === '' ? undefined : text;
  }
  const kept =
    to === 'city' ? [city, province, country] : to === 'province' ? [province, country] : [country];
  const text = kept.filter(Boolean).join(', ');
  return text === '' ? undefined : text;
}

/** Snaps a coordinate to the centre of its grid cell, printed with the cell's decimals. */
export function snapToGrid(coordinate: number, cell = 0.1): number {
  const decimals = Math.max(0, Math.ceil(-Math.log10(cell)) + 1);
  const centre = Math.floor(coordinate / cell) * cell + cell / 2;
  return Number(centre.toFixed(decimals));
}

/** Reads `lat,lng` (decimal degrees) from a string. */
export function readCoordinates(value: string): { lat: number; lng: number } | undefined {
  const m = /^\s*(-?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(value);
  if (!m) return undefined;
  const lat = Number(m[1]);
  const lng = Number(m[2]);
  return Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? { lat, lng } : undefined;
}

/** A coordinate pair string to its grid cell's centre: `30.2741,120.1551` -> `30.25,120.15`. */
export function generaliseCoordinates(value: string, cell = 0.1): string | undefined {
  const c = readCoordinates(value);
  return c === undefined ? undefined : `${snapToGrid(c.lat, cell)},${snapToGrid(c.lng, cell)}`;
}

/**
 * An amount to the range it falls in: `129.9` with step 100 -> `100-200` (from inclusive, to exclusive);
 * with bounds `[0, 50, 100, 500]`: `100-500`, and `500+` or `<0` outside them.
 */
export function toRange(amount: number, options: { step?: number; bounds?: readonly number[] } = {}): string {
  const bounds = options.bounds;
  if (bounds !== undefined && bounds.length > 0) {
    if (amount < bounds[0]!) return `<${bounds[0]}`;
    for (let i = 1; i < bounds.length; i++) if (amount < bounds[i]!) return `${bounds[i - 1]}-${bounds[i]}`;
    return `${bounds[bounds.length - 1]}+`;
  }
  const step = options.step !== undefined && options.step > 0 ? options.step : 100;
  const low = Math.floor(amount / step) * step;
  return `${trim(low)}-${trim(low + step)}`;
}

function trim(n: number): string {
  return String(Number(n.toFixed(6)));
}

/**
 * Generalises a scalar value (a string, or a number for `range`).
 *
 * @example
 * generaliseValue('1988-04-12', { to: 'age_band', asOf: '2026-11-29' }); // '30-39'
 */
export function generaliseValue(value: string | number, options: GeneraliseOptions): string | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  switch (options.to) {
    case 'year':
      return toYear(text);
    case 'age_band':
      return options.asOf === undefined
        ? undefined
        : toAgeBand(text, options.asOf, options.band, options.top);
    case 'city':
    case 'province':
    case 'country':
      return generaliseAddress(text, options.to);
    case 'grid':
      return generaliseCoordinates(text, options.cell);
    case 'range': {
      const n = typeof value === 'number' ? value : Number(text.replace(/[^0-9.+-]/g, ''));
      return Number.isFinite(n) && /\d/.test(text) ? toRange(n, options) : undefined;
    }
  }
}
