export type {
  CheckRecipientOptions,
  RecipientCheck,
  RecipientListCheck,
} from './check-recipient.js';
export { checkRecipient, FILED_MECHANISMS, parseRecipientList } from './check-recipient.js';
export type { RecipientRegistry } from './evaluate-with-registry.js';
export { evaluateWithRegistry } from './evaluate-with-registry.js';
export type { RegistryReliance, RegistryVerdict } from './explain-registry.js';
export { explainRegistry, registryReliance } from './explain-registry.js';
export type {
  CertificationId,
  CertificationStatus,
  Contract,
  ContractStatus,
  DatedCertification,
  RecipientEntry,
  RegistryResolution,
} from './recipient.types.js';
export {
  ContractSchema,
  DatedCertificationSchema,
  RecipientEntrySchema,
  RecipientListSchema,
} from './recipient-schema.js';
export type { ResolvedFlow } from './resolve-recipient.js';
export {
  addWorkingDays,
  CN_SCC_FILING_WORKING_DAYS,
  certificationStatusOn,
  contractStatusOn,
  resolveRecipient,
} from './resolve-recipient.js';
