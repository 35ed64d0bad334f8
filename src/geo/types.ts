/** An ISO 3166-1 alpha-2 country code, upper case (`GB`, `CN`). */
export type CountryCode = string & { readonly __brand: 'CountryCode' };

/** A calendar date `YYYY-MM-DD` (no time, no zone). */
export type IsoDate = string & { readonly __brand: 'IsoDate' };
