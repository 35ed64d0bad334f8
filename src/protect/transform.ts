// The record transformer: applies a profile to JSON records. Each field gets a category (the declared
// mapping, else the classifier, else the detector's spans in text, else the profile's `unmapped`
// operator), the category's tier, and the operator of the first profile rule that holds for the
// request; the transformer never logs or reports a value, only paths, categories, operators and rules.

import type { CategoryKey, Taxonomy, Tier } from '../taxonomy/index.js';
import { ProtectError } from './errors.js';
import type { TenantKeys } from './keys.js';
import { type FpeField, fpeField } from './operators/fpe-field.js';
import { generaliseValue, snapToGrid } from './operators/generalise.js';
import { keyedHash } from './operators/hash.js';
import { maskKindFor, maskValue } from './operators/mask.js';
import type { OperatorName, OperatorSpec } from './operators/operators.js';
import { canPreserveFormat, type TokenFormat, type TokenMode } from './operators/tokens.js';
import {
  bestTerminal,
  childPath,
  compilePathTrie,
  type PathStep,
  parsePathPattern,
  stepTrie,
  type TrieNode,
  valueAt,
} from './paths.js';
import type { Profile } from './profile/profile.types.js';
import {
  createRuleSelector,
  type ListLookup,
  type ProtectRequest,
  type RuleChoice,
  type RuleSelector,
} from './profile/select-rule.js';

/** Classifies a field the mapping does not name (the detector's seam): a category, or undefined. */
export type FieldClassifier = (path: string, value: unknown) => CategoryKey | undefined;

/** A span of personal data found in a string value; the detector's `Finding` has this shape. */
export interface DetectedSpan {
  /** Normalized JSONPath of the string value (`$.notes`, `$.items[0].name`). */
  readonly path: string;
  /** UTF-16 offsets in the value, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly category: string;
}

/** Finds personal data in a whole record (the detector's `scanRecord` fits). */
export type RecordScanner = (record: unknown) => readonly DetectedSpan[];

/** One value to tokenise, as the transformer asks the vault. */
export interface TokenRequest {
  readonly value: string;
  readonly category: CategoryKey;
  /** The data subject's id (from the profile's `subject` path), for per-subject keys. */
  readonly subject?: string;
  readonly mode: TokenMode;
  readonly format: TokenFormat;
  readonly prefix?: string;
}

/** What the transformer needs from the vault: tokens for values, the originals kept encrypted. */
export interface TokenService {
  tokenise(requests: readonly TokenRequest[]): Promise<readonly string[]>;
}

/** Where a field's category came from. */
export type CategorySource = 'mapping' | 'classifier' | 'scanner' | 'unmapped';

/** Why a field was transformed as it was: never its value. */
export interface FieldExplanation {
  readonly path: string;
  readonly category: string | null;
  readonly tier: Tier | null;
  readonly operator: OperatorName;
  /** The profile rule that chose the operator (its id), or `(unmapped)`, `(not personal)`, `(no rule)`. */
  readonly rule: string;
  /** The rule's line in the profile file. */
  readonly line?: number;
  readonly source: CategorySource;
  /** How many spans of a text value were replaced (scanner). */
  readonly spans?: number;
  /** The core guard, or the fallback and its reason. */
  readonly note?: string;
}

/** A protected record and the explanation of each field. */
export interface ProtectedRecord {
  readonly record: unknown;
  readonly explanation: readonly FieldExplanation[];
}

/** What a protector needs. */
export interface ProtectorOptions {
  readonly profile: Profile;
  readonly taxonomy: Taxonomy;
  readonly request: ProtectRequest;
  /** The tenant's keys (`deriveTenantKeys`, or the vault's `tenantKeys`). */
  readonly keys: TenantKeys;
  /** The vault, for `tokenise`. */
  readonly tokens?: TokenService;
  /** The lists, for rules with `to: list:NAME`. */
  readonly lists?: ListLookup;
  /** Field mapping (path pattern -> category key, or `scan`), over the profile's own `fields`. */
  readonly fields?: Readonly<Record<string, string>>;
  readonly classifier?: FieldClassifier;
  readonly scanner?: RecordScanner;
  /** Build explanations (default true); off, protection is faster. */
  readonly explain?: boolean;
}

/** Applies one profile, bound to one request, to records. */
export interface Protector {
  readonly request: ProtectRequest;
  /** Protects a batch; tokens of the whole batch go to the vault in one call. */
  protect(records: readonly unknown[]): Promise<ProtectedRecord[]>;
  /** The operator a category gets under this request, and the rule that chose it. */
  choose(category: CategoryKey): RuleChoice & { readonly tier: Tier };
}

const UNMAPPED = '(unmapped)';
const NOT_PERSONAL = '(not personal)';
const FALLBACK_ID = '(fallback)';

const DROP: unique symbol = Symbol('drop');

/** A value waiting for tokens: text parts and indices into the batch's token requests. */
class Pending {
  constructor(readonly parts: (string | number)[]) {}
}

type Outcome = { readonly value: unknown } | typeof DROP | Pending | { readonly failed: string };
type Scalar = string | number | boolean;
type Compiled = (value: Scalar, batch: Batch) => Outcome;

interface Fill {
  readonly target: Record<string | number, unknown>;
  readonly key: string | number;
  readonly parts: readonly (string | number)[];
}

interface Batch {
  readonly requests: TokenRequest[];
  readonly fills: Fill[];
  subject: string | undefined;
}

type Assignment = CategoryKey | 'scan';

const ADDRESS_KEYS = {
  country: ['country', 'country_code', 'countryCode', 'nation'],
  province: ['province', 'state', 'region', 'prefecture', 'state_code', 'stateCode'],
  city: ['city', 'town', 'locality'],
} as const;
const CITY_KEYS = new Set<string>([...ADDRESS_KEYS.country, ...ADDRESS_KEYS.province, ...ADDRESS_KEYS.city]);
const PROVINCE_KEYS = new Set<string>([...ADDRESS_KEYS.country, ...ADDRESS_KEYS.province]);
const COUNTRY_KEYS = new Set<string>(ADDRESS_KEYS.country);
const LAT_KEYS = ['lat', 'latitude'];
const LNG_KEYS = ['lng', 'lon', 'long', 'longitude'];

/**
 * Creates a protector: a profile bound to a request (destination, recipient, purpose, mechanism, date),
 * the tenant's keys and the vault. Throws `DC_PROTECT_CONTEXT` for a bad destination, an unknown category
 * in `fields`, or a profile consulting lists that were not given.
 *
 * @example
 * const protector = createProtector({ profile, taxonomy, keys, tokens: vault.tokeniser('acme', profile.name),
 *   request: { to: 'VN', purpose: 'essential.service.fulfilment.delivery', date: '2026-11-29' } });
 * const [{ record, explanation }] = await protector.protect([order]);
 */
export function createProtector(options: ProtectorOptions): Protector {
  const { profile, taxonomy, keys, request } = options;
  const explain = options.explain !== false;
  // Paths are only read by explanations, the classifier and the scanner.
  const needPaths = explain || options.classifier !== undefined || options.scanner !== undefined;
  const selector: RuleSelector = createRuleSelector(profile, request, options.lists);

  const unknown: string[] = [];
  const extra = Object.entries(options.fields ?? {}).map(([path, key]) => {
    if (key !== 'scan' && taxonomy.getCategory(key) === undefined) unknown.push(`\`${path}\`: \`${key}\``);
    return [path, key as Assignment] as const;
  });
  if (unknown.length > 0) {
    throw new ProtectError('DC_PROTECT_CONTEXT', `fields: unknown categories: ${unknown.join(', ')}`);
  }
  const trie = compilePathTrie<Assignment>([...profile.fields, ...extra]);
  const subjectSteps: PathStep[] | undefined =
    profile.subject === undefined ? undefined : parsePathPattern(profile.subject);

  const tiers = new Map<string, Tier | null>();
  const tierOf = (category: string): Tier | null => {
    let tier = tiers.get(category);
    if (tier === undefined) {
      tier = taxonomy.getCategory(category)?.tier ?? null;
      tiers.set(category, tier);
    }
    return tier;
  };

  const fpeFields = new Map<string, FpeField>();
  const compiled = new Map<string, Compiled>();
  const compile = (id: string, spec: OperatorSpec, category: string): Compiled => {
    const cacheKey = `${id}|${category}`;
    const hit = compiled.get(cacheKey);
    if (hit !== undefined) return hit;
    const fn = compileOperator(spec, category);
    compiled.set(cacheKey, fn);
    return fn;
  };

  function compileOperator(spec: OperatorSpec, category: string): Compiled {
    switch (spec.operator) {
      case 'keep':
        return (v) => ({ value: v });
      case 'drop':
        return () => DROP;
      case 'redact': {
        const marker = spec.with ?? '[redacted]';
        return (v) => ({ value: typeof v === 'string' ? marker : null });
      }
      case 'mask': {
        const kind = spec.as ?? maskKindFor(category);
        const opts = {
          ...(spec.char ? { char: spec.char } : {}),
          ...(spec.keep ? { keep: spec.keep } : {}),
          category,
        };
        return (v) => ({ value: maskValue(String(v), kind, opts) });
      }
      case 'hash': {
        const opts = {
          ...(spec.length ? { length: spec.length } : {}),
          ...(spec.scope ? { scope: spec.scope } : {}),
        };
        return (v) => ({ value: keyedHash(String(v), keys.hash, opts) });
      }
      case 'fpe': {
        const fieldKey = `${spec.algorithm ?? 'ff1'}|${spec.alphabet ?? 'digits'}|${spec.tweak ?? category}`;
        let field = fpeFields.get(fieldKey);
        if (field === undefined) {
          field = fpeField(keys.fpe, spec, category);
          fpeFields.set(fieldKey, field);
        }
        const f = field;
        return (v) => {
          try {
            return { value: f.encrypt(String(v)) };
          } catch (err) {
            return { failed: (err as { code?: string }).code ?? 'DC_FPE_DOMAIN' };
          }
        };
      }
      case 'generalise': {
        const opts = { ...spec, asOf: request.date };
        return (v) => {
          if (typeof v === 'boolean') return { failed: `cannot generalise a boolean to ${spec.to}` };
          const out = generaliseValue(v, opts);
          return out === undefined ? { failed: `cannot generalise to ${spec.to}` } : { value: out };
        };
      }
      case 'tokenise': {
        const mode = spec.mode ?? 'random';
        const format = spec.format ?? 'opaque';
        return (v, batch) => {
          const value = String(v);
          if (format === 'preserve' && !canPreserveFormat(value))
            return { failed: 'too few letters or digits for a format-preserving token' };
          if (options.tokens === undefined) {
            throw new ProtectError(
              'DC_PROTECT_CONTEXT',
              `profile \`${profile.name}\` tokenises \`${category}\`, and no vault was given`,
            );
          }
          batch.requests.push({
            value,
            category: category as CategoryKey,
            ...(batch.subject !== undefined ? { subject: batch.subject } : {}),
            mode,
            format,
            ...(spec.prefix !== undefined ? { prefix: spec.prefix } : {}),
          });
          return new Pending([batch.requests.length - 1]);
        };
      }
    }
  }

  /** Applies a choice to a scalar, falling back to the profile's fallback when the operator cannot apply. */
  function applyChoice(
    value: Scalar,
    resolved: Resolved,
    batch: Batch,
  ): { outcome: Exclude<Outcome, { failed: string }>; operator: OperatorName; note?: string } {
    const { choice, category } = resolved;
    const outcome = resolved.run(value, batch);
    if (outcome === DROP || outcome instanceof Pending || !('failed' in outcome))
      return { outcome, ...resolved.applied };
    const fb = compile(FALLBACK_ID, profile.fallback, category)(value, batch);
    const note = `fell back from ${choice.spec.operator}: ${outcome.failed}`;
    if (fb !== DROP && !(fb instanceof Pending) && 'failed' in fb)
      return {
        outcome: { value: typeof value === 'string' ? '[redacted]' : null },
        operator: 'redact',
        note,
      };
    return { outcome: fb, operator: profile.fallback.operator, note };
  }

  /** What a category gets under this request, resolved once per category. */
  interface Resolved {
    readonly category: string;
    readonly choice: RuleChoice;
    readonly tier: Tier | null;
    readonly run: Compiled;
    readonly applied: { readonly operator: OperatorName; readonly note?: string };
  }
  const resolvedByCategory = new Map<string, Resolved>();
  const chooseFor = (category: string): Resolved => {
    let resolved = resolvedByCategory.get(category);
    if (resolved === undefined) {
      const tier = tierOf(category);
      const choice: RuleChoice =
        tier === null
          ? { spec: profile.fallback, rule: '(unknown category)' }
          : selector.choose(category as CategoryKey, tier);
      resolved = {
        category,
        choice,
        tier,
        run: compile(choice.rule, choice.spec, category),
        applied: {
          operator: choice.spec.operator,
          ...(choice.guard ? { note: `guard: ${choice.guard}` } : {}),
        },
      };
      resolvedByCategory.set(category, resolved);
    }
    return resolved;
  };

  function protectOne(
    record: unknown,
    batch: Batch,
  ): { holder: Record<string, unknown>; explanation: FieldExplanation[] } {
    const explanation: FieldExplanation[] = [];
    const fills = batch.fills;
    let spansByPath: Map<string, DetectedSpan[]> | undefined;
    const spansAt = (path: string): DetectedSpan[] | undefined => {
      if (options.scanner === undefined) return undefined;
      if (spansByPath === undefined) {
        spansByPath = new Map();
        for (const s of options.scanner(record)) {
          const list = spansByPath.get(s.path);
          if (list === undefined) spansByPath.set(s.path, [s]);
          else list.push(s);
        }
      }
      return spansByPath.get(path) ?? [];
    };
    const note = (e: FieldExplanation) => {
      if (explain) explanation.push(e);
    };

    const leafWith = (value: Scalar, path: string, category: string, source: CategorySource): unknown => {
      const resolved = chooseFor(category);
      const { choice, tier } = resolved;
      const applied = applyChoice(value, resolved, batch);
      if (explain)
        note({
          path,
          category,
          tier,
          operator: applied.operator,
          rule: choice.rule,
          ...(choice.line !== undefined ? { line: choice.line } : {}),
          source,
          ...(applied.note !== undefined ? { note: applied.note } : {}),
        });
      return applied.outcome === DROP || applied.outcome instanceof Pending
        ? applied.outcome
        : applied.outcome.value;
    };

    const unmappedLeaf = (value: Scalar, path: string, scanOnly: boolean): unknown => {
      if (typeof value === 'boolean') return value;
      if (!scanOnly && options.classifier !== undefined) {
        const category = options.classifier(path, value);
        if (category !== undefined) return leafWith(value, path, category, 'classifier');
      }
      const spans = spansAt(path);
      if (spans !== undefined) {
        const text = String(value);
        const sorted = spans.filter((s) => s.start >= 0 && s.end <= text.length && s.start < s.end);
        if (sorted.length === 0) {
          if (options.classifier !== undefined || options.scanner !== undefined)
            note({
              path,
              category: null,
              tier: null,
              operator: 'keep',
              rule: NOT_PERSONAL,
              source: 'scanner',
            });
          return value;
        }
        sorted.sort((a, b) => a.start - b.start);
        if (sorted.length === 1 && sorted[0]!.start === 0 && sorted[0]!.end === text.length)
          return leafWith(value, path, sorted[0]!.category, 'scanner');
        const parts: (string | number)[] = [];
        let at = 0;
        const counts = new Map<
          string,
          { n: number; operator: OperatorName; choice: RuleChoice; tier: Tier | null; note?: string }
        >();
        for (const s of sorted) {
          if (s.start < at) continue; // overlapping spans: the first one wins
          parts.push(text.slice(at, s.start));
          const resolved = chooseFor(s.category);
          const { choice, tier } = resolved;
          const applied = applyChoice(text.slice(s.start, s.end), resolved, batch);
          const o = applied.outcome;
          if (o === DROP) parts.push('');
          else if (o instanceof Pending) parts.push(...o.parts);
          else parts.push(o.value === null ? '[redacted]' : String(o.value));
          const c = counts.get(s.category);
          if (c === undefined)
            counts.set(s.category, {
              n: 1,
              operator: applied.operator,
              choice,
              tier,
              ...(applied.note ? { note: applied.note } : {}),
            });
          else c.n++;
          at = s.end;
        }
        parts.push(text.slice(at));
        for (const [category, c] of counts)
          note({
            path,
            category,
            tier: c.tier,
            operator: c.operator,
            rule: c.choice.rule,
            ...(c.choice.line !== undefined ? { line: c.choice.line } : {}),
            source: 'scanner',
            spans: c.n,
            ...(c.note !== undefined ? { note: c.note } : {}),
          });
        return parts.some((p) => typeof p === 'number') ? new Pending(parts) : parts.join('');
      }
      if (options.classifier !== undefined) {
        note({
          path,
          category: null,
          tier: null,
          operator: 'keep',
          rule: NOT_PERSONAL,
          source: 'classifier',
        });
        return value;
      }
      const applied = compile(UNMAPPED, profile.unmapped, 'unmapped')(value, batch);
      note({
        path,
        category: null,
        tier: null,
        operator: profile.unmapped.operator,
        rule: UNMAPPED,
        source: 'unmapped',
      });
      if (applied === DROP || applied instanceof Pending) return applied;
      return 'failed' in applied ? (typeof value === 'string' ? '[redacted]' : null) : applied.value;
    };

    /** Container-level handling of an address or coordinates object; undefined when not applicable. */
    const containerLevel = (value: object, path: string, category: string): unknown => {
      const { choice, tier } = chooseFor(category);
      const spec = choice.spec;
      const explained = (operator: OperatorName) =>
        note({
          path,
          category,
          tier,
          operator,
          rule: choice.rule,
          ...(choice.line !== undefined ? { line: choice.line } : {}),
          source: 'mapping',
          ...(choice.guard ? { note: `guard: ${choice.guard}` } : {}),
        });
      if (spec.operator === 'drop') {
        explained('drop');
        return DROP;
      }
      const isArray = Array.isArray(value);
      if (spec.operator === 'generalise' && spec.to === 'grid') {
        const cell = spec.cell ?? 0.1;
        if (isArray && value.length === 2 && value.every((x) => typeof x === 'number')) {
          explained('generalise');
          return (value as number[]).map((x) => snapToGrid(x, cell));
        }
        if (!isArray) {
          const obj = value as Record<string, unknown>;
          const lat = LAT_KEYS.find((k) => typeof obj[k] === 'number');
          const lng = LNG_KEYS.find((k) => typeof obj[k] === 'number');
          if (lat !== undefined && lng !== undefined) {
            explained('generalise');
            const out: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(obj)) {
              if (k === lat || k === lng) out[k] = snapToGrid(v as number, cell);
            }
            return out;
          }
        }
        return undefined;
      }
      const addressLike = maskKindFor(category) === 'address';
      if (
        !isArray &&
        addressLike &&
        (spec.operator === 'mask' || (spec.operator === 'generalise' && spec.to !== 'range'))
      ) {
        const allowed =
          spec.operator === 'mask' || spec.to === 'city'
            ? CITY_KEYS
            : spec.to === 'province'
              ? PROVINCE_KEYS
              : spec.to === 'country'
                ? COUNTRY_KEYS
                : undefined;
        if (allowed === undefined) return undefined;
        explained(spec.operator);
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
          if (allowed.has(k) && (typeof v === 'string' || typeof v === 'number')) out[k] = v;
          else if (spec.operator === 'mask' && (typeof v === 'string' || typeof v === 'number'))
            out[k] = '***';
        }
        return out;
      }
      return undefined;
    };

    const walk = (
      value: unknown,
      path: string,
      nodes: TrieNode<Assignment>[],
      inherited: Assignment | undefined,
    ): unknown => {
      const own = nodes.length > 0 ? bestTerminal(nodes) : undefined;
      const assigned = own ?? inherited;
      if (value === null || value === undefined) return value;
      if (typeof value === 'object') {
        if (assigned !== undefined && assigned !== 'scan' && own !== undefined) {
          const handled = containerLevel(value, path, assigned);
          if (handled !== undefined) return handled;
        }
        if (Array.isArray(value)) {
          const out: unknown[] = [];
          for (let i = 0; i < value.length; i++) {
            const child = walk(value[i], needPaths ? `${path}[${i}]` : path, stepTrie(nodes, i), assigned);
            if (child === DROP) continue;
            if (child instanceof Pending)
              fills.push({ target: out as unknown as Fill['target'], key: out.length, parts: child.parts });
            out.push(child instanceof Pending ? null : child);
          }
          return out;
        }
        const out: Record<string, unknown> = {};
        for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
          const child = walk(v, needPaths ? childPath(path, key) : path, stepTrie(nodes, key), assigned);
          if (child === DROP) continue;
          if (child instanceof Pending) fills.push({ target: out, key, parts: child.parts });
          out[key] = child instanceof Pending ? null : child;
        }
        return out;
      }
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return value;
      if (assigned === undefined) return unmappedLeaf(value, path, false);
      if (assigned === 'scan') return unmappedLeaf(value, path, true);
      return leafWith(value, path, assigned, 'mapping');
    };

    batch.subject = undefined;
    if (subjectSteps !== undefined) {
      const s = valueAt(record, subjectSteps);
      if (typeof s === 'string' || typeof s === 'number') batch.subject = String(s);
    }
    const out = walk(record, '$', [trie.root], undefined);
    const holder: Record<string, unknown> = { root: out === DROP || out instanceof Pending ? null : out };
    if (out instanceof Pending) fills.push({ target: holder, key: 'root', parts: out.parts });
    return { holder, explanation };
  }

  return {
    request,
    choose(category) {
      const { choice, tier } = chooseFor(category);
      return { ...choice, tier: tier ?? 'none' };
    },
    async protect(records) {
      const batch: Batch = { requests: [], fills: [], subject: undefined };
      const results = records.map((r) => protectOne(r, batch));
      if (batch.requests.length > 0) {
        const tokens = await options.tokens!.tokenise(batch.requests);
        if (tokens.length !== batch.requests.length) {
          throw new ProtectError('DC_VAULT_STORAGE', 'the vault returned the wrong number of tokens');
        }
        for (const f of batch.fills)
          f.target[f.key] = f.parts.map((p) => (typeof p === 'number' ? tokens[p]! : p)).join('');
      }
      return results.map(({ holder, explanation }) => ({ record: holder.root, explanation }));
    },
  };
}
