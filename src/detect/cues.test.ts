import { describe, expect, it } from 'vitest';
import { cueBefore, cueHits, hintForKey, ID_CUE_LIST, ID_CUES, normaliseKey } from './cues.js';

describe('field-name hints', () => {
  it('reads field names in many languages', () => {
    const cases: [string, string | null, boolean][] = [
      ['手机号', 'phone', false],
      ['收货人', 'name', true],
      ['收货人手机', 'phone', true],
      ['收货地址', 'address', true],
      ['身份证号', 'cn_id', false],
      ['電話番号', 'phone', false],
      ['お届け先氏名', 'name', true],
      ['전화번호', 'phone', false],
      ['수령인', 'name', true],
      ['Telefon', 'phone', false],
      ['téléphone', 'phone', false],
      ['teléfono', 'phone', false],
      ['endereço', 'address', false],
      ['số điện thoại', 'phone', false],
      ['alamat', 'address', false],
      ['receiverPhone', 'phone', true],
      ['shipping_address', 'address', true],
      ['date_of_birth', 'dob', false],
      ['order_id', 'order', false],
      ['订单号', 'order', false],
      ['tracking_number', 'waybill', false],
      ['运单号', 'waybill', false],
      ['sku', 'sku', false],
      ['created_at', 'time', false],
      ['customer_id', 'other', false],
      ['username', 'other', false],
      ['idfa', 'adid', false],
    ];
    for (const [key, cue, consignee] of cases) {
      const h = hintForKey(key);
      expect(h?.cue ?? null, key).toBe(cue);
      expect(h?.consignee ?? false, key).toBe(consignee);
    }
    expect(hintForKey('colour')).toBeNull();
  });
  it('splits camelCase and separators', () => {
    expect(normaliseKey('receiverPhone_no')).toBe('receiver phone no');
  });
});

describe('text cues', () => {
  it('finds the nearest cue before a value, on the same line', () => {
    expect(cueBefore('电话：13812345678', 3)).toBe('phone');
    expect(cueBefore('phone 1, order 12345', 15)).toBe('order');
    expect(cueBefore('my phone\n12345', 9)).toBeNull();
  });
  it('matches short Latin cue words only as whole words', () => {
    expect(cueBefore('telephone', 9)).toBe('phone');
    expect(cueBefore('hotel 123', 6)).toBeNull();
    expect(cueBefore('ID: 123', 4)).toBe('id');
    expect(cueBefore('valid 123', 6)).toBeNull();
  });
});

describe('cue words in a text', () => {
  it('takes the longest word at a position and goes on after it', () => {
    // `telephone` (not `tel`), `id card` (not `id`), then `card` is inside it and not found again.
    expect(cueHits('telephone 1, id card 2')).toEqual([
      { start: 0, end: 9, cue: 'phone' },
      { start: 13, end: 20, cue: 'id' },
    ]);
  });
  it('skips a Latin word glued to letters and looks again from the next character', () => {
    expect(cueHits('hotel tel')).toEqual([{ start: 6, end: 9, cue: 'phone' }]);
    expect(cueHits('手机13812345678')).toEqual([{ start: 0, end: 2, cue: 'phone' }]);
  });
  it('finds one-character cues (currency signs)', () => {
    expect(cueHits('$12')).toEqual([{ start: 0, end: 1, cue: 'price' }]);
  });
  it('gives up on texts whose lower-case form changes length', () => {
    expect(cueHits('İstanbul')).toBeNull();
  });
});

describe('identity-number cues', () => {
  it('are one list, also as a set', () => {
    expect(new Set(ID_CUE_LIST)).toEqual(ID_CUES);
    expect(ID_CUE_LIST).toContain('cn_id');
    expect(ID_CUE_LIST).not.toContain('passport');
  });
});
