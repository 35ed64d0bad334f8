import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../geo/types.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { isIsoDate } from './iso-date.js';
import { buildListSet, type ListDocument, type ListSet } from './list-set.js';

const day = (s: string) => s as IsoDate;

interface RawEntry {
  key: string;
  name: string;
  from: string;
  until: string | null;
  citation: string;
  url: string;
  confidence: 'confirmed' | 'unconfirmed';
  [extra: string]: unknown;
}

const entry = (
  key: string,
  from: string,
  until: string | null,
  extra: Record<string, unknown> = {},
): RawEntry => ({
  key,
  name: `name of ${key}`,
  from,
  until,
  citation: `citation for ${key}`,
  url: 'https://example.org/source',
  confidence: 'confirmed',
  ...extra,
});

const listDoc = (
  overrides: Record<string, unknown> = {},
  entries: unknown[] = [],
): Record<string, unknown> => ({
  name: 'xx.test',
  title: { en: 'Test list', zh: '测试清单' },
  jurisdiction: 'XX',
  kind: 'countries',
  description: { en: 'A list for tests.', zh: '测试用清单。' },
  version: '2026-11-29',
  sources: [{ citation: 'a source', url: 'https://example.org/' }],
  entries,
  ...overrides,
});

// `XX` is not an ISO code, so tests use a real one as jurisdiction unless they test that check.
const doc = (overrides: Record<string, unknown> = {}, entries: unknown[] = []): ListDocument => {
  const value = listDoc({ name: 'eu.test', jurisdiction: 'EU', ...overrides }, entries);
  return { name: String(value.name), value };
};

const build = (...docs: ListDocument[]): ListSet => {
  const built = buildListSet(docs);
  if (!built.ok) throw new Error(built.problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('\n'));
  return built.lists;
};

const problemsOf = (...docs: ListDocument[]) => {
  const built = buildListSet(docs);
  expect(built.ok).toBe(false);
  return built.ok ? [] : built.problems;
};

describe('buildListSet', () => {
  describe('when the documents are valid', () => {
    it('builds a set with sorted names and lookups', () => {
      const lists = build(
        doc({ name: 'eu.b' }, [entry('JP', '2019-01-23', null)]),
        doc({ name: 'eu.a' }, [entry('CH', '2000-07-26', null)]),
      );
      expect(lists.names()).toEqual(['eu.a', 'eu.b']);
      expect(lists.get('eu.b')?.entries[0]?.key).toBe('JP');
      expect(lists.get('eu.c')).toBeUndefined();
    });

    it('accepts an empty list', () => {
      expect(build(doc({}, [])).entriesAt('eu.test', day('2026-01-01'))).toEqual([]);
    });

    it('accepts zone and organisation keys for those kinds', () => {
      const lists = build(
        doc({ name: 'cn.zones', jurisdiction: 'CN', kind: 'zones' }, [
          entry('cn-ftz-hainan', '2025-02-20', null),
        ]),
        doc({ name: 'eu.orgs', kind: 'organisations' }, [entry('eporg', '2025-07-15', null)]),
      );
      expect(lists.contains('cn.zones', 'cn-ftz-hainan', day('2026-01-01'))).toBe(true);
      expect(lists.contains('eu.orgs', 'eporg', day('2025-07-14'))).toBe(false);
    });

    it('accepts a replacement that starts the day after the previous entry ends', () => {
      const lists = build(
        doc({}, [
          entry('GB', '2021-06-28', '2025-12-27'),
          entry('GB', '2025-12-28', '2031-12-27', { scope: 'renewed' }),
        ]),
      );
      expect(lists.find('eu.test', 'GB', day('2025-12-27'))?.from).toBe('2021-06-28');
      expect(lists.find('eu.test', 'GB', day('2025-12-28'))?.scope).toBe('renewed');
      expect(lists.contains('eu.test', 'GB', day('2031-12-28'))).toBe(false);
    });
  });

  describe('when a document is not valid', () => {
    it('rejects unknown fields with a suggestion', () => {
      const problems = problemsOf(
        doc({ descripton: { en: 'x', zh: 'x' } }, [{ ...entry('JP', '2019-01-23', null), scpoe: 'x' }]),
      );
      expect(problems).toContainEqual(
        expect.objectContaining({
          path: ['descripton'],
          message: expect.stringContaining('did you mean description?'),
        }),
      );
      expect(problems).toContainEqual(
        expect.objectContaining({ path: ['entries', 0, 'scpoe'], suggestion: 'scope' }),
      );
    });

    it('rejects missing fields, bad dates and bad urls', () => {
      const { citation: _c, ...noCitation } = entry('JP', '2019-01-23', null);
      const problems = problemsOf(
        doc({}, [
          noCitation,
          entry('KR', '2021-02-30', null),
          entry('CH', '2000-07-26', null, { url: 'ftp://x' }),
        ]),
      );
      expect(problems.map((p) => [p.path.join('.'), p.message])).toEqual(
        expect.arrayContaining([
          ['entries.0', 'missing required property `citation`'],
          ['entries.1.from', 'must be a calendar date YYYY-MM-DD'],
          ['entries.2.url', 'must be an http or https URL'],
        ]),
      );
      expect(problems.every((p) => String(p.code) === 'DC_LISTS_INVALID' && p.file === 'eu.test.yaml')).toBe(
        true,
      );
    });

    it('rejects an entry that ends before it starts', () => {
      const problems = problemsOf(doc({}, [entry('JP', '2019-01-23', '2019-01-22')]));
      expect(problems).toEqual([
        expect.objectContaining({
          path: ['entries', 0, 'until'],
          message: 'the last day 2019-01-22 is before the first day 2019-01-23',
        }),
      ]);
    });

    it('rejects keys that are not ISO 3166-1 codes in a countries list, suggesting the code', () => {
      const problems = problemsOf(
        doc({}, [
          entry('UK', '2021-01-01', null),
          entry('jp', '2019-01-23', null),
          entry('EU', '2020-01-01', null),
        ]),
      );
      expect(problems.map((p) => [p.path.join('.'), p.suggestion])).toEqual([
        ['entries.0.key', 'GB'],
        ['entries.1.key', 'JP'],
        ['entries.2.key', undefined],
      ]);
      expect(problems[2]?.message).toContain('is a region');
    });

    it('rejects zone keys that are not zone ids', () => {
      const problems = problemsOf(
        doc({ name: 'cn.zones', jurisdiction: 'CN', kind: 'zones' }, [
          entry('Hainan FTZ', '2025-02-20', null),
          entry('zz-ftz-x', '2025-02-20', null),
        ]),
      );
      expect(problems.map((p) => p.path.join('.'))).toEqual(['entries.0.key', 'entries.1.key']);
    });

    it('flags two entries for one key in force on the same day', () => {
      const problems = problemsOf(
        doc({}, [
          entry('US', '2023-07-10', null),
          entry('CH', '2000-07-26', null),
          entry('US', '2024-01-01', '2024-12-31'),
        ]),
      );
      expect(problems).toEqual([
        expect.objectContaining({
          path: ['entries', 2, 'from'],
          message: expect.stringContaining('overlaps entries[0]'),
        }),
      ]);
    });

    it('requires a note on an unconfirmed entry', () => {
      const problems = problemsOf(doc({}, [entry('JP', '2019-01-23', null, { confidence: 'unconfirmed' })]));
      expect(problems[0]?.path).toEqual(['entries', 0, 'note']);
    });

    it('requires the file name to be the list name and the prefix to be the jurisdiction', () => {
      const value = listDoc({ name: 'gb.adequacy', jurisdiction: 'EU' });
      const problems = problemsOf({ name: 'gb.adequacy2', value });
      expect(problems.map((p) => p.message)).toEqual([
        'list `gb.adequacy` must be saved as gb.adequacy.yaml (file name is the list name)',
        'the prefix `gb` of the name must be the jurisdiction `EU` in lower case',
      ]);
    });

    it('rejects a jurisdiction that is not an ISO code, a region or a body', () => {
      const problems = problemsOf({ name: 'xx.test', value: listDoc() });
      expect(problems[0]).toMatchObject({ path: ['jurisdiction'] });
    });

    it('rejects a list defined twice', () => {
      const a = doc();
      const problems = problemsOf(a, { ...a, file: 'copy/eu.test.yaml' });
      expect(problems).toEqual([
        expect.objectContaining({
          file: 'copy/eu.test.yaml',
          message: 'list `eu.test` is also defined in eu.test.yaml',
        }),
      ]);
    });

    it('collects the problems of every document before failing', () => {
      const problems = problemsOf(
        doc({ name: 'eu.a' }, [entry('UK', '2021-01-01', null)]),
        doc({ name: 'eu.b' }, [entry('JP', 'soon', null)]),
        { name: 'eu.c', value: 'not a list' },
      );
      expect(new Set(problems.map((p) => p.file))).toEqual(new Set(['eu.a.yaml', 'eu.b.yaml', 'eu.c.yaml']));
    });
  });
});

describe('ListSet lookups', () => {
  const lists = build(
    doc({}, [
      entry('US', '2023-07-10', null, { scope: 'organisations certified under the EU-US DPF only' }),
      entry('GB', '2021-06-28', '2025-12-27'),
      entry('CH', '2000-07-26', null),
    ]),
  );

  it('returns the entries in force on a day, sorted by key, with inclusive ends', () => {
    expect(lists.entriesAt('eu.test', day('2025-12-27')).map((e) => e.key)).toEqual(['CH', 'GB', 'US']);
    expect(lists.entriesAt('eu.test', day('2025-12-28')).map((e) => e.key)).toEqual(['CH', 'US']);
    expect(lists.entriesAt('eu.test', day('2023-07-09')).map((e) => e.key)).toEqual(['CH', 'GB']);
    expect(lists.entriesAt('eu.test', day('1999-01-01'))).toEqual([]);
  });

  it('throws a usage error for an unknown list, with a suggestion, and for a bad date', () => {
    expect(() => lists.entriesAt('eu.tset', day('2026-01-01'))).toThrow(
      /unknown list `eu.tset` — did you mean eu.test\?/,
    );
    expect(() => lists.contains('eu.test', 'US', day('2026-13-01'))).toThrow(/not a calendar date/);
  });

  it('hands out frozen data that callers cannot change', () => {
    const list = lists.get('eu.test');
    expect(Object.isFrozen(list)).toBe(true);
    expect(Object.isFrozen(list?.entries[0])).toBe(true);
  });
});

describe('list hashes', () => {
  const entries = [
    entry('JP', '2019-01-23', null),
    entry('CH', '2000-07-26', null, { data: { b: 1, a: [true, null] } }),
  ];

  it('are SHA-256 hex and the same for the same content in any order', () => {
    const one = build(doc({}, entries), doc({ name: 'eu.other' }, []));
    const two = build(doc({ name: 'eu.other' }, []), doc({}, [...entries].reverse()));
    expect(one.hashOf('eu.test')).toMatch(/^[0-9a-f]{64}$/);
    expect(two.hashOf('eu.test')).toBe(one.hashOf('eu.test'));
    expect(two.hash).toBe(one.hash);
    expect(one.hash).not.toBe(one.hashOf('eu.test'));
  });

  it('change when any entry field changes, and the set hash with them', () => {
    const base = build(doc({}, entries), doc({ name: 'eu.other' }, []));
    const changed = build(
      doc({}, [entries[0], { ...entries[1], until: '2030-01-01' }]),
      doc({ name: 'eu.other' }, []),
    );
    expect(changed.hashOf('eu.test')).not.toBe(base.hashOf('eu.test'));
    expect(changed.hashOf('eu.other')).toBe(base.hashOf('eu.other'));
    expect(changed.hash).not.toBe(base.hash);
  });

  it('are pinned for a known list, so that a change of canonical form is seen', () => {
    const lists = build(doc({}, [entry('JP', '2019-01-23', null)]));
    const expected = sha256Hex(
      `data-customs:list:v1\n${canonicalJson({ ...listDoc({ name: 'eu.test', jurisdiction: 'EU' }, [entry('JP', '2019-01-23', null)]) })}`,
    );
    expect(lists.hashOf('eu.test')).toBe(expected);
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'); // FIPS 180-2 B.1
  });
});

describe('canonicalJson', () => {
  it('sorts keys, drops undefined and writes no whitespace', () => {
    expect(canonicalJson({ b: [1, 'x', null], a: { d: true, c: undefined } })).toBe(
      '{"a":{"d":true},"b":[1,"x",null]}',
    );
  });
  it('is stable under key order for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const reordered = JSON.parse(
          JSON.stringify(v, (_k, x) =>
            x && typeof x === 'object' && !Array.isArray(x)
              ? Object.fromEntries(Object.entries(x).reverse())
              : x,
          ),
        );
        expect(canonicalJson(reordered)).toBe(canonicalJson(v));
        expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });
});

describe('isIsoDate', () => {
  it('accepts real calendar days only', () => {
    expect(['2024-02-29', '2000-02-29', '1999-12-31'].every(isIsoDate)).toBe(true);
    expect(
      ['2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-1-01', '20240101', ''].some(isIsoDate),
    ).toBe(false);
  });
});

// Property: for random dated entries, entriesAt(date) is exactly a naive filter over the entries, and the
// builder accepts the entries exactly when no key has two entries in force on one day.
describe('entriesAt against a naive model', () => {
  const EPOCH = Date.UTC(2000, 0, 1);
  const toDay = (n: number) => new Date(EPOCH + n * 86_400_000).toISOString().slice(0, 10);
  const arbEntry = fc
    .record({
      key: fc.constantFrom('CN', 'JP', 'US', 'GB', 'CH'),
      from: fc.integer({ min: 0, max: 4000 }),
      length: fc.option(fc.integer({ min: 0, max: 1500 }), { nil: null }),
    })
    .map(({ key, from, length }) => entry(key, toDay(from), length === null ? null : toDay(from + length)));
  const inForce = (e: RawEntry, d: string) => e.from <= d && (e.until === null || d <= e.until);
  const overlaps = (es: RawEntry[]) =>
    es.some((a, i) =>
      es.some(
        (b, j) => i < j && a.key === b.key && a.from <= (b.until ?? '9999') && b.from <= (a.until ?? '9999'),
      ),
    );

  it('matches the model on every probed day', () => {
    fc.assert(
      fc.property(
        fc.array(arbEntry, { maxLength: 12 }),
        fc.array(fc.integer({ min: -10, max: 6000 }), { minLength: 1, maxLength: 20 }),
        (es, probes) => {
          const built = buildListSet([doc({}, es)]);
          expect(built.ok).toBe(!overlaps(es));
          if (!built.ok) return;
          for (const n of probes) {
            const d = toDay(n);
            const model = es
              .filter((e) => inForce(e, d))
              .map((e) => `${e.key}@${e.from}`)
              .sort();
            const actual = built.lists.entriesAt('eu.test', day(d)).map((e) => `${e.key}@${e.from}`);
            expect(actual).toEqual(model);
            for (const key of ['CN', 'JP', 'US', 'GB', 'CH'])
              expect(built.lists.contains('eu.test', key, day(d))).toBe(
                es.some((e) => e.key === key && inForce(e, d)),
              );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
