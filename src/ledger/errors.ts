/**
 * The error codes of the ledger and what each means. The catalogue is public: codes are stable and a
 * retired code is never reused.
 */
export const LEDGER_ERROR_CODES = {
  DC_LEDGER_ARGUMENT: 'an argument to a ledger function is out of range or malformed',
  DC_LEDGER_HASH_SOURCE: 'a hash source returned the wrong number of hashes, or a hash that is not 32 bytes',
  DC_LEDGER_INCLUSION: 'an inclusion proof does not verify',
  DC_LEDGER_CONSISTENCY: 'a consistency proof does not verify',
  DC_LEDGER_KEY: 'a signer or verifier key string is malformed, inconsistent or of an unsupported type',
  DC_LEDGER_NOTE_MALFORMED: 'a signed note is not well-formed',
  DC_LEDGER_NOTE_SIGNATURE: 'a signature by a known key does not verify',
  DC_LEDGER_NOTE_UNVERIFIED: 'a signed note carries no signature by a known key',
  DC_LEDGER_CHECKPOINT: 'a checkpoint is not well-formed, or is not signed by the log',
  DC_LEDGER_COSIGNATURE: 'a cosignature is malformed or does not verify',
  DC_LEDGER_WITNESS_REQUEST: 'a witness add-checkpoint request body is not well-formed',
  DC_LEDGER_WITNESS_STATE: 'stored witness state is not well-formed',
  DC_LEDGER_KEY_LIST: "a log's key list is not well-formed",
} as const;

/** One of the public ledger error codes. */
export type LedgerErrorCode = keyof typeof LEDGER_ERROR_CODES;

/** The error every ledger function throws on purpose; `code` is public and stable. */
export class LedgerError extends Error {
  readonly code: LedgerErrorCode;
  /** Every problem found, each with its location, when a parser found more than one. */
  readonly problems: readonly string[];

  constructor(
    code: LedgerErrorCode,
    message: string,
    options?: { cause?: unknown; problems?: readonly string[] },
  ) {
    super(message, options);
    this.name = 'LedgerError';
    this.code = code;
    this.problems = options?.problems ?? [message];
  }
}

/** Tells whether a value is a `LedgerError`, optionally with the given code. */
export function isLedgerError(value: unknown, code?: LedgerErrorCode): value is LedgerError {
  return value instanceof LedgerError && (code === undefined || value.code === code);
}
