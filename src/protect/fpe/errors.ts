/**
 * The error codes raised by format-preserving encryption; the catalogue is public and codes are never reused.
 */
export type FpeErrorCode =
  /** The alphabet is not a string of 2 to 65536 distinct characters. */
  | 'DC_FPE_ALPHABET'
  /** The input is not a numeral string of the cipher's domain: wrong length or a character outside the alphabet. */
  | 'DC_FPE_DOMAIN'
  /** The key is not a 16, 24 or 32-byte AES key. */
  | 'DC_FPE_KEY'
  /** The tweak is not a byte string of a length the algorithm accepts. */
  | 'DC_FPE_TWEAK';

/**
 * An error raised by FF1 or FF3-1, carrying a stable `code` and a message that never holds the input value.
 */
export class FpeError extends Error {
  override readonly name = 'FpeError';

  /** The stable, documented code of this error. */
  readonly code: FpeErrorCode;

  constructor(code: FpeErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
