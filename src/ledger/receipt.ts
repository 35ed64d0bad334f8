// Transfer receipts: the ledger entry for one transfer, as canonical JSON (RFC 8785, JCS) bytes, which are
// the leaf data of the log. A receipt can be published: it never holds personal data in clear, only
// codes, counts, categories, digests and keyed commitments (HMAC-SHA-256 per tenant) of the subjects.
// Browser-safe. Receipts to parse are untrusted.

import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromUtf8, toHex, utf8 } from './bytes.js';
import { LedgerError } from './errors.js';
import { leafHash } from './merkle.js';

/** The receipt format version this module writes and reads. */
export const RECEIPT_VERSION = 1;

/** The verdict levels of DESIGN.md, best first. */
export const RECEIPT_VERDICTS = [
  'not_applicable',
  'allowed',
  'conditional',
  'mechanism_required',
  'prohibited',
] as const;

/** One verdict level. */
export type ReceiptVerdict = (typeof RECEIPT_VERDICTS)[number];

/** What a transfer receipt records. Every field is safe to publish. */
export interface Receipt {
  readonly version: typeof RECEIPT_VERSION;
  /** When the transfer was decided, ISO 8601 in UTC (`2026-11-29T10:00:00.000Z`). */
  readonly time: string;
  /** The tenant (an organisation, not a person), if the log is shared. */
  readonly tenant?: string;
  /** The declared flow and the version the transfer ran under. */
  readonly flow: { readonly id: string; readonly version: number };
  /** ISO 3166-1 alpha-2 code of the exporter's country of establishment. */
  readonly exporter_country: string;
  /** ISO 3166-1 alpha-2 code of the recipient's country. */
  readonly recipient_country: string;
  /** Every country the data passes through or is received in, sorted, without duplicates. */
  readonly countries: readonly string[];
  /** The categories present in the batch (taxonomy keys), sorted, without duplicates. */
  readonly categories: readonly string[];
  readonly counts: { readonly records: number; readonly subjects: number };
  readonly verdict: ReceiptVerdict;
  /** The mechanism ids in place, sorted, without duplicates. */
  readonly mechanisms: readonly string[];
  /** SHA-256 (hex) of the rulebooks the verdict was computed with, or null. */
  readonly rulebook_hash: string | null;
  /** SHA-256 (hex) of the transformed payload that left. */
  readonly payload_digest: string;
  /** The sandbox the transfer ran in, or null. */
  readonly sandbox: string | null;
  /** Keyed commitments to the subjects (`subjectCommitment`), hex, sorted, without duplicates. */
  readonly subjects: readonly string[];
}

const FIELDS = new Set([
  'version',
  'time',
  'tenant',
  'flow',
  'exporter_country',
  'recipient_country',
  'countries',
  'categories',
  'counts',
  'verdict',
  'mechanisms',
  'rulebook_hash',
  'payload_digest',
  'sandbox',
  'subjects',
]);
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const COUNTRY = /^[A-Z]{2}$/;
const KEY = /^[a-z0-9_]+(?:[.-][a-z0-9_]+)*$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** The most subjects one receipt may commit to (a batch larger than this is split over receipts). */
export const MAX_RECEIPT_SUBJECTS = 100_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function checkSortedSet(
  problems: string[],
  path: string,
  value: unknown,
  pattern: RegExp,
  what: string,
  max = 1000,
): void {
  if (!Array.isArray(value)) {
    problems.push(`${path}: not an array`);
    return;
  }
  if (value.length > max) problems.push(`${path}: more than ${max} items`);
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item !== 'string' || !pattern.test(item)) {
      problems.push(`${path}[${i}]: not ${what}`);
      return;
    }
    if (i > 0 && !((value[i - 1] as string) < item)) {
      problems.push(`${path}: not sorted without duplicates at item ${i}`);
      return;
    }
  }
}

/**
 * The problems of a value as a receipt, each with its field path; empty when it is one. Never quotes a
 * value that could be personal data.
 */
export function receiptProblems(value: unknown): string[] {
  if (!isRecord(value)) return ['receipt: not an object'];
  const problems: string[] = [];
  for (const key of Object.keys(value)) if (!FIELDS.has(key)) problems.push(`${key}: unknown field`);
  if (value['version'] !== RECEIPT_VERSION) problems.push(`version: not ${RECEIPT_VERSION}`);
  const time = value['time'];
  if (typeof time !== 'string' || !TIME.test(time) || Number.isNaN(Date.parse(time)))
    problems.push('time: not an ISO 8601 UTC time');
  if ('tenant' in value && (typeof value['tenant'] !== 'string' || !ID.test(value['tenant'])))
    problems.push('tenant: not an id (letters, digits, `._:-`, up to 128)');
  const flow = value['flow'];
  if (!isRecord(flow)) problems.push('flow: not an object');
  else {
    for (const key of Object.keys(flow))
      if (key !== 'id' && key !== 'version') problems.push(`flow.${key}: unknown field`);
    if (typeof flow['id'] !== 'string' || !ID.test(flow['id'])) problems.push('flow.id: not a flow id');
    if (!isCount(flow['version']) || flow['version'] < 1)
      problems.push('flow.version: not a positive integer');
  }
  for (const key of ['exporter_country', 'recipient_country']) {
    const code = value[key];
    if (typeof code !== 'string' || !COUNTRY.test(code)) problems.push(`${key}: not an ISO 3166-1 code`);
  }
  checkSortedSet(problems, 'countries', value['countries'], COUNTRY, 'an ISO 3166-1 code', 300);
  checkSortedSet(problems, 'categories', value['categories'], KEY, 'a taxonomy key');
  const counts = value['counts'];
  if (!isRecord(counts)) problems.push('counts: not an object');
  else {
    for (const key of Object.keys(counts))
      if (key !== 'records' && key !== 'subjects') problems.push(`counts.${key}: unknown field`);
    if (!isCount(counts['records'])) problems.push('counts.records: not a non-negative integer');
    if (!isCount(counts['subjects'])) problems.push('counts.subjects: not a non-negative integer');
  }
  if (!RECEIPT_VERDICTS.includes(value['verdict'] as ReceiptVerdict))
    problems.push(`verdict: not one of ${RECEIPT_VERDICTS.join(', ')}`);
  checkSortedSet(problems, 'mechanisms', value['mechanisms'], KEY, 'a mechanism id');
  const rulebookHash = value['rulebook_hash'];
  if (rulebookHash !== null && (typeof rulebookHash !== 'string' || !SHA256_HEX.test(rulebookHash)))
    problems.push('rulebook_hash: not a SHA-256 in lower-case hex, nor null');
  const digest = value['payload_digest'];
  if (typeof digest !== 'string' || !SHA256_HEX.test(digest))
    problems.push('payload_digest: not a SHA-256 in lower-case hex');
  const sandbox = value['sandbox'];
  if (sandbox !== null && (typeof sandbox !== 'string' || !ID.test(sandbox)))
    problems.push('sandbox: not an id, nor null');
  checkSortedSet(
    problems,
    'subjects',
    value['subjects'],
    SHA256_HEX,
    'a subject commitment (64 hex digits)',
    MAX_RECEIPT_SUBJECTS,
  );
  return problems;
}

/**
 * RFC 8785 canonical JSON of the JSON values a receipt holds (objects, arrays, strings, safe integers,
 * null): keys sorted by UTF-16 code units, no whitespace, ECMAScript string and number forms.
 */
function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

function fail(problems: readonly string[]): never {
  throw new LedgerError('DC_LEDGER_ARGUMENT', `receipt: ${problems.join('; ')}`, { problems });
}

/**
 * The leaf data of a receipt: its RFC 8785 canonical JSON in UTF-8. Throws `DC_LEDGER_ARGUMENT` listing
 * every problem when the value is not a receipt.
 * @example
 * const leaf = encodeReceipt(receipt); await ledger.append([leaf])
 */
export function encodeReceipt(receipt: Receipt): Uint8Array {
  const problems = receiptProblems(receipt);
  if (problems.length > 0) fail(problems);
  return utf8(canonicalJson(receipt));
}

/**
 * Parses leaf data as a receipt (untrusted): well-formed UTF-8 JSON, a valid receipt, and in canonical
 * form byte for byte; throws `DC_LEDGER_ARGUMENT`.
 */
export function decodeReceipt(leaf: Uint8Array): Receipt {
  const text = fromUtf8(leaf);
  if (text === undefined) fail(['not UTF-8']);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    fail(['not JSON']);
  }
  const problems = receiptProblems(value);
  if (problems.length > 0) fail(problems);
  if (canonicalJson(value) !== text) fail(['not in RFC 8785 canonical form']);
  return value as Receipt;
}

/** The log's leaf hash of a receipt. */
export function receiptLeafHash(receipt: Receipt): Uint8Array {
  return leafHash(encodeReceipt(receipt));
}

/**
 * A keyed commitment to a subject identifier: HMAC-SHA-256 under the tenant's key, in hex. Without the key
 * nobody can test a guessed identifier against a published receipt; with it the tenant can answer a
 * data-subject request.
 * @example
 * subjectCommitment(tenantKey, subjectId) // '3f1c...' (64 hex digits)
 */
export function subjectCommitment(key: Uint8Array, subjectId: string): string {
  if (!(key instanceof Uint8Array) || key.length < 16) {
    throw new LedgerError('DC_LEDGER_ARGUMENT', 'subject commitment key: fewer than 16 bytes');
  }
  return toHex(hmac(sha256, key, utf8(subjectId)));
}

/** SHA-256 in lower-case hex of bytes (for `payload_digest` and `rulebook_hash`). */
export function sha256Hex(bytes: Uint8Array): string {
  return toHex(sha256(bytes));
}
