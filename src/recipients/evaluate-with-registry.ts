import type { Flow } from '../flow/index.js';
import { type EvaluateOptions, evaluate, type Verdict, whatIf, worstOf } from '../rules/index.js';
import { explainRegistry, registryReliance } from './explain-registry.js';
import type { RecipientEntry } from './recipient.types.js';
import { resolveRecipient } from './resolve-recipient.js';

/** A registry entry as found for a flow: the entry and its version (null for an offline file). */
export interface RecipientRegistry {
  get(id: string): { readonly entry: RecipientEntry; readonly version: number | null } | undefined;
}

/**
 * Evaluates a flow on its `date`, its registry reference (if any) resolved for that day first, and says
 * in the verdict what came from the registry. A flow with an inline recipient is evaluated as it is.
 * An unresolvable reference is evaluated without certifications or contracts and reported as a gap.
 *
 * @example
 * const { verdict } = evaluateWithRegistry({ ...flow, date: today }, registry.get(flow.recipient_ref), options);
 */
export function evaluateWithRegistry(
  flow: Flow,
  found: { readonly entry: RecipientEntry; readonly version: number | null } | undefined,
  options: EvaluateOptions,
  extra: { readonly whatIf?: boolean } = {},
): { readonly flow: Flow; readonly verdict: Verdict } {
  const withWhatIf = (f: Flow, v: Verdict): Verdict =>
    extra.whatIf ? { ...v, what_if: whatIf(f, v, options) } : v;
  if (flow.recipient_ref === undefined) {
    return { flow, verdict: withWhatIf(flow, evaluate(flow, options)) };
  }
  if (found === undefined) {
    const v = evaluate(flow, options);
    return {
      flow,
      verdict: withWhatIf(flow, {
        ...v,
        verdict: v.jurisdictions.some((j) => j.applies) ? worstOf(v.verdict, 'conditional') : v.verdict,
        gaps: [
          ...v.gaps,
          `recipient ${flow.recipient_ref} is not in the recipients registry: evaluated without its certifications and contracts`,
        ],
      }),
    };
  }
  const resolved = resolveRecipient(flow, found.entry, { version: found.version });
  const quiet: EvaluateOptions = { ...options, fullTrace: false };
  const verdict = evaluate(resolved.flow, options);
  const reliance = registryReliance(resolved, verdict, (f) => evaluate(f, quiet));
  const explained = explainRegistry(resolved.registry, verdict, reliance, options.lang ?? 'en');
  return { flow: resolved.flow, verdict: withWhatIf(resolved.flow, explained) };
}
