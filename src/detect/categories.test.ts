import { describe, expect, it } from 'vitest';
import { loadBundledTaxonomy } from '../bundled/bundled-data.js';
import { CATEGORY } from './categories.js';

describe('detected categories', () => {
  it('are all keys of the bundled taxonomy', () => {
    const taxonomy = loadBundledTaxonomy();
    for (const key of Object.values(CATEGORY)) expect(taxonomy.getCategory(key), key).toBeDefined();
  });
});
