import { FpeError } from './errors.js';

/** The smallest domain NIST SP 800-38G Rev. 1 (section 5.2) allows: radix^minlen >= 1,000,000. */
export const NIST_MIN_DOMAIN_SIZE = 1_000_000n;

/** FF1's largest input length: n is encoded as [n]^4 in P (NIST SP 800-38G Rev. 1, Algorithm 7, step 5). */
export const FF1_MAX_LENGTH = 0xffff_ffff;

/**
 * The shortest input for a radix: the least minlen >= 2 with radix^minlen >= 1,000,000 (NIST SP 800-38G
 * Rev. 1, sections 5.1 and 5.2).
 */
export function minLengthFor(radix: number): number {
  const base = BigInt(radix);
  let length = 2;
  let size = base * base;
  while (size < NIST_MIN_DOMAIN_SIZE) {
    size *= base;
    length++;
  }
  return length;
}

/**
 * FF3-1's longest input for a radix: 2 * floor(log_radix(2^96)) (NIST SP 800-38G Rev. 1, section 5.2),
 * computed exactly in integers.
 */
export function ff3_1MaxLengthFor(radix: number): number {
  const base = BigInt(radix);
  const limit = 1n << 96n;
  let half = 0;
  let power = base;
  while (power <= limit) {
    power *= base;
    half++;
  }
  return 2 * half;
}

/**
 * Checks that an input length lies in [minLength, maxLength], naming the bounds and never the input.
 */
export function assertLengthInDomain(
  length: number,
  minLength: number,
  maxLength: number,
  context: string,
): void {
  if (length < minLength || length > maxLength) {
    throw new FpeError(
      'DC_FPE_DOMAIN',
      `${context}: input: length ${length} is outside the domain; this alphabet needs ${minLength} to ${maxLength} characters`,
    );
  }
}
