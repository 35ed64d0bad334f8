import type { ErrorCode } from './errors.js';

/** A path into a document: property names and array indices, outermost first. */
export type DocPath = readonly (string | number)[];

/** Where a problem is: file, 1-based line and column, and the field path in the document. */
export interface Location {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly path: DocPath;
}

/** One thing wrong with an input, located and explained; never holds a personal-data value. */
export interface Problem extends Location {
  readonly code: ErrorCode;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly suggestion?: string;
}

/** Formats a document path the way people write it: `subjects[0].residence`, `$` for the root. */
export function formatPath(path: DocPath): string {
  if (path.length === 0) return '$';
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Formats a problem on one line: `file:line:col: path: message`, as compilers do. */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.line, p.column].filter((x) => x !== undefined).join(':');
  const head = where === '' ? '' : `${where}: `;
  const tag = p.severity === 'warning' ? 'warning: ' : '';
  return `${head}${tag}${formatPath(p.path)}: ${p.message}`;
}
