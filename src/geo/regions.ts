// Region groups that a flow may name instead of countries (`targets: [EU]`), with the dates each
// member belonged to the group, so that a flow dated before an accession or after a withdrawal
// expands to the members of that day.
//
// Sources: accession dates of the Treaties of Accession (EUR-Lex, "The history of the European
// Union"); the United Kingdom's withdrawal took effect on 1 February 2020 (Withdrawal Agreement,
// OJ L 29, 31.1.2020), after which EU law still applied to it during the transition period that
// ended 31 December 2020 (Withdrawal Agreement Art. 126-127) — a rulebook, not this list, decides
// what that means for a transfer. EEA: the EEA Agreement entered into force on 1 January 1994
// (Liechtenstein on 1 May 1995); EU members joining later became EEA parties on accession, Croatia by
// the EEA Enlargement Agreement applied provisionally from 12 April 2014.

import type { CountryCode, IsoDate } from './types.js';

/** One membership period of a country in a region group; `until` is the last day, inclusive. */
export interface Membership {
  readonly country: CountryCode;
  readonly from: IsoDate;
  readonly until?: IsoDate;
}

/** A named group of countries with dated memberships. */
export interface RegionGroup {
  readonly code: string;
  readonly name: { readonly en: string; readonly zh: string };
  readonly members: readonly Membership[];
  readonly source: string;
}

const m = (country: string, from: string, until?: string): Membership =>
  until === undefined
    ? { country: country as CountryCode, from: from as IsoDate }
    : { country: country as CountryCode, from: from as IsoDate, until: until as IsoDate };

const EU_MEMBERS: readonly Membership[] = [
  ...['BE', 'DE', 'FR', 'IT', 'LU', 'NL'].map((c) => m(c, '1958-01-01')),
  m('DK', '1973-01-01'),
  m('IE', '1973-01-01'),
  m('GB', '1973-01-01', '2020-01-31'),
  m('GR', '1981-01-01'),
  m('ES', '1986-01-01'),
  m('PT', '1986-01-01'),
  ...['AT', 'FI', 'SE'].map((c) => m(c, '1995-01-01')),
  ...['CY', 'CZ', 'EE', 'HU', 'LT', 'LV', 'MT', 'PL', 'SI', 'SK'].map((c) => m(c, '2004-05-01')),
  m('BG', '2007-01-01'),
  m('RO', '2007-01-01'),
  m('HR', '2013-07-01'),
];

const EEA_START = '1994-01-01';
const later = (a: string, b: string): string => (a > b ? a : b);

const EEA_MEMBERS: readonly Membership[] = [
  ...EU_MEMBERS.filter((x) => x.country !== 'HR').map((x) => m(x.country, later(x.from, EEA_START), x.until)),
  // Austria, Finland and Sweden were EEA parties as EFTA states from the start, before joining the EU.
  ...['AT', 'FI', 'SE'].map((c) => m(c, EEA_START)),
  m('HR', '2014-04-12'),
  m('IS', EEA_START),
  m('NO', EEA_START),
  m('LI', '1995-05-01'),
];

/** The region groups a flow may name, by code. */
export const REGION_GROUPS: ReadonlyMap<string, RegionGroup> = new Map<string, RegionGroup>([
  [
    'EU',
    {
      code: 'EU',
      name: { en: 'European Union', zh: '欧盟' },
      members: EU_MEMBERS,
      source: 'Treaties of Accession; Withdrawal Agreement (OJ L 29, 31.1.2020)',
    },
  ],
  [
    'EEA',
    {
      code: 'EEA',
      name: { en: 'European Economic Area', zh: '欧洲经济区' },
      members: dedupe(EEA_MEMBERS),
      source: 'EEA Agreement (OJ L 1, 3.1.1994); EEA Enlargement Agreement 2014',
    },
  ],
]);

function dedupe(members: readonly Membership[]): Membership[] {
  // INVARIANT: a country appears once per group; the earliest start wins (AT, FI, SE above).
  const byCountry = new Map<string, Membership>();
  for (const x of members) {
    const seen = byCountry.get(x.country);
    if (seen === undefined || x.from < seen.from) byCountry.set(x.country, x);
  }
  return [...byCountry.values()].sort((a, b) => a.country.localeCompare(b.country));
}

/** The members of a region group on a given day, sorted by code. */
export function membersOn(group: RegionGroup, date: IsoDate): CountryCode[] {
  return group.members
    .filter((x) => x.from <= date && (x.until === undefined || date <= x.until))
    .map((x) => x.country)
    .sort();
}
