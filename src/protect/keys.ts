// Keys: the master key ring (versions; the current one wraps new data keys, every version still unwraps),
// the key-provider seam a cloud KMS replaces, the key file format, and the tenant keys derived from a
// tenant's root data key. Envelope encryption: master key -> wrapped data keys (per tenant, per subject)
// -> vault entries. Pure: the key file is read and written by the adapter (src/cli/keys-command.ts).

import {
  AES_256_KEY_BYTES,
  assertKey,
  fromBase64,
  hkdfSha256,
  openAesGcm,
  type RandomSource,
  sealAesGcm,
  toBase64,
  utf8,
} from './crypto.js';
import { ProtectError } from './errors.js';

/** The master keys by version; `current` wraps new data keys, every listed version can unwrap. */
export interface KeyRing {
  readonly current: number;
  readonly keys: ReadonlyMap<number, Uint8Array>;
  /** When each version was created (ISO 8601), for the operator's records. */
  readonly created: ReadonlyMap<number, string>;
}

/** A data key wrapped by a master key version. */
export interface WrappedKey {
  readonly version: number;
  /** nonce || ciphertext || tag (AES-256-GCM). */
  readonly bytes: Uint8Array;
}

/**
 * What the vault needs from key management: wrap and unwrap data keys. The local implementation keeps the
 * master keys in a 0600 key file; a cloud KMS (AWS KMS Encrypt/Decrypt, GCP Cloud KMS, Azure Key Vault
 * wrapKey/unwrapKey) implements the same three calls, and the master key never reaches this process.
 */
export interface KeyProvider {
  /** The version new data keys are wrapped with. */
  currentVersion(): Promise<number>;
  /** Wraps a data key; `context` (tenant and subject reference) is bound as additional data. */
  wrap(dataKey: Uint8Array, context: string): Promise<WrappedKey>;
  /** Unwraps a data key; throws DC_VAULT_TAMPERED when it does not authenticate. */
  unwrap(wrapped: WrappedKey, context: string): Promise<Uint8Array>;
}

/** Makes a key ring of one version from a fresh 32-byte key. */
export function createKeyRing(key: Uint8Array, createdAt: string): KeyRing {
  assertKey(key, AES_256_KEY_BYTES, 'key ring: master key');
  return { current: 1, keys: new Map([[1, Uint8Array.from(key)]]), created: new Map([[1, createdAt]]) };
}

/**
 * Adds a new master key version and makes it current; every earlier version stays so that data keys
 * wrapped by it still unwrap until they are re-wrapped (rotation without downtime).
 */
export function rotateKeyRing(ring: KeyRing, key: Uint8Array, createdAt: string): KeyRing {
  assertKey(key, AES_256_KEY_BYTES, 'key ring: master key');
  const version = Math.max(0, ...ring.keys.keys()) + 1;
  const keys = new Map(ring.keys);
  keys.set(version, Uint8Array.from(key));
  const created = new Map(ring.created);
  created.set(version, createdAt);
  return { current: version, keys, created };
}

/**
 * The ring without the given versions: what `customs keys retire` writes once no data key is wrapped by
 * them. The current version is never retired.
 */
export function retireKeyVersions(ring: KeyRing, versions: Iterable<number>): KeyRing {
  const keys = new Map(ring.keys);
  const created = new Map(ring.created);
  for (const v of versions) {
    if (v === ring.current) throw new ProtectError('DC_PROTECT_KEYS', `key ring: version ${v} is current`);
    keys.delete(v);
    created.delete(v);
  }
  return { current: ring.current, keys, created };
}

/** The key file's kind marker. */
export const KEY_FILE_KIND = 'data-customs-master-keys';

/**
 * Reads a key file (JSON: `{ kind, current, keys: [{ version, key (base64, 32 bytes), created }] }`),
 * collecting every problem; the message never holds key bytes.
 */
export function parseKeyFile(text: string, file = 'keys.json'): KeyRing {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new ProtectError('DC_PROTECT_KEYS', `${file}: not valid JSON`);
  }
  const problems: string[] = [];
  const d = doc as { kind?: unknown; current?: unknown; keys?: unknown };
  if (d === null || typeof d !== 'object') problems.push(`${file}: expected an object`);
  else {
    if (d.kind !== KEY_FILE_KIND) problems.push(`${file}: kind: expected \`${KEY_FILE_KIND}\``);
    if (!Array.isArray(d.keys) || d.keys.length === 0)
      problems.push(`${file}: keys: expected a non-empty array`);
  }
  const keys = new Map<number, Uint8Array>();
  const created = new Map<number, string>();
  if (problems.length === 0) {
    (d.keys as unknown[]).forEach((entry, i) => {
      const e = entry as { version?: unknown; key?: unknown; created?: unknown };
      if (!Number.isInteger(e?.version) || (e.version as number) < 1) {
        problems.push(`${file}: keys[${i}].version: expected a positive integer`);
        return;
      }
      const version = e.version as number;
      if (keys.has(version)) problems.push(`${file}: keys[${i}].version: version ${version} repeats`);
      const bytes = typeof e.key === 'string' ? fromBase64(e.key) : undefined;
      if (bytes === undefined || bytes.length !== AES_256_KEY_BYTES) {
        problems.push(`${file}: keys[${i}].key: expected 32 bytes in base64`);
        return;
      }
      keys.set(version, bytes);
      created.set(version, typeof e.created === 'string' ? e.created : '');
    });
    if (!Number.isInteger(d.current) || !keys.has(d.current as number))
      problems.push(`${file}: current: expected the version of one of the keys`);
  }
  if (problems.length > 0) {
    throw new ProtectError('DC_PROTECT_KEYS', `the key file is not valid:\n${problems.join('\n')}`, {
      problems,
    });
  }
  return { current: d.current as number, keys, created };
}

/** Writes a key ring as key file text (JSON, versions in order, trailing newline). */
export function formatKeyFile(ring: KeyRing): string {
  const keys = [...ring.keys.entries()]
    .sort(([a], [b]) => a - b)
    .map(([version, key]) => ({ version, key: toBase64(key), created: ring.created.get(version) ?? '' }));
  return `${JSON.stringify({ kind: KEY_FILE_KIND, current: ring.current, keys }, null, 2)}\n`;
}

/**
 * Reads a key ring from the environment variable format `VERSION:BASE64[,VERSION:BASE64...]`, the first
 * entry being current (for containers whose secrets arrive as environment variables).
 */
export function parseKeyRingVariable(value: string, name = 'CUSTOMS_MASTER_KEY'): KeyRing {
  const keys = new Map<number, Uint8Array>();
  const created = new Map<number, string>();
  let current = 0;
  const problems: string[] = [];
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .forEach((part, i) => {
      const m = /^(\d+):(.+)$/.exec(part);
      const bytes = m ? fromBase64(m[2]!) : undefined;
      if (!m || bytes === undefined || bytes.length !== AES_256_KEY_BYTES || Number(m[1]) < 1) {
        problems.push(`${name}: entry ${i + 1}: expected VERSION:BASE64 of a 32-byte key`);
        return;
      }
      const version = Number(m[1]);
      if (i === 0) current = version;
      keys.set(version, bytes);
      created.set(version, '');
    });
  if (problems.length > 0 || current === 0) {
    throw new ProtectError('DC_PROTECT_KEYS', problems.length > 0 ? problems.join('\n') : `${name}: no key`, {
      problems,
    });
  }
  return { current, keys, created };
}

/**
 * A key provider over a local key ring (AES-256-GCM key wrapping). `load` is called again before wrapping
 * (at most every `maxAgeMs` when `now` is given) and whenever a wrapped key names a version this process
 * does not hold yet, so that a running gateway adopts a rotated key file without a restart.
 */
export function createLocalKeyProvider(options: {
  readonly load: () => KeyRing;
  readonly random: RandomSource;
  /** With `now`: re-read the ring before a wrap only when the last read is older than this. */
  readonly maxAgeMs?: number;
  readonly now?: () => number;
}): KeyProvider {
  let ring = options.load();
  let loadedAt = options.now?.() ?? 0;
  const refresh = () => {
    ring = options.load();
    loadedAt = options.now?.() ?? 0;
  };
  const fresh = () => {
    if (options.now === undefined || options.now() - loadedAt >= (options.maxAgeMs ?? 0)) refresh();
  };
  const keyFor = (version: number): Uint8Array => {
    let key = ring.keys.get(version);
    if (key === undefined) {
      refresh();
      key = ring.keys.get(version);
    }
    if (key === undefined) {
      throw new ProtectError(
        'DC_PROTECT_KEYS',
        `master key version ${version} is not in the key ring; restore it from the key file's backup`,
      );
    }
    return key;
  };
  const aad = (context: string, version: number) => utf8(`dc-wrap\u0000v${version}\u0000${context}`);
  return {
    async currentVersion() {
      fresh();
      return ring.current;
    },
    async wrap(dataKey, context) {
      fresh();
      const version = ring.current;
      return { version, bytes: sealAesGcm(keyFor(version), dataKey, aad(context, version), options.random) };
    },
    async unwrap(wrapped, context) {
      const key = openAesGcm(keyFor(wrapped.version), wrapped.bytes, aad(context, wrapped.version));
      if (key === undefined) {
        throw new ProtectError(
          'DC_VAULT_TAMPERED',
          `a data key wrapped by master key version ${wrapped.version} does not authenticate`,
        );
      }
      return key;
    },
  };
}

/**
 * The keys of one tenant, derived from its root data key with HKDF-SHA-256 (RFC 5869): each use has its
 * own key, so that a hash never equals a token and a leak of one derived key exposes nothing else.
 */
export interface TenantKeys {
  readonly tenant: string;
  /** HMAC-SHA-256 key of the `hash` operator. */
  readonly hash: Uint8Array;
  /** Key of deterministic tokens (HMAC for opaque tokens, FF1 for format-preserving ones). */
  readonly token: Uint8Array;
  /** AES-256 key of the `fpe` operator (FF1 and FF3-1). */
  readonly fpe: Uint8Array;
  /** HMAC key that turns a subject's id into the reference the vault stores instead of it. */
  readonly subject: Uint8Array;
}

/**
 * Derives a tenant's keys from its 32-byte root data key; the tenant name is bound into each derivation,
 * so that two tenants never share a derived key even if given the same root.
 *
 * @example
 * const keys = deriveTenantKeys('acme', randomBytes(32));
 */
export function deriveTenantKeys(tenant: string, root: Uint8Array): TenantKeys {
  assertKey(root, AES_256_KEY_BYTES, `tenant \`${tenant}\`: root key`);
  const salt = `data-customs/tenant/${tenant}`;
  return Object.freeze({
    tenant,
    hash: hkdfSha256(root, salt, 'hash/v1'),
    token: hkdfSha256(root, salt, 'token/v1'),
    fpe: hkdfSha256(root, salt, 'fpe/v1'),
    subject: hkdfSha256(root, salt, 'subject/v1'),
  });
}
