export type { RandomSource } from './crypto.js';
export { base32, hmacSha256, openAesGcm, sealAesGcm } from './crypto.js';
export type { ProtectErrorCode } from './errors.js';
export { isProtectError, PROTECT_ERROR_CODES, ProtectError } from './errors.js';
export type { Ff1Options, Ff3_1Options, FpeCipher, FpeErrorCode } from './fpe/index.js';
export { FF1_MAX_TWEAK_BYTES, FF3_1_TWEAK_BYTES, FpeError, ff1, ff3_1 } from './fpe/index.js';
export type { KeyProvider, KeyRing, TenantKeys, WrappedKey } from './keys.js';
export {
  createKeyRing,
  createLocalKeyProvider,
  deriveTenantKeys,
  formatKeyFile,
  KEY_FILE_KIND,
  parseKeyFile,
  parseKeyRingVariable,
  retireKeyVersions,
  rotateKeyRing,
} from './keys.js';
export type { FpeAlgorithm, FpeField, FpeFieldOptions } from './operators/fpe-field.js';
export { FPE_ALPHABETS, fpeField } from './operators/fpe-field.js';
export type { GeneraliseOptions, GeneraliseTarget } from './operators/generalise.js';
export { GENERALISE_TARGETS, generaliseValue } from './operators/generalise.js';
export type { HashOptions } from './operators/hash.js';
export { keyedHash } from './operators/hash.js';
export type { IdKeep, MaskKind, MaskOptions } from './operators/mask.js';
export { ID_KEEPS, MASK_KINDS, maskKindFor, maskValue } from './operators/mask.js';
export type { OperatorInfo, OperatorName, OperatorSpec } from './operators/operators.js';
export { OPERATOR_INFO, OPERATORS } from './operators/operators.js';
export type { TokenFormat, TokenMode, TokenOptions } from './operators/tokens.js';
export {
  deterministicOpaqueToken,
  deterministicPreservedToken,
  randomOpaqueToken,
  randomPreservedToken,
  TOKEN_PREFIX,
} from './operators/tokens.js';
export { wildcardPath } from './paths.js';
export type { ParseProfileOptions, ProfileParse } from './profile/parse-profile.js';
export { parseProfile, parseProfileOrThrow } from './profile/parse-profile.js';
export type {
  DetokenizeGrant,
  Profile,
  ProfileRule,
  RuleConditions,
  VaultPolicy,
} from './profile/profile.types.js';
export { ProfileSchema } from './profile/profile-schema.js';
export type { ListLookup, ProtectRequest, RuleChoice, RuleSelector } from './profile/select-rule.js';
export { createRuleSelector, NO_RULE } from './profile/select-rule.js';
export type {
  CategorySource,
  DetectedSpan,
  FieldClassifier,
  FieldExplanation,
  ProtectedRecord,
  Protector,
  ProtectorOptions,
  RecordScanner,
  TokenRequest,
  TokenService,
} from './transform.js';
export { createProtector } from './transform.js';
export { createMemoryVaultStorage } from './vault/memory-storage.js';
export type { Detokenized, DetokenizeRequest, Vault, VaultOptions } from './vault/vault.js';
export { createVault } from './vault/vault.js';
export type { AccessRecord, StoredKey, StoredToken, VaultStorage } from './vault/vault.types.js';
