import { contentHash } from '../shared/canonical-json.js';
import { compileSchema } from '../shared/json-schema.js';
import type { DocPath, Problem } from '../shared/problem.js';
import { type CompiledExpr, compileCel } from './cel.js';
import type {
  CounterRule,
  FactRule,
  MechanismDef,
  ObligationRule,
  RulebookSource,
  ScopeRule,
  TransferStep,
} from './rulebook.types.js';
import { RulebookSchema } from './rulebook-schema.js';

/** A rule with its condition compiled. */
export type Compiled<T> = T & { readonly test: CompiledExpr };

/** A rulebook checked and compiled once at load; evaluation never parses CEL. */
export interface CompiledRulebook {
  readonly source: RulebookSource;
  /** SHA-256 of the rulebook's content, recorded in every verdict that uses it. */
  readonly hash: string;
  /** Facts in order; `perHop` when the fact reads `hop` (directly or through another per-hop fact). */
  readonly facts: readonly { readonly name: string; readonly fn: CompiledExpr; readonly perHop: boolean }[];
  readonly scope: readonly Compiled<ScopeRule>[];
  readonly mechanisms: ReadonlyMap<
    string,
    MechanismDef & { readonly inPlace?: CompiledExpr; readonly available?: CompiledExpr }
  >;
  readonly transfer: readonly Compiled<TransferStep>[];
  readonly obligations: ReadonlyMap<string, Compiled<ObligationRule> & { readonly met?: CompiledExpr }>;
  readonly counters: readonly Compiled<CounterRule>[];
}

/** A rulebook document to compile: its parsed value and where it came from (for located problems). */
export interface RulebookDocument {
  readonly file: string;
  readonly value: unknown;
  readonly locate?: (path: DocPath) => { line: number; column: number } | undefined;
}

const checkShape = compileSchema(RulebookSchema);

/**
 * Validates a rulebook against its JSON Schema, checks its references and compiles every condition;
 * collects every problem, each with file, line and rule id, so that a bad rulebook fails at load.
 */
export function compileRulebook(
  doc: RulebookDocument,
): { ok: true; rulebook: CompiledRulebook } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const raw = doc.value as RulebookSource;
  const add = (path: DocPath, message: string) => {
    const pos = doc.locate?.(path);
    const rule = ruleIdAt(raw, path);
    problems.push({
      code: 'DC_RULEBOOK_INVALID',
      severity: 'error',
      file: doc.file,
      ...(pos ? { line: pos.line, column: pos.column } : {}),
      path,
      message: rule ? `rule ${rule}: ${message}` : message,
    });
  };
  for (const v of checkShape(doc.value)) add(v.path, v.message);
  if (problems.length > 0) return { ok: false, problems };

  const ids = new Map<string, string>();
  const claim = (id: string, path: DocPath) => {
    const seen = ids.get(id);
    if (seen !== undefined) add(path, `id ${id} is defined twice (also at ${seen})`);
    else ids.set(id, path.join('.'));
  };
  for (const [i, r] of raw.scope.entries()) claim(r.id, ['scope', i, 'id']);
  for (const [i, r] of raw.mechanisms.entries()) claim(r.id, ['mechanisms', i, 'id']);
  // An exempt step shares its id with the exemption it grants (defined under mechanisms).
  raw.transfer.forEach((r, i) => {
    if (r.outcome !== 'exempt') claim(r.id, ['transfer', i, 'id']);
  });
  const stepIds = new Set<string>();
  raw.transfer.forEach((r, i) => {
    if (stepIds.has(r.id)) add(['transfer', i, 'id'], `transfer step ${r.id} is defined twice`);
    stepIds.add(r.id);
  });
  for (const [i, r] of (raw.obligations ?? []).entries()) claim(r.id, ['obligations', i, 'id']);

  const mechanismIds = new Set(raw.mechanisms.map((m) => m.id));
  const obligationIds = new Set((raw.obligations ?? []).map((o) => o.id));
  raw.transfer.forEach((step, i) => {
    if (step.outcome === 'require' && (step.any_of?.length ?? 0) === 0)
      add(['transfer', i], 'a `require` step needs `any_of`');
    if (step.outcome !== 'require' && step.any_of !== undefined)
      add(['transfer', i, 'any_of'], '`any_of` is only for `require` steps');
    if (step.outcome === 'exempt' && !mechanismIds.has(step.id))
      add(['transfer', i, 'id'], `exemption ${step.id} must also be defined under mechanisms`);
    step.any_of?.forEach((m, j) => {
      if (!mechanismIds.has(m))
        add(['transfer', i, 'any_of', j], `mechanism ${m} is not defined under mechanisms`);
    });
    step.lifted_by?.forEach((m, j) => {
      if (!mechanismIds.has(m))
        add(['transfer', i, 'lifted_by', j], `mechanism ${m} is not defined under mechanisms`);
    });
  });
  raw.mechanisms.forEach((m, i) => {
    m.covers?.forEach((c, j) => {
      if (!mechanismIds.has(c))
        add(['mechanisms', i, 'covers', j], `mechanism ${c} is not defined under mechanisms`);
    });
    m.obligations?.forEach((o, j) => {
      if (!obligationIds.has(o))
        add(['mechanisms', i, 'obligations', j], `obligation ${o} is not defined under obligations`);
    });
  });

  const compile = (expr: string, path: DocPath): CompiledExpr => {
    const c = compileCel(expr);
    if (c.ok) return c.fn;
    add(path, c.message);
    return () => false;
  };
  const factNames = new Set<string>();
  const perHopFacts = new Set<string>();
  const facts = (raw.facts ?? []).map((f: FactRule, i) => {
    if (factNames.has(f.name)) add(['facts', i, 'name'], `fact ${f.name} is defined twice`);
    factNames.add(f.name);
    const perHop =
      /\bhop\b/.test(f.expr) || [...perHopFacts].some((n) => new RegExp(`\\bfacts\\.${n}\\b`).test(f.expr));
    if (perHop) perHopFacts.add(f.name);
    return { name: f.name, fn: compile(f.expr, ['facts', i, 'expr']), perHop };
  });
  const scope = raw.scope.map((r, i) => ({ ...r, test: compile(r.when, ['scope', i, 'when']) }));
  const mechanisms = new Map(
    raw.mechanisms.map((m, i) => [
      m.id,
      {
        ...m,
        ...(m.in_place_when ? { inPlace: compile(m.in_place_when, ['mechanisms', i, 'in_place_when']) } : {}),
        ...(m.available_when
          ? { available: compile(m.available_when, ['mechanisms', i, 'available_when']) }
          : {}),
      },
    ]),
  );
  const transfer = raw.transfer.map((r, i) => ({ ...r, test: compile(r.when, ['transfer', i, 'when']) }));
  const obligations = new Map(
    (raw.obligations ?? []).map((o, i) => [
      o.id,
      {
        ...o,
        test: compile(o.when, ['obligations', i, 'when']),
        ...(o.met_when ? { met: compile(o.met_when, ['obligations', i, 'met_when']) } : {}),
      },
    ]),
  );
  const counters = (raw.counters ?? []).map((c, i) => ({
    ...c,
    test: compile(c.when, ['counters', i, 'when']),
  }));
  for (const [i, c] of (raw.counters ?? []).entries()) {
    claim(c.id, ['counters', i, 'id']);
    if ([...c.thresholds].sort((a, b) => a - b).join() !== c.thresholds.join())
      add(['counters', i, 'thresholds'], 'thresholds must be in increasing order');
  }
  for (const [path, r] of allRules(raw)) {
    if (r.in_force.until && r.in_force.until < r.in_force.from)
      add([...path, 'in_force'], 'in force until a day before it starts');
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    rulebook: {
      source: raw,
      hash: contentHash(raw),
      facts,
      scope,
      mechanisms,
      transfer,
      obligations,
      counters,
    },
  };
}

function allRules(raw: RulebookSource): [DocPath, { in_force: { from: string; until?: string | null } }][] {
  return [
    ...raw.scope.map((r, i) => [['scope', i], r] as [DocPath, ScopeRule]),
    ...raw.mechanisms.map((r, i) => [['mechanisms', i], r] as [DocPath, MechanismDef]),
    ...raw.transfer.map((r, i) => [['transfer', i], r] as [DocPath, TransferStep]),
    ...(raw.obligations ?? []).map((r, i) => [['obligations', i], r] as [DocPath, ObligationRule]),
  ];
}

function ruleIdAt(raw: unknown, path: DocPath): string | undefined {
  if (path.length < 2 || typeof path[1] !== 'number') return undefined;
  const list = (raw as Record<string, unknown> | undefined)?.[String(path[0])];
  const entry = Array.isArray(list)
    ? (list[path[1]] as { id?: unknown; name?: unknown } | undefined)
    : undefined;
  const id = entry?.id ?? entry?.name;
  return typeof id === 'string' ? id : undefined;
}
