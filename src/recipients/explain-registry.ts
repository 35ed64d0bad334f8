import type { Flow } from '../flow/index.js';
import { isBetter, type JurisdictionVerdict, type Verdict } from '../rules/index.js';
import type { RegistryResolution } from './recipient.types.js';
import { certificationNote, contractNote, type ResolvedFlow } from './resolve-recipient.js';

/** A verdict with the recipients registry's part in it (an extension of DESIGN.md's verdict). */
export type RegistryVerdict = Verdict & { readonly registry: RegistryResolution };

/**
 * Which verdict entries owe their outcome to the registry's certifications: found, like `what_if`, by
 * re-evaluating the flow without the certifications the registry added, and with those it holds on
 * other days (expired or not yet valid). Keys are `jurisdiction#hop`.
 */
export interface RegistryReliance {
  /** Entries that are worse (or rely on another mechanism) without the registry's certifications. */
  readonly onCertifications: ReadonlySet<string>;
  /** Entries that would be better with the certifications that do not hold that day. */
  readonly onLapsedCertifications: ReadonlySet<string>;
}

const keyOf = (e: JurisdictionVerdict) => `${e.jurisdiction}#${e.hop?.index ?? '-'}`;

/**
 * Finds the verdict entries that rely on the registry's certifications (see `RegistryReliance`); at most
 * two re-evaluations, none when the registry gave no certification.
 */
export function registryReliance(
  resolved: ResolvedFlow,
  verdict: Verdict,
  evaluateFlow: (flow: Flow) => Verdict,
): RegistryReliance {
  const { flow, registry } = resolved;
  const added = registry.certifications.filter((c) => c.added && c.status === 'valid').map((c) => c.id);
  const lapsed = registry.certifications.filter((c) => c.status !== 'valid').map((c) => c.id);
  const compare = (variant: Verdict, worse: boolean): Set<string> => {
    const byKey = new Map(variant.jurisdictions.map((e) => [keyOf(e), e]));
    const out = new Set<string>();
    for (const e of verdict.jurisdictions) {
      const v = byKey.get(keyOf(e));
      if (v === undefined) {
        if (worse && e.applies) out.add(keyOf(e));
        continue;
      }
      if (worse) {
        if (
          isBetter(e.verdict, v.verdict) ||
          (e.mechanisms.satisfied_by !== null && e.mechanisms.satisfied_by !== v.mechanisms.satisfied_by)
        )
          out.add(keyOf(e));
      } else if (isBetter(v.verdict, e.verdict)) out.add(keyOf(e));
    }
    return out;
  };
  const onCertifications =
    added.length === 0
      ? new Set<string>()
      : compare(
          evaluateFlow({
            ...flow,
            recipient: {
              ...flow.recipient,
              certifications: flow.recipient.certifications.filter((c) => !added.includes(c)),
            },
          }),
          true,
        );
  const onLapsedCertifications =
    lapsed.length === 0
      ? new Set<string>()
      : compare(
          evaluateFlow({
            ...flow,
            recipient: {
              ...flow.recipient,
              certifications: [...new Set([...flow.recipient.certifications, ...lapsed])],
            },
          }),
          false,
        );
  return { onCertifications, onLapsedCertifications };
}

/**
 * Says in each verdict entry's `why` what came from the recipients registry and on what dates: the
 * contract whose mechanism is in place, the certifications relied on, and the contract or certification
 * of the mechanism the entry lacks that expired, is not yet in force, or was not filed (CN). Adds the
 * resolution as `registry`. Pure; `reliance` comes from `registryReliance`.
 */
export function explainRegistry(
  registry: RegistryResolution,
  verdict: Verdict,
  reliance: RegistryReliance,
  lang: 'en' | 'zh' = 'en',
): RegistryVerdict {
  const sep = lang === 'zh' ? '；' : '; ';
  const entry = { id: registry.recipient };
  const span = (from: string, until: string | null) =>
    lang === 'zh' ? `${from} 至 ${until ?? '长期'}` : `${from} to ${until ?? 'open-ended'}`;
  const jurisdictions = verdict.jurisdictions.map((e) => {
    if (!e.applies) return e;
    const notes: string[] = [];
    const key = keyOf(e);
    const satisfied = e.mechanisms.satisfied_by;
    const contract = registry.contracts.find(
      (c) => c.added && c.status === 'in_force' && c.mechanism === satisfied,
    );
    if (contract)
      notes.push(
        lang === 'zh'
          ? `${contract.mechanism} 来自接收方登记册：与 ${registry.recipient} 的合同 ${contract.reference}，签订于 ${contract.signed}，有效期 ${span(contract.effective, contract.expires)}${contract.filed ? `，备案于 ${contract.filed}` : ''}`
          : `${contract.mechanism} from the recipients registry: contract ${contract.reference} with ${registry.recipient}, signed ${contract.signed}, in force ${span(contract.effective, contract.expires)}${contract.filed ? `, filed ${contract.filed}` : ''}`,
      );
    if (reliance.onCertifications.has(key)) {
      const certs = registry.certifications.filter((c) => c.added && c.status === 'valid');
      notes.push(
        lang === 'zh'
          ? `依据接收方登记册中 ${registry.recipient} 的认证：${certs.map((c) => `${c.id}（${span(c.from, c.until)}）`).join('、')}`
          : `relies on certifications of ${registry.recipient} in the recipients registry: ${certs.map((c) => `${c.id} (${span(c.from, c.until)})`).join(', ')}`,
      );
    }
    if (satisfied === null || e.verdict === 'mechanism_required' || e.verdict === 'prohibited') {
      const standing = new Set(
        registry.contracts.filter((c) => c.status === 'in_force').map((c) => c.mechanism),
      );
      for (const c of registry.contracts)
        if (
          c.status !== 'in_force' &&
          !standing.has(c.mechanism) &&
          e.mechanisms.any_of.includes(c.mechanism)
        )
          notes.push(contractNote(entry, c, lang));
    }
    if (reliance.onLapsedCertifications.has(key))
      for (const c of registry.certifications)
        if (c.status !== 'valid') notes.push(certificationNote(entry, c, lang));
    return notes.length === 0 ? e : { ...e, why: `${e.why}${sep}${[...new Set(notes)].join(sep)}` };
  });
  return { ...verdict, jurisdictions, registry };
}
