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
  // One pass over the categories (this runs on every evaluation): lists keep the order of the flow's
  // expanded categories, and `tiers` and `doj.kinds` the order in which each value first appears.
  const keys: string[] = [];
  const tiers: Tier[] = [];
  const doj: string[] = [];
  const pipl_sensitive: string[] = [];
  const pipl_sensitive_conservative: string[] = [];
  const gdpr_special: string[] = [];
  let highest: Tier = 'none';
  let personal = false;
  let piplPersonal = false;
  let gdprPersonal = false;
  let gdprCriminal = false;
  let ccpaPersonal = false;
  let ccpaSensitive = false;
  for (const k of flow.expanded.categories) {
    const c = taxonomy.getCategory(k);
    if (c === undefined) continue;
    const key = c.key as string;
    const { pipl, gdpr, ccpa } = c.classes;
    keys.push(key);
    if (!tiers.includes(c.tier)) tiers.push(c.tier);
    if (TIER_RANK[c.tier] > TIER_RANK[highest]) highest = c.tier;
    if (gdpr.personal || pipl.personal) personal = true;
    if (pipl.personal) piplPersonal = true;
    if (pipl.sensitive) pipl_sensitive.push(key);
    if (pipl.sensitive_conservative) pipl_sensitive_conservative.push(key);
    if (gdpr.personal) gdprPersonal = true;
    if (gdpr.special) gdpr_special.push(key);
    if (gdpr.criminal) gdprCriminal = true;
    if (ccpa.personal) ccpaPersonal = true;
    if (ccpa.sensitive) ccpaSensitive = true;
    const kind = c.classes.doj.kind;
    if (kind !== 'none' && !doj.includes(kind)) doj.push(kind);
  }
  const purpose = taxonomy.getPurpose(flow.purpose);
  const data = {
    purpose: { key: flow.purpose as string, cn_necessity: purpose?.cn_necessity ?? null },
    categories: keys,
    declared: [...flow.categories],
    tiers,
    highest_tier: highest,
    personal,
    pipl: {
      personal: piplPersonal,
      sensitive: pipl_sensitive.length > 0,
      sensitive_categories: pipl_sensitive,
      sensitive_conservative: pipl_sensitive_conservative.length > 0,
      sensitive_conservative_categories: pipl_sensitive_conservative,
    },
    gdpr: {
      personal: gdprPersonal,
      special: gdpr_special.length > 0,
      special_categories: gdpr_special,
      criminal: gdprCriminal,
    },
    ccpa: {
      personal: ccpaPersonal,
      sensitive: ccpaSensitive,
    },
    doj: { kinds: doj },
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
