import { describe, expect, it } from 'vitest';
import { ScanReportBuilder } from './report.js';
import { scanRecordHits, scanTextHits } from './scan.js';

describe('the field report', () => {
  it('folds array indices, counts matches and records, and masks examples', () => {
    const b = new ScanReportBuilder({
      tierOf: (c) => (c.endsWith('phone_number') ? 'sensitive' : undefined),
    });
    b.add(scanRecordHits({ items: [{ phone: '13812345678' }, { phone: '13912345678' }] }));
    b.add(scanRecordHits({ items: [{ phone: '13712345678' }] }));
    b.add(scanTextHits('call 13612345678'), 'text');
    const r = b.build();
    expect(r.records).toBe(3);
    expect(r.findings).toBe(4);
    expect(r.fields).toEqual([
      {
        path: '$.items[*].phone',
        category: 'user.contact.phone_number',
        tier: 'sensitive',
        count: 3,
        records: 2,
        detectors: ['cn_mobile'],
        confidence: 0.98,
        examples: ['138******78', '139******78', '137******78'],
      },
    ]);
    expect(r.text[0]).toMatchObject({ path: '$', count: 1, records: 1 });
    expect(r.categories).toEqual([
      { category: 'user.contact.phone_number', tier: 'sensitive', count: 4, records: 3 },
    ]);
  });
});
