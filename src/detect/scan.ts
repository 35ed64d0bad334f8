// Scanners: a string (`scanText`), a JSON value such as one order or one CSV row (`scanRecord`). Both
// run the detectors over each string value (and numbers under a telling field name), with the field
// names along the path as cues, and report findings with the JSONPath of the value.

import type { CategoryKey } from '../taxonomy/index.js';
import {
  type Cue,
  type FieldHint,
  hintForKey,
  hintInConsigneeBlock,
  isIdCue,
  isNegativeCue,
} from './cues.js';
import {
  detectCjkNames,
  detectCnAddresses,
  detectJpAddresses,
  detectKrAddresses,
  detectPlates,
} from './detectors/cjk.js';
import { detectDates } from './detectors/dates.js';
import { detectAccounts, detectByFieldName, wholeValueAddress } from './detectors/fields.js';
import { detectCuedNumericWaybills, detectIds } from './detectors/ids.js';
import { detectLatinNames, detectWesternAddresses } from './detectors/latin.js';
import { detectCoordinates } from './detectors/location.js';
import { detectEmails, detectNetwork } from './detectors/network.js';
import { detectNumbers } from './detectors/numbers.js';
import { detectQuiet } from './detectors/quiet.js';
import {
  type Candidate,
  FeatureSet,
  featuresInto,
  type ResolvedOptions,
  resolve,
  roundConfidence,
  type ValueScan,
} from './engine.js';
import type { Finding, Hit, ScanOptions } from './types.js';

/** The default `minConfidence`. */
export const DEFAULT_MIN_CONFIDENCE = 0.5;
/** The default `maxValueLength` (UTF-16 units). */
export const DEFAULT_MAX_VALUE_LENGTH = 1 << 20;
const TEXT_CHUNK = 16_384;
// Cheap pre-checks before the costlier detectors for Latin-script text.
const LATIN_NAME_TRIGGER =
  /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Herr|Frau|Mme|Mlle|Monsieur|Madame|Sr|Sra|Srta|Señor|Señora|Sig|Dona|Anh|Chị|Ông|Bà|Em|Bapak|Pak|Ibu|Bu|Kak|Mas|Mbak)\b|name|Name|appelle|nom est|hei(?:ß|ss)e|llamo|nombre|nome|chamo|tên|tôi là|saya|\bI am\b|\bI'm\b|this is|This is|je suis|ich bin|\bsoy\b|\bsou\b|egards|hanks|hank you|heers|incerely|\bBest\b|Grüße|rüßen|ordialement|à vous|erci|aludos|tentamente|tenciosamente|braços|brigad|rân trọng|ảm ơn|alam|ormat|erima kasih|ustomer:|liente:|lient ?:|unde:|ecipient:|estinatari[oe] ?:|mpfänger:/;
const STREET_TRIGGER =
  /\d+[A-Za-z]?,? +[A-Z]|(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer) *\d|\b(?:rue|avenue|boulevard|bd|place|allée|chemin|impasse|quai|route|Calle|C\/|Avenida|Avda|Av\.|Plaza|Paseo|Camino|Carretera|Rua|Travessa|Praça|Alameda|Estrada|Marginal|Largo|Via|đường|Đường|phố|Phố|ngõ|Ngõ|hẻm|Hẻm|Jl\.|Jln\.|Jalan|Gg\.|Gang)\b/;
const NINO_WORDS = /[Nn]ational [Ii]nsurance|NINO/;
const ACCOUNT_TRIGGER = /微信|支付宝|支付寶|[Ww]e[Cc]hat|[Ww]eixin|[Aa]lipay|\b[wv]x\b|[Vv]信/;
const MAX_DEPTH = 100;
const FEATURES = new FeatureSet();

/** Applies the defaults to scan options. */
export function resolveOptions(options: ScanOptions = {}): ResolvedOptions {
  const asOf = options.asOf !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(options.asOf) ? options.asOf : null;
  return {
    minConfidence: options.minConfidence ?? DEFAULT_MIN_CONFIDENCE,
    regions: options.regions ?? [],
    maxValueLength: Math.max(1, options.maxValueLength ?? DEFAULT_MAX_VALUE_LENGTH),
    latestYear: asOf !== null ? Number(asOf.slice(0, 4)) : 2100,
    asOf,
  };
}

/**
 * Runs every detector that the value's features call for and returns the winning candidates (quiet
 * spans and candidates under `minConfidence` removed), sorted by position.
 */
export function scanValue(text: string, hint: FieldHint | null, opts: ResolvedOptions): Candidate[] {
  if (text.length === 0) return [];
  const value = text.length > opts.maxValueLength ? text.slice(0, opts.maxValueLength) : text;
  // One feature record serves every value: a scan is synchronous and keeps no features after it.
  const features = featuresInto(value, FEATURES);
  const v: ValueScan = { text: value, hint, opts, features, out: [] };
  const f = features;
  const cue = hint?.cue ?? null;
  // A single token under a non-personal field name (order number, SKU, price, timestamp, hash) is
  // checked only for identifiers that are strong on their own: e-mail addresses, resident IDs, cards.
  if (isNegativeCue(cue) && (f.spaces === 0 || f.latin <= 2) && value.length <= 64) {
    if (f.at) detectEmails(v);
    if (f.digitRun >= 15) detectNumbers(v);
    return resolve(v.out, opts.minConfidence);
  }
  // Single-purpose fields whose value has that purpose's shape: only the matching detectors run.
  const fast = fastPath(v, cue);
  if (fast) return resolve(v.out, opts.minConfidence);
  // Under an address field name, the whole value becomes one address finding (confidence 0.96) when
  // it looks like one and holds nothing stronger; that finding then beats every candidate of the
  // address-shape detectors (all below 0.96), so those run only when it does not come about. They do
  // not read other candidates, and no other detector reads theirs, so the findings are the same.
  if (cue === 'address' || cue === 'street') {
    runDetectors(v, false);
    if (wholeValueAddress(v) === 0.96) {
      detectByFieldName(v);
      return resolve(v.out, opts.minConfidence);
    }
    v.out.length = 0;
    v.cues = undefined;
  }
  runDetectors(v, true);
  if (hint !== null) detectByFieldName(v);
  return resolve(v.out, opts.minConfidence);
}

/** The detectors of the general path, in order; the address-shape ones only with `addressShapes`. */
function runDetectors(v: ValueScan, addressShapes: boolean): void {
  const f = v.features;
  const value = v.text;
  const cue = v.hint?.cue ?? null;
  const separators = f.dashes + f.slashes + f.dots;
  if (
    f.digits >= 4 &&
    (separators > 0 || f.cjk || f.hangul || f.colons > 0 || f.digitRun >= 8 || (f.latin > 2 && f.spaces > 1))
  )
    detectDates(v);
  if (
    f.digits >= 3 &&
    (f.currency || f.commas > 0 || f.alnumRun >= 16 || (f.dashes >= 4 && value.length >= 36) || f.upper >= 3)
  )
    detectQuiet(v);
  if (f.at) detectEmails(v);
  if (f.digits >= 5) detectNumbers(v);
  if (f.upperDigit || (f.lt && f.digits >= 5) || (f.spaces >= 3 && f.upper >= 3 && NINO_WORDS.test(value)))
    detectIds(v);
  else if (f.digitRun >= 8 && (cue === 'waybill' || f.cjk || f.latin > 3)) detectCuedNumericWaybills(v);
  if (f.digits >= 4 && (f.dots >= 3 || f.colons >= 2 || f.dashes >= 5)) detectNetwork(v);
  if (f.digits >= 6 && f.dots >= 2) detectCoordinates(v);
  if (f.cjk) {
    if (f.upper > 0 && f.digits >= 3) detectPlates(v);
    detectCnAddresses(v);
  }
  if (addressShapes) {
    if (f.cjk || f.kana) detectJpAddresses(v);
    if (f.hangul && f.digits > 0) detectKrAddresses(v);
  }
  if (f.cjk || f.kana || f.hangul) detectCjkNames(v);
  if (f.upper > 0 && f.latin > 3 && f.spaces > 0) {
    if (LATIN_NAME_TRIGGER.test(value)) detectLatinNames(v);
    if (addressShapes && f.digits > 0 && STREET_TRIGGER.test(value)) detectWesternAddresses(v);
  }
  if (
    f.stars ||
    cue === 'wechat' ||
    cue === 'alipay' ||
    ((f.cjk || f.latin > 1) && ACCOUNT_TRIGGER.test(value))
  )
    detectAccounts(v);
}

function fastPath(v: ValueScan, cue: Cue | null): boolean {
  const f = v.features;
  const plain = !f.cjk && !f.kana && !f.hangul && !f.thai;
  switch (cue) {
    case 'email':
      if (!f.at || f.spaces > 0) return false;
      detectEmails(v);
      detectByFieldName(v);
      return true;
    case 'phone':
      if (f.latin > 0 || f.at || !plain) return false;
      detectNumbers(v);
      return true;
    case 'name':
    case 'first_name':
    case 'last_name':
      if (f.digits > 0 || f.at || v.text.length > 40) return false;
      detectByFieldName(v);
      return true;
    case 'postcode':
    case 'city':
    case 'state':
      if (v.text.length > 16 || f.at) return false;
      if (v.text.charCodeAt(0) === 0x3012) detectJpAddresses(v);
      detectByFieldName(v);
      return true;
    case 'ip':
      if (f.latin > 8 || f.spaces > 0) return false;
      detectNetwork(v);
      return true;
    case 'dob':
      if (f.spaces > 3) return false;
      detectDates(v);
      return true;
    case 'card':
    case 'bank_account':
      if (f.latin > 0 || f.at || !plain) return false;
      detectNumbers(v);
      if (f.stars) detectAccounts(v);
      detectByFieldName(v);
      return true;
    case 'adid':
    case 'device':
    case 'imei':
    case 'mac':
      if (f.spaces > 0 || v.text.length > 64) return false;
      if (f.dashes >= 4) detectQuiet(v);
      if (f.colons >= 5 || f.dashes >= 5 || f.dots === 2) detectNetwork(v);
      if (f.digitRun >= 14) detectNumbers(v);
      detectByFieldName(v);
      return true;
    case 'gps':
    case 'lat':
    case 'lng':
      if (f.latin > 4) return false;
      if (f.dots >= 2) detectCoordinates(v);
      detectByFieldName(v);
      return true;
    case 'waybill':
      if (f.spaces > 0 || !plain) return false;
      if (f.upperDigit) detectIds(v);
      else detectCuedNumericWaybills(v);
      detectByFieldName(v);
      return true;
    case 'passport':
      return idFastPath(v, cue);
    default:
      // Identity numbers of every kind (ID_CUE_LIST).
      return isIdCue(cue) && idFastPath(v, cue);
  }
}

/** An identity-number or passport field holding a short token: numbers, letter IDs, the field name. */
function idFastPath(v: ValueScan, cue: Cue): boolean {
  const f = v.features;
  const plain = !f.cjk && !f.kana && !f.hangul && !f.thai;
  if (!plain || f.at || f.spaces > 6 || v.text.length > 40) return false;
  if (f.digits >= 5) detectNumbers(v);
  if (f.upperDigit || f.lt || cue === 'nino') detectIds(v);
  detectByFieldName(v);
  return true;
}

function toFinding(path: string, c: Candidate): Finding {
  return {
    path,
    start: c.start,
    end: c.end,
    category: c.category as CategoryKey,
    detector: c.detector,
    confidence: roundConfidence(c.confidence),
  };
}

/**
 * Scans a string (a chat message, a log line, a document) and returns its findings with path `$`.
 * Long texts are scanned in chunks cut at line ends, so memory and time stay linear.
 *
 * @example
 * scanText('电话 13812345678，身份证 11010519491231002X');
 * // [{ path: '$', start: 3, end: 14, category: 'user.contact.phone_number', ... }, ...]
 */
export function scanText(text: string, options?: ScanOptions): Finding[] {
  return scanTextHits(text, options).map((h) => h.finding);
}

/** Like `scanText`, with the matched text of each finding (personal data: keep it in process). */
export function scanTextHits(text: string, options?: ScanOptions): Hit[] {
  const opts = resolveOptions(options);
  const hits: Hit[] = [];
  const value = text.length > opts.maxValueLength ? text.slice(0, opts.maxValueLength) : text;
  let from = 0;
  while (from < value.length) {
    let to = Math.min(value.length, from + TEXT_CHUNK);
    if (to < value.length) {
      const nl = value.lastIndexOf('\n', to);
      if (nl > from) to = nl + 1;
    }
    const chunk = from === 0 && to === value.length ? value : value.slice(from, to);
    for (const c of scanValue(chunk, null, opts)) {
      const shifted = { ...c, start: c.start + from, end: c.end + from };
      hits.push({ finding: toFinding('$', shifted), text: value.slice(shifted.start, shifted.end) });
    }
    from = to;
  }
  return hits;
}

/**
 * Scans a JSON value (one record: an order, a CSV row as `{ column: value }`, ...). String values are
 * scanned with their field names as cues; numbers too when their field name says what they are (or
 * they have seven digits or more). Paths are JSONPath: `$.receiver.phone`, `$.items[0].name`.
 *
 * @example
 * scanRecord({ 收货人: '张伟', 手机号: '13812345678' });
 * // [{ path: '$.收货人', category: 'user.consignee.name', ... }, { path: '$.手机号', ... }]
 */
export function scanRecord(record: unknown, options?: ScanOptions): Finding[] {
  return scanRecordHits(record, options).map((h) => h.finding);
}

/** Like `scanRecord`, with the matched text of each finding (personal data: keep it in process). */
export function scanRecordHits(record: unknown, options?: ScanOptions): Hit[] {
  const opts = resolveOptions(options);
  const hits: Hit[] = [];
  walk(record, [], null, false, opts, hits, 0);
  return hits;
}

// RFC 9535 member-name-shorthand: name-first (ALPHA, `_`, non-ASCII) then name-chars (also DIGIT).
const SHORTHAND = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*$/;

const segments = new Map<string, string>();

function segment(key: string): string {
  let seg = segments.get(key);
  if (seg === undefined) {
    seg = SHORTHAND.test(key) ? `.${key}` : `['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
    if (segments.size > 10_000) segments.clear();
    segments.set(key, seg);
  }
  return seg;
}

/** Appends a member name to a JSONPath: `.name` where the shorthand allows it, else `['na me']`. */
export function childPath(path: string, key: string): string {
  return path + segment(key);
}

/** The JSONPath of the value at the end of `keys` (member names and array indexes). */
function pathOf(keys: readonly (string | number)[]): string {
  let path = '$';
  for (const k of keys) path += typeof k === 'number' ? `[${k}]` : segment(k);
  return path;
}

function scanLeaf(
  text: string,
  keys: readonly (string | number)[],
  hint: FieldHint | null,
  opts: ResolvedOptions,
  hits: Hit[],
): void {
  const found = scanValue(text, hint, opts);
  if (found.length === 0) return;
  // The path is written only for values with findings (most values have none).
  const path = pathOf(keys);
  const value = text.length > opts.maxValueLength ? text.slice(0, opts.maxValueLength) : text;
  for (const c of found) hits.push({ finding: toFinding(path, c), text: value.slice(c.start, c.end) });
}

function walk(
  value: unknown,
  keys: (string | number)[],
  hint: FieldHint | null,
  consignee: boolean,
  opts: ResolvedOptions,
  hits: Hit[],
  depth: number,
): void {
  if (typeof value === 'string') {
    scanLeaf(value, keys, hint, opts, hits);
    return;
  }
  if (typeof value === 'number') {
    if (Number.isFinite(value) && (hint?.cue != null || Math.abs(value) >= 1_000_000)) {
      scanLeaf(String(value), keys, hint, opts, hits);
    }
    return;
  }
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      keys.push(i);
      walk(value[i], keys, hint, consignee, opts, hits, depth + 1);
      keys.pop();
    }
    return;
  }
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    const own = consignee ? hintInConsigneeBlock(key) : hintForKey(key);
    const inner = consignee || (own?.consignee ?? false);
    keys.push(key);
    walk(child, keys, own, inner, opts, hits, depth + 1);
    keys.pop();
  }
}
