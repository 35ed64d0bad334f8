// Adapter: reads the rulebooks and their scenarios shipped in `rulebooks/` and compiles them once.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { type Flow, parseFlow } from '../flow/index.js';
import type { IsoDate } from '../geo/types.js';
import { type CompiledRulebook, compileRulebook, readScenarioFile, type Scenario } from '../rules/index.js';
import { DataCustomsError } from '../shared/errors.js';
import { parseLocatedDocument } from '../shared/located-document.js';
import { formatProblem, type Problem } from '../shared/problem.js';
import { loadBundledTaxonomy, PACKAGE_ROOT } from './bundled-data.js';

let cached: CompiledRulebook[] | undefined;

const show = (p: string) => relative(process.cwd(), p) || p;

function rulebookDirs(root: string): string[] {
  const base = join(root, 'rulebooks');
  let names: string[];
  try {
    names = readdirSync(base).sort();
  } catch {
    return [];
  }
  return names.map((n) => join(base, n)).filter((d) => statSync(d).isDirectory());
}

/**
 * Every rulebook in `rulebooks/<code>/rulebook.yaml`, validated and compiled; throws one error listing
 * every problem with file, line and rule id when any rulebook is bad.
 */
export function loadBundledRulebooks(root: string = PACKAGE_ROOT): CompiledRulebook[] {
  if (cached !== undefined && root === PACKAGE_ROOT) return cached;
  const problems: Problem[] = [];
  const out: CompiledRulebook[] = [];
  for (const dir of rulebookDirs(root)) {
    const file = join(dir, 'rulebook.yaml');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      problems.push({
        code: 'DC_RULEBOOK_INVALID',
        severity: 'error',
        file: show(file),
        path: [],
        message: 'cannot read the rulebook',
      });
      continue;
    }
    const doc = parseLocatedDocument(text, 'yaml');
    if (doc.syntaxErrors.length > 0) {
      for (const e of doc.syntaxErrors)
        problems.push({
          code: 'DC_RULEBOOK_INVALID',
          severity: 'error',
          file: show(file),
          line: e.line,
          column: e.column,
          path: [],
          message: e.message,
        });
      continue;
    }
    const compiled = compileRulebook({ file: show(file), value: doc.value, locate: doc.locate });
    if (compiled.ok) out.push(compiled.rulebook);
    else problems.push(...compiled.problems);
  }
  if (problems.length > 0)
    throw new DataCustomsError(
      'DC_RULEBOOK_INVALID',
      `rulebooks are not valid:\n${problems.map(formatProblem).join('\n')}`,
    );
  if (root === PACKAGE_ROOT) cached = out;
  return out;
}

/** A scenario ready to run: its flow parsed, and where it came from. */
export interface LoadedScenario {
  readonly jurisdiction: string;
  readonly file: string;
  readonly line: number;
  readonly scenario: Scenario;
  readonly flow: Flow;
}

/** Every scenario in `rulebooks/<code>/scenarios/*.yaml`, each flow parsed and checked; bad files are problems. */
export function loadBundledScenarios(
  root: string = PACKAGE_ROOT,
  today = '2026-11-29',
): { scenarios: LoadedScenario[]; problems: Problem[] } {
  const taxonomy = loadBundledTaxonomy(root);
  const scenarios: LoadedScenario[] = [];
  const problems: Problem[] = [];
  for (const dir of rulebookDirs(root)) {
    const sdir = join(dir, 'scenarios');
    let files: string[];
    try {
      files = readdirSync(sdir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort();
    } catch {
      continue;
    }
    for (const f of files) {
      const file = join(sdir, f);
      const doc = parseLocatedDocument(readFileSync(file, 'utf8'), 'yaml');
      const where = (path: (string | number)[]) => ({ file: show(file), ...doc.locate(path) });
      if (doc.syntaxErrors.length > 0) {
        for (const e of doc.syntaxErrors)
          problems.push({
            code: 'DC_SCENARIO_INVALID',
            severity: 'error',
            file: show(file),
            line: e.line,
            column: e.column,
            path: [],
            message: e.message,
          });
        continue;
      }
      const read = readScenarioFile(doc.value);
      if (!read.ok) {
        for (const p of read.problems) problems.push({ ...p, ...where([...p.path]) });
        continue;
      }
      for (const { scenario, path } of read.scenarios) {
        let flowText: string;
        let flowName = show(file);
        let format: 'yaml' | 'json' = 'json';
        const ref = (scenario.flow as { file?: unknown }).file;
        if (typeof ref === 'string') {
          const target = join(dirname(file), ref);
          flowName = show(target);
          try {
            flowText = readFileSync(target, 'utf8');
          } catch {
            problems.push({
              code: 'DC_SCENARIO_INVALID',
              severity: 'error',
              ...where([...path, 'flow', 'file']),
              path: [...path, 'flow', 'file'],
              message: `cannot read ${ref}`,
            });
            continue;
          }
          format = target.endsWith('.json') ? 'json' : 'yaml';
        } else {
          flowText = JSON.stringify(scenario.flow);
        }
        const checked = parseFlow(flowText, format, { taxonomy, today: today as IsoDate, file: flowName });
        const pos = doc.locate([...path]);
        if (!checked.ok) {
          for (const p of checked.problems.filter((x) => x.severity === 'error')) {
            problems.push({
              ...p,
              code: 'DC_SCENARIO_INVALID',
              file: show(file),
              line: pos.line,
              column: pos.column,
              path: [...path, 'flow', ...p.path],
              message: `scenario ${scenario.id ?? scenario.description}: ${p.message}`,
            });
          }
          continue;
        }
        scenarios.push({
          jurisdiction: dir.split('/').at(-1)?.toUpperCase() ?? '',
          file: show(file),
          line: pos.line,
          scenario,
          flow: checked.flow,
        });
      }
    }
  }
  return { scenarios, problems };
}
