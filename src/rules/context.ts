import type { Flow } from '../flow/index.js';
import { membersOn, REGION_GROUPS } from '../geo/index.js';
import type { IsoDate } from '../geo/types.js';
import type { Taxonomy, Tier } from '../taxonomy/index.js';

/** The small part of a list set the evaluator needs: entries in force on a day, and a content hash. */
export interface ListLookup {
  names(): readonly string[];
  entriesAt(name: string, date: IsoDate): readonly { readonly key: string }[];
  readonly hash: string;
}

/** An empty list set, for evaluating without lists. */
export const NO_LISTS: ListLookup = { names: () => [], entriesAt: () => [], hash: 'none' };

/** What a rule condition can see, besides `hop` and `facts` (documented in docs/rulebooks.md). */
export interface FlowContext {
  readonly flow: Record<string, unknown>;
  readonly data: Record<string, unknown>;
  readonly counts: Record<string, unknown>;
  readonly lists: Record<string, readonly string[]>;
  readonly regions: Record<string, readonly string[]>;
}

/** What depends only on the date: lists and region groups as they stood that day (cached per date). */
export interface DatedContext {
  readonly lists: Record<string, readonly string[]>;
  readonly regions: Record<string, readonly string[]>;
}

const TIER_RANK: Record<Tier, number> = { none: 0, general: 1, sensitive: 2, core: 3 };

/**
 * Builds the law-agnostic facts about a flow that rule conditions use: the classes of its data under
 * each law (from the taxonomy), the counts of individuals by residence, and the lists and region groups
 * as they stand on the flow's date.
 */
export function buildFlowContext(
  flow: Flow,
  taxonomy: Taxonomy,
  lists: ListLookup,
  dateCache: Map<string, DatedContext>,
): FlowContext {
  const categories = flow.expanded.categories
    .map((k) => taxonomy.getCategory(k))
    .filter((c) => c !== undefined);
  const keysWhere = (pred: (c: (typeof categories)[number]) => boolean) =>
    categories.filter(pred).map((c) => c.key as string);
  let highest: Tier = 'none';
  const tiers = new Set<Tier>();
  for (const c of categories) {
    tiers.add(c.tier);
    if (TIER_RANK[c.tier] > TIER_RANK[highest]) highest = c.tier;
  }
  const pipl_sensitive = keysWhere((c) => c.classes.pipl.sensitive);
  const pipl_sensitive_conservative = keysWhere((c) => c.classes.pipl.sensitive_conservative);
  const gdpr_special = keysWhere((c) => c.classes.gdpr.special);
  const purpose = taxonomy.getPurpose(flow.purpose);
  const data = {
    purpose: { key: flow.purpose as string, cn_necessity: purpose?.cn_necessity ?? null },
    categories: categories.map((c) => c.key as string),
    declared: [...flow.categories],
    tiers: [...tiers],
    highest_tier: highest,
    personal: categories.some((c) => c.classes.gdpr.personal || c.classes.pipl.personal),
    pipl: {
      personal: categories.some((c) => c.classes.pipl.personal),
      sensitive: pipl_sensitive.length > 0,
      sensitive_categories: pipl_sensitive,
      sensitive_conservative: pipl_sensitive_conservative.length > 0,
      sensitive_conservative_categories: pipl_sensitive_conservative,
    },
    gdpr: {
      personal: categories.some((c) => c.classes.gdpr.personal),
      special: gdpr_special.length > 0,
      special_categories: gdpr_special,
      criminal: categories.some((c) => c.classes.gdpr.criminal),
    },
    ccpa: {
      personal: categories.some((c) => c.classes.ccpa.personal),
      sensitive: categories.some((c) => c.classes.ccpa.sensitive),
    },
    doj: { kinds: [...new Set(categories.map((c) => c.classes.doj.kind).filter((k) => k !== 'none'))] },
  };

  const byResidence: Record<string, number> = {};
  const newByResidence: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  const sensitiveByResidence: Record<string, number> = {};
  let total = 0;
  let fresh = 0;
  for (const s of flow.subjects) {
    byResidence[s.residence] = (byResidence[s.residence] ?? 0) + s.count + s.prior;
    newByResidence[s.residence] = (newByResidence[s.residence] ?? 0) + s.count;
    byKind[s.kind] = (byKind[s.kind] ?? 0) + s.count + s.prior;
    sensitiveByResidence[s.residence] =
      (sensitiveByResidence[s.residence] ?? 0) + s.count + s.prior_sensitive;
    total += s.count + s.prior;
    fresh += s.count;
  }
  const counts = {
    total,
    new: fresh,
    prior: total - fresh,
    by_residence: byResidence,
    new_by_residence: newByResidence,
    sensitive_by_residence: sensitiveByResidence,
    by_kind: byKind,
    residences: Object.keys(byResidence).sort(),
  };

  let dated = dateCache.get(flow.date);
  if (dated === undefined) {
    const atDate: Record<string, readonly string[]> = {};
    for (const name of lists.names()) atDate[name] = lists.entriesAt(name, flow.date).map((e) => e.key);
    const regions: Record<string, readonly string[]> = {};
    for (const [code, group] of REGION_GROUPS) regions[code] = membersOn(group, flow.date);
    dated = { lists: atDate, regions };
    dateCache.set(flow.date, dated);
  }
  return {
    flow: flow as unknown as Record<string, unknown>,
    data,
    counts,
    lists: dated.lists,
    regions: dated.regions,
  };
}

/** The parties of a flow in route order: the exporter, each intermediate hop, the recipient. */
export function partiesOf(flow: Flow): Record<string, unknown>[] {
  return [
    {
      kind: 'exporter',
      name: flow.exporter.name,
      country: flow.exporter.country,
      role: flow.exporter.role,
      access: 'full',
    },
    ...flow.route.map((h) => ({
      kind: 'intermediary',
      name: h.name,
      country: h.country,
      role: h.role,
      access: h.access,
    })),
    {
      kind: 'recipient',
      name: flow.recipient.name,
      country: flow.recipient.country,
      role: flow.recipient.role,
      access: 'full',
    },
  ];
}
