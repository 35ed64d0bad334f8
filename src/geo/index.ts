export type { Country, CountryReading } from './countries.js';
export { getCountry, isCountryCode, listCountries, readCountry } from './countries.js';
export type { Membership, RegionGroup } from './regions.js';
export { membersOn, REGION_GROUPS } from './regions.js';
export type { CountryCode, IsoDate } from './types.js';
