export type { CheckFlowOptions, FlowCheck } from './check-flow.js';
export { checkFlow, parseFlow } from './check-flow.js';
export type { Exporter, Flow, Hop, MechanismId, Recipient, SubjectGroup, TargetCode } from './flow.types.js';
export type { FlowDeclaration } from './flow-schema.js';
export {
  ARRANGEMENTS,
  CERTIFICATIONS,
  CONSENT_LEVELS,
  EXPORTER_KINDS,
  FlowSchema,
  HOP_ACCESS,
  PARTY_ROLES,
  RELATIONS,
} from './flow-schema.js';
export { STARTER_MECHANISM_IDS } from './mechanism-ids.js';
