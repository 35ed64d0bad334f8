// Adapter: reads the list files shipped with the package (lists/*.yaml) and hands them to the pure
// core, mapping every problem back to its file, line and column.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildListSet, LISTS_INVALID, type ListSet } from '../lists/index.js';
import { DataCustomsError } from '../shared/errors.js';
import { type LocatedDocument, parseLocatedDocument } from '../shared/located-document.js';
import { formatProblem, type Problem } from '../shared/problem.js';
import { PACKAGE_ROOT } from './bundled-data.js';

const cache = new Map<string, ListSet>();

/**
 * The lists shipped in `lists/` (one `<name>.yaml` per list), validated and cached per root folder.
 * Throws a DataCustomsError (`DC_LISTS_INVALID`) listing every problem with file, line and column when
 * the data is bad, or `DC_IO` when the folder cannot be read.
 *
 * @example
 * loadBundledLists().contains('eu.adequacy', 'JP', '2026-11-29' as IsoDate); // true
 */
export function loadBundledLists(root: string = PACKAGE_ROOT): ListSet {
  const hit = cache.get(root);
  if (hit !== undefined) return hit;
  const dir = join(root, 'lists');
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
  } catch {
    throw new DataCustomsError(
      'DC_IO',
      `cannot read the lists folder ${relative(process.cwd(), dir) || '.'}`,
    );
  }
  const docs = new Map<string, LocatedDocument>();
  const problems: Problem[] = [];
  for (const name of names) {
    const path = join(dir, name);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new DataCustomsError('DC_IO', `cannot read list file ${relative(process.cwd(), path)}`);
    }
    const doc = parseLocatedDocument(text, 'yaml');
    docs.set(path, doc);
    for (const e of doc.syntaxErrors) {
      problems.push({
        code: LISTS_INVALID,
        severity: 'error',
        file: path,
        line: e.line,
        column: e.column,
        path: [],
        message: e.message,
      });
    }
  }
  if (problems.length === 0) {
    const built = buildListSet(
      [...docs].map(([path, doc]) => ({
        name: path.slice(dir.length + 1, -'.yaml'.length),
        value: doc.value,
        file: path,
      })),
    );
    if (built.ok) {
      cache.set(root, built.lists);
      return built.lists;
    }
    for (const p of built.problems) {
      const doc = p.file !== undefined ? docs.get(p.file) : undefined;
      const atKey = p.message.startsWith('unknown property');
      const pos = doc === undefined ? undefined : atKey ? doc.locateKey(p.path) : doc.locate(p.path);
      problems.push({ ...p, ...(pos ? { line: pos.line, column: pos.column } : {}) });
    }
  }
  const shown = problems.map((p) =>
    formatProblem({ ...p, file: p.file ? relative(process.cwd(), p.file) : p.file }),
  );
  throw new DataCustomsError(LISTS_INVALID, `the list data is not valid:\n${shown.join('\n')}`);
}
