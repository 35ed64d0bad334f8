// Precise locations: latitude/longitude pairs in decimal degrees (`31.2304, 121.4737`, `31.2304°N
// 121.4737°E`, `N31.2304 E121.4737`), each part to at least three decimals (about 100 m).

import { CATEGORY } from '../categories.js';
import { cueAt, emit, grade, type ValueScan } from '../engine.js';
import { decimals, isPreciseCoordinate } from '../validators/geo-coordinates.js';

/** Decimal numbers with 1–3 integer digits and three or more decimals: [start, end] (sign included). */
function decimalsIn(t: string): [number, number][] {
  const out: [number, number][] = [];
  const digit = (i: number) => {
    const c = t.charCodeAt(i);
    return c >= 48 && c <= 57;
  };
  for (let dot = t.indexOf('.'); dot !== -1; dot = t.indexOf('.', dot + 1)) {
    let a = dot;
    while (a > 0 && digit(a - 1)) a--;
    let b = dot + 1;
    while (b < t.length && digit(b)) b++;
    if (dot - a < 1 || dot - a > 3 || b - dot - 1 < 3) continue;
    if ((a > 0 && t.charCodeAt(a - 1) === 46) || (b < t.length && t.charCodeAt(b) === 46)) continue;
    if (a > 0 && (t.charCodeAt(a - 1) === 45 || t.charCodeAt(a - 1) === 43)) a--;
    out.push([a, b]);
  }
  return out;
}
const BETWEEN = /^(?:\s*°?\s*([NS]))?\s*[,，;/ ]\s*(?:([EW])\s?)?$/;

/** Finds coordinate pairs. */
export function detectCoordinates(v: ValueScan): void {
  const t = v.text;
  const nums = decimalsIn(t).map(([s, e]) => ({ index: s, 0: t.slice(s, e) }));
  for (let k = 0; k + 1 < nums.length; k++) {
    const a = nums[k]!;
    const b = nums[k + 1]!;
    const aEnd = a.index + a[0].length;
    const gap = t.slice(aEnd, b.index);
    if (gap.length > 6) continue;
    const between = BETWEEN.exec(gap);
    if (between === null) continue;
    // Hemisphere letters: `N31.2304 E121.4737` (before) or `31.2304°N, 121.4737°E` (after).
    const pre =
      a.index > 0 ? (t.charAt(a.index - 1) === ' ' ? t.charAt(a.index - 2) : t.charAt(a.index - 1)) : '';
    const postB = /^\s*°?\s*([EW])/.exec(t.slice(b.index + b[0].length, b.index + b[0].length + 4));
    let lat = a[0];
    let lng = b[0];
    const ns = between[1] ?? (pre === 'N' || pre === 'S' ? pre : undefined);
    const ew = between[2] ?? postB?.[1];
    if (ns === 'S' && !lat.startsWith('-')) lat = `-${lat}`;
    if (ew === 'W' && !lng.startsWith('-')) lng = `-${lng}`;
    if (!isPreciseCoordinate(lat, lng)) continue;
    const start =
      ns !== undefined && between[1] === undefined
        ? a.index - (t.charAt(a.index - 1) === ' ' ? 2 : 1)
        : a.index;
    const end = b.index + b[0].length + (postB !== null && between[2] === undefined ? postB[0].length : 0);
    const cue = cueAt(v, start);
    const strong = ns !== undefined || (decimals(lat) >= 4 && decimals(lng) >= 4);
    emit(
      v,
      start,
      end,
      CATEGORY.preciseLocation,
      'gps_coordinates',
      grade(cue, ['gps', 'lat', 'lng', 'address'], { bare: strong ? 0.85 : 0.6, cued: 0.96, negative: 0.2 }),
    );
    k++;
  }
}
