import { describe, expect, it } from 'vitest';
import type { CliIo } from '../cli/io.js';
import { type ListsOptions, readListsArguments, runLists } from '../cli/lists-command.js';
import { buildListSet, type ListSet } from './list-set.js';

// The CLI test pattern of test/helpers.ts: a fake CliIo that captures what the command prints.
function fakeIo(today = '2026-11-29') {
  const io = { out: '', err: '' };
  const cli: CliIo = {
    out: (t) => {
      io.out += t;
    },
    err: (t) => {
      io.err += t;
    },
    readStdin: async () => '',
    isTty: false,
    cwd: process.cwd(),
    today: () => today,
  };
  return { io, cli };
}

const run = (sub: 'list' | 'show', name: string | undefined, options: ListsOptions = {}, lists?: ListSet) => {
  const { io, cli } = fakeIo();
  const code = runLists(sub, name, options, cli, lists);
  return { code, ...io };
};

describe('customs lists', () => {
  it('lists every list with its jurisdiction, entries in force today and version', () => {
    const { code, out } = run('list', undefined);
    expect(code).toBe(0);
    expect(out).toMatch(/^name +jurisdiction +kind +in force +version +title$/m);
    expect(out).toMatch(/^eu\.adequacy +EU +countries +16 +\d{4}-\d{2}-\d{2} +EU adequacy decisions/m);
    expect(out).toMatch(/^us\.doj\.countries_of_concern +US +countries +8 /m);
    expect(out).toMatch(/lists · 2026-11-29 · set hash [0-9a-f]{64}\n$/);
  });

  it('prints JSON with the hash of each list and of the set', () => {
    const { out } = run('list', undefined, { json: true, at: '2020-01-01' });
    const body = JSON.parse(out) as {
      date: string;
      hash: string;
      lists: { name: string; in_force: number; hash: string }[];
    };
    expect(body.date).toBe('2020-01-01');
    expect(body.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(body.lists.find((l) => l.name === 'us.doj.countries_of_concern')?.in_force).toBe(0);
  });

  it('prints Chinese titles with --lang zh', () => {
    expect(run('list', undefined, { lang: 'zh' }).out).toContain('欧盟充分性认定');
  });
});

describe('customs lists show', () => {
  it('shows a list as it stood on a date, with the source of each entry', () => {
    const { code, out } = run('show', 'eu.adequacy', { at: '2021-07-01' });
    expect(code).toBe(0);
    expect(out).toContain('eu.adequacy — EU adequacy decisions (GDPR Art. 45)');
    expect(out).toMatch(/13 entries in force on 2021-07-01 \(17 in the file\)/);
    expect(out).toMatch(/\n {2}GB {2}United Kingdom {2}2021-06-28 → 2025-12-27 {2}\[UNCONFIRMED\]\n/);
    expect(out).toContain('citation: Commission Implementing Decision (EU) 2021/1772 (GDPR) <https://');
    expect(out).not.toMatch(/\n {2}US {2}/);
    expect(out).not.toMatch(/\n {2}KR {2}/); // the Korea decision came on 2021-12-17
  });

  it('defaults to today', () => {
    const { out } = run('show', 'eu.adequacy');
    expect(out).toContain('in force on 2026-11-29');
    expect(out).toContain('scope: organisations certified under the EU-US DPF only');
  });

  it('prints the list as JSON with --json', () => {
    const body = JSON.parse(run('show', 'gb.adequacy', { at: '2023-10-12', json: true }).out) as {
      name: string;
      at: string;
      hash: string;
      entries: { key: string; url: string }[];
    };
    expect(body).toMatchObject({ name: 'gb.adequacy', at: '2023-10-12' });
    expect(body.entries.map((e) => e.key)).toContain('US');
    expect(body.entries.every((e) => e.url.startsWith('http'))).toBe(true);
  });

  it('says when nothing was in force', () => {
    expect(run('show', 'cn.restricted_recipients').out).toContain(
      '0 entries in force on 2026-11-29 (0 in the file)\n  (none)',
    );
  });

  it('exits 1 on an unknown list, with a suggestion', () => {
    const { code, err, out } = run('show', 'eu.adequcy');
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('unknown list eu.adequcy — did you mean eu.adequacy?');
  });

  it('throws a usage error on a bad date, a missing name or an unknown language', () => {
    expect(() => run('show', 'eu.adequacy', { at: '2021-02-30' })).toThrow(
      expect.objectContaining({ code: 'DC_USAGE', message: expect.stringContaining('--at 2021-02-30') }),
    );
    expect(() => run('show', undefined)).toThrow(expect.objectContaining({ code: 'DC_USAGE' }));
    expect(() => run('list', undefined, { lang: 'fr' })).toThrow(
      expect.objectContaining({ code: 'DC_USAGE' }),
    );
  });

  it('works on any list set passed in', () => {
    const built = buildListSet([
      {
        name: 'eu.tiny',
        value: {
          name: 'eu.tiny',
          title: { en: 'Tiny', zh: '小' },
          jurisdiction: 'EU',
          kind: 'countries',
          description: { en: 'd', zh: 'd' },
          version: '2026-01-01',
          sources: [{ citation: 'c', url: 'https://example.org' }],
          entries: [],
        },
      },
    ]);
    if (!built.ok) throw new Error('fixture');
    expect(run('list', undefined, {}, built.lists).out).toMatch(/^eu\.tiny +EU +countries +0 /m);
  });
});

describe('readListsArguments', () => {
  it('reads list, show NAME, and a bare name as show', () => {
    expect(readListsArguments(undefined, undefined)).toEqual({ action: 'list', name: undefined });
    expect(readListsArguments('list', undefined)).toEqual({ action: 'list', name: undefined });
    expect(readListsArguments('show', 'eu.adequacy')).toEqual({ action: 'show', name: 'eu.adequacy' });
    expect(readListsArguments('eu.adequacy', undefined)).toEqual({ action: 'show', name: 'eu.adequacy' });
  });
  it('rejects extra or unknown arguments as usage errors', () => {
    expect(() => readListsArguments('list', 'x')).toThrow(expect.objectContaining({ code: 'DC_USAGE' }));
    expect(() => readListsArguments('frob', 'x')).toThrow(expect.objectContaining({ code: 'DC_USAGE' }));
  });
});
