import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadBundledTaxonomy } from '../src/bundled/bundled-data.js';
import { parseFlow } from '../src/flow/index.js';
import type { IsoDate } from '../src/geo/types.js';
import { openStore, type Store, type StoreLocation } from '../src/store/index.js';
import { MINIMAL_FLOW_YAML } from './helpers.js';

const taxonomy = loadBundledTaxonomy();
const flowOf = (text: string) => {
  const checked = parseFlow(text, 'yaml', { taxonomy, today: '2026-11-29' as IsoDate });
  if (!checked.ok) throw new Error('fixture invalid');
  return checked.flow;
};

const pgUrl = inject('pgUrl');
const backends: [string, () => StoreLocation, string | null][] = [
  ['SQLite', () => ({ kind: 'sqlite-memory' }), null],
  [
    'PostgreSQL',
    () => ({ kind: 'postgres', url: pgUrl ?? '' }),
    pgUrl === null ? inject('pgSkipReason') : null,
  ],
];

if (process.env.CI && pgUrl === null) {
  throw new Error(`PostgreSQL is required in CI: ${inject('pgSkipReason')}`);
}

describe.each(backends)('the store on %s', (_name, location, skip) => {
  let store: Store;
  beforeAll(async () => {
    if (skip) return;
    store = await openStore(location());
    await store.migrate();
    await store.migrate(); // idempotent
  });
  afterAll(async () => {
    await store?.close();
  });
  const test = skip ? it.skip : it;

  test('keeps every declared version and numbers them from 1', async () => {
    const id = `flow-${randomUUID()}`;
    const v1 = await store.flows.declare({
      id,
      flow: flowOf(MINIMAL_FLOW_YAML),
      sourceText: MINIMAL_FLOW_YAML,
      sourceFormat: 'yaml',
      now: '2026-11-29T10:00:00.000Z',
    });
    const changed = MINIMAL_FLOW_YAML.replace('count: 40000', 'count: 50000');
    const v2 = await store.flows.declare({
      id,
      flow: flowOf(changed),
      sourceText: changed,
      sourceFormat: 'yaml',
      now: '2026-11-29T11:00:00.000Z',
    });
    expect([v1.created, v1.record.version, v2.created, v2.record.version]).toEqual([true, 1, true, 2]);
    expect((await store.flows.latest(id))?.flow.subjects[0]?.count).toBe(50000);
    expect((await store.flows.version(id, 1))?.flow.subjects[0]?.count).toBe(40000);
    expect((await store.flows.version(id, 1))?.sourceText).toBe(MINIMAL_FLOW_YAML);
    expect((await store.flows.versions(id)).map((v) => v.version)).toEqual([1, 2]);
  });

  test('returns the latest version unchanged when the same content is declared again', async () => {
    const id = `flow-${randomUUID()}`;
    const flow = flowOf(MINIMAL_FLOW_YAML);
    await store.flows.declare({
      id,
      flow,
      sourceText: MINIMAL_FLOW_YAML,
      sourceFormat: 'yaml',
      now: '2026-11-29T10:00:00.000Z',
    });
    const again = await store.flows.declare({
      id,
      flow,
      sourceText: MINIMAL_FLOW_YAML,
      sourceFormat: 'yaml',
      now: '2026-11-29T12:00:00.000Z',
    });
    expect(again.created).toBe(false);
    expect(again.record.version).toBe(1);
  });

  test('numbers concurrent declarations of one flow without gaps or duplicates', async () => {
    const id = `flow-${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => {
        const text = MINIMAL_FLOW_YAML.replace('count: 40000', `count: ${1000 + i}`);
        return store.flows.declare({
          id,
          flow: flowOf(text),
          sourceText: text,
          sourceFormat: 'yaml',
          now: '2026-11-29T10:00:00.000Z',
        });
      }),
    );
    expect(results.map((r) => r.record.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  test('lists flows by id, latest version of each, with a cursor', async () => {
    const prefix = `list-${randomUUID().slice(0, 8)}`;
    for (const n of ['a', 'b', 'c']) {
      await store.flows.declare({
        id: `${prefix}-${n}`,
        flow: flowOf(MINIMAL_FLOW_YAML),
        sourceText: MINIMAL_FLOW_YAML,
        sourceFormat: 'yaml',
        now: '2026-11-29T10:00:00.000Z',
      });
    }
    const all = (await store.flows.list({ limit: 1000 })).filter((f) => f.id.startsWith(prefix));
    expect(all.map((f) => f.id)).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
    expect(all[0]).toMatchObject({
      latestVersion: 1,
      exporterCountry: 'FR',
      recipientCountry: 'CN',
      date: '2026-11-29',
    });
    const after = await store.flows.list({ after: `${prefix}-a`, limit: 1 });
    expect(after[0]?.id).toBe(`${prefix}-b`);
  });

  test('knows nothing of a flow never declared', async () => {
    expect(await store.flows.latest('never-declared')).toBeUndefined();
    expect(await store.flows.version('never-declared', 1)).toBeUndefined();
  });
});
