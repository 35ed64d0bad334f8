import type { Flow } from '../flow/index.js';
import {
  explainRegistry,
  type RecipientEntry,
  type RegistryReliance,
  registryReliance,
  resolveRecipient,
} from '../recipients/index.js';
import type { Verdict } from '../rules/index.js';
import type { Store } from '../store/index.js';

/** A registry entry as found for a flow: the entry and its version. */
export type FoundRecipient = { readonly entry: RecipientEntry; readonly version: number };

/** Finds an entry of a tenant's registry (none without a tenant: public calls made with no key). */
export function registryLookup(
  store: Store,
  tenant: string | null,
): ((id: string) => Promise<FoundRecipient | undefined>) | undefined {
  if (tenant === null) return undefined;
  return async (id) => {
    const r = await store.recipientsOf(tenant).latest(id);
    return r === undefined ? undefined : { entry: r.entry, version: r.version };
  };
}

/** Reliance found for a flow version, registry version and day, so that it is found once a day, not per transfer. */
export type RelianceCache = Map<string, RegistryReliance>;

const RELIANCE_CACHE_SIZE = 1000;

/**
 * A transfer's flow with its registry entry resolved for the transfer's day, and how to explain a
 * verdict of it: `explainer(first, evaluate)` finds what the first verdict owes to the registry's
 * certifications (outside the counters' lock; cached by flow version, registry version and day, since the
 * first verdict depends on nothing else), and the function it returns annotates a later verdict. An
 * inline recipient comes back unchanged; `missing` names a reference that no longer resolves.
 */
export async function resolveTransferFlow(
  store: Store,
  tenant: string,
  flow: Flow,
  cache?: { readonly map: RelianceCache; readonly flowVersion: number },
): Promise<{
  readonly flow: Flow;
  readonly missing: string | null;
  readonly notes: readonly string[];
  explainer(first: Verdict, evaluate: (f: Flow) => Verdict): (v: Verdict) => Verdict;
}> {
  const same = () => (v: Verdict) => v;
  if (flow.recipient_ref === undefined) return { flow, missing: null, notes: [], explainer: same };
  const found = await store.recipientsOf(tenant).latest(flow.recipient_ref);
  if (found === undefined) return { flow, missing: flow.recipient_ref, notes: [], explainer: same };
  const resolved = resolveRecipient(flow, found.entry, { version: found.version });
  return {
    flow: resolved.flow,
    missing: null,
    notes: resolved.registry.notes,
    explainer(first, evaluate) {
      const key = `${tenant}|${flow.id}|${cache?.flowVersion}|${found.version}|${flow.date}`;
      let reliance = cache?.map.get(key);
      if (reliance === undefined) {
        reliance = registryReliance(resolved, first, evaluate);
        if (cache) {
          if (cache.map.size >= RELIANCE_CACHE_SIZE) cache.map.delete(cache.map.keys().next().value ?? '');
          cache.map.set(key, reliance);
        }
      }
      const relied = reliance;
      return (v) => explainRegistry(resolved.registry, v, relied);
    },
  };
}
