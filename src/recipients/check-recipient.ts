import { type MechanismId, STARTER_MECHANISM_IDS, STARTER_MECHANISM_PREFIXES } from '../flow/index.js';
import { readCountry } from '../geo/index.js';
import type { CountryCode, IsoDate } from '../geo/types.js';
import { compileSchema } from '../shared/json-schema.js';
import {
  type DocumentFormat,
  type LocatedDocument,
  parseLocatedDocument,
} from '../shared/located-document.js';
import type { DocPath, Problem } from '../shared/problem.js';
import { suggestKey } from '../shared/suggest.js';
import type { RecipientEntry } from './recipient.types.js';
import { RecipientEntrySchema } from './recipient-schema.js';

/** What checking a registry entry needs. */
export interface CheckRecipientOptions {
  /** The file name to put in problems. */
  readonly file?: string;
  /** Known mechanism ids (default: the starter catalogue of DESIGN.md); a contract must name one. */
  readonly mechanisms?: ReadonlySet<string>;
}

/** The outcome of checking one entry: the entry and its warnings, or every problem found. */
export type RecipientCheck =
  | { readonly ok: true; readonly entry: RecipientEntry; readonly problems: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** The outcome of checking a list of entries. */
export type RecipientListCheck =
  | { readonly ok: true; readonly entries: readonly RecipientEntry[]; readonly problems: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/**
 * Contract mechanisms that must be filed with the provincial CAC within 10 working days of taking effect
 * (CAC Order 13 Art. 7; the GBA standard contract likewise, with the Guangdong CAC).
 */
export const FILED_MECHANISMS: ReadonlySet<string> = new Set([
  'cn.standard_contract',
  'cn.gba_standard_contract',
]);

const checkSchema = compileSchema(RecipientEntrySchema);

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Checks one registry entry (a request body, say), each problem located by field path and, when `doc`
 * is given, line and column; `base` is the entry's path in its document (`[3]` in a list).
 *
 * @example
 * const checked = checkRecipient(JSON.parse(body), { file: 'body' });
 * if (checked.ok) store(checked.entry);
 */
export function checkRecipient(
  value: unknown,
  options: CheckRecipientOptions = {},
  doc?: LocatedDocument,
  base: DocPath = [],
): RecipientCheck {
  const problems: Problem[] = [];
  const add = (
    rel: DocPath,
    message: string,
    extra: { suggestion?: string; atKey?: boolean; warning?: boolean } = {},
  ) => {
    const path = [...base, ...rel];
    const pos = extra.atKey ? doc?.locateKey(path) : doc?.locate(path);
    problems.push({
      code: 'DC_RECIPIENT_INVALID',
      severity: extra.warning ? 'warning' : 'error',
      ...(options.file !== undefined ? { file: options.file } : {}),
      ...(pos ? { line: pos.line, column: pos.column } : {}),
      path,
      message,
      ...(extra.suggestion !== undefined ? { suggestion: extra.suggestion } : {}),
    });
  };
  if (!isObject(value)) {
    add([], 'a recipient must be a mapping (an object) with id, name and country');
    return { ok: false, problems };
  }

  // 1. Shape.
  for (const v of checkSchema(value)) {
    if (v.keyword === 'additionalProperties' && v.property !== undefined) {
      const allowed = propertiesAt(v.path.slice(0, -1));
      const guess = suggestKey(v.property, allowed);
      add(v.path, `unknown property \`${v.property}\`${guess ? ` — did you mean ${guess}?` : ''}`, {
        atKey: true,
        ...(guess ? { suggestion: guess } : {}),
      });
    } else if (v.keyword === 'enum' && v.allowed !== undefined) {
      const actual = getAt(value, v.path);
      const guess = typeof actual === 'string' ? suggestKey(actual, v.allowed.map(String)) : undefined;
      add(
        v.path,
        `${v.message}${guess ? ` — did you mean ${guess}?` : ''}`,
        guess ? { suggestion: guess } : {},
      );
    } else if (v.keyword === 'format') {
      add(v.path, 'must be a calendar date YYYY-MM-DD');
    } else {
      add(v.path, v.message);
    }
  }

  // 2. Meaning: countries, mechanism ids, dates in order.
  const country = (path: DocPath): CountryCode | undefined => {
    const input = getAt(value, path);
    if (typeof input !== 'string') return undefined;
    const read = readCountry(input);
    if (read.ok) return read.code;
    add(
      path,
      read.suggestion !== undefined
        ? `country '${input}' ${read.reason}; use ${read.suggestion}`
        : `country '${input}' ${read.reason}`,
      read.suggestion !== undefined ? { suggestion: read.suggestion } : {},
    );
    return undefined;
  };
  country(['country']);
  country(['headquarters']);
  country(['owned_by']);

  const day = (v: unknown): string | undefined =>
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
  const certs = Array.isArray(value.certifications) ? value.certifications : [];
  certs.forEach((c, i) => {
    if (!isObject(c)) return;
    const from = day(c.from);
    const until = day(c.until);
    if (from && until && until <= from)
      add(
        ['certifications', i, 'until'],
        `must be after from (${from}): until is the first day it no longer holds`,
      );
  });
  const mechanisms = options.mechanisms ?? STARTER_MECHANISM_IDS;
  const contracts = Array.isArray(value.contracts) ? value.contracts : [];
  contracts.forEach((c, i) => {
    if (!isObject(c)) return;
    const id = c.mechanism;
    if (
      typeof id === 'string' &&
      !mechanisms.has(id) &&
      !STARTER_MECHANISM_PREFIXES.some((p) => id.startsWith(p)) &&
      /^[a-z]{2}(-[a-z0-9]+)?(\.[a-z0-9_*]+)+$/.test(id)
    ) {
      const guess = suggestKey(id, mechanisms);
      add(
        ['contracts', i, 'mechanism'],
        `${id} is not a known mechanism id${guess ? ` — did you mean ${guess}?` : ''}`,
        guess ? { suggestion: guess } : {},
      );
    }
    const signed = day(c.signed);
    const effective = day(c.effective);
    const expires = day(c.expires);
    const filed = day(c.filed);
    if (effective && expires && expires <= effective)
      add(
        ['contracts', i, 'expires'],
        `must be after effective (${effective}): expires is the first day it is no longer in force`,
      );
    if (signed && filed && filed < signed)
      add(['contracts', i, 'filed'], `a contract cannot be filed (${filed}) before it is signed (${signed})`);
    if (signed && effective && effective < signed)
      add(['contracts', i, 'effective'], `takes effect (${effective}) before it is signed (${signed})`, {
        warning: true,
      });
    if (filed && typeof id === 'string' && !FILED_MECHANISMS.has(id))
      add(
        ['contracts', i, 'filed'],
        `only a CN standard contract (cn.standard_contract, cn.gba_standard_contract) is filed; ${id} is not`,
      );
  });

  if (problems.some((p) => p.severity === 'error')) return { ok: false, problems };
  return { ok: true, entry: normaliseEntry(value), problems };
}

/**
 * Reads a `--recipients` file: a YAML or JSON list of entries, or a mapping with a `recipients` list;
 * every problem located by line, column and field path; ids must be unique.
 *
 * @example
 * const read = parseRecipientList(text, 'yaml', { file: 'recipients.yaml' });
 * if (!read.ok) for (const p of read.problems) console.error(formatProblem(p));
 */
export function parseRecipientList(
  text: string,
  format: DocumentFormat,
  options: CheckRecipientOptions = {},
): RecipientListCheck {
  const doc = parseLocatedDocument(text, format);
  const located = (path: DocPath, message: string): Problem => {
    const pos = doc.locate(path);
    return {
      code: 'DC_RECIPIENT_INVALID',
      severity: 'error',
      ...(options.file !== undefined ? { file: options.file } : {}),
      line: pos.line,
      column: pos.column,
      path,
      message,
    };
  };
  if (doc.syntaxErrors.length > 0) {
    return {
      ok: false,
      problems: doc.syntaxErrors.map((e) => ({
        code: 'DC_RECIPIENT_INVALID',
        severity: 'error',
        ...(options.file !== undefined ? { file: options.file } : {}),
        line: e.line,
        column: e.column,
        path: [],
        message: e.message,
      })),
    };
  }
  let list: unknown = doc.value;
  let base: DocPath = [];
  if (isObject(list) && Array.isArray(list.recipients) && Object.keys(list).length === 1) {
    list = list.recipients;
    base = ['recipients'];
  }
  if (!Array.isArray(list))
    return {
      ok: false,
      problems: [
        located([], 'a recipients file must be a list of recipients (or a mapping with a `recipients` list)'),
      ],
    };
  if (list.length > 10_000)
    return { ok: false, problems: [located(base, 'at most 10,000 recipients per file')] };
  const problems: Problem[] = [];
  const entries: RecipientEntry[] = [];
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const checked = checkRecipient(item, options, doc, [...base, i]);
    problems.push(...checked.problems);
    if (!checked.ok) return;
    const first = seen.get(checked.entry.id);
    if (first !== undefined) {
      problems.push(
        located(
          [...base, i, 'id'],
          `recipient \`${checked.entry.id}\` is listed twice (first at [${first}])`,
        ),
      );
      return;
    }
    seen.set(checked.entry.id, i);
    entries.push(checked.entry);
  });
  if (problems.some((p) => p.severity === 'error')) return { ok: false, problems };
  return { ok: true, entries, problems };
}

function normaliseEntry(raw: Record<string, unknown>): RecipientEntry {
  // INVARIANT: called only when the schema and the semantic checks found no error.
  const d = raw as unknown as DeclaredEntry;
  const up = (c: string): CountryCode => c.toUpperCase() as CountryCode;
  const extensions = Object.fromEntries(Object.entries(raw).filter(([k]) => k.startsWith('x-')));
  return {
    id: d.id,
    name: d.name,
    country: up(d.country),
    headquarters: up(d.headquarters ?? d.country),
    owned_by: d.owned_by === undefined ? null : up(d.owned_by),
    role: d.role ?? 'controller',
    relation: d.relation ?? 'third_party',
    authority: d.authority ?? false,
    covered_person: d.covered_person ?? false,
    certifications: (d.certifications ?? []).map((c) => ({
      id: c.id as RecipientEntry['certifications'][number]['id'],
      from: c.from as IsoDate,
      until: (c.until ?? null) as IsoDate | null,
    })),
    contracts: (d.contracts ?? []).map((c) => ({
      mechanism: c.mechanism as MechanismId,
      signed: c.signed as IsoDate,
      effective: c.effective as IsoDate,
      expires: (c.expires ?? null) as IsoDate | null,
      filed: (c.filed ?? null) as IsoDate | null,
      reference: c.reference,
    })),
    // Your own metadata (`x-` properties) is kept as given.
    ...extensions,
  };
}

interface DeclaredEntry {
  id: string;
  name: string;
  country: string;
  headquarters?: string;
  owned_by?: string;
  role?: RecipientEntry['role'];
  relation?: RecipientEntry['relation'];
  authority?: boolean;
  covered_person?: boolean;
  certifications?: { id: string; from: string; until?: string }[];
  contracts?: {
    mechanism: string;
    signed: string;
    effective: string;
    expires?: string;
    filed?: string;
    reference: string;
  }[];
}

function getAt(value: unknown, path: DocPath): unknown {
  let v = value;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function propertiesAt(path: DocPath): string[] {
  // biome-ignore lint/suspicious/noExplicitAny: walking a JSON Schema
  let schema: any = RecipientEntrySchema;
  for (const seg of path) {
    if (typeof seg === 'number') schema = schema?.items;
    else schema = schema?.properties?.[seg];
  }
  return Object.keys(schema?.properties ?? {});
}
