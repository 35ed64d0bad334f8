import type { IsoDate } from '../geo/types.js';

/** What the keys of a list name: countries (ISO 3166-1 alpha-2), zones, organisations, categories or mechanisms. */
export const LIST_KINDS = ['countries', 'zones', 'organisations', 'categories', 'mechanisms'] as const;

/** The kind of thing a list's entries are. */
export type ListKind = (typeof LIST_KINDS)[number];

/** How sure the fact base is of an entry: `unconfirmed` entries are flagged in every verdict that uses them. */
export const CONFIDENCE_LEVELS = ['confirmed', 'unconfirmed'] as const;

/** Whether the cited fact base confirmed an entry. */
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

/** A text in English and Chinese. */
export interface Localised {
  readonly en: string;
  readonly zh: string;
}

/** A source of a whole list: the legal instrument or the page that publishes it. */
export interface ListSource {
  readonly citation: string;
  readonly url: string;
}

/**
 * One dated entry of a list. A change is recorded as a new entry: the entry that ended gets `until`
 * and its replacement starts the next day, so the list as it stood on any day can be rebuilt.
 */
export interface ListEntry {
  /** An ISO 3166-1 alpha-2 code for `countries` lists, else a lower-case id (`cn-ftz-tianjin`). */
  readonly key: string;
  readonly name: string;
  /** The first day in force. */
  readonly from: IsoDate;
  /** The last day in force, inclusive; null while in force with no end date. */
  readonly until: IsoDate | null;
  /** A partial entry: who or what it covers (`organisations certified under the EU-US DPF only`). */
  readonly scope?: string;
  readonly citation: string;
  readonly url: string;
  readonly confidence: Confidence;
  readonly note?: string;
  /** Free-form attributes (the sectors and data items of an FTZ list, a required certification...). */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** One list, as written in `lists/<name>.yaml`. */
export interface DataList {
  /** Dotted, lower case, prefixed by the jurisdiction that keeps it (`eu.adequacy`). */
  readonly name: string;
  readonly title: Localised;
  /** Who keeps the list: an ISO 3166-1 code, `EU`, or an international body (`APEC`, `COE`, `GLOBAL`). */
  readonly jurisdiction: string;
  readonly kind: ListKind;
  readonly description: Localised;
  /** The day this file's facts were last checked. */
  readonly version: IsoDate;
  readonly sources: readonly ListSource[];
  readonly entries: readonly ListEntry[];
}
