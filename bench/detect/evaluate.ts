// Scoring: a prediction matches a label when it is on the same value (path), overlaps its span and
// names the same kind of data. Kinds are compared by family (consignee and contact phone numbers are
// both `phone`; UnionPay and other cards are both `bank_card`), so that peers, which know no
// consignee, are scored on what they can express; exact categories are reported separately.

import type { Label, Sample } from './corpus.js';

/** A detector's claim, in the same terms as a label. */
export interface Prediction {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  readonly category: string;
}

/** The kind of data a category is, for matching. */
export function family(category: string): string {
  if (category.endsWith('phone_number')) return 'phone';
  if (category === 'user.name' || category.startsWith('user.name.') || category === 'user.consignee.name')
    return 'name';
  if (
    category === 'user.contact.address' ||
    category === 'user.consignee.address' ||
    category === 'user.contact.address.street'
  )
    return 'address';
  if (category.startsWith('user.financial.bank_card') && !category.endsWith('masked')) return 'bank_card';
  if (category === 'user.shipment.tracking_number') return 'waybill_number';
  return category.slice(category.lastIndexOf('.') + 1);
}

export interface Tally {
  tp: number;
  fp: number;
  fn: number;
  exact: number;
}

export const newTally = (): Tally => ({ tp: 0, fp: 0, fn: 0, exact: 0 });

export function prf(t: Tally): { p: number; r: number; f1: number } {
  const p = t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp);
  const r = t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn);
  return { p, r, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r) };
}

export interface Scores {
  readonly overall: Tally;
  readonly byFamily: Map<string, Tally>;
  readonly byLocale: Map<string, Tally>;
  readonly byKind: Map<string, Tally>;
  /** Examples of misses and false alarms (category and family only; the corpus is synthetic). */
  readonly errors: { kind: 'fn' | 'fp'; locale: string; family: string; path: string; text: string }[];
}

function bump(map: Map<string, Tally>, key: string, f: (t: Tally) => void): void {
  let t = map.get(key);
  if (t === undefined) {
    t = newTally();
    map.set(key, t);
  }
  f(t);
}

function textAt(sample: Sample, path: string, start: number, end: number): string {
  if (sample.kind === 'text') return String(sample.value).slice(start, end);
  // Resolve simple JSONPaths ($.a.b, $['x y'], [0]) for error examples.
  let v: unknown = sample.value;
  for (const m of path.slice(1).matchAll(/\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]/g)) {
    const key = m[1] ?? m[2]?.replace(/\\'/g, "'") ?? Number(m[3]);
    v = (v as Record<string | number, unknown>)?.[key as string];
  }
  return String(v ?? '').slice(start, end);
}

/**
 * Scores predictions against labels. `supported` restricts false positives and per-family scores to
 * the families a peer can name (its other outputs are ignored, its misses elsewhere still count).
 */
export function score(
  samples: readonly Sample[],
  predictions: readonly (readonly Prediction[])[],
  supported?: ReadonlySet<string>,
): Scores {
  const scores: Scores = {
    overall: newTally(),
    byFamily: new Map(),
    byLocale: new Map(),
    byKind: new Map(),
    errors: [],
  };
  samples.forEach((sample, i) => {
    const preds = (predictions[i] ?? []).filter(
      (p) => supported === undefined || supported.has(family(p.category)),
    );
    const used = new Set<number>();
    const count = (key: 'tp' | 'fp' | 'fn', fam: string, exact = false) => {
      for (const t of [scores.overall]) t[key]++;
      bump(scores.byFamily, fam, (t) => t[key]++);
      bump(scores.byLocale, sample.locale, (t) => t[key]++);
      bump(scores.byKind, sample.kind, (t) => t[key]++);
      if (exact) {
        scores.overall.exact++;
        bump(scores.byFamily, fam, (t) => t.exact++);
      }
    };
    for (const label of sample.labels as Label[]) {
      const fam = family(label.category);
      let hit = -1;
      for (let k = 0; k < preds.length; k++) {
        const p = preds[k]!;
        if (used.has(k) || p.path !== label.path || p.start >= label.end || label.start >= p.end) continue;
        if (family(p.category) !== fam) continue;
        hit = k;
        break;
      }
      if (hit >= 0) {
        used.add(hit);
        count('tp', fam, preds[hit]!.category === label.category);
      } else {
        count('fn', fam);
        if (scores.errors.length < 4000)
          scores.errors.push({
            kind: 'fn',
            locale: sample.locale,
            family: fam,
            path: label.path,
            text: textAt(sample, label.path, label.start, label.end),
          });
      }
    }
    preds.forEach((p, k) => {
      if (used.has(k)) return;
      // A second prediction inside an already matched label (an address split in two) is not a false alarm.
      const inside = (sample.labels as Label[]).some(
        (l) =>
          l.path === p.path &&
          p.start < l.end &&
          l.start < p.end &&
          family(l.category) === family(p.category),
      );
      if (inside) return;
      count('fp', family(p.category));
      if (scores.errors.length < 4000)
        scores.errors.push({
          kind: 'fp',
          locale: sample.locale,
          family: family(p.category),
          path: p.path,
          text: textAt(sample, p.path, p.start, p.end),
        });
    });
  });
  return scores;
}
