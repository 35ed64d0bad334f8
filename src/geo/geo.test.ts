import { describe, expect, it } from 'vitest';
import { listCountries, membersOn, REGION_GROUPS, readCountry } from './index.js';
import type { IsoDate } from './types.js';

const EU = REGION_GROUPS.get('EU')!;
const EEA = REGION_GROUPS.get('EEA')!;

describe('readCountry', () => {
  it('accepts every ISO 3166-1 alpha-2 code, in either case', () => {
    expect(listCountries()).toHaveLength(249);
    expect(readCountry('gb')).toEqual({ ok: true, code: 'GB' });
  });
  it('says UK is not ISO 3166-1 and suggests GB', () => {
    expect(readCountry('UK')).toEqual({ ok: false, reason: 'is not ISO 3166-1', suggestion: 'GB' });
  });
  it('turns alpha-3 codes and names into their alpha-2 code', () => {
    expect(readCountry('DEU')).toMatchObject({ ok: false, suggestion: 'DE' });
    expect(readCountry('Germany')).toMatchObject({ ok: false, suggestion: 'DE' });
    expect(readCountry('中国')).toMatchObject({ ok: false, suggestion: 'CN' });
  });
  it('rejects user-assigned and unknown codes', () => {
    expect(readCountry('XK').ok).toBe(false);
    expect(readCountry('ZZ').ok).toBe(false);
  });
});

describe('membersOn', () => {
  it('has 27 EU members after the United Kingdom left', () => {
    expect(membersOn(EU, '2026-11-29' as IsoDate)).toHaveLength(27);
    expect(membersOn(EU, '2026-11-29' as IsoDate)).not.toContain('GB');
  });
  it('counts the United Kingdom as a member until 31 January 2020', () => {
    expect(membersOn(EU, '2020-01-31' as IsoDate)).toContain('GB');
    expect(membersOn(EU, '2020-02-01' as IsoDate)).not.toContain('GB');
  });
  it('adds Croatia on 1 July 2013', () => {
    expect(membersOn(EU, '2013-06-30' as IsoDate)).not.toContain('HR');
    expect(membersOn(EU, '2013-07-01' as IsoDate)).toContain('HR');
  });
  it('makes the EEA the EU plus Iceland, Liechtenstein and Norway', () => {
    const eea = membersOn(EEA, '2026-11-29' as IsoDate);
    expect(eea).toHaveLength(30);
    expect(eea).toEqual(expect.arrayContaining(['IS', 'LI', 'NO']));
  });
});
