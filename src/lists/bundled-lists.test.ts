import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../bundled/bundled-data.js';
import { loadBundledLists } from '../bundled/bundled-lists.js';
import type { IsoDate } from '../geo/types.js';
import { DataCustomsError } from '../shared/errors.js';

const day = (s: string) => s as IsoDate;
const keysAt = (name: string, date: string) =>
  loadBundledLists()
    .entriesAt(name, day(date))
    .map((e) => e.key);

describe('the bundled lists', () => {
  it('load without problems', () => {
    expect(() => loadBundledLists()).not.toThrow();
    expect(loadBundledLists().names().length).toBeGreaterThanOrEqual(14);
  });

  it('include every list the rulebooks need', () => {
    expect(loadBundledLists().names()).toEqual(
      expect.arrayContaining([
        'eu.adequacy',
        'gb.adequacy',
        'ch.adequacy',
        'us.doj.countries_of_concern',
        'cn.ftz.negative_lists',
        'cn.restricted_recipients',
        'apec.cbpr',
        'global.cbpr',
        'coe.convention_108',
        'coe.convention_108_plus',
        'in.dpdp.restricted_countries',
      ]),
    );
  });

  it('give every entry a citation, an http(s) source and valid dates', () => {
    const lists = loadBundledLists();
    for (const name of lists.names()) {
      const list = lists.get(name);
      expect(list?.sources.length, name).toBeGreaterThan(0);
      for (const e of list?.entries ?? []) {
        const where = `${name} ${e.key}`;
        expect(e.citation.length, where).toBeGreaterThan(3);
        expect(e.url, where).toMatch(/^https?:\/\/\S+$/);
        expect(e.from, where).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (e.until !== null) expect(e.until >= e.from, where).toBe(true);
        if (e.confidence === 'unconfirmed') expect(e.note, where).toBeDefined();
      }
    }
  });

  it('mark an approximate start day with data.date_precision', () => {
    const lists = loadBundledLists();
    const precisions = new Set(
      lists.names().flatMap((n) => (lists.get(n)?.entries ?? []).map((e) => e.data?.date_precision)),
    );
    expect([...precisions].filter((p) => p !== undefined).sort()).toEqual(['known_by', 'month', 'year']);
  });
});

describe('eu.adequacy history', () => {
  it('has the UK decision in force on 2021-07-01 but not before 2021-06-28', () => {
    expect(keysAt('eu.adequacy', '2021-07-01')).toContain('GB');
    expect(keysAt('eu.adequacy', '2021-06-27')).not.toContain('GB');
  });

  it('records the UK renewal as a new entry with its own scope, up to 2031-12-27', () => {
    const lists = loadBundledLists();
    const before = lists.find('eu.adequacy', 'GB', day('2025-12-27'));
    const after = lists.find('eu.adequacy', 'GB', day('2025-12-28'));
    expect(before?.citation).toContain('2021/1772');
    expect(after?.scope).toContain('immigration control');
    expect(after?.until).toBe('2031-12-27');
    expect(lists.contains('eu.adequacy', 'GB', day('2031-12-28'))).toBe(false);
  });

  it('has the US only from the DPF decision of 2023-07-10, for certified organisations only', () => {
    const lists = loadBundledLists();
    expect(lists.contains('eu.adequacy', 'US', day('2023-07-09'))).toBe(false);
    const us = lists.find('eu.adequacy', 'US', day('2023-07-10'));
    expect(us?.scope).toBe('organisations certified under the EU-US DPF only');
    expect(us?.data).toEqual({ requires_certification: 'eu-us-dpf' });
  });

  it('has Brazil from 2026-01-26 and keeps China off the list', () => {
    expect(keysAt('eu.adequacy', '2026-01-25')).not.toContain('BR');
    expect(keysAt('eu.adequacy', '2026-11-29')).toEqual(
      expect.arrayContaining(['AD', 'AR', 'BR', 'CA', 'CH', 'GB', 'IL', 'JP', 'KR', 'NZ', 'US', 'UY']),
    );
    expect(keysAt('eu.adequacy', '2026-11-29')).not.toContain('CN');
  });
});

describe('other lists', () => {
  it('gb.adequacy has the EEA from 2021-01-01 and the UK-US data bridge from 2023-10-12', () => {
    const lists = loadBundledLists();
    expect(keysAt('gb.adequacy', '2020-12-31')).toEqual([]);
    expect(keysAt('gb.adequacy', '2021-01-01')).toEqual(
      expect.arrayContaining(['DE', 'FR', 'NO', 'GI', 'JP']),
    );
    expect(lists.contains('gb.adequacy', 'US', day('2023-10-11'))).toBe(false);
    expect(lists.find('gb.adequacy', 'US', day('2023-10-12'))?.data).toEqual({
      requires_certification: 'uk-us-data-bridge',
    });
  });

  it('ch.adequacy has the Swiss-US DPF from 2024-09-15 and flags the unconfirmed tail of Annex 1', () => {
    const lists = loadBundledLists();
    expect(lists.contains('ch.adequacy', 'US', day('2024-09-14'))).toBe(false);
    expect(lists.find('ch.adequacy', 'US', day('2024-09-15'))?.scope).toContain('Swiss-US DPF');
    expect(lists.find('ch.adequacy', 'SE', day('2026-01-01'))?.confidence).toBe('unconfirmed');
    expect(lists.find('ch.adequacy', 'DE', day('2026-01-01'))?.confidence).toBe('confirmed');
  });

  it('us.doj.countries_of_concern counts Hong Kong and Macau as China from 2025-04-08', () => {
    expect(keysAt('us.doj.countries_of_concern', '2025-04-07')).toEqual([]);
    expect(keysAt('us.doj.countries_of_concern', '2025-04-08')).toEqual([
      'CN',
      'CU',
      'HK',
      'IR',
      'KP',
      'MO',
      'RU',
      'VE',
    ]);
  });

  it('cn.ftz.negative_lists keys match the exporter.zone form of flow declarations', () => {
    const lists = loadBundledLists();
    const zones = lists.get('cn.ftz.negative_lists')?.entries ?? [];
    for (const z of zones) expect(z.key).toMatch(/^cn-[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(lists.contains('cn.ftz.negative_lists', 'cn-ftz-hainan', day('2026-11-29'))).toBe(true);
    expect(lists.find('cn.ftz.negative_lists', 'cn-ftz-beijing', day('2025-01-01'))?.data?.edition).toBe(
      '2024',
    );
    expect(lists.find('cn.ftz.negative_lists', 'cn-ftz-beijing', day('2026-06-01'))?.data?.edition).toBe(
      '2025',
    );
  });

  it('keeps the lists that have no public entries empty', () => {
    expect(keysAt('cn.restricted_recipients', '2026-11-29')).toEqual([]);
    expect(keysAt('in.dpdp.restricted_countries', '2026-11-29')).toEqual([]);
  });

  it('does not present Convention 108+ ratifications as confirmed in force', () => {
    const entries = loadBundledLists().get('coe.convention_108_plus')?.entries ?? [];
    expect(entries.length).toBeGreaterThan(20);
    expect(entries.every((e) => e.confidence === 'unconfirmed')).toBe(true);
  });
});

describe('loadBundledLists on bad data', () => {
  const copyLists = () => {
    const root = mkdtempSync(join(tmpdir(), 'customs-lists-'));
    cpSync(join(PACKAGE_ROOT, 'lists'), join(root, 'lists'), { recursive: true });
    return root;
  };

  it('fails with every problem located by file, line and column', () => {
    const root = copyLists();
    const file = join(root, 'lists', 'us.doj.countries_of_concern.yaml');
    const text = readFileSync(file, 'utf8')
      .replace('key: CU', 'key: Cuba')
      .replace(
        'from: 2025-04-08\n    until: null\n    citation: 28 CFR 202.601(a)\n',
        'from: 2025-04-08\n    until: 2025-04-01\n    citation: 28 CFR 202.601(a)\n    sope: x\n',
      );
    writeFileSync(file, text);
    let error: unknown;
    try {
      loadBundledLists(root);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataCustomsError);
    const message = (error as DataCustomsError).message;
    expect((error as DataCustomsError).code).toBe('DC_LISTS_INVALID');
    const line = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(message).toContain(
      `us.doj.countries_of_concern.yaml:${line('sope: x')}:5: entries[0].sope: unknown property`,
    );
    expect(message).toMatch(/us\.doj\.countries_of_concern\.yaml:\d+:\d+: entries\[0\]\.until: the last day/);
    expect(message).toContain(
      `:${line('key: Cuba')}:10: entries[1].key: \`Cuba\` is a name, not a code; use \`CU\``,
    );
  });

  it('reports YAML syntax errors with their position', () => {
    const root = copyLists();
    writeFileSync(join(root, 'lists', 'xx.broken.yaml'), 'name: xx.broken\ntitle: [unclosed\n');
    expect(() => loadBundledLists(root)).toThrow(/xx\.broken\.yaml:\d+:\d+: \$: /);
  });

  it('fails with DC_IO when there is no lists folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'customs-nolists-'));
    mkdirSync(join(root, 'other'));
    expect(() => loadBundledLists(root)).toThrow(expect.objectContaining({ code: 'DC_IO' }));
  });
});
