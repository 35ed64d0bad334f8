import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowJsonSchemaText } from '../src/flow/flow-json-schema.js';
import { ERROR_CODES } from '../src/shared/errors.js';

const ROOT = new URL('..', import.meta.url).pathname;

describe('schema/flow.v1.json', () => {
  it('is the schema the code validates with (regenerate with `npm run schema`)', () => {
    expect(readFileSync(join(ROOT, 'schema', 'flow.v1.json'), 'utf8')).toBe(flowJsonSchemaText());
  });
});

describe('docs/errors.md', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'errors.md'), 'utf8');
  const documented = new Set([...doc.matchAll(/^\|\s*`(DC_[A-Z0-9_]+)`\s*\|/gm)].map((m) => m[1]));

  function codesInSource(dir: string): Set<string> {
    const out = new Set<string>();
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) for (const c of codesInSource(full)) out.add(c);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
        for (const m of readFileSync(full, 'utf8').matchAll(/['"`](DC_[A-Z0-9_]+)['"`]/g))
          if (m[1]) out.add(m[1]);
      }
    }
    return out;
  }

  it('documents every error code the code can produce, and no other', () => {
    const used = codesInSource(join(ROOT, 'src'));
    for (const code of Object.keys(ERROR_CODES)) used.add(code);
    expect([...documented].sort()).toEqual([...used].sort());
  });
});
