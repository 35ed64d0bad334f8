import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as ledger from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const sources = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('the ledger public face', () => {
  it('exports the names that tests outside the repository call', () => {
    for (const name of [
      'leafHash',
      'nodeHash',
      'rootHash',
      'verifyInclusion',
      'verifyConsistency',
      'parseCheckpoint',
      'signNote',
      'openNote',
      'inclusionProof',
      'consistencyProof',
      'formatCheckpoint',
      'generateNoteKey',
      'cosignCheckpoint',
      'verifyCosignature',
      'witnessCheckpoint',
      'LedgerError',
    ]) {
      expect(typeof (ledger as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('lists its exports by name, never with export *', () => {
    expect(readFileSync(join(here, 'index.ts'), 'utf8')).not.toMatch(/export \*/);
  });

  it('uses no Node-only API in library code, so that it runs in a browser', () => {
    for (const file of sources) {
      const text = readFileSync(join(here, file), 'utf8');
      expect(text, file).not.toMatch(/from 'node:|require\(|\bBuffer\b|process\./);
    }
  });

  it('throws only the error codes of its public catalogue', () => {
    const used = new Set<string>();
    for (const file of sources) {
      for (const match of readFileSync(join(here, file), 'utf8').matchAll(/'(DC_LEDGER_[A-Z_]+)'/g))
        used.add(match[1]!);
    }
    const catalogue = Object.keys(ledger.LEDGER_ERROR_CODES);
    expect([...used].filter((code) => !catalogue.includes(code))).toEqual([]);
    expect(catalogue.every((code) => /^DC_LEDGER_[A-Z_]+$/.test(code))).toBe(true);
  });

  it('imports nothing else of Data Customs', () => {
    for (const file of sources) {
      for (const match of readFileSync(join(here, file), 'utf8').matchAll(/from '([^']+)'/g)) {
        const target = match[1]!;
        expect(target.startsWith('./') || target.startsWith('@noble/'), `${file}: ${target}`).toBe(true);
      }
    }
  });
});
