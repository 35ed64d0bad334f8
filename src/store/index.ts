export type { CounterTransaction, GatewayStore, Principal, Role, TransferRecord } from './gateway-store.js';
export { ROLES } from './gateway-store.js';
export type {
  AddCosignatureInput,
  AppendResult,
  ConsistencyProofResult,
  InclusionProofResult,
  LedgerDatabase,
  LedgerEntry,
  LedgerProblem,
  LedgerProblemKind,
  LedgerStore,
  LedgerStoreOptions,
  LedgerVerifyReport,
  StoredCheckpoint,
  StoredCosignature,
  VerifyAllOptions,
} from './ledger-store.js';
export { createLedgerStore, openLedgerStore } from './ledger-store.js';
export type { QuarantinedRecord } from './quarantine-store.js';
export type { RecipientChange, RecipientRecord, RecipientRepository } from './recipient-store.js';
export type {
  DeclareFlowInput,
  FlowRepository,
  FlowSummary,
  FlowVersionRecord,
  Store,
  StoreLocation,
} from './store.js';
export { openStore } from './store.js';
export { innermostErrorCode, isStoreUnavailable } from './unavailable.js';
export type { VaultDatabase, VaultStore } from './vault-store.js';
export { createVaultStorage, createVaultTables, dropVaultTables, openVaultStore } from './vault-store.js';
