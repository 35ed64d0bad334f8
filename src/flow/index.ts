export type { CheckFlowOptions, FlowCheck } from './check-flow.js';
export { checkFlow, parseFlow } from './check-flow.js';
export type {
  Exporter,
  Flow,
  Hop,
  MechanismId,
  Recipient,
  RecipientLookup,
  RecipientParty,
  SubjectGroup,
  TargetCode,
} from './flow.types.js';
export type { FlowDeclaration } from './flow-schema.js';
export {
  ARRANGEMENTS,
  CERTIFICATIONS,
  CONSENT_LEVELS,
  EXPORTER_KINDS,
  FlowSchema,
  HOP_ACCESS,
  ON_UNDECLARED,
  PARTY_ROLES,
  RECIPIENT_ID_PATTERN,
  RELATIONS,
  RecipientRefSchema,
  RecipientSchema,
} from './flow-schema.js';
export { STARTER_MECHANISM_IDS, STARTER_MECHANISM_PREFIXES } from './mechanism-ids.js';
