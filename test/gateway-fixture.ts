import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { loadBundledTaxonomy } from '../src/bundled/bundled-data.js';
import { loadBundledRulebooks } from '../src/bundled/bundled-rulebooks.js';
import { generateNoteKey } from '../src/ledger/index.js';
import { createServer, type ServerDeps } from '../src/server/app.js';
import { type LedgerStore, openLedgerStore, openStore, type Role, type Store } from '../src/store/index.js';

/** A gateway in process: in-memory SQLite store and ledger, authentication on, one key per role. */
export interface GatewayFixture {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly ledger: LedgerStore;
  readonly keys: Readonly<Record<Role, string>>;
  readonly auth: (role: Role) => { authorization: string };
  close(): Promise<void>;
}

/** A small flow of the `acme` tenant under Chinese law, and batches for it. */
export const CN_FLOW = {
  version: 1,
  id: 'cn-analytics',
  date: '2026-11-29',
  exporter: { name: 'Beijing Shop', country: 'CN' },
  recipient: { name: 'US Analytics', country: 'US' },
  subjects: [{ residence: 'CN', kind: 'customer', count: 1000 }],
  categories: ['user.name', 'user.contact.phone_number'],
  purpose: 'analytics.reporting',
};

/** A transfer body of `n` records whose subjects are `prefix-from` … `prefix-(from+n-1)`. */
export const cnBatch = (from: number, n: number, prefix = 'b') => ({
  subject_field: '$.buyer.id',
  fields: { '$.buyer.name': 'user.name', '$.buyer.phone': 'user.contact.phone_number' },
  records: Array.from({ length: n }, (_, i) => ({
    buyer: { id: `${prefix}-${from + i}`, name: 'Test Person', phone: '+8613800138000' },
  })),
});

/** Builds the fixture; `extra` overrides server options. */
export async function createGatewayFixture(
  extra: Partial<ServerDeps> = {},
  setup?: { store?: Store; ledger?: LedgerStore },
): Promise<GatewayFixture> {
  const store = setup?.store ?? (await openStore({ kind: 'sqlite-memory' }));
  await store.migrate();
  const ledger = setup?.ledger ?? (await openLedgerStore({ kind: 'sqlite-memory' }));
  await ledger.migrate();
  const keys = {} as Record<Role, string>;
  for (const role of ['admin', 'operator', 'auditor', 'regulator'] as const)
    keys[role] = (
      await store.gateway.createApiKey({
        tenant: 'acme',
        role,
        now: '2026-11-29T00:00:00Z',
        random: randomBytes(30),
      })
    ).key;
  const logKey = generateNoteKey('test.example/log', new Uint8Array(32).fill(4));
  const app = await createServer({
    taxonomy: loadBundledTaxonomy(),
    store,
    rulebooks: loadBundledRulebooks(),
    auth: 'required',
    clock: { now: () => new Date('2026-11-29T10:00:00Z') },
    ledger: { store: ledger, logVerifierKey: logKey.verifierKey },
    ...extra,
  });
  await app.ready();
  return {
    app,
    store,
    ledger,
    keys,
    auth: (role) => ({ authorization: `Bearer ${keys[role]}` }),
    async close() {
      await app.close();
      await ledger.close();
      await store.close();
    },
  };
}
