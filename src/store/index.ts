export type {
  DeclareFlowInput,
  FlowRepository,
  FlowSummary,
  FlowVersionRecord,
  Store,
  StoreLocation,
} from './store.js';
export { openStore } from './store.js';
