// The public face of the ledger (`data-customs/ledger`): RFC 6962 Merkle hashing and proofs, C2SP signed
// notes, checkpoints, cosignatures and the witness decision. Bytes are Uint8Array; verifiers return true
// or throw a LedgerError. Everything here is pure and runs in a browser as well as in Node.

export type { Checkpoint, CheckpointInput } from './checkpoint.js';
export { formatCheckpoint, parseCheckpoint } from './checkpoint.js';
export type { Cosignature } from './cosignature.js';
export {
  cosignatureTimestamp,
  cosignCheckpoint,
  generateCosignerKey,
  verifyCosignature,
} from './cosignature.js';
export { COSIGNATURE_V1_HEADER, cosignatureV1Message } from './cosignature-message.js';
export type { LedgerErrorCode } from './errors.js';
export { isLedgerError, LEDGER_ERROR_CODES, LedgerError } from './errors.js';
export {
  createStridedSubtreeSource,
  createSubtreeCache,
  isStoredLevel,
  subtreeSourceFromLeaves,
  toSubtreeHashSource,
} from './hash-source.js';
export type { LogKeyEntry, LogKeyList, OpenedLogKeyList } from './log-keys.js';
export {
  activeLogKeys,
  formatLogKeyList,
  keyListTime,
  LOG_KEY_LIST_HEADER,
  openLogKeyList,
  parseLogKeyList,
  signLogKeyList,
  updateTrustedLogKeys,
} from './log-keys.js';
export type { MemoryTree } from './memory-tree.js';
export { createMemoryTree } from './memory-tree.js';
export {
  emptyRootHash,
  foldSubtreeHashes,
  HASH_SIZE,
  leafHash,
  nodeHash,
  RFC6962_LEAF_PREFIX,
  RFC6962_NODE_PREFIX,
  rootHash,
} from './merkle.js';
export type {
  HashPlan,
  HashSource,
  LeafHashSource,
  MaybePromise,
  NodeId,
  SubtreeCache,
  SubtreeHashSource,
  SubtreeNode,
} from './merkle.types.js';
export type { MerkleFrontier } from './merkle-frontier.js';
export {
  appendToFrontier,
  emptyFrontier,
  frontierNodes,
  frontierRootHash,
  restoreFrontier,
} from './merkle-frontier.js';
export { planConsistencyProof, planInclusionProof, planRootHash } from './merkle-plan.js';
export { consistencyProof, inclusionProof, resolvePlan, treeRootHash } from './merkle-proof.js';
export { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './merkle-verify.js';
export type { NoteSignature, OpenedNote, ParsedNote, VerifiedNoteSignature } from './note.js';
export {
  formatNote,
  formatSignatureLine,
  MAX_NOTE_SIGNATURES,
  openNote,
  parseNote,
  signNote,
} from './note.js';
export type { NoteKeyPair, NoteKeyType, NoteSignerKey, NoteVerifierKey } from './note-key.js';
export {
  formatVerifierKey,
  generateNoteKey,
  isValidKeyName,
  noteKeyId,
  parseSignerKey,
  parseVerifierKey,
  SIGNED_NOTE_TYPE_COSIGNATURE_V1,
  SIGNED_NOTE_TYPE_ED25519,
  toCosignatureVerifierKey,
} from './note-key.js';
export type { Receipt, ReceiptVerdict } from './receipt.js';
export {
  decodeReceipt,
  encodeReceipt,
  MAX_RECEIPT_SUBJECTS,
  RECEIPT_VERDICTS,
  RECEIPT_VERSION,
  receiptLeafHash,
  receiptProblems,
  sha256Hex,
  subjectCommitment,
} from './receipt.js';
export type { CheckpointKeys, OpenedCheckpoint } from './signed-checkpoint.js';
export { openCheckpoint, signCheckpoint } from './signed-checkpoint.js';
export type {
  AddCheckpointRequest,
  WitnessAlarm,
  WitnessCosign,
  WitnessDecision,
  WitnessLogState,
  WitnessOptions,
  WitnessReject,
  WitnessRejectReason,
  WitnessState,
} from './witness.js';
export { createWitnessLogState, WITNESS_REJECT_STATUS, witnessCheckpoint } from './witness.js';
export {
  formatAddCheckpointRequest,
  formatConflictBody,
  MAX_PROOF_LINES,
  parseAddCheckpointRequest,
  parseConflictBody,
  parseCosignatureResponse,
  TLOG_SIZE_CONTENT_TYPE,
} from './witness-protocol.js';
export type { WitnessLogStateJson, WitnessStateJson } from './witness-state.js';
export { parseWitnessState, witnessStateToJson } from './witness-state.js';
