import type { Flow, MechanismId } from '../flow/index.js';
import type { IsoDate } from '../geo/types.js';
import { FILED_MECHANISMS } from './check-recipient.js';
import type {
  CertificationId,
  CertificationStatus,
  ContractStatus,
  RecipientEntry,
  RegistryResolution,
} from './recipient.types.js';

/** Working days a CN standard contract has to be filed in after it takes effect (CAC Order 13 Art. 7). */
export const CN_SCC_FILING_WORKING_DAYS = 10;

const DAY_MS = 86_400_000;

/**
 * The day `n` working days after `day`, counting Monday to Friday. China's public holidays and the
 * weekend days worked in their place are not modelled (a holiday makes the real deadline later, so this
 * errs towards an earlier one; a weekend worked in exchange could make it a day earlier: UNCONFIRMED).
 */
export function addWorkingDays(day: IsoDate, n: number): IsoDate {
  let t = Date.parse(`${day}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    t += DAY_MS;
    const wd = new Date(t).getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return new Date(t).toISOString().slice(0, 10) as IsoDate;
}

/** Where a contract stands on a day: in force from `effective` until `expires` (exclusive), CN filing included. */
export function contractStatusOn(
  c: RecipientEntry['contracts'][number],
  date: IsoDate,
): { status: ContractStatus; filing_due?: IsoDate } {
  if (date < c.effective) return { status: 'not_yet_effective' };
  if (c.expires !== null && date >= c.expires) return { status: 'expired' };
  if (FILED_MECHANISMS.has(c.mechanism)) {
    // CAC Order 13 Art. 7: transfers may start once the contract is in effect, and it must be filed with
    // the provincial CAC within 10 working days; past that day it counts only once filed.
    const due = addWorkingDays(c.effective, CN_SCC_FILING_WORKING_DAYS);
    if (date > due && (c.filed === null || c.filed > date)) return { status: 'not_filed', filing_due: due };
    return { status: 'in_force', filing_due: due };
  }
  return { status: 'in_force' };
}

/** Where a certification stands on a day: it holds from `from` until `until` (exclusive). */
export function certificationStatusOn(
  c: RecipientEntry['certifications'][number],
  date: IsoDate,
): CertificationStatus {
  if (date < c.from) return 'not_yet_valid';
  if (c.until !== null && date >= c.until) return 'expired';
  return 'valid';
}

/** A flow with its registry entry applied for one day, and what the registry gave it. */
export interface ResolvedFlow {
  readonly flow: Flow;
  readonly registry: RegistryResolution;
}

/**
 * Applies a recipients-registry entry to a flow for the evaluation's date (the flow's `date`): the
 * entry's parties fields become the recipient's, the certifications that hold that day become its
 * certifications, and the mechanisms of the contracts in force that day join the safeguards. Pure.
 *
 * @example
 * const { flow: resolved, registry } = resolveRecipient({ ...flow, date: today }, entry);
 * const verdict = explainRegistry(resolved, registry, evaluate(resolved, options), (f) => evaluate(f, options));
 */
export function resolveRecipient(
  flow: Flow,
  entry: RecipientEntry,
  options: { readonly version?: number | null } = {},
): ResolvedFlow {
  const date = flow.date;
  const declaredCerts = new Set<string>(
    flow.recipient_ref === undefined ? flow.recipient.certifications : [],
  );
  const declaredSafeguards = new Set<string>(flow.safeguards);
  const certifications = entry.certifications.map((c) => ({
    ...c,
    status: certificationStatusOn(c, date),
    added: !declaredCerts.has(c.id),
  }));
  const contracts = entry.contracts.map((c) => ({
    ...c,
    ...contractStatusOn(c, date),
    added: !declaredSafeguards.has(c.mechanism),
  }));
  const certs = new Set<CertificationId>(
    flow.recipient_ref === undefined ? flow.recipient.certifications : [],
  );
  for (const c of certifications) if (c.status === 'valid') certs.add(c.id);
  const safeguards = new Set<MechanismId>(flow.safeguards);
  for (const c of contracts) if (c.status === 'in_force') safeguards.add(c.mechanism);

  const notes: string[] = [];
  const inForceMechanisms = new Set(contracts.filter((c) => c.status === 'in_force').map((c) => c.mechanism));
  for (const c of contracts) {
    if (c.status === 'in_force') continue;
    if (inForceMechanisms.has(c.mechanism)) continue; // another contract of the same mechanism stands
    notes.push(contractNote(entry, c));
  }
  for (const c of certifications) if (c.status !== 'valid') notes.push(certificationNote(entry, c));

  return {
    flow: {
      ...flow,
      recipient: {
        name: entry.name,
        country: entry.country,
        headquarters: entry.headquarters,
        owned_by: entry.owned_by,
        role: entry.role,
        relation: entry.relation,
        certifications: [...certs],
        authority: entry.authority,
        // The registry decides for a reference; an inline recipient's own `covered_person: true` stays.
        covered_person:
          flow.recipient_ref !== undefined
            ? entry.covered_person
            : entry.covered_person || flow.recipient.covered_person === true,
      },
      safeguards: [...safeguards],
    },
    registry: {
      recipient: entry.id,
      version: options.version ?? null,
      date,
      certifications,
      contracts,
      notes,
    },
  };
}

/** A sentence on a contract that is not in force on the resolution's day. */
export function contractNote(
  entry: { readonly id: string },
  c: RegistryResolution['contracts'][number],
  lang: 'en' | 'zh' = 'en',
): string {
  const who = `${c.mechanism} with ${entry.id} (${c.reference})`;
  if (lang === 'zh') {
    if (c.status === 'expired')
      return `${c.mechanism}（与 ${entry.id} 签订，编号 ${c.reference}）已于 ${c.expires} 到期`;
    if (c.status === 'not_yet_effective')
      return `${c.mechanism}（与 ${entry.id} 签订，编号 ${c.reference}）自 ${c.effective} 起生效`;
    return `${c.mechanism}（与 ${entry.id} 签订，编号 ${c.reference}）于 ${c.effective} 生效，未在 ${c.filing_due} 前（10个工作日内）向省级网信部门备案（《个人信息出境标准合同办法》第七条）`;
  }
  if (c.status === 'expired') return `${who} expired on ${c.expires}`;
  if (c.status === 'not_yet_effective') return `${who} takes effect only on ${c.effective}`;
  return `${who} took effect on ${c.effective} and was not filed with the provincial CAC by ${c.filing_due}, 10 working days later (CAC Order 13 Art. 7)${c.filed !== null ? `; filed on ${c.filed}` : ''}`;
}

/** A sentence on a certification that does not hold on the resolution's day. */
export function certificationNote(
  entry: { readonly id: string },
  c: RegistryResolution['certifications'][number],
  lang: 'en' | 'zh' = 'en',
): string {
  if (lang === 'zh')
    return c.status === 'expired'
      ? `${entry.id} 的 ${c.id} 认证已于 ${c.until} 失效`
      : `${entry.id} 的 ${c.id} 认证自 ${c.from} 起有效`;
  return c.status === 'expired'
    ? `${c.id} of ${entry.id} expired on ${c.until}`
    : `${c.id} of ${entry.id} holds only from ${c.from}`;
}
