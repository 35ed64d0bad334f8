import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as g from '../../test/detect/generators.js';
import { CATEGORY } from './categories.js';
import { scanRecord, scanText } from './scan.js';

const cats = (text: string) => scanText(text).map((f) => [text.slice(f.start, f.end), f.category]);

describe('scanText', () => {
  it('finds phone numbers, IDs, cards and addresses in Chinese chat, with UTF-16 offsets', () => {
    const text =
      '你好，我叫张伟，电话138-1234-5678，身份证11010519491231002X，寄到浙江省杭州市西湖区文三路100号华星大厦A座1201室';
    expect(cats(text)).toEqual([
      ['张伟', CATEGORY.name],
      ['138-1234-5678', CATEGORY.phone],
      ['11010519491231002X', CATEGORY.cnResidentId],
      ['浙江省杭州市西湖区文三路100号华星大厦A座1201室', CATEGORY.address],
    ]);
    expect(cats('我电话是０２１－６２３４５６７８')).toEqual([['０２１－６２３４５６７８', CATEGORY.phone]]);
    const f = scanText('📦电话13812345678')[0]!;
    expect([f.start, f.end]).toEqual([4, 15]);
  });
  it('parses Chinese addresses down to the town against the GB/T 2260 data', () => {
    expect(cats('地址：浙江省杭州市西湖区北山街道')).toEqual([
      ['浙江省杭州市西湖区北山街道', CATEGORY.address],
    ]);
    expect(cats('浙江省杭州市')).toEqual([]);
  });
  it('finds data of many countries by their own formats and checks', () => {
    const text = [
      'SSN 536-90-1234',
      'NINO AB 12 34 56 C',
      'Steuer-ID 86095742719',
      'NIR 2 55 08 14 168 025 38',
      'マイナンバー 6214 9832 0257',
      '주민등록번호 971013-9019902',
      'NRIC S1234567D',
      'Aadhaar 2341 2341 2346',
      'PAN ABCPE1234F',
      'CPF 390.533.447-05',
      'Thai ID 3-1006-00445-63-5',
      'NIK 3171011708450001',
      'CCCD 001090012345',
      'HKID A123456(3)',
      'IBAN GB82 WEST 1234 5698 7654 32',
      'IMEI 490154203237518',
      'MAC 00:1A:2B:3C:4D:5E',
      'IPv6 2001:db8:85a3::8a2e:370:7334',
      '车牌 京A12345',
      '护照 E12345678',
      'call +44 20 7946 0958',
    ].join('\n');
    const found = new Set(scanText(text).map((f) => f.category));
    for (const c of [
      CATEGORY.usSsn,
      CATEGORY.gbNino,
      CATEGORY.deTaxId,
      CATEGORY.frNir,
      CATEGORY.jpMyNumber,
      CATEGORY.krRrn,
      CATEGORY.sgNric,
      CATEGORY.inAadhaar,
      CATEGORY.inPan,
      CATEGORY.brCpf,
      CATEGORY.thId,
      CATEGORY.idNik,
      CATEGORY.vnCccd,
      CATEGORY.hkId,
      CATEGORY.iban,
      CATEGORY.imei,
      CATEGORY.mac,
      CATEGORY.ip,
      CATEGORY.vehiclePlate,
      CATEGORY.passport,
      CATEGORY.phone,
    ])
      expect(found, c).toContain(c);
  });
  it('reads a date as a birth date only after a birth-date cue', () => {
    expect(cats('生日：1990年3月7日')).toEqual([['1990年3月7日', CATEGORY.dateOfBirth]]);
    expect(cats('Date of birth: 07/03/1990')).toEqual([['07/03/1990', CATEGORY.dateOfBirth]]);
    expect(cats('shipped 2024-05-01 12:30:45')).toEqual([]);
  });
  it('finds WeChat and Alipay accounts only after their names', () => {
    expect(cats('加我微信 zhang_wei88，支付宝 zw@example.com')).toEqual([
      ['zhang_wei88', CATEGORY.wechatId],
      ['zw@example.com', CATEGORY.alipayId],
    ]);
    expect(cats('code zhang_wei88')).toEqual([]);
  });
  it('finds names after introductions, honorifics and in signatures', () => {
    expect(cats('Hi, my name is John Smith.')).toEqual([['John Smith', CATEGORY.name]]);
    expect(cats('Thanks,\nMaria Garcia')).toEqual([['Maria Garcia', CATEGORY.name]]);
    expect(cats('山田太郎様 ご注文ありがとうございます')).toEqual([['山田太郎', CATEGORY.name]]);
    expect(cats('김민준님 안녕하세요')).toEqual([['김민준', CATEGORY.name]]);
    expect(cats('I am Happy with it')).toEqual([]);
  });
});

describe('hard negatives', () => {
  it('stay quiet: order numbers, SKUs, prices, timestamps, UUIDs, hashes', () => {
    for (const text of [
      'Order 202405011234567890 placed 2024-05-01T12:30:45Z',
      'SKU-13812345678 and item AB123456-7',
      'total ¥1,299.00 (USD 179.99), refund 13812.50',
      'request 9f1c2a3b-1234-4abc-8def-0123456789ab',
      'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      'at 1714567890123 ms, epoch 1714567890',
      'version 1.2.3.4 released',
      '订单号 202405011234567890，下单时间 2024-05-01 12:30',
    ])
      expect(cats(text), text).toEqual([]);
  });
  it('classifies waybill numbers as waybills, never as phone numbers', () => {
    expect(cats('运单号 773123456789012')).toEqual([['773123456789012', CATEGORY.waybill]]);
    expect(cats('tracking SF1234567890123')).toEqual([['SF1234567890123', CATEGORY.waybill]]);
    expect(cats('EMS RA473124829CN')).toEqual([['RA473124829CN', CATEGORY.waybill]]);
    expect(scanRecord({ tracking_no: '13812345678' }).map((f) => f.category)).toEqual([CATEGORY.waybill]);
  });
  it('keeps phone-shaped order numbers quiet under an order field name', () => {
    expect(scanRecord({ order_id: '13812345678', 订单号: '13912345678', sku: '13712345678' })).toEqual([]);
  });
});

describe('scanRecord', () => {
  it('uses field names and consignee blocks, with JSONPath paths', () => {
    const found = scanRecord({
      buyer: { name: 'Li Lei', 'e-mail': 'li.lei@example.com' },
      receiver: {
        name: '韩梅梅',
        phones: ['13812345678', '+86 139 1234 5678'],
        'street address': '北京市朝阳区建国路88号',
      },
      lat: 31.230416,
      lng: 121.473701,
      邮编: '100020',
      idfa: '9F1C2A3B-1234-4ABC-8DEF-0123456789AB',
    }).map((f) => [f.path, f.category]);
    expect(found).toEqual([
      ['$.buyer.name', CATEGORY.name],
      ["$.buyer['e-mail']", CATEGORY.email],
      ['$.receiver.name', CATEGORY.consigneeName],
      ['$.receiver.phones[0]', CATEGORY.consigneePhone],
      ['$.receiver.phones[1]', CATEGORY.consigneePhone],
      ["$.receiver['street address']", CATEGORY.consigneeAddress],
      ['$.lat', CATEGORY.preciseLocation],
      ['$.lng', CATEGORY.preciseLocation],
      ['$.邮编', CATEGORY.postcode],
      ['$.idfa', CATEGORY.advertisingId],
    ]);
  });
  it('reports a top-level string at path $', () => {
    expect(scanRecord('mail a.b@example.com')).toEqual([
      { path: '$', start: 5, end: 20, category: CATEGORY.email, detector: 'email', confidence: 0.97 },
    ]);
  });
  it('drops findings under minConfidence', () => {
    expect(scanText('1234 5678 9012', { minConfidence: 0.99 })).toEqual([]);
  });
  it('scans only the first maxValueLength characters of a value', () => {
    expect(scanText(`${'x'.repeat(100)} 13812345678`, { maxValueLength: 50 })).toEqual([]);
  });
});

describe('properties', () => {
  const r = g.rng(99);
  const generated: [string, () => string, string][] = [
    ['身份证', () => g.cnResidentId(r), CATEGORY.cnResidentId],
    ['card', () => g.card(r, 'visa'), CATEGORY.bankCard],
    ['银行卡', () => g.card(r, 'unionpay'), CATEGORY.unionPay],
    ['IBAN', () => g.iban(r), CATEGORY.iban],
    ['Aadhaar', () => g.aadhaar(r), CATEGORY.inAadhaar],
    ['NRIC', () => g.sgNric(r), CATEGORY.sgNric],
    ['HKID', () => g.hkid(r), CATEGORY.hkId],
    ['주민등록번호', () => g.krRrn(r), CATEGORY.krRrn],
    ['マイナンバー', () => g.myNumber(r, true), CATEGORY.jpMyNumber],
    ['CPF', () => g.cpf(r), CATEGORY.brCpf],
    ['NIR', () => g.frNir(r), CATEGORY.frNir],
    ['Steuer-ID', () => g.deTaxId(r), CATEGORY.deTaxId],
    ['IMEI', () => g.imei(r), CATEGORY.imei],
    ['手机', () => g.cnMobile(r), CATEGORY.phone],
  ];
  it('finds generated valid identifiers after their names', () => {
    for (const [cue, make, category] of generated) {
      for (let i = 0; i < 30; i++) {
        const id = make();
        const text = `您好 ${cue}: ${id} 谢谢`;
        const hit = scanText(text).find((f) => f.category === category);
        expect(hit, `${category} (${cue})`).toBeDefined();
        expect(text.slice(hit!.start, hit!.end)).toBe(id);
      }
    }
  });
  it('rejects single-digit corruptions of checksummed identifiers', () => {
    const checked: [string, () => string, string][] = [
      ['身份证', () => g.cnResidentId(r), CATEGORY.cnResidentId],
      ['card', () => g.card(r, 'visa', false), CATEGORY.bankCard],
      ['IBAN', () => g.iban(r, undefined, false), CATEGORY.iban],
      ['Aadhaar', () => g.aadhaar(r, false), CATEGORY.inAadhaar],
      ['NRIC', () => g.sgNric(r), CATEGORY.sgNric],
      ['HKID', () => g.hkid(r), CATEGORY.hkId],
      ['NIR', () => g.frNir(r, false), CATEGORY.frNir],
      ['IMEI', () => g.imei(r), CATEGORY.imei],
    ];
    fc.assert(
      fc.property(fc.nat(checked.length - 1), fc.nat(), fc.integer({ min: 1, max: 9 }), (k, at, delta) => {
        const [cue, make, category] = checked[k]!;
        const id = make();
        const digits = [...id].map((c, i) => (/\d/.test(c) ? i : -1)).filter((i) => i >= 0);
        const i = digits[at % digits.length]!;
        const bad = id.slice(0, i) + ((Number(id[i]) + delta) % 10) + id.slice(i + 1);
        return !scanText(`${cue} ${bad}`).some((f) => f.category === category);
      }),
      { numRuns: 300 },
    );
  });
  it('never throws on arbitrary strings, and returns ordered, non-overlapping spans inside the value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        const found = scanText(s);
        let last = 0;
        for (const f of found) {
          if (f.start < last || f.end > s.length || f.start >= f.end) return false;
          if (f.confidence < 0.5 || f.confidence > 1) return false;
          last = f.end;
        }
        return true;
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'0123456789 -+()./:@XxA年月日号路市区省电话身份证'.split('')),
          maxLength: 80,
        }),
        (s) => Array.isArray(scanText(s)),
      ),
      { numRuns: 500 },
    );
  });
  it('never throws on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => Array.isArray(scanRecord(v))),
      { numRuns: 300 },
    );
    const deep: Record<string, unknown> = {};
    let cur = deep;
    for (let i = 0; i < 500; i++) cur = cur.x = {} as Record<string, unknown>;
    expect(scanRecord(deep)).toEqual([]);
  });
});
