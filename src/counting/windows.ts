import type { IsoDate } from '../geo/types.js';

/**
 * Legal counting windows. `calendar_year`: since 1 January of the current year (CAC Order 16 Arts. 5(4),
 * 7, 8). `previous_calendar_year`: since 1 January of the previous year (CAC Orders 11 and 13 before
 * 2024). `rolling_12_months`: the preceding 12 months (28 CFR 202.205).
 */
export const COUNTING_WINDOWS = ['calendar_year', 'previous_calendar_year', 'rolling_12_months'] as const;

/** A counting window. */
export type CountingWindow = (typeof COUNTING_WINDOWS)[number];

/** The first day a window covers when counting on `date` (inclusive). */
export function windowStart(window: CountingWindow, date: IsoDate): IsoDate {
  const year = Number(date.slice(0, 4));
  switch (window) {
    case 'calendar_year':
      return `${year}-01-01` as IsoDate;
    case 'previous_calendar_year':
      return `${year - 1}-01-01` as IsoDate;
    case 'rolling_12_months': {
      // The same day one year earlier, plus one: 2026-03-15 counts from 2025-03-16. 29 February maps
      // to 1 March of the previous year.
      const d = new Date(`${date}T00:00:00Z`);
      d.setUTCFullYear(d.getUTCFullYear() - 1);
      d.setUTCDate(d.getUTCDate() + 1);
      return d.toISOString().slice(0, 10) as IsoDate;
    }
  }
}

/** A label for the window that holds `date` (`2026` for a calendar year, `rolling` otherwise). */
export function windowLabel(window: CountingWindow, date: IsoDate): string {
  return window === 'rolling_12_months' ? `rolling-12m-to-${date}` : `since-${windowStart(window, date)}`;
}
