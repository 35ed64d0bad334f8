import { compileSchema } from '../shared/json-schema.js';
import type { Problem } from '../shared/problem.js';
import { suggestKey } from '../shared/suggest.js';
import { TaxonomySourcesSchema } from './taxonomy-schema.js';
import type {
  Category,
  CategoryKey,
  Purpose,
  PurposeKey,
  SubjectKind,
  SubjectKindKey,
  Tier,
} from './types.js';
import { TIERS } from './types.js';

/** The categories, purposes and subject kinds Data Customs knows, with lookups. */
export interface Taxonomy {
  readonly categories: readonly Category[];
  readonly purposes: readonly Purpose[];
  readonly subjects: readonly SubjectKind[];
  getCategory(key: string): Category | undefined;
  getPurpose(key: string): Purpose | undefined;
  getSubjectKind(key: string): SubjectKind | undefined;
  /** The direct children of a category, sorted by key. */
  childrenOf(key: CategoryKey): readonly Category[];
  /** The category and everything below it ("a parent category means all its children"). */
  expandCategory(key: CategoryKey): readonly CategoryKey[];
  /** The most protective of several tiers (core > sensitive > general > none). */
  highestTier(tiers: Iterable<Tier>): Tier;
  suggestCategory(input: string): CategoryKey | undefined;
  suggestPurpose(input: string): PurposeKey | undefined;
  suggestSubjectKind(input: string): SubjectKindKey | undefined;
}

/** The raw documents a taxonomy is built from (as parsed from `taxonomy/*.yaml`). */
export interface TaxonomySources {
  readonly categories: unknown;
  readonly purposes: unknown;
  readonly subjects: unknown;
}

/** The outcome of building a taxonomy: the taxonomy, or every problem found in the data. */
export type TaxonomyBuild =
  | { readonly ok: true; readonly taxonomy: Taxonomy }
  | { readonly ok: false; readonly problems: readonly Problem[] };

const checkSources = compileSchema(TaxonomySourcesSchema);
const TIER_RANK: Record<Tier, number> = { core: 3, sensitive: 2, general: 1, none: 0 };

const parentKey = (key: string): string | null =>
  key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : null;

/**
 * Validates taxonomy data and builds the lookups; collects every problem before failing.
 *
 * @example
 * const built = buildTaxonomy({ categories, purposes, subjects });
 * if (built.ok) built.taxonomy.expandCategory('user.contact' as CategoryKey);
 */
export function buildTaxonomy(sources: TaxonomySources): TaxonomyBuild {
  const doc = { categories: sources.categories, purposes: sources.purposes, subjects: sources.subjects };
  const violations = checkSources(doc);
  if (violations.length > 0) {
    return {
      ok: false,
      problems: violations.map((v) => ({
        code: 'DC_TAXONOMY_INVALID',
        severity: 'error',
        path: v.path,
        message: v.message,
      })),
    };
  }
  const problems: Problem[] = [];
  const raw = doc as unknown as {
    categories: (Omit<Category, 'parent'> & { key: CategoryKey })[];
    purposes: (Omit<Purpose, 'parent'> & { key: PurposeKey })[];
    subjects: SubjectKind[];
  };
  const categories = withParents(raw.categories, 'categories', problems) as Category[];
  const purposes = withParents(raw.purposes, 'purposes', problems) as Purpose[];
  const subjects = raw.subjects;
  uniqueKeys(subjects, 'subjects', problems);

  const byCategory = new Map(categories.map((c) => [c.key as string, c]));
  const children = new Map<string, Category[]>();
  for (const c of categories) {
    if (c.parent !== null) children.set(c.parent, [...(children.get(c.parent) ?? []), c]);
  }
  for (const list of children.values()) list.sort((a, b) => a.key.localeCompare(b.key));
  checkReplacements(categories, byCategory, 'categories', problems);
  checkReplacements(purposes, new Map(purposes.map((p) => [p.key as string, p])), 'purposes', problems);
  checkMonotone(categories, children, problems);
  if (problems.length > 0) return { ok: false, problems };

  const byPurpose = new Map(purposes.map((p) => [p.key as string, p]));
  const bySubject = new Map(subjects.map((s) => [s.key as string, s]));
  const expanded = new Map<string, CategoryKey[]>();
  const expand = (key: CategoryKey): CategoryKey[] => {
    const hit = expanded.get(key);
    if (hit) return hit;
    const out: CategoryKey[] = [key];
    for (const child of children.get(key) ?? []) out.push(...expand(child.key));
    expanded.set(key, out);
    return out;
  };
  const categoryKeys = [...byCategory.keys()];
  const purposeKeys = [...byPurpose.keys()];
  const subjectKeys = [...bySubject.keys()];

  const taxonomy: Taxonomy = {
    categories,
    purposes,
    subjects,
    getCategory: (key) => byCategory.get(key),
    getPurpose: (key) => byPurpose.get(key),
    getSubjectKind: (key) => bySubject.get(key),
    childrenOf: (key) => children.get(key) ?? [],
    expandCategory: (key) => (byCategory.has(key) ? expand(key) : []),
    highestTier: (tiers) => {
      let best: Tier = 'none';
      for (const t of tiers) if (TIER_RANK[t] > TIER_RANK[best]) best = t;
      return best;
    },
    suggestCategory: (input) => suggestKey(input, categoryKeys) as CategoryKey | undefined,
    suggestPurpose: (input) => suggestKey(input, purposeKeys) as PurposeKey | undefined,
    suggestSubjectKind: (input) => suggestKey(input, subjectKeys) as SubjectKindKey | undefined,
  };
  return { ok: true, taxonomy };
}

function uniqueKeys(entries: readonly { key: string }[], list: string, problems: Problem[]): void {
  const seen = new Map<string, number>();
  entries.forEach((e, i) => {
    const first = seen.get(e.key);
    if (first !== undefined) {
      problems.push({
        code: 'DC_TAXONOMY_INVALID',
        severity: 'error',
        path: [list, i, 'key'],
        message: `duplicate key \`${e.key}\` (first at ${list}[${first}])`,
      });
    } else seen.set(e.key, i);
  });
}

function withParents<T extends { key: string }>(
  entries: readonly T[],
  list: string,
  problems: Problem[],
): (T & { parent: string | null })[] {
  uniqueKeys(entries, list, problems);
  const keys = new Set(entries.map((e) => e.key));
  return entries.map((e, i) => {
    const parent = parentKey(e.key);
    if (parent !== null && !keys.has(parent)) {
      problems.push({
        code: 'DC_TAXONOMY_INVALID',
        severity: 'error',
        path: [list, i, 'key'],
        message: `parent \`${parent}\` of \`${e.key}\` is not in the list`,
      });
    }
    return { ...e, parent };
  });
}

function checkReplacements(
  entries: readonly { key: string; deprecated?: { replaced_by: string } }[],
  known: ReadonlyMap<string, unknown>,
  list: string,
  problems: Problem[],
): void {
  entries.forEach((e, i) => {
    const to = e.deprecated?.replaced_by;
    if (to !== undefined && !known.has(to)) {
      problems.push({
        code: 'DC_TAXONOMY_INVALID',
        severity: 'error',
        path: [list, i, 'deprecated', 'replaced_by'],
        message: `replacement \`${to}\` is not in the list`,
      });
    }
  });
}

// INVARIANT: a parent is at least as protected as each of its children, so that declaring a parent
// category can never understate what the flow carries.
function checkMonotone(
  categories: readonly Category[],
  children: ReadonlyMap<string, Category[]>,
  problems: Problem[],
): void {
  const index = new Map(categories.map((c, i) => [c.key as string, i]));
  for (const c of categories) {
    for (const child of children.get(c.key) ?? []) {
      if (child.deprecated !== undefined) continue; // deprecated fideslang keys keep their old parent
      const i = index.get(c.key) ?? 0;
      const flags: [boolean, boolean, string][] = [
        [c.classes.pipl.sensitive, child.classes.pipl.sensitive, 'classes.pipl.sensitive'],
        [
          c.classes.pipl.sensitive_conservative,
          child.classes.pipl.sensitive_conservative,
          'classes.pipl.sensitive_conservative',
        ],
        [c.classes.gdpr.special, child.classes.gdpr.special, 'classes.gdpr.special'],
        [c.classes.ccpa.sensitive, child.classes.ccpa.sensitive, 'classes.ccpa.sensitive'],
      ];
      if (TIER_RANK[c.tier] < TIER_RANK[child.tier]) {
        problems.push({
          code: 'DC_TAXONOMY_INVALID',
          severity: 'error',
          path: ['categories', i, 'tier'],
          message: `tier \`${c.tier}\` is below the tier \`${child.tier}\` of its child \`${child.key}\``,
        });
      }
      for (const [mine, theirs, field] of flags) {
        if (theirs && !mine) {
          problems.push({
            code: 'DC_TAXONOMY_INVALID',
            severity: 'error',
            path: ['categories', i, ...field.split('.')],
            message: `is false but true for its child \`${child.key}\``,
          });
        }
      }
    }
  }
}

export { TIERS };
