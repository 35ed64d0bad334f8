import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  createKeyRing,
  createLocalKeyProvider,
  createMemoryVaultStorage,
  createVault,
  formatKeyFile,
  isProtectError,
  type KeyRing,
  type ProtectErrorCode,
  parseKeyFile,
  rotateKeyRing,
  type TokenRequest,
  type Vault,
  type VaultPolicy,
  type VaultStorage,
} from '../src/protect/index.js';
import { openVaultStore, type VaultStore } from '../src/store/vault-store.js';
import type { CategoryKey } from '../src/taxonomy/index.js';

// One contract for the vault and its storage, run in memory, on SQLite and on PostgreSQL (each PostgreSQL
// run in a database of its own). The tables are created by `createVaultTables` at open until migration
// 0003_vault is wired.

const pgUrl = inject('pgUrl');
if (process.env.CI && pgUrl === null)
  throw new Error(`PostgreSQL is required in CI: ${inject('pgSkipReason')}`);

const databases: string[] = [];
const opened: VaultStore[] = [];
async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl ?? '' });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
afterAll(async () => {
  for (const s of opened) await s.close();
  for (const name of databases) await adminQuery(`drop database if exists ${name} with (force)`);
});

type Backend = 'memory' | 'sqlite' | 'postgres';
async function freshStorage(backend: Backend): Promise<VaultStorage> {
  if (backend === 'memory') return createMemoryVaultStorage();
  if (backend === 'sqlite') {
    const s = await openVaultStore({ kind: 'sqlite-memory' });
    opened.push(s);
    return s;
  }
  const name = `vault_${randomUUID().replaceAll('-', '')}`;
  await adminQuery(`create database ${name}`);
  databases.push(name);
  const url = (pgUrl ?? '').replace(/^(postgres(?:ql)?:\/\/[^/]*\/)[^?]*/, `$1${name}`);
  const s = await openVaultStore({ kind: 'postgres', url });
  opened.push(s);
  return s;
}

const random = (n: number) => new Uint8Array(randomBytes(n));
const POLICY = {
  country: 'CN',
  grants: [
    {
      id: 'support',
      roles: ['customer_service'],
      purposes: ['essential.service.operations.support'],
      categories: ['user.contact'],
    },
    { id: 'audit-abroad', roles: ['auditor'], purposes: ['essential.legal_obligation'], from: ['SG'] },
    { id: 'tester', roles: ['tester'], purposes: ['essential'] },
  ],
} as unknown as VaultPolicy;

function makeVault(storage: VaultStorage, ringRef: { ring: KeyRing }): Vault {
  let tick = Date.parse('2026-11-29T10:00:00Z');
  return createVault({
    storage,
    keys: createLocalKeyProvider({ load: () => ringRef.ring, random }),
    random,
    clock: { now: () => new Date(tick++) },
    policy: (name) => (name === 'default' ? POLICY : undefined),
  });
}

const PHONE = 'user.contact.phone_number' as CategoryKey;
const ID = 'user.government_id.passport_number' as CategoryKey;
const req = (value: string, extra: Partial<TokenRequest> = {}): TokenRequest => ({
  value,
  category: PHONE,
  mode: 'random',
  format: 'opaque',
  ...extra,
});

async function codeOf(p: Promise<unknown>): Promise<ProtectErrorCode | 'ok'> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (isProtectError(err)) return err.protectCode;
    throw err;
  }
}

const backends: [Backend, string | null][] = [
  ['memory', null],
  ['sqlite', null],
  ['postgres', pgUrl === null ? inject('pgSkipReason') : null],
];

describe.each(backends)('the vault on %s storage', (backend, skip) => {
  const test = skip ? it.skip : it;

  test('gives values back to granted roles only, in its country, and records every attempt', async () => {
    const vault = makeVault(await freshStorage(backend), { ring: createKeyRing(random(32), 't0') });
    const [token] = await vault
      .tokeniser('acme', 'default')
      .tokenise([req('+86 138 0013 8000', { subject: 'C-1' })]);
    const ask = (role: string, purpose: string, country?: string) =>
      vault.detokenize({
        tenant: 'acme',
        token: token!,
        role,
        purpose,
        actor: 'alice',
        ...(country ? { country } : {}),
      });
    expect(await ask('customer_service', 'essential.service.operations.support')).toEqual({
      value: '+86 138 0013 8000',
      category: PHONE,
      grant: 'support',
    });
    expect(await codeOf(ask('marketing', 'essential.service.operations.support'))).toBe('DC_VAULT_DENIED');
    expect(await codeOf(ask('customer_service', 'marketing.advertising'))).toBe('DC_VAULT_DENIED');
    expect(await codeOf(ask('customer_service', 'essential.service.operations.support', 'US'))).toBe(
      'DC_VAULT_LOCATION',
    );
    expect(await codeOf(ask('auditor', 'essential.legal_obligation', 'SG'))).toBe('ok');
    expect(await codeOf(ask('auditor', 'essential.legal_obligation', 'US'))).toBe('DC_VAULT_LOCATION');
    expect(
      await codeOf(
        vault.detokenize({
          tenant: 'other',
          token: token!,
          role: 'tester',
          purpose: 'essential',
          actor: 'a',
        }),
      ),
    ).toBe('DC_VAULT_NOT_FOUND');
    const log = await vault.accessLog('acme');
    expect(log.map((r) => [r.outcome, r.role, r.country, r.grant])).toEqual([
      ['DC_VAULT_LOCATION', 'auditor', 'US', ''],
      ['granted', 'auditor', 'SG', 'audit-abroad'],
      ['DC_VAULT_LOCATION', 'customer_service', 'US', ''],
      ['DC_VAULT_DENIED', 'customer_service', 'CN', ''],
      ['DC_VAULT_DENIED', 'marketing', 'CN', ''],
      ['granted', 'customer_service', 'CN', 'support'],
    ]);
    expect(JSON.stringify(log)).not.toContain('138 0013');
  });

  test('forgets one subject: its tokens stop resolving, nothing else changes', async () => {
    const vault = makeVault(await freshStorage(backend), { ring: createKeyRing(random(32), 't0') });
    const tk = vault.tokeniser('acme', 'default');
    const [a, b, none] = await tk.tokenise([
      req('111111111', { subject: 'C-1', category: ID }),
      req('222222222', { subject: 'C-2', category: ID }),
      req('333333333', { category: ID }),
    ]);
    // a deterministic token shared by two subjects keeps resolving for the one not forgotten
    const [s1] = await tk.tokenise([req('+86 139 0000 0000', { subject: 'C-1', mode: 'deterministic' })]);
    const [s2] = await tk.tokenise([req('+86 139 0000 0000', { subject: 'C-2', mode: 'deterministic' })]);
    expect(s1).toBe(s2);
    const get = (token: string) =>
      vault.detokenize({ tenant: 'acme', token, role: 'tester', purpose: 'essential', actor: 't' });
    expect(await vault.forget('acme', 'C-1', { actor: 'dpo' })).toEqual({ keys: 1, tokens: 2 });
    expect(await codeOf(get(a!))).toBe('DC_VAULT_NOT_FOUND');
    expect((await get(b!)).value).toBe('222222222');
    expect((await get(none!)).value).toBe('333333333');
    expect((await get(s1!)).value).toBe('+86 139 0000 0000');
    expect(await vault.forget('acme', 'C-1', { actor: 'dpo' })).toEqual({ keys: 0, tokens: 0 });
    // seen again after being forgotten: a new key
    const [again] = await tk.tokenise([req('111111111', { subject: 'C-1', category: ID })]);
    expect((await get(again!)).value).toBe('111111111');
  });

  test('rotates the master key without downtime: new keys use it, old tokens resolve, rewrap moves all', async () => {
    const storage = await freshStorage(backend);
    const ring = { ring: createKeyRing(random(32), 't0') };
    const vault = makeVault(storage, ring);
    const stale = { ring: ring.ring }; // a second process that has not re-read the key file yet
    const tk = vault.tokeniser('acme', 'default');
    const old = await tk.tokenise([req('old value', { subject: 'C-1' }), req('tenant value')]);
    ring.ring = rotateKeyRing(ring.ring, random(32), 't1');
    const fresh = await tk.tokenise([req('new value', { subject: 'C-9' })]);
    expect([...(await storage.countKeysByVersion()).entries()].sort()).toEqual([
      [1, 2],
      [2, 1],
    ]);
    const get = (v: Vault, token: string) =>
      v.detokenize({ tenant: 'acme', token, role: 'tester', purpose: 'essential', actor: 't' });
    expect((await get(vault, old[0]!)).value).toBe('old value');
    expect(await vault.rewrap()).toEqual({ rewrapped: 2, version: 2 });
    expect([...(await storage.countKeysByVersion()).entries()]).toEqual([[2, 3]]);
    // the stale process meets version 2 and re-reads the ring (here: the same object, now rotated)
    const lagging = createVault({
      storage,
      keys: createLocalKeyProvider({
        load: () => {
          stale.ring = ring.ring;
          return stale.ring;
        },
        random,
      }),
      random,
      clock: { now: () => new Date() },
      policy: () => POLICY,
    });
    for (const [token, value] of [
      [old[0]!, 'old value'],
      [old[1]!, 'tenant value'],
      [fresh[0]!, 'new value'],
    ] as const) {
      expect((await get(vault, token)).value).toBe(value);
      expect((await get(lagging, token)).value).toBe(value);
    }
  });

  test('refuses an entry that does not authenticate', async () => {
    const storage = await freshStorage(backend);
    const vault = makeVault(storage, { ring: createKeyRing(random(32), 't0') });
    const [token] = await vault.tokeniser('acme', 'default').tokenise([req('value', { subject: 'C-1' })]);
    const [row] = await storage.findToken('acme', token!);
    const forged = Uint8Array.from(row!.ciphertext);
    forged[forged.length - 1]! ^= 1;
    await storage.putTokens([{ ...row!, token: 'tok_forged', ciphertext: forged }]);
    expect(
      await codeOf(
        vault.detokenize({
          tenant: 'acme',
          token: 'tok_forged',
          role: 'tester',
          purpose: 'essential',
          actor: 't',
        }),
      ),
    ).toBe('DC_VAULT_TAMPERED');
  });

  test('behaves as a map from tokens to values (model-based: tokenise, detokenize, forget, rotate)', async () => {
    const storage = await freshStorage(backend);
    const ringRef = { ring: createKeyRing(random(32), 't0') };
    const vault = makeVault(storage, ringRef);
    // Each run has a tenant of its own, so that runs never see each other's tokens.
    let tenant = '';
    let tk = vault.tokeniser(tenant, 'default');
    type Model = { tokens: Map<string, Map<string, string>>; deterministic: Map<string, string> };
    type Real = { issued: string[] };
    const VALUES = ['+86 138 0013 8000', '13912345678', '6222021234567890123', 'li.wei@example.cn'];
    const SUBJECTS = ['C-1', 'C-2', 'C-3', ''];

    class Tokenise implements fc.AsyncCommand<Model, Real> {
      constructor(
        readonly subject: string,
        readonly value: string,
        readonly mode: 'random' | 'deterministic',
        readonly format: 'opaque' | 'preserve',
      ) {}
      check = () => true;
      async run(m: Model, r: Real) {
        const [token] = await tk.tokenise([
          req(this.value, {
            mode: this.mode,
            format: this.format,
            ...(this.subject ? { subject: this.subject } : {}),
          }),
        ]);
        if (this.mode === 'deterministic') {
          const key = `${this.format}|${this.value}`;
          const before = m.deterministic.get(key);
          if (before !== undefined) expect(token).toBe(before);
          m.deterministic.set(key, token!);
        } else expect(m.tokens.has(token!)).toBe(false);
        if (this.format === 'preserve') expect(token!.replace(/[0-9]/g, '9').length).toBe(this.value.length);
        let bySubject = m.tokens.get(token!);
        if (bySubject === undefined) {
          bySubject = new Map();
          m.tokens.set(token!, bySubject);
        }
        bySubject.set(this.subject, this.value);
        r.issued.push(token!);
      }
      toString = () => `tokenise(${this.subject || '-'}, ${this.mode}, ${this.format})`;
    }
    class Detokenize implements fc.AsyncCommand<Model, Real> {
      constructor(readonly pick: number) {}
      check = (m: Model) => m.tokens.size > 0 || true;
      async run(m: Model, r: Real) {
        if (r.issued.length === 0) return;
        const token = r.issued[this.pick % r.issued.length]!;
        const values = [...(m.tokens.get(token)?.values() ?? [])];
        const got = vault.detokenize({ tenant, token, role: 'tester', purpose: 'essential', actor: 'model' });
        if (values.length === 0) expect(await codeOf(got)).toBe('DC_VAULT_NOT_FOUND');
        else expect(values).toContain((await got).value);
      }
      toString = () => `detokenize(${this.pick})`;
    }
    class Forget implements fc.AsyncCommand<Model, Real> {
      constructor(readonly subject: string) {}
      check = () => true;
      async run(m: Model) {
        await vault.forget(tenant, this.subject, { actor: 'model' });
        for (const [token, bySubject] of m.tokens) {
          bySubject.delete(this.subject);
          if (bySubject.size === 0) m.tokens.delete(token);
        }
      }
      toString = () => `forget(${this.subject})`;
    }
    class Rotate implements fc.AsyncCommand<Model, Real> {
      check = () => true;
      async run() {
        ringRef.ring = rotateKeyRing(ringRef.ring, random(32), 'rotated');
        await vault.rewrap();
      }
      toString = () => 'rotate';
    }
    const commands = [
      fc
        .tuple(
          fc.constantFrom(...SUBJECTS),
          fc.constantFrom(...VALUES),
          fc.constantFrom('random', 'deterministic') as fc.Arbitrary<'random' | 'deterministic'>,
          fc.constantFrom('opaque', 'preserve') as fc.Arbitrary<'opaque' | 'preserve'>,
        )
        .map(([s, v, mode, format]) => new Tokenise(s, v, mode, format)),
      fc.nat().map((n) => new Detokenize(n)),
      fc.constantFrom('C-1', 'C-2', 'C-3').map((s) => new Forget(s)),
      fc.constant(new Rotate()),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.commands(commands, { maxCommands: backend === 'memory' ? 40 : 20 }),
        async (cmds) => {
          tenant = `t${randomUUID().slice(0, 8)}`;
          tk = vault.tokeniser(tenant, 'default');
          await fc.asyncModelRun(
            () => ({ model: { tokens: new Map(), deterministic: new Map() }, real: { issued: [] } }),
            cmds,
          );
        },
      ),
      { numRuns: backend === 'memory' ? 40 : 10 },
    );
  });
});

describe.each(backends)(
  'random tokens drawn at the same moment by two processes on %s storage',
  (backend, skip) => {
    const test = skip ? it.skip : it;

    // Two gateway processes share one database: each checks that its draw is unused, then stores it, and
    // between the two the other may draw the same token (likely in a small format-preserving domain). The
    // reservation (`claimTokens`, one INSERT ... ON CONFLICT DO NOTHING) is what decides.
    test('reserve each token for one caller only, whatever the interleaving', async () => {
      const first = await freshStorage(backend);
      let second = first;
      if (backend === 'postgres') {
        const url = (pgUrl ?? '').replace(/^(postgres(?:ql)?:\/\/[^/]*\/)[^?]*/, `$1${databases.at(-1)}`);
        const other = await openVaultStore({ kind: 'postgres', url });
        opened.push(other);
        second = other;
      }
      const drawn = Array.from({ length: 300 }, (_, i) => `tok_${i % 200}`);
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, k) =>
          (k % 2 === 0 ? first : second).claimTokens('acme', drawn.slice(k * 50, k * 50 + 100)),
        ),
      );
      const all = claims.flatMap((c) => [...c]);
      expect(new Set(all).size).toBe(all.length);
      expect(new Set(all)).toEqual(new Set(drawn));
      expect((await first.claimTokens('other-tenant', ['tok_1'])).has('tok_1')).toBe(true);
    });

    test('a vault redraws a token another process reserved between its check and its write', async () => {
      const storage = await freshStorage(backend);
      const preempted: string[] = [];
      // the other process reserves exactly what this one drew, right before this one's reservation
      const racing: VaultStorage = {
        ...storage,
        claimTokens: async (tenant, tokens) => {
          if (preempted.length === 0) {
            preempted.push(...tokens);
            await storage.claimTokens(tenant, tokens);
          }
          return storage.claimTokens(tenant, tokens);
        },
      };
      for (const method of [
        'getKeys',
        'insertKey',
        'takenTokens',
        'putTokens',
        'findToken',
        'recordAccess',
      ] as const)
        (racing as unknown as Record<string, unknown>)[method] = (
          storage[method] as (...a: unknown[]) => unknown
        ).bind(storage);
      const vault = makeVault(racing, { ring: createKeyRing(random(32), 't0') });
      const values = ['+86 138 0013 8000', '+86 139 0013 8001', '+86 137 0013 8002'];
      const tokens = await vault
        .tokeniser('acme', 'default')
        .tokenise(values.map((v, i) => req(v, { subject: `C-${i}` })));
      expect(preempted).toHaveLength(3);
      for (const t of tokens) expect(preempted).not.toContain(t);
      for (const [i, token] of tokens.entries()) {
        const back = await vault.detokenize({
          tenant: 'acme',
          token,
          role: 'tester',
          purpose: 'essential',
          actor: 't',
        });
        expect(back.value).toBe(values[i]);
      }
    });
  },
);

describe('the key file', () => {
  it('round-trips, and reports every problem without key bytes', () => {
    const ring = rotateKeyRing(
      createKeyRing(new Uint8Array(32).fill(1), 'a'),
      new Uint8Array(32).fill(2),
      'b',
    );
    const back = parseKeyFile(formatKeyFile(ring));
    expect(back.current).toBe(2);
    expect([...back.keys.keys()]).toEqual([1, 2]);
    try {
      parseKeyFile(
        '{"kind":"data-customs-master-keys","current":3,"keys":[{"version":1,"key":"AAAA"}]}',
        'k.json',
      );
      expect.unreachable();
    } catch (err) {
      expect(isProtectError(err, 'DC_PROTECT_KEYS')).toBe(true);
      expect((err as { problems: string[] }).problems).toEqual([
        'k.json: keys[0].key: expected 32 bytes in base64',
        'k.json: current: expected the version of one of the keys',
      ]);
    }
  });
});
