import { membersOn, REGION_GROUPS, readCountry } from '../geo/index.js';
import type { CountryCode, IsoDate } from '../geo/types.js';
import { compileSchema } from '../shared/json-schema.js';
import type { DocumentFormat, LocatedDocument } from '../shared/located-document.js';
import { parseLocatedDocument } from '../shared/located-document.js';
import type { DocPath, Problem } from '../shared/problem.js';
import { suggestKey } from '../shared/suggest.js';
import type { Taxonomy } from '../taxonomy/taxonomy.js';
import type { CategoryKey, PurposeKey, SubjectKindKey } from '../taxonomy/types.js';
import type { Flow, MechanismId, RecipientLookup, RecipientParty, TargetCode } from './flow.types.js';
import { FlowSchemaInline, FlowSchemaRef } from './flow-schema.js';
import { STARTER_MECHANISM_IDS, STARTER_MECHANISM_PREFIXES } from './mechanism-ids.js';

/** What checking a flow needs: the taxonomy, the date to assume when the flow has none, and where it came from. */
export interface CheckFlowOptions {
  readonly taxonomy: Taxonomy;
  /** The day to use when the flow names no `date` (the caller's clock, passed in). */
  readonly today: IsoDate;
  /** The file name to put in problems. */
  readonly file?: string;
  /** Known mechanism ids (default: the starter catalogue of DESIGN.md). */
  readonly mechanisms?: ReadonlySet<string>;
  /**
   * The recipients registry, for a declaration whose recipient is `{ ref: id }`; without it such a
   * declaration is not valid (the recipient's country and role cannot be known).
   */
  readonly recipients?: RecipientLookup;
}

/** The outcome of checking a flow: the normalised flow and its warnings, or every problem found. */
export type FlowCheck =
  | { readonly ok: true; readonly flow: Flow; readonly problems: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

// One checker per recipient form, chosen by the presence of `ref`: a union would report the other
// form's mismatches too (an inline recipient `missing ref`).
const checkInline = compileSchema(FlowSchemaInline);
const checkRef = compileSchema(FlowSchemaRef);

/** True when a declaration's recipient is a registry reference (`{ ref: id }`). */
const isRecipientRef = (raw: Record<string, unknown>): boolean => {
  const r = raw.recipient;
  return r !== null && typeof r === 'object' && !Array.isArray(r) && 'ref' in r;
};

/**
 * Parses a flow declaration from YAML or JSON text and checks it, with each problem located by line,
 * column and field path.
 *
 * @example
 * const checked = parseFlow(text, 'yaml', { taxonomy, today: '2026-11-29' as IsoDate, file: 'flow.yaml' });
 * if (!checked.ok) for (const p of checked.problems) console.error(formatProblem(p));
 */
export function parseFlow(text: string, format: DocumentFormat, options: CheckFlowOptions): FlowCheck {
  const doc = parseLocatedDocument(text, format);
  if (doc.syntaxErrors.length > 0) {
    return {
      ok: false,
      problems: doc.syntaxErrors.map((e) => ({
        code: 'DC_FLOW_SYNTAX',
        severity: 'error',
        file: options.file,
        line: e.line,
        column: e.column,
        path: [],
        message: e.message,
      })),
    };
  }
  return checkFlow(doc.value, options, doc);
}

/** Checks an already parsed flow declaration (from a request body, say); `doc` adds positions when known. */
export function checkFlow(value: unknown, options: CheckFlowOptions, doc?: LocatedDocument): FlowCheck {
  const problems: Problem[] = [];
  const add = (
    path: DocPath,
    message: string,
    extra: { suggestion?: string; atKey?: boolean; warning?: boolean; code?: Problem['code'] } = {},
  ) => {
    const pos = extra.atKey ? doc?.locateKey(path) : doc?.locate(path);
    problems.push({
      code: extra.code ?? 'DC_FLOW_INVALID',
      severity: extra.warning ? 'warning' : 'error',
      ...(options.file !== undefined ? { file: options.file } : {}),
      ...(pos ? { line: pos.line, column: pos.column } : {}),
      path,
      message,
      ...(extra.suggestion !== undefined ? { suggestion: extra.suggestion } : {}),
    });
  };

  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    add(
      [],
      'a flow declaration must be a mapping (an object) with version, exporter, recipient, subjects, categories and purpose',
    );
    return { ok: false, problems };
  }
  const raw = value as Record<string, unknown>;
  const byRef = isRecipientRef(raw);
  const schema = byRef ? FlowSchemaRef : FlowSchemaInline;

  // 1. Shape, from the published JSON Schema.
  for (const v of (byRef ? checkRef : checkInline)(value)) {
    if (v.keyword === 'additionalProperties' && v.property !== undefined) {
      const allowed = propertiesAt(schema, v.path.slice(0, -1));
      const guess = suggestKey(v.property, allowed);
      add(v.path, `unknown property \`${v.property}\`${guess ? ` — did you mean ${guess}?` : ''}`, {
        atKey: true,
        ...(guess ? { suggestion: guess } : {}),
      });
    } else if (v.keyword === 'required' && v.property !== undefined) {
      add(v.path, v.message);
    } else if (v.keyword === 'enum' && v.allowed !== undefined) {
      const actual = getAt(raw, v.path);
      const guess = typeof actual === 'string' ? suggestKey(actual, v.allowed.map(String)) : undefined;
      add(
        v.path,
        `${v.message}${guess ? ` — did you mean ${guess}?` : ''}`,
        guess ? { suggestion: guess } : {},
      );
    } else if (v.keyword === 'format' && v.path.at(-1) === 'date') {
      add(v.path, 'must be a calendar date YYYY-MM-DD');
    } else {
      add(v.path, v.message);
    }
  }

  // 2. Meaning: codes and keys that the schema cannot know.
  const taxonomy = options.taxonomy;
  const country = (path: DocPath, allowRegions = false): CountryCode | undefined => {
    const input = getAt(raw, path);
    if (typeof input !== 'string') return undefined;
    if (allowRegions && REGION_GROUPS.has(input.toUpperCase())) return input.toUpperCase() as CountryCode;
    const read = readCountry(input);
    if (read.ok) return read.code;
    const regions = allowRegions ? ` or a region (${[...REGION_GROUPS.keys()].join(', ')})` : '';
    add(
      path,
      read.suggestion !== undefined
        ? `country '${input}' ${read.reason}; use ${read.suggestion}`
        : `country '${input}' ${read.reason}${regions}`,
      read.suggestion !== undefined ? { suggestion: read.suggestion } : {},
    );
    return undefined;
  };
  const countries = (path: DocPath, allowRegions = false): CountryCode[] => {
    const list = getAt(raw, path);
    if (!Array.isArray(list)) return [];
    return list.flatMap((_, i) => country([...path, i], allowRegions) ?? []);
  };

  country(['exporter', 'country']);
  countries(['exporter', 'establishments']);
  countries(['exporter', 'targets'], true);
  let party: RecipientParty | undefined;
  if (byRef) {
    const ref = getAt(raw, ['recipient', 'ref']);
    if (typeof ref === 'string') {
      if (options.recipients === undefined) {
        add(
          ['recipient', 'ref'],
          `recipient \`${ref}\` refers to the recipients registry, and none was given: pass --recipients FILE, or declare the flow through the API with a key`,
        );
      } else {
        party = options.recipients.get(ref);
        if (party === undefined) {
          const guess = suggestKey(ref, options.recipients.ids());
          add(
            ['recipient', 'ref'],
            `no recipient \`${ref}\` in the recipients registry${guess ? ` — did you mean ${guess}?` : ''}`,
            guess ? { suggestion: guess } : {},
          );
        }
      }
    }
  } else {
    country(['recipient', 'country']);
    country(['recipient', 'headquarters']);
    country(['recipient', 'owned_by']);
  }
  arrayAt(raw, ['route']).forEach((_, i) => {
    country(['route', i, 'country']);
  });
  arrayAt(raw, ['subjects']).forEach((_, i) => {
    country(['subjects', i, 'residence']);
    const kind = getAt(raw, ['subjects', i, 'kind']);
    if (typeof kind === 'string' && taxonomy.getSubjectKind(kind) === undefined) {
      const guess = taxonomy.suggestSubjectKind(kind);
      add(
        ['subjects', i, 'kind'],
        `unknown subject kind ${kind}${guess ? ` — did you mean ${guess}?` : ''}`,
        guess ? { suggestion: guess } : {},
      );
    }
  });

  const seenCategories = new Set<string>();
  arrayAt(raw, ['categories']).forEach((key, i) => {
    if (typeof key !== 'string') return;
    const category = taxonomy.getCategory(key);
    if (category === undefined) {
      const guess = taxonomy.suggestCategory(key);
      add(
        ['categories', i],
        `unknown category ${key}${guess ? ` — did you mean ${guess}?` : ''}`,
        guess ? { suggestion: guess } : {},
      );
    } else if (category.deprecated !== undefined) {
      add(
        ['categories', i],
        `category ${key} is deprecated (${category.deprecated.since}); use ${category.deprecated.replaced_by}`,
        {
          warning: true,
          suggestion: category.deprecated.replaced_by,
        },
      );
    }
    if (seenCategories.has(key)) add(['categories', i], `category ${key} is listed twice`, { warning: true });
    seenCategories.add(key);
  });

  const purpose = getAt(raw, ['purpose']);
  if (typeof purpose === 'string') {
    const known = taxonomy.getPurpose(purpose);
    if (known === undefined) {
      const guess = taxonomy.suggestPurpose(purpose);
      add(
        ['purpose'],
        `unknown purpose ${purpose}${guess ? ` — did you mean ${guess}?` : ''}`,
        guess ? { suggestion: guess } : {},
      );
    } else if (known.deprecated !== undefined) {
      add(
        ['purpose'],
        `purpose ${purpose} is deprecated (${known.deprecated.since}); use ${known.deprecated.replaced_by}`,
        {
          warning: true,
          suggestion: known.deprecated.replaced_by,
        },
      );
    }
  }

  const mechanisms = options.mechanisms ?? STARTER_MECHANISM_IDS;
  arrayAt(raw, ['safeguards']).forEach((id, i) => {
    if (
      typeof id !== 'string' ||
      mechanisms.has(id) ||
      STARTER_MECHANISM_PREFIXES.some((p) => id.startsWith(p))
    )
      return;
    const guess = suggestKey(id, mechanisms);
    add(['safeguards', i], `${id} is not a known mechanism id${guess ? ` — did you mean ${guess}?` : ''}`, {
      warning: true,
      ...(guess ? { suggestion: guess } : {}),
    });
  });

  const zone = getAt(raw, ['exporter', 'zone']);
  const exporterCountry = getAt(raw, ['exporter', 'country']);
  if (
    typeof zone === 'string' &&
    typeof exporterCountry === 'string' &&
    !zone.startsWith(`${exporterCountry.toLowerCase()}-`)
  ) {
    add(['exporter', 'zone'], `zone ${zone} is not in the exporter's country ${exporterCountry}`, {
      warning: true,
    });
  }

  if (problems.some((p) => p.severity === 'error')) return { ok: false, problems };

  // 3. Normalise: defaults filled, codes upper-cased, region groups expanded on the flow's date.
  const flow = normalise(raw, options, party);
  const everyCountry = new Set([
    flow.exporter.country,
    flow.recipient.country,
    ...flow.route.map((h) => h.country),
  ]);
  if (everyCountry.size === 1) {
    add([], `every party is in ${flow.exporter.country}: the declaration names no cross-border movement`, {
      warning: true,
    });
  }
  return { ok: true, flow, problems };
}

function normalise(raw: Record<string, unknown>, options: CheckFlowOptions, party?: RecipientParty): Flow {
  // INVARIANT: called only when the schema and the semantic checks found no error, so every field
  // has the type the schema gives it and every code and key resolves.
  const d = raw as unknown as DeclaredFlow;
  const up = (c: string): CountryCode => c.toUpperCase() as CountryCode;
  const date = (d.date ?? options.today) as IsoDate;
  const ex = d.exporter;
  const rc = d.recipient;
  const targets: TargetCode[] = [...new Set<string>((ex.targets ?? []).map(up))] as TargetCode[];
  const targetCountries = new Set<CountryCode>();
  for (const t of targets) {
    const group = REGION_GROUPS.get(t);
    if (group) for (const c of membersOn(group, date)) targetCountries.add(c);
    else targetCountries.add(t as CountryCode);
  }
  const categories = [...new Set<string>(d.categories)] as CategoryKey[];
  const expanded = new Set<CategoryKey>();
  for (const key of categories) for (const k of options.taxonomy.expandCategory(key)) expanded.add(k);
  const exporterCountry = up(ex.country);
  return {
    version: 1,
    id: d.id ?? null,
    date,
    exporter: {
      name: ex.name,
      kind: ex.kind ?? 'company',
      country: exporterCountry,
      zone: ex.zone ?? null,
      ciio: ex.ciio ?? false,
      establishments: [...new Set([exporterCountry, ...(ex.establishments ?? []).map(up)])],
      targets,
      role: ex.role ?? 'controller',
    },
    // A registry reference takes the entry's parties fields; its certifications depend on the day and are
    // applied at each evaluation (none here, so that an unresolved flow never counts on them).
    recipient:
      party !== undefined
        ? {
            name: party.name,
            country: party.country,
            headquarters: party.headquarters,
            owned_by: party.owned_by,
            role: party.role,
            relation: party.relation,
            certifications: [],
            authority: party.authority,
            covered_person: party.covered_person,
          }
        : {
            name: rc.name,
            country: up(rc.country),
            headquarters: up(rc.headquarters ?? rc.country),
            owned_by: rc.owned_by === undefined ? null : up(rc.owned_by),
            role: rc.role ?? 'controller',
            relation: rc.relation ?? 'third_party',
            certifications: [
              ...new Set<string>(rc.certifications ?? []),
            ] as Flow['recipient']['certifications'],
            authority: rc.authority ?? false,
            ...(rc.covered_person !== undefined ? { covered_person: rc.covered_person } : {}),
          },
    route: (d.route ?? []).map((h) => ({
      name: h.name,
      country: up(h.country),
      role: h.role ?? 'processor',
      access: h.access ?? 'full',
    })),
    subjects: d.subjects.map((s) => ({
      residence: up(s.residence),
      kind: s.kind as SubjectKindKey,
      count: s.count,
      prior: s.prior ?? 0,
      prior_sensitive: s.prior_sensitive ?? s.prior ?? 0,
    })),
    categories,
    purpose: d.purpose as PurposeKey,
    arrangement: d.arrangement ?? 'vendor',
    occasional: d.occasional ?? false,
    basis: { consent: d.basis?.consent ?? 'none', contract_necessity: d.basis?.contract_necessity ?? false },
    important_data: d.important_data ?? false,
    safeguards: [...new Set<string>(d.safeguards ?? [])] as MechanismId[],
    measures: [...new Set<string>(d.measures ?? [])],
    // Present only when declared, so that the content hash of a flow declared before they existed is unchanged.
    ...(party !== undefined ? { recipient_ref: (rc as unknown as { ref: string }).ref } : {}),
    ...(d.on_undeclared !== undefined ? { on_undeclared: d.on_undeclared } : {}),
    expanded: { categories: [...expanded].sort(), targets: [...targetCountries].sort() },
  };
}

/** A declaration that passed the schema: optional fields may be absent, codes not yet upper-cased. */
interface DeclaredFlow {
  id?: string;
  date?: string;
  exporter: {
    name: string;
    kind?: Flow['exporter']['kind'];
    country: string;
    zone?: string;
    ciio?: boolean;
    establishments?: string[];
    targets?: string[];
    role?: Flow['exporter']['role'];
  };
  recipient: {
    name: string;
    country: string;
    headquarters?: string;
    owned_by?: string;
    role?: Flow['recipient']['role'];
    relation?: Flow['recipient']['relation'];
    certifications?: string[];
    authority?: boolean;
    covered_person?: boolean;
  };
  route?: {
    name: string;
    country: string;
    role?: Flow['recipient']['role'];
    access?: Flow['route'][number]['access'];
  }[];
  subjects: { residence: string; kind: string; count: number; prior?: number; prior_sensitive?: number }[];
  categories: string[];
  purpose: string;
  arrangement?: Flow['arrangement'];
  occasional?: boolean;
  basis?: { consent?: Flow['basis']['consent']; contract_necessity?: boolean };
  important_data?: boolean;
  safeguards?: string[];
  measures?: string[];
  on_undeclared?: Flow['on_undeclared'];
}

function getAt(value: unknown, path: DocPath): unknown {
  let v = value;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function arrayAt(value: unknown, path: DocPath): unknown[] {
  const v = getAt(value, path);
  return Array.isArray(v) ? v : [];
}

/** The property names the schema allows at a path (for suggesting a misspelt property). */
function propertiesAt(root: object, path: DocPath): string[] {
  // biome-ignore lint/suspicious/noExplicitAny: walking a JSON Schema
  let schema: any = root;
  for (const seg of path) {
    if (typeof seg === 'number') schema = schema?.items;
    else schema = schema?.properties?.[seg];
  }
  return Object.keys(schema?.properties ?? {});
}
