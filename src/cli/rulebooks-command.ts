import { loadBundledTaxonomy } from '../bundled/bundled-data.js';
import { loadBundledRulebooks, loadBundledScenarios } from '../bundled/bundled-rulebooks.js';
import { compareWithExpected, evaluate } from '../rules/index.js';
import { formatProblem } from '../shared/problem.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { loadListsForEvaluation } from './lists-for-evaluation.js';

/** `customs rulebooks`: every rulebook with its law, version, last check, coverage and sources. */
export function runRulebooksList(options: { json?: boolean }, io: CliIo): number {
  const rulebooks = loadBundledRulebooks();
  const { scenarios } = loadBundledScenarios();
  const rows = rulebooks.map((rb) => {
    const s = rb.source;
    const rules = [...s.scope, ...s.mechanisms, ...s.transfer, ...(s.obligations ?? [])];
    return {
      jurisdiction: s.jurisdiction,
      law: s.law,
      name: s.name,
      version: s.version,
      checked: s.checked,
      rules: rules.length,
      unconfirmed: rules.filter((r) => r.confidence === 'unconfirmed').map((r) => r.id),
      scenarios: scenarios.filter((x) => x.jurisdiction === s.jurisdiction).length,
      hash: rb.hash,
      sources: s.sources,
    };
  });
  if (options.json) {
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  const lawWidth = Math.max(10, ...rows.map((r) => r.law.length));
  for (const r of rows) {
    io.out(
      `${r.jurisdiction.padEnd(6)} ${r.law.padEnd(lawWidth)} v${r.version}  checked ${r.checked}  ${r.rules} rules (${r.unconfirmed.length} unconfirmed)  ${r.scenarios} scenarios\n`,
    );
    io.out(`       ${r.name.en}\n`);
    for (const src of r.sources) io.out(`       - ${src.citation}: ${src.url}\n`);
  }
  return EXIT.ok;
}

/** `customs rulebooks test`: runs every scenario and prints `N passed, N failed`. */
export function runRulebooksTest(options: { verbose?: boolean; jurisdiction?: string }, io: CliIo): number {
  const taxonomy = loadBundledTaxonomy();
  const rulebooks = loadBundledRulebooks();
  const lists = loadListsForEvaluation();
  const { scenarios, problems } = loadBundledScenarios();
  for (const p of problems) io.out(`${formatProblem(p)}\n`);
  let passed = 0;
  let failed = problems.length;
  const evalOptions = { rulebooks, taxonomy, lists };
  for (const s of scenarios) {
    if (options.jurisdiction && s.jurisdiction !== options.jurisdiction.toUpperCase()) continue;
    const diffs = compareWithExpected(evaluate(s.flow, evalOptions), s.scenario.expected);
    const label = `${s.file}:${s.line}: ${s.scenario.id ?? s.scenario.description}`;
    if (diffs.length === 0) {
      passed++;
      if (options.verbose) io.out(`ok    ${label}\n`);
    } else {
      failed++;
      io.out(`FAIL  ${label}\n${diffs.map((d) => `      ${d}\n`).join('')}`);
    }
  }
  io.out(`${passed} passed, ${failed} failed\n`);
  return failed === 0 ? EXIT.ok : EXIT.invalid;
}
