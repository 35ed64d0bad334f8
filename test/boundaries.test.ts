import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// DESIGN.md "Shape of the code": arrows point inwards. The domain folders are pure: they never import
// the adapters (server, cli, store, files, bundled) nor I/O, database, HTTP or UI libraries.

const SRC = new URL('../src/', import.meta.url).pathname;
const ADAPTERS = ['server', 'cli', 'store', 'files', 'bundled'];
const FORBIDDEN_PACKAGES = [
  'node:fs',
  'fs',
  'node:fs/promises',
  'fs/promises',
  'node:child_process',
  'node:net',
  'node:http',
  'kysely',
  'better-sqlite3',
  'pg',
  'fastify',
  'react',
];
/** What each domain folder may import of ours, besides itself (DESIGN.md). */
const ALLOWED: Record<string, string[]> = {
  shared: [],
  geo: ['shared'],
  taxonomy: ['shared'],
  flow: ['shared', 'geo', 'taxonomy'],
  lists: ['shared', 'geo'],
  rules: ['shared', 'geo', 'taxonomy', 'flow', 'lists'],
  detect: ['shared', 'taxonomy'],
  protect: ['shared', 'taxonomy'],
  ledger: [],
  counting: ['shared', 'geo'],
  sandbox: ['shared'],
  reports: ['shared', 'geo', 'taxonomy', 'flow', 'rules'],
  recipients: ['shared', 'geo', 'taxonomy', 'flow', 'rules'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

describe('module boundaries', () => {
  const files = sourceFiles(SRC);
  const folderOf = (file: string) => relative(SRC, file).split('/')[0] ?? '';

  it('knows every top-level folder of src', () => {
    const folders = new Set(files.map(folderOf).filter((f) => !f.endsWith('.ts')));
    for (const f of folders)
      expect(
        [...ADAPTERS, ...Object.keys(ALLOWED)],
        `src/${f} is neither a domain folder nor an adapter`,
      ).toContain(f);
  });

  it('keeps domain folders free of adapters, I/O and infrastructure libraries', () => {
    const violations: string[] = [];
    for (const file of files) {
      const folder = folderOf(file);
      const allowed = ALLOWED[folder];
      if (allowed === undefined) continue; // an adapter: may use everything
      for (const spec of importsOf(file)) {
        if (FORBIDDEN_PACKAGES.includes(spec)) violations.push(`${relative(SRC, file)} imports ${spec}`);
        if (spec.startsWith('.')) {
          const target = relative(SRC, join(file, '..', spec)).split('/')[0] ?? '';
          if (target !== folder && !allowed.includes(target))
            violations.push(`${relative(SRC, file)} imports src/${target}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
