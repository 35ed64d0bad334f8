import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../geo/types.js';
import { subjectHash, windowStart } from './index.js';

describe('windowStart', () => {
  it('starts the calendar year on 1 January (CAC Order 16)', () => {
    expect(windowStart('calendar_year', '2026-11-29' as IsoDate)).toBe('2026-01-01');
    expect(windowStart('previous_calendar_year', '2026-11-29' as IsoDate)).toBe('2025-01-01');
  });
  it('covers the preceding 12 months for the DOJ rule', () => {
    expect(windowStart('rolling_12_months', '2026-03-15' as IsoDate)).toBe('2025-03-16');
    expect(windowStart('rolling_12_months', '2028-02-29' as IsoDate)).toBe('2027-03-02');
  });
  it('always starts on or before the counting day, within a year and a day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2001-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (d) => {
          const date = d.toISOString().slice(0, 10) as IsoDate;
          for (const w of ['calendar_year', 'rolling_12_months'] as const) {
            const start = windowStart(w, date);
            expect(start <= date).toBe(true);
            expect((Date.parse(date) - Date.parse(start)) / 86_400_000).toBeLessThanOrEqual(366);
          }
        },
      ),
    );
  });
});

describe('subjectHash', () => {
  const key = new Uint8Array(32).fill(7);
  it('is HMAC-SHA-256 (RFC 4231 test case 1)', () => {
    expect(subjectHash(new Uint8Array(20).fill(0x0b), 'Hi There')).toBe(
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    );
    expect(subjectHash(key, ' buyer-1 ')).toBe(subjectHash(key, 'buyer-1'));
  });
  it('differs between tenants and never contains the identifier', () => {
    const other = new Uint8Array(32).fill(8);
    expect(subjectHash(key, 'buyer-1')).not.toBe(subjectHash(other, 'buyer-1'));
    expect(subjectHash(key, '13800138000')).not.toContain('13800138000');
  });
  it('refuses a short key', () => {
    expect(() => subjectHash(new Uint8Array(8), 'x')).toThrow(RangeError);
  });
});
