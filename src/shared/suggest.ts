import { distance } from 'fastest-levenshtein';

/**
 * The known key a person most likely meant by `input`, or undefined when nothing is close.
 *
 * Dotted keys are compared segment-wise first: a sibling whose last segment extends the typed one
 * (`user.contact.phone` -> `user.contact.phone_number`) beats a sibling at a smaller edit distance
 * (`user.contact.email`), because people truncate names far more often than they misspell them.
 */
export function suggestKey(input: string, known: Iterable<string>): string | undefined {
  const keys = [...known];
  if (keys.length === 0 || input.length === 0) return undefined;
  const lower = input.toLowerCase();
  const exactCase = keys.find((k) => k.toLowerCase() === lower);
  if (exactCase !== undefined) return exactCase;

  const dot = lower.lastIndexOf('.');
  const parent = dot < 0 ? '' : lower.slice(0, dot);
  const leaf = dot < 0 ? lower : lower.slice(dot + 1);
  const parentOf = (k: string): string => (k.lastIndexOf('.') < 0 ? '' : k.slice(0, k.lastIndexOf('.')));
  const leafOf = (k: string): string => k.slice(k.lastIndexOf('.') + 1);
  const shortest = (list: string[]): string | undefined =>
    list.sort((a, b) => a.length - b.length || a.localeCompare(b))[0];

  const siblings = keys.filter((k) => parentOf(k).toLowerCase() === parent);
  const extending = siblings.filter((k) => leafOf(k).toLowerCase().startsWith(leaf));
  if (leaf.length >= 2 && extending.length > 0) return shortest(extending);
  const containing = siblings.filter((k) => {
    const l = leafOf(k).toLowerCase();
    return leaf.length >= 3 && (l.includes(leaf) || leaf.includes(l));
  });
  if (containing.length > 0) return shortest(containing);

  const sameLeaf = keys.filter((k) => leafOf(k).toLowerCase() === leaf);
  if (sameLeaf.length > 0) return shortest(sameLeaf);

  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of keys) {
    const d = distance(lower, k.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && k < best)) {
      best = k;
      bestDistance = d;
    }
  }
  const allowed = Math.max(2, Math.floor(input.length / 4));
  return bestDistance <= allowed ? best : undefined;
}
