import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { IsoDate } from '../geo/types.js';
import { CONFIDENCE_LEVELS, isIsoDate, LIST_KINDS, type ListSet } from '../lists/index.js';
import { ErrorSchema } from './schemas.js';

/** What the list routes need: the lists and a clock (for "in force today"). */
export interface ListsRouteDeps {
  readonly lists: ListSet;
  readonly clock: { readonly now: () => Date };
}

const literalUnion = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Localised = Type.Object({ en: Type.String(), zh: Type.String() });
const Day = Type.String({ description: 'YYYY-MM-DD' });

/** One list in GET /v1/lists. */
export const ListSummarySchema = Type.Object({
  name: Type.String(),
  title: Localised,
  jurisdiction: Type.String(),
  kind: literalUnion(LIST_KINDS),
  version: Day,
  hash: Type.String({ description: 'SHA-256 hex of the canonical form of the list' }),
  in_force: Type.Integer({ description: 'entries in force on `date`' }),
});

/** GET /v1/lists. */
export const ListsResponse = Type.Object({
  date: Day,
  hash: Type.String({
    description: 'SHA-256 hex over every list name and hash: record it to reproduce a verdict',
  }),
  lists: Type.Array(ListSummarySchema),
});

/** One dated entry, with its source. */
export const ListEntryResponse = Type.Object({
  key: Type.String(),
  name: Type.String(),
  from: Day,
  until: Type.Union([Day, Type.Null()]),
  scope: Type.Optional(Type.String()),
  citation: Type.String(),
  url: Type.String(),
  confidence: literalUnion(CONFIDENCE_LEVELS),
  note: Type.Optional(Type.String()),
  data: Type.Optional(Type.Object({}, { additionalProperties: true })),
});

/** GET /v1/lists/{name}. */
export const ListResponse = Type.Object({
  name: Type.String(),
  title: Localised,
  jurisdiction: Type.String(),
  kind: literalUnion(LIST_KINDS),
  description: Localised,
  version: Day,
  hash: Type.String(),
  sources: Type.Array(Type.Object({ citation: Type.String(), url: Type.String() })),
  at: Day,
  entries: Type.Array(ListEntryResponse),
});

/**
 * The list routes, as a Fastify plugin: `GET /v1/lists` (every list with its hash and the count of
 * entries in force today) and `GET /v1/lists/:name?at=YYYY-MM-DD` (one list as it stood on a day).
 *
 * @example
 * await app.register(listsRoutes, { lists: loadBundledLists(), clock: { now: () => new Date() } });
 */
export const listsRoutes: FastifyPluginAsync<ListsRouteDeps> = async (app, deps) => {
  const today = (): IsoDate => deps.clock.now().toISOString().slice(0, 10) as IsoDate;

  app.get(
    '/v1/lists',
    {
      schema: {
        tags: ['lists'],
        summary: 'every white list and negative list: version, hash and entries in force today',
        response: { 200: ListsResponse },
      },
    },
    async () => {
      const date = today();
      return {
        date,
        hash: deps.lists.hash,
        lists: deps.lists.names().map((name) => {
          const list = deps.lists.get(name);
          return {
            name,
            title: list?.title ?? { en: name, zh: name },
            jurisdiction: list?.jurisdiction ?? '',
            kind: list?.kind ?? 'countries',
            version: list?.version ?? '',
            hash: deps.lists.hashOf(name),
            in_force: deps.lists.entriesAt(name, date).length,
          };
        }),
      };
    },
  );

  app.get(
    '/v1/lists/:name',
    {
      schema: {
        tags: ['lists'],
        summary: 'one list as it stood on a day (default today), with the source of each entry',
        params: Type.Object({ name: Type.String({ description: 'a list name, e.g. eu.adequacy' }) }),
        // From the query string: untrusted; checked below so that a bad date gets our error body.
        querystring: Type.Object({
          at: Type.Optional(Type.String({ description: 'YYYY-MM-DD (default today)' })),
        }),
        response: { 200: ListResponse, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      const { name } = req.params as { name: string };
      const { at = today() } = req.query as { at?: string };
      const list = deps.lists.get(name);
      if (list === undefined) {
        const guess = deps.lists.suggest(name);
        return reply.code(404).send({
          error: {
            code: 'DC_HTTP_NOT_FOUND',
            message: `unknown list ${name}${guess ? ` — did you mean ${guess}?` : ''}`,
          },
        });
      }
      if (!isIsoDate(at)) {
        return reply.code(400).send({
          error: { code: 'DC_HTTP_BAD_REQUEST', message: `at: \`${at}\` is not a calendar date YYYY-MM-DD` },
        });
      }
      return {
        name: list.name,
        title: list.title,
        jurisdiction: list.jurisdiction,
        kind: list.kind,
        description: list.description,
        version: list.version,
        hash: deps.lists.hashOf(name),
        sources: list.sources,
        at,
        entries: deps.lists.entriesAt(name, at),
      };
    },
  );
};
