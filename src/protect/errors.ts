import { DataCustomsError, type ErrorCode } from '../shared/errors.js';

/**
 * The error codes of protection (profiles, operators, keys) and of the vault, with what each means. The
 * catalogue is public (docs/errors.md): codes are stable and a retired code is never reused.
 */
export const PROTECT_ERROR_CODES = {
  DC_PROTECT_PROFILE_INVALID: 'a protection profile is not valid (schema, categories, purposes, operators)',
  DC_PROTECT_PROFILE_UNKNOWN: 'no protection profile has that name',
  DC_PROTECT_CONTEXT: 'a protection request is not valid (destination, purpose, field mapping, record)',
  DC_PROTECT_OPERATOR: 'an operator cannot apply to a value (wrong type or format); the field fell back',
  DC_PROTECT_KEYS: 'a key, key ring or key file is missing, malformed or lacks a version',
  DC_VAULT_DENIED: 'detokenisation refused: the role or purpose is not granted by the profile',
  DC_VAULT_LOCATION: "detokenisation refused: the caller is outside the vault's country",
  DC_VAULT_NOT_FOUND: 'no such token in the vault (never issued, or its subject was forgotten)',
  DC_VAULT_TAMPERED: 'a vault entry or wrapped key failed authentication (altered, or the wrong key)',
  DC_VAULT_STORAGE: 'the vault storage failed or returned something malformed',
} as const;

/** One of the public protection and vault error codes. */
export type ProtectErrorCode = keyof typeof PROTECT_ERROR_CODES;

/**
 * The error every protection and vault function throws on purpose. It is a `DataCustomsError`, so the CLI
 * and the HTTP API report it like any other; `code` is one of `PROTECT_ERROR_CODES`. Messages never hold
 * a personal-data value.
 */
export class ProtectError extends DataCustomsError {
  /** Every problem found, already located (`file:line:col: path: message`), when a parser found several. */
  readonly problems: readonly string[];

  constructor(
    code: ProtectErrorCode,
    message: string,
    options?: { cause?: unknown; problems?: readonly string[] },
  ) {
    // The shared catalogue (src/shared/errors.ts) lists these codes once they are wired; until then the
    // cast keeps one base class for every deliberate error.
    super(code as string as ErrorCode, message, options);
    this.name = 'ProtectError';
    this.problems = options?.problems ?? [message];
  }

  /** The code, typed as a protection code. */
  get protectCode(): ProtectErrorCode {
    return this.code as string as ProtectErrorCode;
  }
}

/** Tells whether a value is a `ProtectError`, optionally with the given code. */
export function isProtectError(value: unknown, code?: ProtectErrorCode): value is ProtectError {
  return value instanceof ProtectError && (code === undefined || value.protectCode === code);
}
