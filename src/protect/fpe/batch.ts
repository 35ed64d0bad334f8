import { modDouble } from './byte-string.js';
import { assertLengthInDomain } from './domain.js';
import { FpeError } from './errors.js';
import { type Alphabet, toNumerals } from './numeral-string.js';

/** What a cipher runs on one group of values that share a length: their numeral strings, in input order. */
export type GroupRunner = (length: number, group: readonly Uint16Array[]) => string[];

/**
 * Runs a cipher over many values: checks every value first (a bad one is named by its position, never by its
 * content, and nothing is returned), groups them by length, runs each group, and puts the answers back in
 * input order.
 */
export function runByLength(
  xs: readonly string[],
  alphabet: Alphabet,
  domain: { readonly minLength: number; readonly maxLength: number; readonly context: string },
  runGroup: GroupRunner,
): string[] {
  // from the caller: untrusted, possibly personal data
  if (!Array.isArray(xs))
    throw new FpeError('DC_FPE_DOMAIN', `${domain.context}: values: expected an array of strings`);
  const groups = new Map<number, { indexes: number[]; numerals: Uint16Array[] }>();
  for (let i = 0; i < xs.length; i++) {
    const where = `${domain.context}: values[${i}]`;
    const numerals = toNumerals(xs[i], alphabet, where);
    assertLengthInDomain(numerals.length, domain.minLength, domain.maxLength, where);
    let group = groups.get(numerals.length);
    if (group === undefined) {
      group = { indexes: [], numerals: [] };
      groups.set(numerals.length, group);
    }
    group.indexes.push(i);
    group.numerals.push(numerals);
  }
  const out = new Array<string>(xs.length);
  for (const [length, group] of groups) {
    const answers = runGroup(length, group.numerals);
    for (let k = 0; k < answers.length; k++) out[group.indexes[k]!] = answers[k]!;
  }
  return out;
}

/**
 * One Feistel round on the halves of value k, kept as doubles: encrypting, C = (A + y) mod m, A <- B,
 * B <- C; decrypting, C = (B - y) mod m, B <- A, A <- C (NIST SP 800-38G Rev. 1, Algorithms 7-10, with y
 * already reduced mod m).
 */
export function feistelRound(
  a: Float64Array,
  b: Float64Array,
  k: number,
  y: number,
  modulus: number,
  decrypting: boolean,
): void {
  if (decrypting) {
    const c = modDouble(b[k]! - y + modulus, modulus);
    b[k] = a[k]!;
    a[k] = c;
  } else {
    const c = modDouble(a[k]! + y, modulus);
    a[k] = b[k]!;
    b[k] = c;
  }
}
