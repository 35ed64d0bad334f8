import type { CategoryKey, Tier } from '../../taxonomy/index.js';
import { ProtectError } from '../errors.js';
import type { OperatorSpec } from '../operators/operators.js';
import type { Profile, ProfileRule } from './profile.types.js';

/** The transfer a record is protected for: where it goes, to whom, why, under which mechanism, when. */
export interface ProtectRequest {
  /** The destination country, ISO 3166-1 alpha-2. */
  readonly to: string;
  readonly recipient?: string;
  /** The purpose key (`essential.service.fulfilment.delivery`). */
  readonly purpose?: string;
  /** The mechanism of the transfer's verdict (`cn.standard_contract`), if any. */
  readonly mechanism?: string;
  /** The transfer's date, YYYY-MM-DD: list entries in force and ages are counted at it. */
  readonly date: string;
}

/** The subset of the lists module protection needs: a list's entries in force on a day. */
export interface ListLookup {
  entriesAt(name: string, date: string): readonly { readonly key: string }[];
}

/** Why a field gets its operator. */
export interface RuleChoice {
  readonly spec: OperatorSpec;
  /** The rule's id, or `(no rule)` when none matched and the fallback applies. */
  readonly rule: string;
  readonly line?: number;
  /** Set when the core-data guard replaced the rule's `keep`. */
  readonly guard?: string;
}

/** The id reported when no rule matched. */
export const NO_RULE = '(no rule)';

const within = (key: string, ancestor: string) => key === ancestor || key.startsWith(`${ancestor}.`);

/** Chooses operators for categories under one request: the first rule whose conditions all hold. */
export interface RuleSelector {
  readonly domestic: boolean;
  choose(category: CategoryKey, tier: Tier): RuleChoice;
}

/**
 * Binds a profile to a request. Throws `DC_PROTECT_CONTEXT` when the destination is not a country code,
 * or when a rule consults a list and no lists are given (a condition that cannot be told never silently
 * passes or fails).
 *
 * @example
 * const selector = createRuleSelector(profile, { to: 'VN', purpose: 'essential.service.fulfilment.delivery', date: '2026-11-29' });
 * selector.choose('user.contact.address' as CategoryKey, 'sensitive'); // { spec: { operator: 'keep' }, rule: 'needed' }
 */
export function createRuleSelector(
  profile: Profile,
  request: ProtectRequest,
  lists?: ListLookup,
): RuleSelector {
  const to = request.to.toUpperCase();
  if (!/^[A-Z]{2}$/.test(to)) {
    throw new ProtectError('DC_PROTECT_CONTEXT', `to: \`${request.to}\` is not an ISO 3166-1 alpha-2 code`);
  }
  const domestic = profile.home !== undefined && to === profile.home;
  const recipient = request.recipient?.trim().toLowerCase();
  const purpose = request.purpose;
  const mechanism = request.mechanism ?? 'none';
  const needed: string[] = [];
  if (purpose !== undefined)
    for (const [p, cats] of profile.needs) if (within(purpose, p)) needed.push(...cats);

  const listHits = new Map<string, boolean>();
  const inDestinations = (values: readonly string[]): boolean =>
    values.some((v) => {
      if (!v.startsWith('list:')) return v === to;
      const name = v.slice(5);
      let hit = listHits.get(name);
      if (hit === undefined) {
        if (lists === undefined) {
          throw new ProtectError(
            'DC_PROTECT_CONTEXT',
            `profile \`${profile.name}\` consults list \`${name}\`, and no lists were given`,
          );
        }
        hit = lists.entriesAt(name, request.date).some((e) => e.key === to);
        listHits.set(name, hit);
      }
      return hit;
    });
  // Checked up front, so that a missing list fails the request rather than one field.
  for (const rule of profile.rules) {
    if (rule.when.to) inDestinations(rule.when.to);
    if (rule.when.not_to) inDestinations(rule.when.not_to);
  }

  const holds = (rule: ProfileRule, category: CategoryKey, tier: Tier): boolean => {
    const w = rule.when;
    if (w.category && !w.category.some((c) => within(category, c))) return false;
    if (w.tier && !w.tier.includes(tier)) return false;
    if (w.domestic !== undefined && w.domestic !== domestic) return false;
    if (w.to && !inDestinations(w.to)) return false;
    if (w.not_to && inDestinations(w.not_to)) return false;
    if (
      w.recipient &&
      (recipient === undefined || !w.recipient.some((r) => r.trim().toLowerCase() === recipient))
    )
      return false;
    if (w.purpose && (purpose === undefined || !w.purpose.some((p) => within(purpose, p)))) return false;
    if (w.needed !== undefined && w.needed !== needed.some((c) => within(category, c))) return false;
    if (
      w.mechanism &&
      !w.mechanism.some((m) => m === mechanism || (m.endsWith('.*') && mechanism.startsWith(m.slice(0, -1))))
    )
      return false;
    return true;
  };

  const cache = new Map<string, RuleChoice>();
  return {
    domestic,
    choose(category, tier) {
      const key = `${category}|${tier}`;
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
      const rule = profile.rules.find((r) => holds(r, category, tier));
      let choice: RuleChoice =
        rule === undefined
          ? { spec: profile.fallback, rule: NO_RULE }
          : { spec: rule.spec, rule: rule.id, ...(rule.line !== undefined ? { line: rule.line } : {}) };
      // INVARIANT: core data never leaves the home country in clear (the paper's tiered protection),
      // unless the rule that keeps it says so explicitly.
      if (tier === 'core' && !domestic && choice.spec.operator === 'keep' && !rule?.coreInClear) {
        choice = { ...choice, spec: profile.coreAbroad, guard: 'core data never leaves in clear' };
      }
      cache.set(key, choice);
      return choice;
    },
  };
}
