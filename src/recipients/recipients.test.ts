import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { validFlowArbitrary } from '../../test/arbitraries.js';
import { loadBundledTaxonomy } from '../bundled/bundled-data.js';
import { loadBundledLists } from '../bundled/bundled-lists.js';
import { loadBundledRulebooks } from '../bundled/bundled-rulebooks.js';
import { checkFlow, type Flow } from '../flow/index.js';
import type { IsoDate } from '../geo/types.js';
import { formatProblem } from '../shared/problem.js';
import {
  addWorkingDays,
  checkRecipient,
  contractStatusOn,
  evaluateWithRegistry,
  parseRecipientList,
  type RecipientEntry,
  type RegistryVerdict,
} from './index.js';

const taxonomy = loadBundledTaxonomy();
const rulebooks = loadBundledRulebooks();
const lists = loadBundledLists();
const day = (d: string) => d as IsoDate;

const entryOf = (value: unknown): RecipientEntry => {
  const checked = checkRecipient(value);
  if (!checked.ok) throw new Error(checked.problems.map(formatProblem).join('\n'));
  return checked.entry;
};
const registryOf = (...entries: RecipientEntry[]) => ({
  get: (id: string) => entries.find((e) => e.id === id),
  ids: () => entries.map((e) => e.id),
});
const flowOf = (value: Record<string, unknown>, entries: RecipientEntry[]): Flow => {
  const checked = checkFlow(value, {
    taxonomy,
    today: day('2026-11-29'),
    recipients: registryOf(...entries),
  });
  if (!checked.ok) throw new Error(checked.problems.map(formatProblem).join('\n'));
  return checked.flow;
};
const evaluateOn = (flow: Flow, entry: RecipientEntry, date: string) =>
  evaluateWithRegistry({ ...flow, date: day(date) }, { entry, version: 1 }, { rulebooks, taxonomy, lists })
    .verdict as RegistryVerdict;
const entryFor = (v: RegistryVerdict, jurisdiction: string) =>
  v.jurisdictions.find((j) => j.jurisdiction === jurisdiction && j.applies);

const HANGZHOU = {
  id: 'hz-support',
  name: 'Hangzhou Support Centre Ltd',
  country: 'cn',
  role: 'processor',
  relation: 'group_company',
  contracts: [
    {
      mechanism: 'eu.scc',
      signed: '2025-01-10',
      effective: '2025-02-01',
      expires: '2026-06-30',
      reference: 'SCC-7',
    },
  ],
};
const FR_TO_REF = (ref: string) => ({
  version: 1,
  date: '2026-06-29',
  exporter: { name: 'Example Marketplace SAS', country: 'FR', targets: ['EU'] },
  recipient: { ref },
  subjects: [{ residence: 'FR', kind: 'customer', count: 4000 }],
  categories: ['user.name', 'user.contact.address'],
  purpose: 'essential.service.operations.support',
});

describe('checkRecipient', () => {
  it('normalises an entry: defaults filled, countries upper-cased, open ends null, x- properties kept', () => {
    const e = entryOf({ ...HANGZHOU, 'x-owner': 'legal team' });
    expect(e).toMatchObject({
      country: 'CN',
      headquarters: 'CN',
      owned_by: null,
      authority: false,
      covered_person: false,
      certifications: [],
      'x-owner': 'legal team',
    });
    expect(e.contracts[0]).toEqual({
      mechanism: 'eu.scc',
      signed: '2025-01-10',
      effective: '2025-02-01',
      expires: '2026-06-30',
      filed: null,
      reference: 'SCC-7',
    });
  });

  it('names every problem with its path: unknown mechanism, bad country, dates out of order, filing of a non-CN contract', () => {
    const checked = checkRecipient({
      id: 'x',
      name: 'X',
      country: 'UK',
      certifications: [{ id: 'eu-us-dpf', from: '2026-01-01', until: '2025-01-01' }],
      contracts: [
        { mechanism: 'eu.sccc', signed: '2025-01-01', effective: '2025-01-01', reference: 'A' },
        {
          mechanism: 'eu.scc',
          signed: '2025-01-01',
          effective: '2025-01-01',
          expires: '2024-01-01',
          filed: '2025-01-02',
          reference: 'B',
        },
      ],
      colour: 'red',
    });
    expect(checked.ok).toBe(false);
    const lines = checked.problems.map((p) => `${p.path.join('.')}: ${p.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^colour: unknown property/),
        expect.stringMatching(/^country: country 'UK' .*use GB/),
        expect.stringMatching(/^certifications\.0\.until: must be after from/),
        expect.stringMatching(
          /^contracts\.0\.mechanism: eu\.sccc is not a known mechanism id — did you mean eu\.scc\?/,
        ),
        expect.stringMatching(/^contracts\.1\.expires: must be after effective/),
        expect.stringMatching(/^contracts\.1\.filed: only a CN standard contract/),
      ]),
    );
    expect(checked.problems.every((p) => p.code === 'DC_RECIPIENT_INVALID')).toBe(true);
  });

  it('refuses a certification id the flow schema does not accept, suggesting the closest', () => {
    const checked = checkRecipient({
      id: 'x',
      name: 'X',
      country: 'US',
      certifications: [{ id: 'eu-us-dpff', from: '2026-01-01' }],
    });
    expect(checked.ok).toBe(false);
    expect(checked.problems[0]).toMatchObject({ path: ['certifications', 0, 'id'], suggestion: 'eu-us-dpf' });
  });
});

describe('parseRecipientList', () => {
  it('locates each problem by line and column in a YAML file', () => {
    const text = stringify([HANGZHOU, { ...HANGZHOU, country: 'Germany' }, HANGZHOU]);
    const read = parseRecipientList(text, 'yaml', { file: 'recipients.yaml' });
    expect(read.ok).toBe(false);
    const lines = read.problems.map(formatProblem);
    expect(lines.some((l) => /^recipients\.yaml:\d+:\d+: \[1\]\.country: country 'Germany'/.test(l))).toBe(
      true,
    );
    expect(
      lines.some((l) =>
        /^recipients\.yaml:\d+:\d+: \[2\]\.id: recipient `hz-support` is listed twice/.test(l),
      ),
    ).toBe(true);
  });

  it('accepts a mapping with a recipients list, and reports a syntax error where it is', () => {
    const ok = parseRecipientList(JSON.stringify({ recipients: [HANGZHOU] }), 'json');
    expect(ok.ok && ok.entries.map((e) => e.id)).toEqual(['hz-support']);
    const bad = parseRecipientList('[{"id": "x",\n  "name": }]', 'json', { file: 'r.json' });
    expect(bad.ok).toBe(false);
    expect(bad.problems[0]).toMatchObject({ file: 'r.json', line: 2 });
  });

  it('never throws, and every problem of any input has a path and a position (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify([v])),
        ),
        (text) => {
          for (const format of ['json', 'yaml'] as const) {
            const read = parseRecipientList(text, format, { file: 'f' });
            for (const p of read.problems) {
              expect(Array.isArray(p.path)).toBe(true);
              expect(p.line).toBeGreaterThanOrEqual(1);
              expect(p.message).not.toMatch(/\n/);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads back every valid entry it is given, in order (property)', () => {
    const date = fc
      .date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2030-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    const entry = fc.record(
      {
        id: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,20}$/),
        name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 .&-]{0,30}$/),
        country: fc.constantFrom('CN', 'US', 'SG', 'DE', 'gb'),
        covered_person: fc.boolean(),
        certifications: fc.array(
          fc.record({ id: fc.constantFrom('eu-us-dpf', 'apec-cbpr', 'eu-bcr'), from: date }),
          { maxLength: 3 },
        ),
        contracts: fc.array(
          fc.record({
            mechanism: fc.constantFrom('eu.scc', 'gb.idta', 'cn.standard_contract'),
            signed: date,
            effective: date,
            reference: fc.stringMatching(/^[A-Z]{2,4}-\d{1,4}$/),
          }),
          { maxLength: 3 },
        ),
      },
      { requiredKeys: ['id', 'name', 'country'] },
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(entry, { selector: (e) => e.id, maxLength: 5 }),
        fc.boolean(),
        (entries, yaml) => {
          const text = yaml ? stringify(entries) : JSON.stringify(entries);
          const read = parseRecipientList(text, yaml ? 'yaml' : 'json');
          expect(read.problems.filter((p) => p.severity === 'error')).toEqual([]);
          if (!read.ok) return;
          expect(read.entries.map((e) => e.id)).toEqual(entries.map((e) => e.id));
          read.entries.forEach((e, i) => {
            expect(e.country).toBe(entries[i]?.country.toUpperCase());
            expect(e.contracts).toHaveLength(entries[i]?.contracts?.length ?? 0);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('contract dates', () => {
  it('counts ten working days, Monday to Friday, for the CN filing deadline', () => {
    expect(addWorkingDays(day('2026-03-02'), 10)).toBe('2026-03-16'); // a Monday: two weeks on
    expect(addWorkingDays(day('2026-03-06'), 10)).toBe('2026-03-20'); // from a Friday
    expect(addWorkingDays(day('2026-03-07'), 1)).toBe('2026-03-09'); // from a Saturday
  });

  it('holds a contract in force from effective until the day before it expires', () => {
    const c = entryOf(HANGZHOU).contracts[0];
    if (c === undefined) throw new Error('fixture');
    expect(contractStatusOn(c, day('2025-01-31')).status).toBe('not_yet_effective');
    expect(contractStatusOn(c, day('2025-02-01')).status).toBe('in_force');
    expect(contractStatusOn(c, day('2026-06-29')).status).toBe('in_force');
    expect(contractStatusOn(c, day('2026-06-30')).status).toBe('expired');
  });

  it('holds a CN standard contract after its filing deadline only once filed (CAC Order 13 Art. 7)', () => {
    const unfiled = entryOf({
      id: 'sg',
      name: 'SG',
      country: 'SG',
      contracts: [
        { mechanism: 'cn.standard_contract', signed: '2026-03-01', effective: '2026-03-02', reference: 'C' },
      ],
    }).contracts[0];
    if (unfiled === undefined) throw new Error('fixture');
    expect(contractStatusOn(unfiled, day('2026-03-16'))).toEqual({
      status: 'in_force',
      filing_due: '2026-03-16',
    });
    expect(contractStatusOn(unfiled, day('2026-03-17')).status).toBe('not_filed');
    const late = { ...unfiled, filed: day('2026-03-20') };
    expect(contractStatusOn(late, day('2026-03-19')).status).toBe('not_filed');
    expect(contractStatusOn(late, day('2026-03-20')).status).toBe('in_force');
  });
});

describe('evaluateWithRegistry', () => {
  describe('when the registry holds the contract the flow relies on', () => {
    const hz = entryOf(HANGZHOU);
    const flow = flowOf(FR_TO_REF('hz-support'), [hz]);

    it('keeps the reference and the parties fields in the normalised flow, with no certification or safeguard', () => {
      expect(flow.recipient_ref).toBe('hz-support');
      expect(flow.recipient).toMatchObject({
        name: 'Hangzhou Support Centre Ltd',
        country: 'CN',
        certifications: [],
      });
      expect(flow.safeguards).toEqual([]);
    });

    it('allows the day before the contract expires and says the SCCs came from the registry, with their dates', () => {
      const v = evaluateOn(flow, hz, '2026-06-29');
      const eu = entryFor(v, 'EU');
      expect(eu?.mechanisms.satisfied_by).toBe('eu.scc');
      expect(eu?.why).toContain(
        'eu.scc from the recipients registry: contract SCC-7 with hz-support, signed 2025-01-10, in force 2025-02-01 to 2026-06-30',
      );
      expect(v.registry).toMatchObject({ recipient: 'hz-support', version: 1, date: '2026-06-29' });
    });

    it('requires a mechanism from the day it expires, with no edit to the flow, and says it expired', () => {
      const v = evaluateOn(flow, hz, '2026-06-30');
      const eu = entryFor(v, 'EU');
      expect(eu?.verdict).toBe('mechanism_required');
      expect(eu?.why).toContain('eu.scc with hz-support (SCC-7) expired on 2026-06-30');
      expect(v.registry.notes).toContain('eu.scc with hz-support (SCC-7) expired on 2026-06-30');
    });
  });

  describe('when the registry holds a certification the verdict relies on', () => {
    const us = entryOf({
      id: 'us-analytics',
      name: 'US Analytics Inc.',
      country: 'US',
      certifications: [{ id: 'eu-us-dpf', from: '2024-03-01', until: '2027-03-01' }],
    });
    const flow = flowOf(FR_TO_REF('us-analytics'), [us]);

    it('names the certification and its dates while it holds, and its end once it lapsed', () => {
      const during = entryFor(evaluateOn(flow, us, '2026-06-29'), 'EU');
      expect(during?.verdict).toBe('allowed');
      expect(during?.why).toContain(
        'relies on certifications of us-analytics in the recipients registry: eu-us-dpf (2024-03-01 to 2027-03-01)',
      );
      const after = entryFor(evaluateOn(flow, us, '2027-03-01'), 'EU');
      expect(after?.verdict).toBe('mechanism_required');
      expect(after?.why).toContain('eu-us-dpf of us-analytics expired on 2027-03-01');
    });
  });

  describe('when the recipient is a covered person only by the registry (28 CFR 202.211(a)(5))', () => {
    it('brings the DOJ rule in for a Singapore recipient', () => {
      const base = {
        id: 'harbourline',
        name: 'Harbourline Storage Pte. Ltd.',
        country: 'SG',
        role: 'processor',
      };
      const flowValue = {
        version: 1,
        date: '2026-11-29',
        exporter: { name: 'Trailmark Fitness Inc.', country: 'US', establishments: ['US'], targets: ['US'] },
        recipient: { ref: 'harbourline' },
        subjects: [{ residence: 'US', kind: 'user', count: 25000 }],
        categories: ['user.location.track', 'user.device.device_id'],
        purpose: 'functional.storage',
        arrangement: 'vendor',
      };
      const plain = entryOf(base);
      const covered = entryOf({ ...base, covered_person: true });
      expect(entryFor(evaluateOn(flowOf(flowValue, [plain]), plain, '2026-11-29'), 'US')).toBeUndefined();
      const us = entryFor(evaluateOn(flowOf(flowValue, [covered]), covered, '2026-11-29'), 'US');
      expect(us?.verdict).toBe('mechanism_required');
      expect(us?.mechanisms.any_of).toEqual(['us.doj.restricted']);
    });
  });

  it('reports a reference the registry does not hold as a gap, never allowing silently', () => {
    const hz = entryOf(HANGZHOU);
    const flow = flowOf(FR_TO_REF('hz-support'), [hz]);
    const { verdict } = evaluateWithRegistry(flow, undefined, { rulebooks, taxonomy, lists });
    expect(verdict.gaps.some((g) => g.includes('hz-support is not in the recipients registry'))).toBe(true);
    expect(verdict.verdict).not.toBe('allowed');
  });
});

describe('checkFlow with a registry reference', () => {
  it('refuses a reference with no registry given, and suggests a close id', () => {
    const none = checkFlow(FR_TO_REF('hz-suport'), { taxonomy, today: day('2026-11-29') });
    expect(none.ok).toBe(false);
    expect(none.problems[0]?.message).toMatch(/refers to the recipients registry, and none was given/);
    const misspelt = checkFlow(FR_TO_REF('hz-suport'), {
      taxonomy,
      today: day('2026-11-29'),
      recipients: registryOf(entryOf(HANGZHOU)),
    });
    expect(misspelt.problems[0]).toMatchObject({ path: ['recipient', 'ref'], suggestion: 'hz-support' });
  });

  it('refuses inline fields beside a reference', () => {
    const checked = checkFlow(
      { ...FR_TO_REF('hz-support'), recipient: { ref: 'hz-support', country: 'CN' } },
      { taxonomy, today: day('2026-11-29'), recipients: registryOf(entryOf(HANGZHOU)) },
    );
    expect(checked.ok).toBe(false);
    expect(checked.problems[0]).toMatchObject({ path: ['recipient', 'country'] });
  });

  it('keeps the messages of an inline recipient as precise as before', () => {
    const { recipient: _, ...rest } = FR_TO_REF('x');
    const checked = checkFlow({ ...rest, recipient: { name: 'X' } }, { taxonomy, today: day('2026-11-29') });
    expect(checked.problems.map((p) => p.message)).toEqual(['missing required property `country`']);
  });

  it('normalises any valid flow the same with its recipient inline or as a reference to an equal entry (property)', () => {
    fc.assert(
      fc.property(validFlowArbitrary(taxonomy), (declared) => {
        const inline = checkFlow(declared, { taxonomy, today: day('2026-11-29') });
        if (!inline.ok) return;
        const r = inline.flow.recipient;
        const e = entryOf({
          id: 'the-recipient',
          name: r.name,
          country: r.country,
          headquarters: r.headquarters,
          ...(r.owned_by !== null ? { owned_by: r.owned_by } : {}),
          role: r.role,
          relation: r.relation,
          authority: r.authority,
          certifications: r.certifications.map((id) => ({ id, from: '2000-01-01' })),
        });
        const byRef = checkFlow(
          { ...declared, recipient: { ref: 'the-recipient' } },
          { taxonomy, today: day('2026-11-29'), recipients: registryOf(e) },
        );
        expect(byRef.ok).toBe(true);
        if (!byRef.ok) return;
        expect(byRef.flow.recipient_ref).toBe('the-recipient');
        const { recipient_ref: _, ...rest } = byRef.flow;
        const resolved = evaluateWithRegistry(rest as Flow, undefined, { rulebooks: [], taxonomy });
        expect(resolved.flow.recipient.country).toBe(r.country);
        const applied = evaluateWithRegistry(
          byRef.flow,
          { entry: e, version: 1 },
          { rulebooks: [], taxonomy },
        ).flow;
        expect({ ...applied.recipient, covered_person: undefined }).toEqual({
          ...r,
          covered_person: undefined,
        });
        expect(applied.safeguards).toEqual(inline.flow.safeguards);
      }),
      { numRuns: 100 },
    );
  });
});
