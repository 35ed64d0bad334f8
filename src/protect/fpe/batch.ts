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
