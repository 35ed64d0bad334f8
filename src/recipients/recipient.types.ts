import type { CERTIFICATIONS, MechanismId, RecipientParty } from '../flow/index.js';
import type { IsoDate } from '../geo/types.js';

/** A certification id the flow schema accepts (`eu-us-dpf`, `apec-cbpr`, …). */
export type CertificationId = (typeof CERTIFICATIONS)[number];

/** A certification held from a day until another (exclusive; null: open-ended). */
export interface DatedCertification {
  readonly id: CertificationId;
  readonly from: IsoDate;
  readonly until: IsoDate | null;
}

/** A contract implementing a mechanism, in force from `effective` until `expires` (exclusive; null: open-ended). */
export interface Contract {
  readonly mechanism: MechanismId;
  readonly signed: IsoDate;
  readonly effective: IsoDate;
  readonly expires: IsoDate | null;
  /** CN (and GBA) standard contract: the day it was filed with the provincial CAC, or null. */
  readonly filed: IsoDate | null;
  readonly reference: string;
}

/** A recipients-registry entry after checking: defaults filled, codes upper-cased. */
export interface RecipientEntry extends RecipientParty {
  readonly id: string;
  readonly certifications: readonly DatedCertification[];
  readonly contracts: readonly Contract[];
}

/** Where a contract stands on a day. */
export type ContractStatus = 'in_force' | 'not_yet_effective' | 'expired' | 'not_filed';

/** Where a certification stands on a day. */
export type CertificationStatus = 'valid' | 'not_yet_valid' | 'expired';

/** What the registry gave a flow for one evaluation: the entry's items and where each stood that day. */
export interface RegistryResolution {
  readonly recipient: string;
  /** The registry version used (the server's), or null for an offline file. */
  readonly version: number | null;
  readonly date: IsoDate;
  readonly certifications: readonly (DatedCertification & {
    readonly status: CertificationStatus;
    /** True when the flow's declaration did not already name it. */
    readonly added: boolean;
  })[];
  readonly contracts: readonly (Contract & {
    readonly status: ContractStatus;
    /** CN filing: the last day it may be filed (10 working days after it takes effect). */
    readonly filing_due?: IsoDate;
    readonly added: boolean;
  })[];
  /** One sentence per item that is not in force that day, or that the verdict relies on. */
  readonly notes: readonly string[];
}
