import { loadBundledTaxonomy } from '../bundled/bundled-data.js';
import { type FlowSource, formatOf, readFlowSources } from '../files/flow-files.js';
import { parseFlow, type RecipientLookup } from '../flow/index.js';
import type { IsoDate } from '../geo/types.js';
import { formatProblem, type Problem } from '../shared/problem.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

/** Options of `customs validate`. */
export interface ValidateOptions {
  readonly json?: boolean;
  readonly quiet?: boolean;
  /** A YAML or JSON list of recipients-registry entries, for flows whose recipient is `{ ref }`. */
  readonly recipients?: string;
}

/** `customs validate FLOW...`: checks flow declarations; exit 0 when all are valid, 1 when any is not. */
export async function runValidate(
  paths: readonly string[],
  options: ValidateOptions,
  io: CliIo,
): Promise<number> {
  const taxonomy = loadBundledTaxonomy();
  let recipients: RecipientLookup | undefined;
  if (options.recipients !== undefined) {
    const { loadBundledRulebooks } = await import('../bundled/bundled-rulebooks.js');
    const { lookupOf, readRecipientsFile } = await import('./check-command.js');
    const read = await readRecipientsFile(options.recipients, loadBundledRulebooks(), io);
    if (!read.ok) return EXIT.invalid;
    recipients = lookupOf(read.entries);
  }
  const fromFiles = await readFlowSources(
    paths.filter((p) => p !== '-'),
    io.cwd,
  );
  const sources: FlowSource[] = [...fromFiles.sources];
  if (paths.includes('-')) {
    const text = await io.readStdin();
    sources.push({ name: '<stdin>', text, format: formatOf('<stdin>', text) });
  }
  const results: { file: string; valid: boolean; problems: Problem[] }[] = fromFiles.unreadable.map((u) => ({
    file: u.name,
    valid: false,
    problems: [{ code: 'DC_IO', severity: 'error', file: u.name, path: [], message: u.reason }],
  }));
  for (const source of sources) {
    const checked = parseFlow(source.text, source.format, {
      taxonomy,
      today: io.today() as IsoDate,
      file: source.name,
      ...(recipients !== undefined ? { recipients } : {}),
    });
    results.push({ file: source.name, valid: checked.ok, problems: [...checked.problems] });
  }
  results.sort((a, b) => a.file.localeCompare(b.file));
  if (results.length === 0) {
    io.err('customs validate: no flow files found (looked for .yaml, .yml and .json)\n');
    return EXIT.usage;
  }

  if (options.json) {
    io.out(`${JSON.stringify({ valid: results.every((r) => r.valid), files: results }, null, 2)}\n`);
  } else {
    for (const r of results) {
      for (const p of r.problems) {
        const line = formatProblem(p.file === undefined ? { ...p, file: r.file } : p);
        io.out(`${line}\n`);
      }
      if (!options.quiet) io.out(`${r.valid ? 'valid  ' : 'INVALID'}  ${r.file}\n`);
    }
    const bad = results.filter((r) => !r.valid).length;
    const errors = results.reduce((n, r) => n + r.problems.filter((p) => p.severity === 'error').length, 0);
    const warnings = results.reduce(
      (n, r) => n + r.problems.filter((p) => p.severity === 'warning').length,
      0,
    );
    if (!options.quiet) {
      io.out(
        `${results.length} file${results.length === 1 ? '' : 's'}: ${results.length - bad} valid, ${bad} invalid` +
          ` (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})\n`,
      );
    }
  }
  return results.every((r) => r.valid) ? EXIT.ok : EXIT.invalid;
}
