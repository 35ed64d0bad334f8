/**
 * The error codes of Data Customs. The catalogue is public (docs/errors.md); a test keeps the two in
 * step. Retired codes are never reused.
 */
export const ERROR_CODES = {
  DC_USAGE: 'a command was called with wrong arguments',
  DC_IO: 'a file could not be read or written',
  DC_FLOW_INVALID: 'a flow declaration is not valid',
  DC_FLOW_SYNTAX: 'a flow declaration is not well-formed YAML or JSON',
  DC_TAXONOMY_INVALID: 'the taxonomy data is not valid',
  DC_TAXONOMY_UNKNOWN: 'a category, purpose or subject kind is not in the taxonomy',
  DC_LISTS_INVALID: 'the list data files are not valid',
  DC_RULEBOOK_INVALID: 'a rulebook is not valid (schema, references, CEL conditions)',
  DC_SCENARIO_INVALID: 'a rulebook scenario is not valid',
  DC_CONFLICT:
    'the request conflicts with the current state (an id taken, an idempotency key reused with another body)',
  DC_UNAUTHENTICATED: 'no valid API key was given',
  DC_FORBIDDEN: 'the role of the API key does not allow this',
  DC_RATE_LIMITED: 'too many requests for this API key (or client address); retry after Retry-After seconds',
  DC_TRANSFER_REFUSED: 'a transfer was refused before any record left: the verdict does not allow it',
  DC_RECIPIENT_INVALID:
    'a recipients-registry entry or file is not valid (schema, countries, mechanism ids, dates)',
  DC_PROTECT_PROFILE_INVALID: 'a protection profile is not valid (schema, categories, purposes, operators)',
  DC_PROTECT_PROFILE_UNKNOWN: 'no protection profile has that name',
  DC_PROTECT_CONTEXT: 'a protection request is not valid (destination, purpose, field mapping, record)',
  DC_PROTECT_OPERATOR: 'an operator cannot apply to a value; the field fell back to redact',
  DC_PROTECT_KEYS: 'a key, key ring or key file is missing, malformed or lacks a version',
  DC_VAULT_DENIED: 'detokenisation refused: the role or purpose is not granted',
  DC_VAULT_LOCATION: 'detokenisation refused: the caller is outside the vault country',
  DC_VAULT_NOT_FOUND: 'no such token (never issued, or its subject was forgotten)',
  DC_VAULT_TAMPERED: 'a vault entry or wrapped key failed authentication',
  DC_VAULT_STORAGE: 'the vault storage failed',
  DC_STORE: 'the store failed',
  DC_STORE_MIGRATION: 'the store schema could not be migrated',
  DC_STORE_UNAVAILABLE:
    'the database is down, restarting or locked; retry after Retry-After seconds with the same Idempotency-Key',
  DC_HTTP_BAD_REQUEST: 'a request body is not valid',
  DC_HTTP_NOT_FOUND: 'no such route or resource',
  DC_INTERNAL: 'an unexpected failure (reported without details)',
} as const;

/** One of the public error codes. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The base of every error Data Customs throws on purpose; `code` is public and stable. */
export class DataCustomsError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DataCustomsError';
    this.code = code;
  }
}
