// The in-country vault: keeps what tokenisation replaced, encrypted under per-subject data keys (AES-256-
// GCM), the data keys wrapped by the master key (envelope encryption). Detokenisation checks the caller's
// country, role and purpose against the issuing profile's grants and records every attempt; forgetting a
// subject deletes its data key (crypto-shredding) and its rows; rotation re-wraps data keys.

import { hkdfSha256, hmacSha256, openAesGcm, type RandomSource, sealAesGcm, toHex, utf8 } from '../crypto.js';
import { isProtectError, ProtectError, type ProtectErrorCode } from '../errors.js';
import { deriveTenantKeys, type KeyProvider, type TenantKeys } from '../keys.js';
import { type FpeField, fpeField } from '../operators/fpe-field.js';
import {
  deterministicOpaqueToken,
  randomOpaqueToken,
  randomPreservedToken,
  TOKEN_PREFIX,
  tokenAlphabet,
} from '../operators/tokens.js';
import type { DetokenizeGrant, VaultPolicy } from '../profile/profile.types.js';
import type { TokenRequest, TokenService } from '../transform.js';
import type { AccessRecord, StoredKey, StoredToken, VaultStorage } from './vault.types.js';

/** What a vault is made of. */
export interface VaultOptions {
  readonly storage: VaultStorage;
  readonly keys: KeyProvider;
  readonly random: RandomSource;
  readonly clock: { readonly now: () => Date };
  /** The vault's country (ISO 3166-1 alpha-2); default: the issuing profile's `vault.country` or `home`. */
  readonly country?: string;
  /** The detokenisation policy of a profile, by name (undefined: no grants, everything is refused). */
  readonly policy: (profile: string) => VaultPolicy | undefined;
  /** Most unwrapped data keys kept in memory (default 10,000). */
  readonly cacheSize?: number;
}

/** Who asks for a value back, why, and from where. */
export interface DetokenizeRequest {
  readonly tenant: string;
  readonly token: string;
  readonly purpose: string;
  readonly role: string;
  /** Who is asking (a user or service name), for the access record. */
  readonly actor: string;
  /** Where the caller is, ISO 3166-1 alpha-2 (default: the vault's country). */
  readonly country?: string;
}

/** A value given back, with the grant that allowed it. */
export interface Detokenized {
  readonly value: string;
  readonly category: string;
  readonly grant: string;
}

/** The vault. */
export interface Vault {
  /** The tenant's derived keys (hash, tokens, FPE, subject references), its root key created on first use. */
  tenantKeys(tenant: string): Promise<TenantKeys>;
  /** The token service the transformer uses for a tenant and the issuing profile. */
  tokeniser(tenant: string, profile: string): TokenService;
  /** Gives a value back to a granted caller in the vault's country; every attempt is recorded. */
  detokenize(request: DetokenizeRequest): Promise<Detokenized>;
  /** Erases one subject: its data key and tokens are deleted; their tokens never resolve again. */
  forget(
    tenant: string,
    subject: string,
    who: { readonly actor: string; readonly role?: string },
  ): Promise<{ keys: number; tokens: number }>;
  /** Re-wraps every data key under the current master key version (after a rotation). */
  rewrap(options?: { readonly batch?: number }): Promise<{ rewrapped: number; version: number }>;
  /** A tenant's access records, newest first. */
  accessLog(
    tenant: string,
    options?: { readonly limit?: number; readonly token?: string },
  ): Promise<AccessRecord[]>;
  /** The reference the vault stores for a subject's id (a keyed hash), for operators' records. */
  subjectRef(tenant: string, subject: string): Promise<string>;
}

/** Data key length: AES-256. */
const DATA_KEY_BYTES = 32;
/** Attempts at drawing a random token that is not taken before giving up. */
const MAX_TOKEN_DRAWS = 16;

const within = (key: string, ancestor: string) => key === ancestor || key.startsWith(`${ancestor}.`);

/** Bytes drawn from the random source at once: one call serves many nonces and tokens. */
const RANDOM_POOL_BYTES = 4096;

/**
 * Draws from a random source in blocks and hands out slices: the same CSPRNG bytes, fewer calls. Each
 * byte is handed out once.
 */
function pooledRandom(source: RandomSource): RandomSource {
  let pool: Uint8Array = new Uint8Array(0);
  let at = 0;
  return (n) => {
    if (n > RANDOM_POOL_BYTES) return source(n);
    if (at + n > pool.length) {
      pool = source(RANDOM_POOL_BYTES);
      at = 0;
    }
    const out = pool.slice(at, at + n);
    at += n;
    return out;
  };
}

/**
 * Creates a vault over a storage and a key provider.
 *
 * @example
 * const vault = createVault({ storage: createMemoryVaultStorage(), keys: createLocalKeyProvider({ load, random }),
 *   random: randomBytes, clock: { now: () => new Date() }, policy: (name) => profiles.get(name)?.vault });
 * const tokens = await vault.tokeniser('acme', 'default').tokenise([{ value, category, mode: 'random', format: 'opaque' }]);
 */
export function createVault(options: VaultOptions): Vault {
  const { storage, clock } = options;
  const random = pooledRandom(options.random);
  const cacheSize = options.cacheSize ?? 10_000;
  const unwrapped = new Map<string, Uint8Array>();
  const tenants = new Map<string, Promise<{ root: StoredKey; keys: TenantKeys; vaultKey: Uint8Array }>>();
  const preserved = new Map<string, FpeField>();

  const now = () => clock.now().toISOString();
  const newId = () => toHex(random(16));
  const wrapContext = (k: { tenant: string; subjectRef: string; keyId: string }) =>
    `${k.tenant}\u0000${k.subjectRef}\u0000${k.keyId}`;
  const tokenAad = (t: { tenant: string; token: string; subjectRef: string; category: string }) =>
    utf8(`dc-vault\u0000v1\u0000${t.tenant}\u0000${t.token}\u0000${t.subjectRef}\u0000${t.category}`);

  const unwrap = async (key: StoredKey): Promise<Uint8Array> => {
    const cacheKey = `${key.keyId}|${key.wrapped.version}`;
    const hit = unwrapped.get(cacheKey);
    if (hit !== undefined) return hit;
    const bytes = await options.keys.unwrap(key.wrapped, wrapContext(key));
    if (unwrapped.size >= cacheSize) unwrapped.clear();
    unwrapped.set(cacheKey, bytes);
    return bytes;
  };

  const createKey = async (tenant: string, subjectRef: string): Promise<StoredKey> => {
    const dataKey = random(DATA_KEY_BYTES);
    const keyId = newId();
    const wrapped = await options.keys.wrap(dataKey, wrapContext({ tenant, subjectRef, keyId }));
    const stored = await storage.insertKey({ tenant, subjectRef, keyId, wrapped, createdAt: now() });
    if (stored.keyId === keyId) unwrapped.set(`${keyId}|${wrapped.version}`, dataKey);
    return stored;
  };

  const tenant = (name: string) => {
    let entry = tenants.get(name);
    if (entry === undefined) {
      entry = (async () => {
        const [existing] = await storage.getKeys(name, ['']);
        const root = existing ?? (await createKey(name, ''));
        const bytes = await unwrap(root);
        return {
          root,
          keys: deriveTenantKeys(name, bytes),
          vaultKey: hkdfSha256(bytes, `data-customs/tenant/${name}`, 'vault/v1'),
        };
      })();
      entry.catch(() => tenants.delete(name));
      tenants.set(name, entry);
    }
    return entry;
  };

  const refOf = (keys: TenantKeys, subject: string) =>
    `s_${toHex(hmacSha256(keys.subject, utf8(subject))).slice(0, 32)}`;

  const record = async (r: Omit<AccessRecord, 'id' | 'at'>) => {
    await storage.recordAccess({ ...r, id: newId(), at: now() });
  };

  const mint = (req: TokenRequest, keys: TenantKeys): string => {
    const prefix = req.prefix ?? TOKEN_PREFIX;
    if (req.format === 'opaque')
      return req.mode === 'deterministic'
        ? deterministicOpaqueToken(req.value, keys.token, prefix)
        : randomOpaqueToken(random, prefix);
    if (req.mode === 'random') return randomPreservedToken(req.value, random);
    const alphabet = tokenAlphabet(req.value);
    const cacheKey = `${keys.tenant}\u0000${alphabet}`;
    let field = preserved.get(cacheKey);
    if (field === undefined) {
      field = fpeField(keys.token, { algorithm: 'ff1', alphabet }, 'token');
      preserved.set(cacheKey, field);
    }
    return field.encrypt(req.value);
  };

  return {
    async tenantKeys(name) {
      return (await tenant(name)).keys;
    },

    async subjectRef(name, subject) {
      return refOf((await tenant(name)).keys, subject);
    },

    tokeniser(name, profile) {
      return {
        async tokenise(requests) {
          const t = await tenant(name);
          const refs = requests.map((r) => (r.subject === undefined ? '' : refOf(t.keys, r.subject)));
          const subjectRefs = [...new Set(refs.filter((r) => r !== ''))];
          const found = new Map((await storage.getKeys(name, subjectRefs)).map((k) => [k.subjectRef, k]));
          for (const ref of subjectRefs) if (!found.has(ref)) found.set(ref, await createKey(name, ref));
          const dataKeys = new Map<string, { key: Uint8Array; keyId: string }>([
            ['', { key: t.vaultKey, keyId: t.root.keyId }],
          ]);
          for (const [ref, k] of found) dataKeys.set(ref, { key: await unwrap(k), keyId: k.keyId });

          const tokens = requests.map((r) => mint(r, t.keys));
          // Random tokens must be new: redraw those taken in this batch or in the vault.
          const randomAt = requests.flatMap((r, i) => (r.mode === 'random' ? [i] : []));
          let pending = randomAt;
          for (let draw = 0; pending.length > 0; draw++) {
            if (draw >= MAX_TOKEN_DRAWS) {
              throw new ProtectError(
                'DC_VAULT_STORAGE',
                `could not draw ${pending.length} unused random tokens; the format's domain is too small`,
              );
            }
            const seen = new Set<string>();
            const deterministic = new Set(tokens.filter((_, i) => requests[i]!.mode === 'deterministic'));
            const clash = new Set<number>();
            for (const i of randomAt) {
              const tok = tokens[i]!;
              if (seen.has(tok) || deterministic.has(tok)) clash.add(i);
              seen.add(tok);
            }
            const taken = await storage.takenTokens(
              name,
              pending.map((i) => tokens[i]!),
            );
            for (const i of pending) if (taken.has(tokens[i]!)) clash.add(i);
            // Another process may draw the same token between the check and the write: the reservation
            // is what decides, atomically in the storage; the check above only spares reservations.
            const fresh = pending.filter((i) => !clash.has(i));
            const claimed = await storage.claimTokens(
              name,
              fresh.map((i) => tokens[i]!),
            );
            for (const i of fresh) if (!claimed.has(tokens[i]!)) clash.add(i);
            pending = [...clash];
            for (const i of pending) tokens[i] = mint(requests[i]!, t.keys);
          }

          const createdAt = now();
          const rows: StoredToken[] = [];
          const written = new Set<string>();
          requests.forEach((r, i) => {
            const token = tokens[i]!;
            const subjectRef = refs[i]!;
            const id = `${token}\u0000${subjectRef}`;
            if (written.has(id)) return;
            written.add(id);
            const dk = dataKeys.get(subjectRef)!;
            const where = { tenant: name, token, subjectRef, category: r.category };
            rows.push({
              ...where,
              keyId: dk.keyId,
              profile,
              ciphertext: sealAesGcm(dk.key, utf8(r.value), tokenAad(where), random),
              createdAt,
            });
          });
          await storage.putTokens(rows);
          return tokens;
        },
      };
    },

    async detokenize(req) {
      const base = {
        tenant: req.tenant,
        action: 'detokenize' as const,
        token: req.token,
        actor: req.actor,
        role: req.role,
        purpose: req.purpose,
      };
      const refuse = async (
        code: ProtectErrorCode,
        message: string,
        row?: StoredToken,
        country = req.country ?? '',
      ): Promise<never> => {
        await record({
          ...base,
          category: row?.category ?? '',
          subjectRef: row?.subjectRef ?? '',
          country,
          outcome: code,
          grant: '',
        });
        throw new ProtectError(code, message);
      };
      const rows = await storage.findToken(req.tenant, req.token);
      const first = rows[0];
      if (first === undefined)
        return refuse(
          'DC_VAULT_NOT_FOUND',
          'no such token in the vault (never issued, or its subject was forgotten)',
        );
      const policy = options.policy(first.profile);
      const vaultCountry = (options.country ?? policy?.country)?.toUpperCase();
      const caller = (req.country ?? vaultCountry ?? '').toUpperCase();
      if (policy === undefined)
        return refuse(
          'DC_VAULT_DENIED',
          `the token was issued under profile \`${first.profile}\`, which this vault does not know`,
          first,
          caller,
        );
      const forCategory = policy.grants.filter(
        (g) => g.categories === undefined || g.categories.some((c) => within(first.category, c)),
      );
      const fromHere = (g: DetokenizeGrant) =>
        vaultCountry === undefined || caller === vaultCountry || (g.from ?? []).includes(caller);
      if (
        vaultCountry !== undefined &&
        caller !== vaultCountry &&
        !forCategory.some((g) => (g.from ?? []).includes(caller))
      )
        return refuse(
          'DC_VAULT_LOCATION',
          `detokenisation is only allowed in ${vaultCountry}; the caller is in ${caller || 'an unknown country'}`,
          first,
          caller,
        );
      const grant = forCategory.find(
        (g) => fromHere(g) && g.roles.includes(req.role) && g.purposes.some((p) => within(req.purpose, p)),
      );
      if (grant === undefined)
        return refuse(
          'DC_VAULT_DENIED',
          `role \`${req.role}\` is not granted detokenisation of \`${first.category}\` for purpose \`${req.purpose}\` by profile \`${first.profile}\``,
          first,
          caller,
        );
      const t = await tenant(req.tenant);
      for (const row of rows) {
        let key: Uint8Array | undefined;
        if (row.subjectRef === '') key = row.keyId === t.root.keyId ? t.vaultKey : undefined;
        else {
          const [k] = await storage.getKeys(req.tenant, [row.subjectRef]);
          key = k !== undefined && k.keyId === row.keyId ? await unwrap(k) : undefined;
        }
        if (key === undefined) continue; // this subject was forgotten; another row may hold the value
        const plain = openAesGcm(key, row.ciphertext, tokenAad(row));
        if (plain === undefined)
          return refuse('DC_VAULT_TAMPERED', 'the vault entry does not authenticate', row, caller);
        await record({
          ...base,
          category: row.category,
          subjectRef: row.subjectRef,
          country: caller,
          outcome: 'granted',
          grant: grant.id,
        });
        return { value: new TextDecoder().decode(plain), category: row.category, grant: grant.id };
      }
      return refuse(
        'DC_VAULT_NOT_FOUND',
        'no such token in the vault (never issued, or its subject was forgotten)',
        first,
        caller,
      );
    },

    async forget(name, subject, who) {
      const t = await tenant(name);
      const subjectRef = refOf(t.keys, subject);
      const [key] = await storage.getKeys(name, [subjectRef]);
      const removed = await storage.deleteSubject(name, subjectRef);
      if (key !== undefined)
        for (const cached of [...unwrapped.keys()])
          if (cached.startsWith(`${key.keyId}|`)) unwrapped.delete(cached);
      await record({
        tenant: name,
        action: 'forget',
        token: '',
        category: '',
        subjectRef,
        actor: who.actor,
        role: who.role ?? '',
        purpose: '',
        country: '',
        outcome: 'granted',
        grant: '',
      });
      return removed;
    },

    async rewrap(opts = {}) {
      const batch = opts.batch ?? 500;
      const version = await options.keys.currentVersion();
      let rewrapped = 0;
      const failed = new Set<string>();
      for (;;) {
        const keys = (await storage.keysNotWrappedBy(version, batch + failed.size)).filter(
          (k) => !failed.has(k.keyId),
        );
        if (keys.length === 0) break;
        for (const k of keys) {
          try {
            const bytes = await options.keys.unwrap(k.wrapped, wrapContext(k));
            const wrapped = await options.keys.wrap(bytes, wrapContext(k));
            if (await storage.rewrapKey(k, k.wrapped.version, wrapped)) rewrapped++;
          } catch (err) {
            if (!isProtectError(err)) throw err;
            failed.add(k.keyId);
          }
        }
      }
      if (failed.size > 0) {
        throw new ProtectError(
          'DC_PROTECT_KEYS',
          `${failed.size} data keys could not be re-wrapped (their master key version is missing or they do not authenticate); ${rewrapped} were`,
        );
      }
      return { rewrapped, version };
    },

    accessLog(name, opts) {
      return storage.listAccess(name, opts);
    },
  };
}
