import type { ProtectErrorCode } from '../errors.js';
import type { WrappedKey } from '../keys.js';

/** A data key as stored: wrapped by a master key version. One per tenant (subjectRef `''`) and per subject. */
export interface StoredKey {
  readonly tenant: string;
  /** The subject's reference (keyed hash of its id), or `''` for the tenant's root key. */
  readonly subjectRef: string;
  /** A random id: a subject forgotten and seen again gets a new key, which old rows do not name. */
  readonly keyId: string;
  readonly wrapped: WrappedKey;
  readonly createdAt: string;
}

/** A token and its original value, encrypted. */
export interface StoredToken {
  readonly tenant: string;
  readonly token: string;
  /** The subject's reference, or `''` when the record named no subject (the tenant's vault key then). */
  readonly subjectRef: string;
  readonly keyId: string;
  readonly category: string;
  /** The profile that issued the token: its grants decide who may detokenise. */
  readonly profile: string;
  /** AES-256-GCM: nonce || ciphertext || tag. */
  readonly ciphertext: Uint8Array;
  readonly createdAt: string;
}

/** What was done with the vault: every detokenisation (granted or refused), erasure and re-wrapping. */
export interface AccessRecord {
  readonly id: string;
  readonly tenant: string;
  readonly action: 'detokenize' | 'forget' | 'rewrap';
  /** The token asked for (a pseudonym, not the value); `''` for other actions. */
  readonly token: string;
  readonly category: string;
  readonly subjectRef: string;
  readonly actor: string;
  readonly role: string;
  readonly purpose: string;
  /** Where the caller was, ISO 3166-1 alpha-2, or `''`. */
  readonly country: string;
  /** `granted`, or the code of the refusal. */
  readonly outcome: 'granted' | ProtectErrorCode;
  /** The grant that allowed it, or `''`. */
  readonly grant: string;
  /** ISO 8601. */
  readonly at: string;
}

/**
 * What the vault needs from storage. The in-memory implementation is `createMemoryVaultStorage`; the SQL
 * one (SQLite and PostgreSQL, Kysely) is `src/store/vault-store.ts`. Storage holds only ciphertext,
 * wrapped keys, subject references and access records: never a value or a subject's id in clear.
 */
export interface VaultStorage {
  /** The keys of these subjects (`''` for the tenant's root), those that exist. */
  getKeys(tenant: string, subjectRefs: readonly string[]): Promise<StoredKey[]>;
  /** Stores a key unless one exists for its (tenant, subjectRef); returns the key that is stored. */
  insertKey(key: StoredKey): Promise<StoredKey>;
  /** The tokens among these that are already issued in the tenant (for any subject). */
  takenTokens(tenant: string, tokens: readonly string[]): Promise<Set<string>>;
  /**
   * Reserves random tokens for the tenant, atomically across every process sharing the storage: returns
   * those this call reserved; a token reserved before (by anyone) is not returned and must be redrawn.
   * Reservations are never released: a random token is drawn, not derived from data, so it holds nothing.
   */
  claimTokens(tenant: string, tokens: readonly string[]): Promise<Set<string>>;
  /** Stores token rows; a row whose (tenant, token, subjectRef) exists is left unchanged. */
  putTokens(rows: readonly StoredToken[]): Promise<void>;
  /** Every row of a token (a deterministic token has one per subject that has the value). */
  findToken(tenant: string, token: string): Promise<StoredToken[]>;
  /** Deletes a subject's keys and tokens (crypto-shredding: the key's deletion is what makes it final). */
  deleteSubject(tenant: string, subjectRef: string): Promise<{ keys: number; tokens: number }>;
  recordAccess(record: AccessRecord): Promise<void>;
  /** Access records of a tenant, newest first. */
  listAccess(
    tenant: string,
    options?: { readonly limit?: number; readonly token?: string },
  ): Promise<AccessRecord[]>;
  /** Keys wrapped by a master version other than `version`, at most `limit`, for re-wrapping. */
  keysNotWrappedBy(version: number, limit: number): Promise<StoredKey[]>;
  /** Replaces a key's wrapping if it is still wrapped by `fromVersion`; tells whether it did. */
  rewrapKey(key: StoredKey, fromVersion: number, wrapped: WrappedKey): Promise<boolean>;
  /** How many keys each master version wraps. */
  countKeysByVersion(): Promise<Map<number, number>>;
}
