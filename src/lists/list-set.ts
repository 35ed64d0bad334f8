import { isCountryCode, readCountry } from '../geo/countries.js';
import { REGION_GROUPS } from '../geo/regions.js';
import type { IsoDate } from '../geo/types.js';
import { DataCustomsError, type ErrorCode } from '../shared/errors.js';
import { compileSchema } from '../shared/json-schema.js';
import type { DocPath, Problem } from '../shared/problem.js';
import { suggestKey } from '../shared/suggest.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { isIsoDate } from './iso-date.js';
import { type DataList, LIST_KINDS, type ListEntry, type ListKind } from './list.types.js';
import { ListEntrySchema, ListFileSchema, ListSourceSchema } from './list-schema.js';

/**
 * The error code of bad list data. It is catalogued as `DC_LISTS_INVALID` in src/shared/errors.ts and
 * docs/errors.md; the widening cast only keeps this module compiling on its own.
 */
export const LISTS_INVALID: ErrorCode = 'DC_LISTS_INVALID';

/** Domain-separation prefixes of the list hashes, so that a list hash is never a set hash. */
export const LIST_HASH_PREFIX = 'data-customs:list:v1\n';
export const LIST_SET_HASH_PREFIX = 'data-customs:lists:v1\n';

/** One list document to build from, as parsed from `lists/<name>.yaml`. */
export interface ListDocument {
  /** The list name the file is saved under (its file name without `.yaml`). */
  readonly name: string;
  /** The parsed document: untrusted until built. */
  readonly value: unknown;
  /** Where it came from, copied into every problem (default `<name>.yaml`). */
  readonly file?: string;
}

/** Every list Data Customs knows, with lookups by name, key and day. */
export interface ListSet {
  /** The list names, sorted. */
  names(): readonly string[];
  /** One list, or undefined. */
  get(name: string): DataList | undefined;
  /** The entries of a list in force on a day (from <= date <= until), sorted by key; throws on an unknown list. */
  entriesAt(name: string, date: IsoDate): readonly ListEntry[];
  /** The entry for a key in force on a day, or undefined; throws on an unknown list. */
  find(name: string, key: string, date: IsoDate): ListEntry | undefined;
  /** True when the list has an entry for `key` in force on `date`; throws on an unknown list. */
  contains(name: string, key: string, date: IsoDate): boolean;
  /** SHA-256 hex of the canonical form of one list; throws on an unknown list. */
  hashOf(name: string): string;
  /** SHA-256 hex of every list name with its hash: what a verdict records to be reproducible. */
  readonly hash: string;
  /** The list name a person most likely meant, or undefined. */
  suggest(name: string): string | undefined;
}

/** The outcome of building a list set: the set, or every problem found in the documents. */
export type ListSetBuild =
  | { readonly ok: true; readonly lists: ListSet }
  | { readonly ok: false; readonly problems: readonly Problem[] };

const checkFile = compileSchema(ListFileSchema);
const KNOWN_PROPERTIES: Record<string, readonly string[]> = {
  file: Object.keys(ListFileSchema.properties),
  entry: Object.keys(ListEntrySchema.properties),
  source: Object.keys(ListSourceSchema.properties),
  localised: ['en', 'zh'],
};
const ZONE_KEY = /^[a-z]{2}-[a-z0-9]+(-[a-z0-9]+)*$/;
const ID_KEY = /^[a-z0-9]+([._-][a-z0-9]+)*$/;

/**
 * Validates list documents and builds the set; collects every problem of every document before failing.
 * Checks the schema (unknown fields rejected), that the file name is the list name and its prefix the
 * jurisdiction, that dates are calendar days with from <= until, that keys are ISO 3166-1 codes for
 * `countries` lists, and that no key has two entries in force on the same day.
 *
 * @example
 * const built = buildListSet([{ name: 'eu.adequacy', value: parseYaml(text) }]);
 * if (built.ok) built.lists.contains('eu.adequacy', 'JP', '2026-11-29' as IsoDate); // true
 */
export function buildListSet(docs: readonly ListDocument[]): ListSetBuild {
  const problems: Problem[] = [];
  const lists = new Map<string, DataList>();
  const fileOf = new Map<string, string>();
  for (const doc of docs) {
    const file = doc.file ?? `${doc.name}.yaml`;
    const add = (path: DocPath, message: string, suggestion?: string): void => {
      problems.push({
        code: LISTS_INVALID,
        severity: 'error',
        file,
        path,
        message,
        ...(suggestion !== undefined ? { suggestion } : {}),
      });
    };
    const list = checkDocument(doc, add);
    if (list === undefined) continue;
    const first = fileOf.get(list.name);
    if (first !== undefined) {
      add(['name'], `list \`${list.name}\` is also defined in ${first}`);
      continue;
    }
    fileOf.set(list.name, file);
    lists.set(list.name, list);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, lists: createListSet([...lists.values()]) };
}

function checkDocument(
  doc: ListDocument,
  add: (path: DocPath, message: string, suggestion?: string) => void,
): DataList | undefined {
  const violations = checkFile(doc.value);
  for (const v of violations) {
    if (v.keyword === 'additionalProperties' && v.property !== undefined) {
      const guess = suggestKey(v.property, KNOWN_PROPERTIES[shapeAt(v.path.slice(0, -1))] ?? []);
      add(v.path, `unknown property \`${v.property}\`${guess ? ` — did you mean ${guess}?` : ''}`, guess);
    } else if (v.keyword === 'format') {
      add(v.path, 'must be a calendar date YYYY-MM-DD');
    } else if (v.keyword === 'pattern' && v.path.at(-1) === 'name' && v.path.length === 1) {
      add(v.path, 'must be a dotted lower-case name prefixed by its jurisdiction, e.g. `eu.adequacy`');
    } else if (v.keyword === 'pattern' && v.path.at(-1) === 'url') {
      add(v.path, 'must be an http or https URL');
    } else {
      add(v.path, v.message);
    }
  }
  // The meaning checks below run even when the shape is wrong, on whatever parts are readable, so that
  // one run reports every problem; each looks only at values of the type it needs.
  const raw = isRecord(doc.value) ? doc.value : {};
  let ok = violations.length === 0;
  const fail = (path: DocPath, message: string, suggestion?: string): void => {
    ok = false;
    add(path, message, suggestion);
  };
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const date = (v: unknown): string | undefined => (typeof v === 'string' && isIsoDate(v) ? v : undefined);

  const name = text(raw.name);
  if (name !== undefined && name !== doc.name) {
    fail(['name'], `list \`${name}\` must be saved as ${name}.yaml (file name is the list name)`);
  }
  const jurisdiction = text(raw.jurisdiction);
  if (name !== undefined && jurisdiction !== undefined && name.includes('.')) {
    const prefix = name.slice(0, name.indexOf('.'));
    if (prefix !== jurisdiction.toLowerCase()) {
      fail(
        ['name'],
        `the prefix \`${prefix}\` of the name must be the jurisdiction \`${jurisdiction}\` in lower case`,
      );
    }
  }
  if (jurisdiction?.length === 2 && !isCountryCode(jurisdiction) && !REGION_GROUPS.has(jurisdiction)) {
    const read = readCountry(jurisdiction);
    const guess = read.ok ? undefined : read.suggestion;
    fail(
      ['jurisdiction'],
      `\`${jurisdiction}\` is neither an ISO 3166-1 alpha-2 code nor a region${guess ? `; use \`${guess}\`` : ''}`,
      guess,
    );
  }

  const kind = (LIST_KINDS as readonly unknown[]).includes(raw.kind) ? (raw.kind as ListKind) : undefined;
  const entries = (Array.isArray(raw.entries) ? raw.entries : []).map((e) => (isRecord(e) ? e : {}));
  const spans: { i: number; key: string; from: string; until: string | null }[] = [];
  entries.forEach((entry, i) => {
    const key = text(entry.key);
    const from = date(entry.from);
    const until = entry.until === null ? null : date(entry.until);
    const keyProblem = key !== undefined && kind !== undefined ? checkKey(kind, key) : undefined;
    if (keyProblem !== undefined) fail(['entries', i, 'key'], keyProblem.message, keyProblem.suggestion);
    if (from !== undefined && typeof until === 'string' && until < from) {
      fail(['entries', i, 'until'], `the last day ${until} is before the first day ${from}`);
    }
    if (entry.confidence === 'unconfirmed' && entry.note === undefined) {
      fail(['entries', i, 'note'], 'an unconfirmed entry needs a note saying what is unconfirmed');
    }
    if (key !== undefined && from !== undefined && until !== undefined) spans.push({ i, key, from, until });
  });

  // INVARIANT: at most one entry per key is in force on any day, so `find` is unambiguous. A change of
  // scope or source is recorded by ending one entry and starting the next.
  const byKey = new Map<string, typeof spans>();
  for (const s of spans) byKey.set(s.key, [...(byKey.get(s.key) ?? []), s]);
  for (const group of byKey.values()) {
    group.sort((a, b) => compareText(a.from, b.from) || a.i - b.i);
    for (let j = 1; j < group.length; j++) {
      const prev = group[j - 1];
      const cur = group[j];
      if (prev === undefined || cur === undefined) continue;
      if (prev.until === null || cur.from <= prev.until) {
        fail(
          ['entries', cur.i, 'from'],
          `entry for \`${cur.key}\` from ${cur.from} overlaps entries[${prev.i}] (${prev.from} to ${prev.until ?? 'open'}); end that entry first`,
        );
      }
    }
  }
  const list = doc.value as DataList;
  return ok ? list : undefined;
}

function checkKey(kind: ListKind, key: string): { message: string; suggestion?: string } | undefined {
  switch (kind) {
    case 'countries': {
      if (isCountryCode(key)) return undefined;
      if (REGION_GROUPS.has(key.toUpperCase()))
        return { message: `\`${key}\` is a region, not a country; list its members one by one` };
      const read = readCountry(key);
      if (read.ok)
        return { message: `\`${key}\` must be upper case: \`${read.code}\``, suggestion: read.code };
      return read.suggestion !== undefined
        ? { message: `\`${key}\` ${read.reason}; use \`${read.suggestion}\``, suggestion: read.suggestion }
        : { message: `\`${key}\` ${read.reason}` };
    }
    case 'zones': {
      if (!ZONE_KEY.test(key))
        return {
          message: `\`${key}\` is not a zone id: a country code, a dash, then lower-case words (\`cn-ftz-hainan\`)`,
        };
      const country = key.slice(0, 2).toUpperCase();
      return isCountryCode(country)
        ? undefined
        : { message: `zone \`${key}\` does not start with an ISO 3166-1 code` };
    }
    default:
      return ID_KEY.test(key)
        ? undefined
        : {
            message: `\`${key}\` is not an id: lower-case letters and digits joined by dots, dashes or underscores`,
          };
  }
}

/** Which object shape a path points at, for suggesting property names. */
function shapeAt(path: DocPath): string {
  if (path.length === 0) return 'file';
  if (path[0] === 'entries' && path.length === 2) return 'entry';
  if (path[0] === 'sources' && path.length === 2) return 'source';
  if ((path[0] === 'title' || path[0] === 'description') && path.length === 1) return 'localised';
  return '';
}

/** The canonical form of a list that its hash covers: entries sorted by key then first day. */
function canonicalList(list: DataList): string {
  const entries = [...list.entries]
    .sort((a, b) => compareText(a.key, b.key) || compareText(a.from, b.from))
    .map((e) => ({ ...e, until: e.until }));
  return canonicalJson({ ...list, entries });
}

function createListSet(input: readonly DataList[]): ListSet {
  const byName = new Map(
    [...input]
      .sort((a, b) => compareText(a.name, b.name))
      .map((l) => [l.name, deepFreeze(structuredClone(l))] as const),
  );
  const hashes = new Map(
    [...byName.values()].map((l) => [l.name, sha256Hex(LIST_HASH_PREFIX + canonicalList(l))]),
  );
  const setHash = sha256Hex(LIST_SET_HASH_PREFIX + canonicalJson(Object.fromEntries(hashes)));
  const names = [...byName.keys()];
  const need = (name: string): DataList => {
    const list = byName.get(name);
    if (list === undefined) {
      const guess = suggestKey(name, names);
      throw new DataCustomsError(
        'DC_USAGE',
        `unknown list \`${name}\`${guess ? ` — did you mean ${guess}?` : ''}`,
      );
    }
    return list;
  };
  const checkDate = (date: string): void => {
    if (!isIsoDate(date))
      throw new DataCustomsError('DC_USAGE', `\`${date}\` is not a calendar date YYYY-MM-DD`);
  };
  const inForce = (e: ListEntry, date: string): boolean =>
    e.from <= date && (e.until === null || date <= e.until);
  const find = (name: string, key: string, date: IsoDate): ListEntry | undefined => {
    const list = need(name);
    checkDate(date);
    return list.entries.find((e) => e.key === key && inForce(e, date));
  };
  return {
    names: () => names,
    get: (name) => byName.get(name),
    entriesAt(name, date) {
      const list = need(name);
      checkDate(date);
      return list.entries.filter((e) => inForce(e, date)).sort((a, b) => compareText(a.key, b.key));
    },
    find,
    contains: (name, key, date) => find(name, key, date) !== undefined,
    hashOf: (name) => hashes.get(need(name).name) ?? '',
    hash: setHash,
    suggest: (name) => suggestKey(name, names),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Orders texts by UTF-16 code units, the same on every machine (unlike `localeCompare`). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
