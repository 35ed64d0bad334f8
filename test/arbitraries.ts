import fc from 'fast-check';
import { listCountries } from '../src/geo/index.js';
import type { Taxonomy } from '../src/taxonomy/index.js';

/** Valid flow declarations (plain objects, as a YAML or JSON file would hold them), for property tests. */
export function validFlowArbitrary(taxonomy: Taxonomy, options: { countries?: readonly string[] } = {}) {
  const countries = options.countries ?? listCountries().map((c) => c.code);
  const categoryKeys = taxonomy.categories.map((c) => c.key);
  const purposeKeys = taxonomy.purposes.map((p) => p.key);
  const subjectKeys = taxonomy.subjects.map((s) => s.key);
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 .,&-]{0,40}$/);
  const date = fc
    .date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2035-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));

  return fc.record(
    {
      version: fc.constant(1),
      id: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,30}$/),
      date,
      exporter: fc.record(
        {
          name,
          kind: fc.constantFrom('company', 'individual', 'state_organ'),
          country: fc.constantFrom(...countries),
          ciio: fc.boolean(),
          establishments: fc.array(fc.constantFrom(...countries), { maxLength: 4 }),
          targets: fc.array(fc.constantFrom(...countries, 'EU', 'EEA'), { maxLength: 4 }),
          role: fc.constantFrom('controller', 'processor'),
        },
        { requiredKeys: ['name', 'country'] },
      ),
      recipient: fc.record(
        {
          name,
          country: fc.constantFrom(...countries),
          owned_by: fc.constantFrom(...countries),
          relation: fc.constantFrom('same_entity', 'group_company', 'third_party'),
          certifications: fc.uniqueArray(fc.constantFrom('eu-us-dpf', 'apec-cbpr', 'cn-pi-certification'), {
            maxLength: 3,
          }),
          authority: fc.boolean(),
        },
        { requiredKeys: ['name', 'country'] },
      ),
      route: fc.array(
        fc.record({
          name,
          country: fc.constantFrom(...countries),
          access: fc.constantFrom('storage_only', 'encrypted_only', 'transit', 'full'),
        }),
        { maxLength: 3 },
      ),
      subjects: fc.array(
        fc.record({
          residence: fc.constantFrom(...countries),
          kind: fc.constantFrom(...subjectKeys),
          count: fc.nat({ max: 5_000_000 }),
          prior: fc.nat({ max: 5_000_000 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      categories: fc.uniqueArray(fc.constantFrom(...categoryKeys), { minLength: 1, maxLength: 8 }),
      purpose: fc.constantFrom(...purposeKeys),
      basis: fc.record({
        consent: fc.constantFrom('none', 'general', 'separate', 'explicit'),
        contract_necessity: fc.boolean(),
      }),
      important_data: fc.boolean(),
      safeguards: fc.uniqueArray(fc.constantFrom('eu.scc', 'cn.standard_contract', 'gb.idta'), {
        maxLength: 3,
      }),
    },
    { requiredKeys: ['version', 'exporter', 'recipient', 'subjects', 'categories', 'purpose'] },
  );
}
