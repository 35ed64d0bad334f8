// Adapter: reads the data files shipped with the package (taxonomy/*.yaml) and hands them to the
// pure core. The only place outside cli/server/store that touches the file system.

import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataCustomsError } from '../shared/errors.js';
import { parseLocatedDocument } from '../shared/located-document.js';
import { formatProblem, type Problem } from '../shared/problem.js';
import { buildTaxonomy, type Taxonomy } from '../taxonomy/index.js';

/** The package's root folder (where package.json, taxonomy/ and examples/ are), from src or dist. */
export const PACKAGE_ROOT: string = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'data-customs') return dir;
    } catch {
      // not here; go up
    }
    dir = dirname(dir);
  }
  throw new DataCustomsError('DC_IO', 'cannot find the data-customs package root');
}

let cached: Taxonomy | undefined;

/**
 * The taxonomy shipped in `taxonomy/` (categories, purposes, subject kinds), validated and cached.
 * Throws a DataCustomsError listing every problem, each with file, line and field, when the data is bad.
 */
export function loadBundledTaxonomy(root: string = PACKAGE_ROOT): Taxonomy {
  if (cached !== undefined && root === PACKAGE_ROOT) return cached;
  const files = {
    categories: 'categories.yaml',
    purposes: 'purposes.yaml',
    subjects: 'subjects.yaml',
  } as const;
  const docs = Object.fromEntries(
    Object.entries(files).map(([list, name]) => {
      const path = join(root, 'taxonomy', name);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        throw new DataCustomsError('DC_IO', `cannot read taxonomy file ${relative(process.cwd(), path)}`);
      }
      return [list, { path, doc: parseLocatedDocument(text, 'yaml') }];
    }),
  ) as Record<keyof typeof files, { path: string; doc: ReturnType<typeof parseLocatedDocument> }>;

  const problems: Problem[] = [];
  for (const { path, doc } of Object.values(docs)) {
    for (const e of doc.syntaxErrors) {
      problems.push({
        code: 'DC_TAXONOMY_INVALID',
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
    const built = buildTaxonomy({
      categories: (docs.categories.doc.value as { categories?: unknown } | undefined)?.categories,
      purposes: (docs.purposes.doc.value as { purposes?: unknown } | undefined)?.purposes,
      subjects: (docs.subjects.doc.value as { subjects?: unknown } | undefined)?.subjects,
    });
    if (built.ok) {
      if (root === PACKAGE_ROOT) cached = built.taxonomy;
      return built.taxonomy;
    }
    for (const p of built.problems) {
      const list = p.path[0] as keyof typeof files;
      const entry = docs[list];
      const pos = entry?.doc.locate(p.path);
      problems.push({ ...p, file: entry?.path, ...(pos ? { line: pos.line, column: pos.column } : {}) });
    }
  }
  const shown = problems.map((p) =>
    formatProblem({ ...p, file: p.file ? relative(process.cwd(), p.file) : p.file }),
  );
  throw new DataCustomsError('DC_TAXONOMY_INVALID', `the taxonomy data is not valid:\n${shown.join('\n')}`);
}
