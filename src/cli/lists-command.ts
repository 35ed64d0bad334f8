import { loadBundledLists } from '../bundled/bundled-lists.js';
import type { IsoDate } from '../geo/types.js';
import { type DataList, isIsoDate, type ListEntry, type ListSet } from '../lists/index.js';
import { DataCustomsError } from '../shared/errors.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

/** Options of `customs lists`. */
export interface ListsOptions {
  /** The day to show a list as it stood, YYYY-MM-DD (default: today). */
  readonly at?: string;
  readonly json?: boolean;
  readonly lang?: string;
}

/** What `customs lists` was asked to do. */
export type ListsAction = 'list' | 'show';

type Lang = 'en' | 'zh';

const LABELS = {
  en: {
    name: 'name',
    jurisdiction: 'jurisdiction',
    kind: 'kind',
    inForce: 'in force',
    version: 'version',
    title: 'title',
    lists: 'lists',
    setHash: 'set hash',
    hash: 'hash',
    sources: 'sources',
    asOf: (n: number, total: number, date: string) =>
      `${n} ${n === 1 ? 'entry' : 'entries'} in force on ${date} (${total} in the file)`,
    open: 'open',
    scope: 'scope',
    citation: 'citation',
    unconfirmed: 'UNCONFIRMED',
    note: 'note',
    data: 'data',
    none: '(none)',
  },
  zh: {
    name: '名称',
    jurisdiction: '法域',
    kind: '类型',
    inForce: '现行',
    version: '核对日期',
    title: '标题',
    lists: '个清单',
    setHash: '清单集哈希',
    hash: '哈希',
    sources: '来源',
    asOf: (n: number, total: number, date: string) => `${date} 有效条目 ${n} 条（文件共 ${total} 条）`,
    open: '无终止日',
    scope: '范围',
    citation: '依据',
    unconfirmed: '未确认',
    note: '备注',
    data: '数据',
    none: '（无）',
  },
} as const;

/**
 * Reads the positional arguments of `customs lists [ACTION] [NAME]`: `list` (default), `show NAME`, or a
 * bare list name as a shortcut for `show NAME`.
 *
 * @example
 * readListsArguments('eu.adequacy', undefined); // { action: 'show', name: 'eu.adequacy' }
 */
export function readListsArguments(
  first: string | undefined,
  second: string | undefined,
): { action: ListsAction; name: string | undefined } {
  if (first === undefined || first === 'list') {
    if (second !== undefined)
      throw new DataCustomsError(
        'DC_USAGE',
        `lists: unexpected argument ${second}; use \`customs lists show NAME\``,
      );
    return { action: 'list', name: undefined };
  }
  if (first === 'show') return { action: 'show', name: second };
  if (second !== undefined)
    throw new DataCustomsError('DC_USAGE', `lists: unknown action ${first}; use \`list\` or \`show NAME\``);
  return { action: 'show', name: first };
}

/**
 * `customs lists`: prints every list (name, jurisdiction, entries in force today, version), or with
 * `show NAME [--at DATE]` one list as it stood on a day with the source of each entry. Exit 0, or 1 for
 * an unknown list; a bad date or language is a usage error (DC_USAGE).
 *
 * @example
 * runLists('show', 'eu.adequacy', { at: '2021-07-01' }, io);
 */
export function runLists(
  sub: ListsAction,
  name: string | undefined,
  options: ListsOptions,
  io: CliIo,
  lists: ListSet = loadBundledLists(),
): number {
  const lang = options.lang ?? 'en';
  if (lang !== 'en' && lang !== 'zh') {
    throw new DataCustomsError('DC_USAGE', `--lang ${lang}: unknown language; use en or zh`);
  }
  const at = options.at ?? io.today();
  if (!isIsoDate(at)) {
    throw new DataCustomsError('DC_USAGE', `--at ${at}: not a calendar date; use YYYY-MM-DD`);
  }
  if (sub === 'list') {
    // `--at` applies to the overview too: the counts are of the entries in force that day.
    printOverview(lists, at, lang, options.json === true, io);
    return EXIT.ok;
  }
  if (name === undefined) {
    throw new DataCustomsError('DC_USAGE', 'lists show: which list? e.g. `customs lists show eu.adequacy`');
  }
  const list = lists.get(name);
  if (list === undefined) {
    const guess = lists.suggest(name);
    io.err(
      `customs lists: unknown list ${name}${guess ? ` — did you mean ${guess}?` : ''} (\`customs lists\` lists them)\n`,
    );
    return EXIT.invalid;
  }
  const entries = lists.entriesAt(name, at);
  if (options.json === true) {
    io.out(`${JSON.stringify(listAt(list, lists.hashOf(name), at, entries), null, 2)}\n`);
    return EXIT.ok;
  }
  io.out(describeList(list, lists.hashOf(name), at, entries, lang));
  return EXIT.ok;
}

/** The JSON form of a list as it stood on a day (the same shape as `GET /v1/lists/:name`). */
export function listAt(list: DataList, hash: string, at: IsoDate, entries: readonly ListEntry[]) {
  return {
    name: list.name,
    title: list.title,
    jurisdiction: list.jurisdiction,
    kind: list.kind,
    description: list.description,
    version: list.version,
    hash,
    sources: list.sources,
    at,
    entries,
  };
}

function printOverview(lists: ListSet, at: IsoDate, lang: Lang, json: boolean, io: CliIo): void {
  const rows = lists.names().map((n) => {
    const list = lists.get(n) as DataList;
    return {
      name: list.name,
      title: list.title,
      jurisdiction: list.jurisdiction,
      kind: list.kind,
      version: list.version,
      hash: lists.hashOf(n),
      in_force: lists.entriesAt(n, at).length,
    };
  });
  if (json) {
    io.out(`${JSON.stringify({ date: at, hash: lists.hash, lists: rows }, null, 2)}\n`);
    return;
  }
  const l = LABELS[lang];
  const nameWidth = Math.max(l.name.length, ...rows.map((r) => r.name.length));
  const head = `${l.name.padEnd(nameWidth)}  ${l.jurisdiction.padEnd(12)}  ${l.kind.padEnd(13)}  ${l.inForce.padStart(8)}  ${l.version.padEnd(10)}  ${l.title}`;
  io.out(`${head}\n`);
  for (const r of rows) {
    io.out(
      `${r.name.padEnd(nameWidth)}  ${r.jurisdiction.padEnd(12)}  ${r.kind.padEnd(13)}  ${String(r.in_force).padStart(8)}  ${r.version.padEnd(10)}  ${r.title[lang]}\n`,
    );
  }
  io.out(`\n${rows.length} ${l.lists} · ${at} · ${l.setHash} ${lists.hash}\n`);
}

function describeList(
  list: DataList,
  hash: string,
  at: IsoDate,
  entries: readonly ListEntry[],
  lang: Lang,
): string {
  const l = LABELS[lang];
  const lines: string[] = [
    `${list.name} — ${list.title[lang]}`,
    `${l.jurisdiction} ${list.jurisdiction} · ${l.kind} ${list.kind} · ${l.version} ${list.version} · ${l.hash} ${hash}`,
    '',
    list.description[lang],
    '',
    `${l.sources}:`,
    ...list.sources.map((s) => `  ${s.citation} <${s.url}>`),
    '',
    l.asOf(entries.length, list.entries.length, at),
  ];
  if (entries.length === 0) lines.push(`  ${l.none}`);
  const keyWidth = Math.max(0, ...entries.map((e) => e.key.length));
  for (const e of entries) {
    const flag = e.confidence === 'unconfirmed' ? `  [${l.unconfirmed}]` : '';
    lines.push('');
    lines.push(`  ${e.key.padEnd(keyWidth)}  ${e.name}  ${e.from} → ${e.until ?? l.open}${flag}`);
    const pad = ' '.repeat(keyWidth + 4);
    if (e.scope !== undefined) lines.push(`${pad}${l.scope}: ${e.scope}`);
    lines.push(`${pad}${l.citation}: ${e.citation} <${e.url}>`);
    if (e.note !== undefined) lines.push(`${pad}${l.note}: ${e.note}`);
    if (e.data !== undefined && Object.keys(e.data).length > 0)
      lines.push(`${pad}${l.data}: ${JSON.stringify(e.data)}`);
  }
  return `${lines.join('\n')}\n`;
}
