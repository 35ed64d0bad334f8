import type { IsoDate } from '../geo/types.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `text` is a real calendar day written `YYYY-MM-DD` (`2024-02-29` yes, `2023-02-29` no). */
export function isIsoDate(text: string): text is IsoDate {
  const m = DATE.exec(text);
  if (m === null) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}
