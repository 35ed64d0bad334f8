import { compileSchema } from '../../shared/json-schema.js';
import { type DocumentFormat, parseLocatedDocument } from '../../shared/located-document.js';
import { type DocPath, formatPath, type Problem } from '../../shared/problem.js';
import type { CategoryKey, PurposeKey, Taxonomy, Tier } from '../../taxonomy/index.js';
import { ProtectError } from '../errors.js';
import type { OperatorName, OperatorSpec } from '../operators/operators.js';
import { parsePathPattern } from '../paths.js';
import { PROTECT_PROBLEM_CODE } from './problem-code.js';
import type { DetokenizeGrant, Profile, ProfileRule, RuleConditions } from './profile.types.js';
import { OPERATOR_OPTION_SCHEMAS, ProfileSchema } from './profile-schema.js';

/** The outcome of reading a profile: the profile (and warnings), or every problem found, located. */
export type ProfileParse =
  | { readonly ok: true; readonly profile: Profile; readonly problems: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** Options of `parseProfile`. */
export interface ParseProfileOptions {
  readonly taxonomy: Taxonomy;
  /** The file name used in problems and explanations. */
  readonly file?: string;
  /** `yaml` (default) or `json`. */
  readonly format?: DocumentFormat;
}

const checkProfile = compileSchema(ProfileSchema);
const optionCheckers = Object.fromEntries(
  Object.entries(OPERATOR_OPTION_SCHEMAS).map(([name, schema]) => [name, compileSchema(schema)]),
) as Record<OperatorName, ReturnType<typeof compileSchema>>;

interface RawChoice {
  operator: OperatorName;
  options?: Record<string, unknown>;
}
interface RawProfile {
  name: string;
  title?: string;
  home?: string;
  subject?: string;
  fallback?: RawChoice;
  unmapped?: RawChoice;
  core_abroad?: RawChoice;
  fields?: Record<string, string>;
  needs?: Record<string, string[]>;
  vault?: {
    country?: string;
    detokenize?: {
      id: string;
      roles: string[];
      purposes: string[];
      categories?: string[];
      from?: string[];
    }[];
  };
  rules: {
    id: string;
    when?: Record<string, unknown>;
    operator: OperatorName;
    options?: Record<string, unknown>;
    core_in_clear?: boolean;
    note?: string;
  }[];
}

const list = <T>(v: T | readonly T[] | undefined): readonly T[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? (v as readonly T[]) : [v as T];

/**
 * Reads a protection profile (YAML or JSON): checks it against the schema, then every category, purpose,
 * path, operator option and rule id, and collects every problem with its line and column before failing.
 *
 * @example
 * const read = parseProfile(text, { taxonomy, file: 'profiles/default.yaml' });
 * if (!read.ok) for (const p of read.problems) console.error(formatProblem(p));
 */
export function parseProfile(text: string, options: ParseProfileOptions): ProfileParse {
  const { taxonomy, file } = options;
  const doc = parseLocatedDocument(text, options.format ?? 'yaml');
  const problems: Problem[] = [];
  const add = (
    path: DocPath,
    message: string,
    extra: { atKey?: boolean; warning?: boolean; suggestion?: string } = {},
  ) => {
    const pos = extra.atKey ? doc.locateKey(path) : doc.locate(path);
    problems.push({
      code: PROTECT_PROBLEM_CODE,
      severity: extra.warning ? 'warning' : 'error',
      ...(file !== undefined ? { file } : {}),
      line: pos.line,
      column: pos.column,
      path,
      message,
      ...(extra.suggestion !== undefined ? { suggestion: extra.suggestion } : {}),
    });
  };
  for (const e of doc.syntaxErrors) {
    problems.push({
      code: PROTECT_PROBLEM_CODE,
      severity: 'error',
      ...(file !== undefined ? { file } : {}),
      line: e.line,
      column: e.column,
      path: [],
      message: e.message,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  for (const v of checkProfile(doc.value)) add(v.path, v.message, { atKey: v.atKey });
  if (problems.length > 0) return { ok: false, problems };

  const raw = doc.value as RawProfile;
  const category = (key: string, path: DocPath): CategoryKey => {
    const c = taxonomy.getCategory(key);
    if (c === undefined) {
      const guess = taxonomy.suggestCategory(key);
      add(path, `unknown category \`${key}\``, guess ? { suggestion: `did you mean \`${guess}\`?` } : {});
    } else if (c.deprecated) {
      add(path, `category \`${key}\` is deprecated; use \`${c.deprecated.replaced_by}\``, { warning: true });
    }
    return key as CategoryKey;
  };
  const purpose = (key: string, path: DocPath): PurposeKey => {
    if (taxonomy.getPurpose(key) === undefined) {
      const guess = taxonomy.suggestPurpose(key);
      add(path, `unknown purpose \`${key}\``, guess ? { suggestion: `did you mean \`${guess}\`?` } : {});
    }
    return key as PurposeKey;
  };
  const choice = (c: RawChoice | undefined, path: DocPath, fallback: OperatorSpec): OperatorSpec =>
    c === undefined ? fallback : operatorSpec(c.operator, c.options, [...path, 'options']);
  const operatorSpec = (
    operator: OperatorName,
    opts: Record<string, unknown> | undefined,
    path: DocPath,
  ): OperatorSpec => {
    for (const v of optionCheckers[operator](opts ?? {}))
      add([...path, ...v.path], `operator \`${operator}\`: ${v.message}`, { atKey: v.atKey });
    return { ...(opts ?? {}), operator } as OperatorSpec;
  };
  const destinations = (values: readonly string[] | undefined) =>
    values?.map((v) => (v.startsWith('list:') ? v : v.toUpperCase()));

  const fields: [string, CategoryKey | 'scan'][] = [];
  for (const [pattern, key] of Object.entries(raw.fields ?? {})) {
    try {
      parsePathPattern(pattern);
    } catch (err) {
      add(['fields', pattern], (err as Error).message, { atKey: true });
    }
    fields.push([pattern, key === 'scan' ? 'scan' : category(key, ['fields', pattern])]);
  }
  if (raw.subject !== undefined) {
    try {
      if (parsePathPattern(raw.subject).some((s) => s.kind === 'any'))
        add(['subject'], 'the subject path cannot hold a wildcard');
    } catch (err) {
      add(['subject'], (err as Error).message);
    }
  }
  const needs: [PurposeKey, CategoryKey[]][] = Object.entries(raw.needs ?? {}).map(([p, cats]) => [
    purpose(p, ['needs', p]),
    cats.map((c, i) => category(c, ['needs', p, i])),
  ]);

  const ids = new Map<string, number>();
  const rules: ProfileRule[] = raw.rules.map((r, i) => {
    const at = ['rules', i] as const;
    if (ids.has(r.id)) add([...at, 'id'], `rule id \`${r.id}\` repeats rule ${ids.get(r.id)! + 1}`);
    ids.set(r.id, i);
    const w = r.when ?? {};
    const when: RuleConditions = {
      ...(w.category !== undefined
        ? {
            category: list(w.category as string | string[])!.map((c, k) =>
              category(
                c,
                Array.isArray(w.category) ? [...at, 'when', 'category', k] : [...at, 'when', 'category'],
              ),
            ),
          }
        : {}),
      ...(w.tier !== undefined ? { tier: list(w.tier as Tier | Tier[]) } : {}),
      ...(w.to !== undefined ? { to: destinations(list(w.to as string | string[])) } : {}),
      ...(w.not_to !== undefined ? { not_to: destinations(list(w.not_to as string | string[])) } : {}),
      ...(w.domestic !== undefined ? { domestic: w.domestic as boolean } : {}),
      ...(w.recipient !== undefined ? { recipient: list(w.recipient as string | string[]) } : {}),
      ...(w.purpose !== undefined
        ? {
            purpose: list(w.purpose as string | string[])!.map((p, k) =>
              purpose(
                p,
                Array.isArray(w.purpose) ? [...at, 'when', 'purpose', k] : [...at, 'when', 'purpose'],
              ),
            ),
          }
        : {}),
      ...(w.needed !== undefined ? { needed: w.needed as boolean } : {}),
      ...(w.mechanism !== undefined ? { mechanism: list(w.mechanism as string | string[]) } : {}),
    };
    if (when.domestic !== undefined && raw.home === undefined)
      add([...at, 'when', 'domestic'], '`domestic` needs the profile’s `home` country');
    if (r.core_in_clear && r.operator !== 'keep')
      add([...at, 'core_in_clear'], '`core_in_clear` only concerns the `keep` operator', { warning: true });
    return {
      id: r.id,
      when,
      spec: operatorSpec(r.operator, r.options, [...at, 'options']),
      coreInClear: r.core_in_clear === true,
      ...(r.note !== undefined ? { note: r.note } : {}),
      line: doc.locate(at).line,
    };
  });

  const grants: DetokenizeGrant[] = (raw.vault?.detokenize ?? []).map((g, i) => ({
    id: g.id,
    roles: g.roles,
    purposes: g.purposes.map((p, k) => purpose(p, ['vault', 'detokenize', i, 'purposes', k])),
    ...(g.categories !== undefined
      ? { categories: g.categories.map((c, k) => category(c, ['vault', 'detokenize', i, 'categories', k])) }
      : {}),
    ...(g.from !== undefined ? { from: g.from.map((c) => c.toUpperCase()) } : {}),
  }));

  const profile: Profile = {
    name: raw.name,
    ...(raw.title !== undefined ? { title: raw.title } : {}),
    home: raw.home?.toUpperCase(),
    subject: raw.subject,
    fallback: choice(raw.fallback, ['fallback'], { operator: 'redact' }),
    unmapped: choice(raw.unmapped, ['unmapped'], { operator: 'redact' }),
    coreAbroad: choice(raw.core_abroad, ['core_abroad'], { operator: 'tokenise', mode: 'random' }),
    fields,
    needs,
    rules,
    vault: { country: (raw.vault?.country ?? raw.home)?.toUpperCase(), grants },
    ...(file !== undefined ? { file } : {}),
  };
  for (const [name, spec] of [
    ['fallback', profile.fallback],
    ['core_abroad', profile.coreAbroad],
  ] as const) {
    if (spec.operator === 'keep') add([name], `\`${name}\` cannot be \`keep\`: it must protect the value`);
  }
  if (profile.fallback.operator === 'tokenise' || profile.fallback.operator === 'fpe')
    add(['fallback'], '`fallback` must be an operator that always applies: redact, drop, hash or mask');
  if (problems.some((p) => p.severity === 'error')) return { ok: false, problems };
  return { ok: true, profile, problems };
}

/**
 * Reads a profile and throws a `ProtectError` (`DC_PROTECT_PROFILE_INVALID`) listing every located problem
 * when it is not valid.
 */
export function parseProfileOrThrow(text: string, options: ParseProfileOptions): Profile {
  const read = parseProfile(text, options);
  if (read.ok) return read.profile;
  const lines = read.problems.map((p) => {
    const where = [p.file, p.line, p.column].filter((x) => x !== undefined).join(':');
    return `${where}: ${formatPath(p.path)}: ${p.message}${p.suggestion ? ` (${p.suggestion})` : ''}`;
  });
  throw new ProtectError(
    'DC_PROTECT_PROFILE_INVALID',
    `profile${options.file ? ` ${options.file}` : ''} is not valid:\n${lines.join('\n')}`,
    { problems: lines },
  );
}
