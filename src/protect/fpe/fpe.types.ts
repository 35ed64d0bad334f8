/**
 * A format-preserving cipher bound to one key, tweak and alphabet.
 */
export interface FpeCipher {
  /** Encrypts a string over the alphabet into a string of the same length over the same alphabet. */
  encrypt(x: string): string;
  /** Decrypts a string produced by `encrypt` with the same key, tweak and alphabet. */
  decrypt(x: string): string;
  /**
   * Encrypts many strings at once, with the same result as `encrypt` on each: values of one length whose
   * halves fit a double share each round's AES call, which is where a single value spends most of its time.
   */
  encryptAll(xs: readonly string[]): string[];
  /** Decrypts many strings at once, with the same result as `decrypt` on each. */
  decryptAll(xs: readonly string[]): string[];
  /** The number of characters in the alphabet. */
  readonly radix: number;
  /** The shortest input accepted, in characters (code points). */
  readonly minLength: number;
  /** The longest input accepted, in characters (code points). */
  readonly maxLength: number;
}

/**
 * The parameters of an FF1 cipher (NIST SP 800-38G Rev. 1, section 5.1).
 */
export interface Ff1Options {
  /** An AES key: 16, 24 or 32 bytes select AES-128, AES-192 or AES-256. */
  key: Uint8Array;
  /** The tweak, 0 to `FF1_MAX_TWEAK_BYTES` bytes. */
  tweak: Uint8Array;
  /** The numeral symbols, one per Unicode code point (beyond the BMP too), distinct; default `'0123456789'`. */
  alphabet?: string;
}

/**
 * The parameters of an FF3-1 cipher (NIST SP 800-38G Rev. 1, section 5.2).
 */
export interface Ff3_1Options {
  /** An AES key: 16, 24 or 32 bytes select AES-128, AES-192 or AES-256. */
  key: Uint8Array;
  /** The tweak, exactly 7 bytes (56 bits). */
  tweak: Uint8Array;
  /** The numeral symbols, one per Unicode code point (beyond the BMP too), distinct; default `'0123456789'`. */
  alphabet?: string;
}

/** Internal switches of the Feistel networks, for tests that hold one path against the other. */
export interface FeistelOptions {
  /** Run halves that fit a double on doubles (default true); false keeps every length on bigints. */
  readonly doubles?: boolean;
}
