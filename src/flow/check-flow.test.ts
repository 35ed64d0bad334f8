import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { validFlowArbitrary } from '../../test/arbitraries.js';
import { MINIMAL_FLOW_YAML } from '../../test/helpers.js';
import { loadBundledTaxonomy } from '../bundled/bundled-data.js';
import type { IsoDate } from '../geo/types.js';
import { checkFlow, parseFlow } from './index.js';

const taxonomy = loadBundledTaxonomy();
const options = { taxonomy, today: '2026-11-29' as IsoDate, file: 'flow.yaml' };
const parse = (text: string, format: 'yaml' | 'json' = 'yaml') => parseFlow(text, format, options);
const errors = (text: string, format: 'yaml' | 'json' = 'yaml') =>
  parse(text, format).problems.filter((p) => p.severity === 'error');

describe('parseFlow', () => {
  describe('when the declaration is valid', () => {
    it('normalises it: defaults filled, EU expanded on the flow date, parent categories expanded', () => {
      const checked = parse(
        MINIMAL_FLOW_YAML.replace('categories: [user.name,', 'categories: [user.name, user.contact,'),
      );
      expect(checked.ok).toBe(true);
      if (!checked.ok) return;
      const f = checked.flow;
      expect(f.exporter.kind).toBe('company');
      expect(f.exporter.establishments).toEqual(['FR']);
      expect(f.recipient.headquarters).toBe('CN');
      expect(f.basis).toEqual({ consent: 'none', contract_necessity: false });
      expect(f.expanded.targets).toHaveLength(27);
      expect(f.expanded.categories).toEqual(
        expect.arrayContaining(['user.contact.email', 'user.contact.address.city', 'user.name']),
      );
    });
    it('takes today as the date when the flow names none', () => {
      const checked = parse(MINIMAL_FLOW_YAML.replace('date: 2026-11-29\n', ''));
      expect(checked.ok && checked.flow.date).toBe('2026-11-29');
    });
    it('expands EU to the members of the flow date, with the United Kingdom before 2020-02-01', () => {
      const checked = parse(MINIMAL_FLOW_YAML.replace('date: 2026-11-29', 'date: 2019-06-01'));
      expect(checked.ok && checked.flow.expanded.targets).toContain('GB');
    });
    it('reads the same declaration from JSON', () => {
      const checked = parse(MINIMAL_FLOW_YAML, 'yaml');
      const asJson = parse(JSON.stringify(parseYaml(MINIMAL_FLOW_YAML), null, 2), 'json');
      expect(asJson).toEqual(checked);
    });
  });

  describe('when a category is unknown', () => {
    it('says which, where, and what was probably meant', () => {
      const [p] = errors(MINIMAL_FLOW_YAML.replace('user.contact.phone_number]', 'user.contact.phone]'));
      expect(p).toMatchObject({ line: 17, path: ['categories', 2], suggestion: 'user.contact.phone_number' });
      expect(p?.message).toBe(
        'unknown category user.contact.phone — did you mean user.contact.phone_number?',
      );
      expect(p?.column).toBeGreaterThan(40);
    });
  });

  describe('when a country is not ISO 3166-1', () => {
    it("says 'UK' is not ISO 3166-1 and suggests GB, at the subject's residence", () => {
      const [p] = errors(MINIMAL_FLOW_YAML.replace('residence: FR', 'residence: UK'));
      expect(p).toMatchObject({ line: 14, column: 16, path: ['subjects', 0, 'residence'], suggestion: 'GB' });
      expect(p?.message).toBe("country 'UK' is not ISO 3166-1; use GB");
    });
  });

  describe('when several things are wrong', () => {
    it('reports every problem, in one pass', () => {
      const bad = MINIMAL_FLOW_YAML.replace('residence: FR', 'residence: UK')
        .replace(
          'purpose: essential.service.operations.support',
          'purpose: essential.service.operation.support',
        )
        .replace('recipient:', 'recipent:')
        .replace('count: 40000', 'count: -3');
      const found = errors(bad);
      expect(found.map((p) => p.path.join('.'))).toEqual(
        expect.arrayContaining(['recipent', 'subjects.0.residence', 'purpose', 'subjects.0.count']),
      );
      expect(found.find((p) => p.path[0] === 'recipent')?.message).toContain('did you mean recipient?');
      expect(
        found.every((p) => p.line !== undefined && p.column !== undefined && p.file === 'flow.yaml'),
      ).toBe(true);
    });
  });

  describe('when the text is not well-formed', () => {
    it('locates a YAML syntax error', () => {
      const [p] = errors('version: 1\nexporter:\n  name: "unterminated\n');
      expect(p?.code).toBe('DC_FLOW_SYNTAX');
      expect(p?.line).toBeGreaterThanOrEqual(3);
    });
    it('locates a JSON syntax error without quoting the input', () => {
      const [p] = errors('{\n  "version": 1,\n  "exporter": { "name": "Jane Roe" ,, }\n}', 'json');
      expect(p).toMatchObject({ code: 'DC_FLOW_SYNTAX', line: 3 });
      expect(p?.message).not.toContain('Jane');
    });
    it('rejects a document that is not a mapping', () => {
      expect(errors('- just\n- a list\n')[0]?.message).toMatch(/must be a mapping/);
    });
    it('refuses an alias bomb', () => {
      const bomb = `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n`;
      expect(errors(bomb)[0]?.code).toBe('DC_FLOW_SYNTAX');
    });
  });

  describe('when a deprecated fideslang key is used', () => {
    it('accepts it with a warning naming the replacement', () => {
      const checked = parse(MINIMAL_FLOW_YAML.replace('user.name,', 'user.biometric,'));
      expect(checked.ok).toBe(true);
      expect(checked.problems[0]).toMatchObject({ severity: 'warning', suggestion: 'user.biometrics' });
    });
  });
});

// ---- properties ----

const validFlow = validFlowArbitrary(taxonomy);

describe('parseFlow properties', () => {
  it('accepts every valid generated flow, from YAML and from JSON alike', () => {
    fc.assert(
      fc.property(validFlow, (flow) => {
        const fromYaml = parse(stringify(flow));
        const fromJson = parse(JSON.stringify(flow, null, 2), 'json');
        expect(fromYaml.problems.filter((p) => p.severity === 'error')).toEqual([]);
        expect(fromYaml.ok).toBe(true);
        expect(fromJson.ok && fromYaml.ok && fromJson.flow).toEqual(fromYaml.ok && fromYaml.flow);
      }),
      { numRuns: 150 },
    );
  });

  it('turns any corruption of a valid flow into located problems, never a crash', () => {
    const corruption = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 6 }) }),
      fc.record({
        kind: fc.constant('delete' as const),
        at: fc.nat(),
        length: fc.integer({ min: 1, max: 20 }),
      }),
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    );
    fc.assert(
      fc.property(
        validFlow,
        fc.boolean(),
        fc.array(corruption, { minLength: 1, maxLength: 3 }),
        (flow, asJson, edits) => {
          let text = asJson ? JSON.stringify(flow, null, 2) : stringify(flow);
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            if (e.kind === 'insert') text = text.slice(0, at) + e.text + text.slice(at);
            else if (e.kind === 'delete') text = text.slice(0, at) + text.slice(at + e.length);
            else text = text.slice(0, at);
          }
          const checked = parse(text, asJson ? 'json' : 'yaml');
          for (const p of checked.problems) {
            expect(p.line).toBeGreaterThanOrEqual(1);
            expect(p.column).toBeGreaterThanOrEqual(1);
            expect(p.file).toBe('flow.yaml');
            expect(typeof p.message).toBe('string');
          }
          if (!checked.ok) expect(checked.problems.some((p) => p.severity === 'error')).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('checks an already parsed object the same way, without positions', () => {
    fc.assert(
      fc.property(validFlow, (flow) => {
        expect(checkFlow(flow, { taxonomy, today: '2026-11-29' as IsoDate }).ok).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
