import { type TSchema, Type } from '@sinclair/typebox';
import { compileSchema } from '../shared/json-schema.js';
import type { DocPath, Problem } from '../shared/problem.js';
import { VERDICT_LEVELS, type Verdict, type VerdictLevel } from './verdict.types.js';

// Rulebook scenarios as data (STYLE.md, after cedar's integration tests): a flow, the expected
// outcome, and the source that states it. Unknown fields are rejected.

const literalUnion = (values: readonly string[]): TSchema => Type.Union(values.map((v) => Type.Literal(v)));
const Ids = Type.Array(Type.String());

const ExpectedJurisdiction = Type.Object(
  {
    applies: Type.Optional(Type.Boolean()),
    verdict: Type.Optional(literalUnion(VERDICT_LEVELS)),
    decided_by: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    satisfied_by: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    any_of: Type.Optional(Ids),
    exemptions_include: Type.Optional(Ids),
    exemptions_exclude: Type.Optional(Ids),
    obligations_include: Type.Optional(Ids),
    obligations_exclude: Type.Optional(Ids),
    unmet_include: Type.Optional(Ids),
    hop: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

/** JSON Schema of one scenario. */
export const ScenarioSchema = Type.Object(
  {
    id: Type.Optional(Type.String()),
    description: Type.String({ minLength: 3 }),
    source: Type.String({ minLength: 3 }),
    flow: Type.Union([
      Type.Object({ file: Type.String() }, { additionalProperties: false }),
      Type.Object({}, { additionalProperties: true }),
    ]),
    expected: Type.Object(
      {
        verdict: Type.Optional(literalUnion(VERDICT_LEVELS)),
        conflicts: Type.Optional(
          Type.Array(
            Type.Object(
              { prohibited_by: Type.String(), compelled_by: Type.String() },
              { additionalProperties: false },
            ),
          ),
        ),
        jurisdictions: Type.Optional(
          Type.Record(Type.String({ pattern: '^[A-Z]{2}(-[A-Z0-9]+)?$' }), ExpectedJurisdiction),
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** JSON Schema of a scenario file: one scenario, or a list under `scenarios`. */
export const ScenarioFileSchema = Type.Union([
  Type.Object({ scenarios: Type.Array(ScenarioSchema, { minItems: 1 }) }, { additionalProperties: false }),
  ScenarioSchema,
]);

/** One scenario as written. */
export interface Scenario {
  readonly id?: string;
  readonly description: string;
  readonly source: string;
  readonly flow: Record<string, unknown>;
  readonly expected: {
    readonly verdict?: string;
    readonly conflicts?: readonly { prohibited_by: string; compelled_by: string }[];
    readonly jurisdictions?: Record<
      string,
      {
        applies?: boolean;
        verdict?: string;
        decided_by?: string | null;
        satisfied_by?: string | null;
        any_of?: string[];
        exemptions_include?: string[];
        exemptions_exclude?: string[];
        obligations_include?: string[];
        obligations_exclude?: string[];
        unmet_include?: string[];
        hop?: number;
      }
    >;
  };
}

const checkFile = compileSchema(ScenarioFileSchema);

/** Reads a scenario file's value into scenarios, or the problems that make it invalid (paths into the file). */
export function readScenarioFile(
  value: unknown,
): { ok: true; scenarios: { scenario: Scenario; path: DocPath }[] } | { ok: false; problems: Problem[] } {
  const violations = checkFile(value);
  if (violations.length > 0) {
    return {
      ok: false,
      problems: violations.map((v) => ({
        code: 'DC_SCENARIO_INVALID',
        severity: 'error',
        path: v.path,
        message: v.message,
      })),
    };
  }
  const v = value as { scenarios?: Scenario[] } & Scenario;
  if (Array.isArray(v.scenarios))
    return { ok: true, scenarios: v.scenarios.map((scenario, i) => ({ scenario, path: ['scenarios', i] })) };
  return { ok: true, scenarios: [{ scenario: v, path: [] }] };
}

/** Compares a verdict with a scenario's expectation; returns the differences (empty when it passes). */
export function compareWithExpected(verdict: Verdict, expected: Scenario['expected']): string[] {
  const diffs: string[] = [];
  if (expected.verdict !== undefined && verdict.verdict !== expected.verdict)
    diffs.push(`overall verdict: expected ${expected.verdict}, got ${verdict.verdict}`);
  for (const c of expected.conflicts ?? []) {
    const found = verdict.conflicts.some(
      (x) =>
        x.prohibited_by.jurisdiction === c.prohibited_by && x.compelled_by.jurisdiction === c.compelled_by,
    );
    if (!found)
      diffs.push(`conflicts: expected ${c.compelled_by} compelling what ${c.prohibited_by} prohibits`);
  }
  for (const [code, want] of Object.entries(expected.jurisdictions ?? {})) {
    let entries = verdict.jurisdictions.filter((j) => j.jurisdiction === code);
    if (want.hop !== undefined) entries = entries.filter((j) => j.hop?.index === want.hop);
    if (entries.length === 0) {
      if (want.applies === false || want.verdict === 'not_applicable') continue;
      diffs.push(`${code}: no entry in the verdict`);
      continue;
    }
    const applies = entries.some((e) => e.applies);
    if (want.applies !== undefined && applies !== want.applies)
      diffs.push(`${code}: applies: expected ${want.applies}, got ${applies}`);
    const worst = entries.reduce<VerdictLevel>(
      (acc, e) => (VERDICT_LEVELS.indexOf(e.verdict) > VERDICT_LEVELS.indexOf(acc) ? e.verdict : acc),
      'not_applicable',
    );
    if (want.verdict !== undefined && worst !== want.verdict)
      diffs.push(`${code}: verdict: expected ${want.verdict}, got ${worst}`);
    const e = entries.find((x) => x.verdict === worst) ?? entries[0];
    if (e === undefined) continue;
    if (want.decided_by !== undefined && e.decided_by !== want.decided_by)
      diffs.push(`${code}: decided_by: expected ${want.decided_by}, got ${e.decided_by}`);
    if (want.satisfied_by !== undefined && e.mechanisms.satisfied_by !== want.satisfied_by) {
      diffs.push(`${code}: satisfied_by: expected ${want.satisfied_by}, got ${e.mechanisms.satisfied_by}`);
    }
    if (
      want.any_of !== undefined &&
      [...e.mechanisms.any_of].sort().join(',') !== [...want.any_of].sort().join(',')
    ) {
      diffs.push(
        `${code}: any_of: expected [${want.any_of.join(', ')}], got [${e.mechanisms.any_of.join(', ')}]`,
      );
    }
    const all = <K extends 'exemptions' | 'obligations' | 'unmet'>(k: K) =>
      new Set(entries.flatMap((x) => x[k]));
    for (const id of want.exemptions_include ?? [])
      if (!all('exemptions').has(id)) diffs.push(`${code}: exemptions: ${id} missing`);
    for (const id of want.exemptions_exclude ?? [])
      if (all('exemptions').has(id)) diffs.push(`${code}: exemptions: ${id} unexpected`);
    for (const id of want.obligations_include ?? [])
      if (!all('obligations').has(id)) diffs.push(`${code}: obligations: ${id} missing`);
    for (const id of want.obligations_exclude ?? [])
      if (all('obligations').has(id)) diffs.push(`${code}: obligations: ${id} unexpected`);
    for (const id of want.unmet_include ?? [])
      if (!all('unmet').has(id)) diffs.push(`${code}: unmet: ${id} missing`);
  }
  return diffs;
}
