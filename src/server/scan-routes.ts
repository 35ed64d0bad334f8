// Adapter: `POST /v1/scan`, the scan of `customs scan --format json` over a request body (a JSON
// value or array of records, NDJSON, CSV/TSV, or plain text). A Fastify plugin with its own content
// type parsers, so that the rest of the API is unaffected.

import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  combineReports,
  DEFAULT_MIN_CONFIDENCE,
  type Finding,
  INPUT_FORMATS,
  type InputFormat,
  type ScanResult,
  SourceScanner,
} from '../detect/index.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { ProblemsError } from './errors.js';
import { ErrorSchema } from './schemas.js';

/** What the scan routes need. */
export interface ScanRouteDeps {
  readonly taxonomy: Taxonomy;
  /** Today's date (YYYY-MM-DD) at the edge, for plausible birth dates. Default: the system clock. */
  readonly today?: () => string;
}

const Tier = Type.Union([Type.String(), Type.Null()]);
const Summary = Type.Object({
  path: Type.String(),
  category: Type.String(),
  tier: Tier,
  count: Type.Integer(),
  records: Type.Integer(),
  detectors: Type.Array(Type.String()),
  confidence: Type.Number(),
  examples: Type.Array(Type.String()),
});
const CategorySummarySchema = Type.Object({
  category: Type.String(),
  tier: Tier,
  count: Type.Integer(),
  records: Type.Integer(),
});
const SourceProblemSchema = Type.Object({
  code: Type.Optional(Type.String()),
  kind: Type.String(),
  line: Type.Optional(Type.Integer()),
  record: Type.Optional(Type.Integer()),
  message: Type.String(),
});
const FindingSchema = Type.Object({
  record: Type.Integer(),
  path: Type.String(),
  start: Type.Integer(),
  end: Type.Integer(),
  category: Type.String(),
  detector: Type.String(),
  confidence: Type.Number(),
});

/** POST /v1/scan, 200: the report of `customs scan --format json`, plus findings when asked for. */
export const ScanResponse = Type.Object({
  summary: Type.Object({
    files: Type.Integer(),
    records: Type.Integer(),
    bytes: Type.Integer(),
    findings: Type.Integer(),
    malformed: Type.Integer(),
    truncated: Type.Integer(),
    skipped: Type.Integer(),
    min_confidence: Type.Number(),
    categories: Type.Array(CategorySummarySchema),
  }),
  files: Type.Array(
    Type.Object({
      file: Type.String(),
      format: Type.Union([Type.String(), Type.Null()]),
      encoding: Type.Union([Type.String(), Type.Null()]),
      bytes: Type.Integer(),
      records: Type.Integer(),
      findings: Type.Integer(),
      malformed: Type.Integer(),
      truncated: Type.Integer(),
      skipped: Type.Union([Type.String(), Type.Null()]),
      fields: Type.Array(Summary),
      text: Type.Array(Summary),
      categories: Type.Array(CategorySummarySchema),
      problems: Type.Array(SourceProblemSchema),
      moreProblems: Type.Integer(),
    }),
  ),
  findings: Type.Optional(Type.Array(FindingSchema)),
});
export type ScanResponseBody = Static<typeof ScanResponse>;

const ScanQuery = Type.Object({
  min_confidence: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  input: Type.Optional(Type.Union(INPUT_FORMATS.map((f) => Type.Literal(f)))),
  findings: Type.Optional(Type.Boolean()),
});

const NDJSON_TYPES = [
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'application/x-jsonlines',
];
const CSV_TYPES = ['text/csv', 'application/csv'];
const TSV_TYPES = ['text/tab-separated-values'];
const MAX_FINDINGS = 10_000;

function formatOf(req: FastifyRequest, asked: InputFormat | undefined): InputFormat {
  if (asked !== undefined) return asked;
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (NDJSON_TYPES.includes(type)) return 'ndjson';
  if (CSV_TYPES.includes(type)) return 'csv';
  if (TSV_TYPES.includes(type)) return 'tsv';
  if (type === 'text/plain') return 'text';
  return 'json';
}

/**
 * Registers `POST /v1/scan`. Use with `app.register(scanRoutes, { taxonomy })`.
 *
 * @example
 * await app.register(scanRoutes, { taxonomy: deps.taxonomy });
 */
export async function scanRoutes(app: FastifyInstance, deps: ScanRouteDeps): Promise<void> {
  // From the request body: untrusted. Kept as text; the scanner parses it piece by piece.
  app.addContentTypeParser(
    [...NDJSON_TYPES, ...CSV_TYPES, ...TSV_TYPES],
    { parseAs: 'string' },
    (_req, body, done) => done(null, body),
  );
  const today = deps.today ?? (() => new Date().toISOString().slice(0, 10));
  const tierOf = (c: string) => deps.taxonomy.getCategory(c)?.tier;

  app.post(
    '/v1/scan',
    {
      // No body schema: the body is any text, read by the scanner according to its content type.
      schema: {
        tags: ['scan'],
        summary:
          'find personal data in a body: JSON (a record or an array of records), NDJSON, CSV/TSV or plain text',
        consumes: [
          'application/json',
          'application/x-ndjson',
          'text/csv',
          'text/tab-separated-values',
          'text/plain',
        ],
        querystring: ScanQuery,
        response: { 200: ScanResponse, 400: ErrorSchema, 413: ErrorSchema, 415: ErrorSchema },
      },
    },
    async (req) => {
      const query = req.query as Static<typeof ScanQuery>;
      const body = req.body;
      const text =
        typeof body === 'string' ? body : body === undefined || body === null ? '' : JSON.stringify(body);
      if (text.trim() === '') {
        throw new ProblemsError(
          'DC_HTTP_BAD_REQUEST',
          'request body is empty; send JSON, NDJSON, CSV or text to scan',
          [],
        );
      }
      const minConfidence = query.min_confidence ?? DEFAULT_MIN_CONFIDENCE;
      const findings: (Finding & { record: number })[] = [];
      const scanner = new SourceScanner({
        name: 'body',
        format: formatOf(req, query.input),
        encoding: 'utf-8',
        scan: { minConfidence, asOf: today() },
        tierOf,
        ...(query.findings === true
          ? {
              onFinding: (record: number, f: Finding) => {
                if (findings.length < MAX_FINDINGS) findings.push({ ...f, record });
              },
            }
          : {}),
      });
      scanner.addBytes(Buffer.byteLength(text, 'utf8'));
      scanner.push(text);
      const result: ScanResult = combineReports([scanner.end()], minConfidence);
      return query.findings === true
        ? {
            ...result,
            findings: findings.map((f) => ({
              record: f.record,
              path: f.path,
              start: f.start,
              end: f.end,
              category: f.category,
              detector: f.detector,
              confidence: f.confidence,
            })),
          }
        : result;
    },
  );
}
