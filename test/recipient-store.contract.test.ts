import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { checkRecipient, type RecipientEntry } from '../src/recipients/index.js';
import { openStore, type QuarantinedRecord, type Store, type StoreLocation } from '../src/store/index.js';

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

const entry = (id: string, extra: Record<string, unknown> = {}): RecipientEntry => {
  const checked = checkRecipient({ id, name: 'Hangzhou Support Centre Ltd', country: 'CN', ...extra });
  if (!checked.ok) throw new Error('fixture invalid');
  return checked.entry;
};
const SCC = { mechanism: 'eu.scc', signed: '2025-01-10', effective: '2025-02-01', reference: 'SCC-7' };
const by = (now: string) => ({ actor: 'k1', role: 'operator', now });

describe.each(backends)('the recipients registry on %s', (_name, location, skip) => {
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
  const tenant = () => `t-${randomUUID().slice(0, 8)}`;

  test('keeps every version with who changed it and when; an unchanged entry makes no new version', async () => {
    const reg = store.recipientsOf(tenant());
    const v1 = await reg.create({ entry: entry('hz'), ...by('2026-01-01T00:00:00.000Z') });
    const v2 = await reg.update({
      entry: entry('hz', { contracts: [SCC] }),
      actor: 'k2',
      role: 'admin',
      now: '2026-02-01T00:00:00.000Z',
    });
    const same = await reg.update({
      entry: entry('hz', { contracts: [SCC] }),
      ...by('2026-03-01T00:00:00.000Z'),
    });
    expect(v1).toMatchObject({ version: 1, change: 'created', changedBy: 'k1', changedByRole: 'operator' });
    expect(v2).toMatchObject({ created: true, record: { version: 2, change: 'updated', changedBy: 'k2' } });
    expect(same).toMatchObject({ created: false, record: { version: 2 } });
    expect((await reg.latest('hz'))?.entry.contracts[0]?.reference).toBe('SCC-7');
    expect((await reg.version('hz', 1))?.entry.contracts).toEqual([]);
    expect((await reg.history('hz')).map((r) => [r.version, r.changedAt])).toEqual([
      [1, '2026-01-01T00:00:00.000Z'],
      [2, '2026-02-01T00:00:00.000Z'],
    ]);
  });

  test('refuses to create an id twice, and to update an id that does not exist', async () => {
    const reg = store.recipientsOf(tenant());
    await reg.create({ entry: entry('hz'), ...by('2026-01-01T00:00:00.000Z') });
    await expect(reg.create({ entry: entry('hz'), ...by('2026-01-02T00:00:00.000Z') })).rejects.toMatchObject(
      {
        code: 'DC_CONFLICT',
      },
    );
    expect(await reg.update({ entry: entry('nobody'), ...by('2026-01-02T00:00:00.000Z') })).toBeUndefined();
    expect(await reg.history('nobody')).toEqual([]);
  });

  test('updates only at the expected version when one is given', async () => {
    const reg = store.recipientsOf(tenant());
    await reg.create({ entry: entry('hz'), ...by('2026-01-01T00:00:00.000Z') });
    await expect(
      reg.update({
        entry: entry('hz', { country: 'SG' }),
        ...by('2026-01-02T00:00:00.000Z'),
        expectedVersion: 2,
      }),
    ).rejects.toMatchObject({ code: 'DC_CONFLICT' });
    const ok = await reg.update({
      entry: entry('hz', { country: 'SG' }),
      ...by('2026-01-02T00:00:00.000Z'),
      expectedVersion: 1,
    });
    expect(ok?.record.version).toBe(2);
  });

  test('keeps tenants apart: the same id in two tenants, neither seeing the other', async () => {
    const a = store.recipientsOf(tenant());
    const b = store.recipientsOf(tenant());
    await a.create({ entry: entry('shared-id', { country: 'US' }), ...by('2026-01-01T00:00:00.000Z') });
    await b.create({ entry: entry('shared-id', { country: 'SG' }), ...by('2026-01-01T00:00:00.000Z') });
    expect((await a.latest('shared-id'))?.entry.country).toBe('US');
    expect((await b.latest('shared-id'))?.entry.country).toBe('SG');
    await a.create({ entry: entry('only-a'), ...by('2026-01-01T00:00:00.000Z') });
    expect(await b.latest('only-a')).toBeUndefined();
    expect((await b.list()).map((r) => r.id)).toEqual(['shared-id']);
  });

  test('numbers concurrent changes of one entry without gaps or duplicates', async () => {
    const reg = store.recipientsOf(tenant());
    await reg.create({ entry: entry('hz'), ...by('2026-01-01T00:00:00.000Z') });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        reg.update({ entry: entry('hz', { name: `Name ${i}` }), ...by('2026-01-02T00:00:00.000Z') }),
      ),
    );
    expect(results.map((r) => r?.record.version).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual([
      2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });

  test('lists the latest version of each entry by id, with a cursor', async () => {
    const reg = store.recipientsOf(tenant());
    for (const id of ['c', 'a', 'b'])
      await reg.create({ entry: entry(id), ...by('2026-01-01T00:00:00.000Z') });
    await reg.update({ entry: entry('a', { country: 'DE' }), ...by('2026-01-02T00:00:00.000Z') });
    const first = await reg.list({ limit: 2 });
    expect(first.map((r) => [r.id, r.version])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect((await reg.list({ limit: 2, after: 'b' })).map((r) => r.id)).toEqual(['c']);
  });

  test('agrees with a model (a map of version lists) over any sequence of creates and updates', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            op: fc.constantFrom('create', 'update'),
            id: fc.constantFrom('r1', 'r2', 'r3'),
            country: fc.constantFrom('CN', 'US', 'SG'),
          }),
          { maxLength: 12 },
        ),
        async (ops) => {
          const reg = store.recipientsOf(tenant());
          const model = new Map<string, string[]>();
          for (const { op, id, country } of ops) {
            const e = entry(id, { country });
            const versions = model.get(id);
            if (op === 'create') {
              if (versions) {
                await expect(reg.create({ entry: e, ...by('2026-01-01T00:00:00.000Z') })).rejects.toThrow();
              } else {
                await reg.create({ entry: e, ...by('2026-01-01T00:00:00.000Z') });
                model.set(id, [country]);
              }
            } else {
              const out = await reg.update({ entry: e, ...by('2026-01-01T00:00:00.000Z') });
              if (!versions) expect(out).toBeUndefined();
              else if (versions.at(-1) !== country) versions.push(country);
            }
          }
          for (const [id, versions] of model)
            expect((await reg.history(id)).map((r) => r.entry.country)).toEqual(versions);
          expect((await reg.list({ limit: 10 })).map((r) => r.id)).toEqual([...model.keys()].sort());
        },
      ),
      { numRuns: 15 },
    );
  });

  test('holds quarantined records once each, per tenant, by pages', async () => {
    const t = tenant();
    const held = (i: number): QuarantinedRecord => ({
      id: `q_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
      tenant: t,
      flowId: 'f',
      flowVersion: 1,
      transferId: i % 2 === 0 ? null : 'tr_x',
      recordIndex: i,
      fields: ['$.buyer.passport'],
      categories: ['user.government_id.passport_number'],
      digest: 'ab'.repeat(32),
      status: 'held',
      createdAt: `2026-01-01T00:00:0${i}.000Z`,
    });
    const rows = [0, 1, 2].map(held);
    await store.gateway.hold(rows);
    await store.gateway.hold(rows); // once each
    const page1 = await store.gateway.quarantined(t, { limit: 2 });
    expect(page1.records.map((r) => r.recordIndex)).toEqual([0, 1]);
    expect(page1.records[1]).toEqual(rows[1]);
    const page2 = await store.gateway.quarantined(t, { limit: 2, after: page1.next ?? '' });
    expect(page2).toEqual({ records: [rows[2]], next: null });
    expect((await store.gateway.quarantined(tenant())).records).toEqual([]);
  });
});
