import type { WrappedKey } from '../keys.js';
import type { AccessRecord, StoredKey, StoredToken, VaultStorage } from './vault.types.js';

/**
 * Vault storage in memory: for tests, benchmarks and the library used without a database. Behaves as the
 * SQL storage does (the same contract test runs on both).
 */
export function createMemoryVaultStorage(): VaultStorage {
  const keys = new Map<string, StoredKey>();
  const tokens = new Map<string, Map<string, StoredToken>>();
  const claims = new Set<string>();
  const access: AccessRecord[] = [];
  const keyId = (tenant: string, subjectRef: string) => `${tenant}\u0000${subjectRef}`;
  const tokenId = (tenant: string, token: string) => `${tenant}\u0000${token}`;
  return {
    async getKeys(tenant, subjectRefs) {
      const out: StoredKey[] = [];
      for (const ref of new Set(subjectRefs)) {
        const k = keys.get(keyId(tenant, ref));
        if (k !== undefined) out.push(k);
      }
      return out;
    },
    async insertKey(key) {
      const id = keyId(key.tenant, key.subjectRef);
      const existing = keys.get(id);
      if (existing !== undefined) return existing;
      keys.set(id, key);
      return key;
    },
    async takenTokens(tenant, list) {
      return new Set(list.filter((t) => (tokens.get(tokenId(tenant, t))?.size ?? 0) > 0));
    },
    async claimTokens(tenant, list) {
      const mine = new Set<string>();
      for (const t of list) {
        const id = tokenId(tenant, t);
        if (claims.has(id)) continue;
        claims.add(id);
        mine.add(t);
      }
      return mine;
    },
    async putTokens(rows) {
      for (const row of rows) {
        const id = tokenId(row.tenant, row.token);
        let bySubject = tokens.get(id);
        if (bySubject === undefined) {
          bySubject = new Map();
          tokens.set(id, bySubject);
        }
        if (!bySubject.has(row.subjectRef)) bySubject.set(row.subjectRef, row);
      }
    },
    async findToken(tenant, token) {
      return [...(tokens.get(tokenId(tenant, token))?.values() ?? [])];
    },
    async deleteSubject(tenant, subjectRef) {
      const removedKey = keys.delete(keyId(tenant, subjectRef));
      let removed = 0;
      for (const [id, bySubject] of tokens) {
        if (!id.startsWith(`${tenant}\u0000`)) continue;
        if (bySubject.delete(subjectRef)) removed++;
        if (bySubject.size === 0) tokens.delete(id);
      }
      return { keys: removedKey ? 1 : 0, tokens: removed };
    },
    async recordAccess(record) {
      access.push(record);
    },
    async listAccess(tenant, options = {}) {
      const rows = access
        .filter((a) => a.tenant === tenant && (options.token === undefined || a.token === options.token))
        .reverse();
      return rows.slice(0, options.limit ?? 100);
    },
    async keysNotWrappedBy(version, limit) {
      return [...keys.values()].filter((k) => k.wrapped.version !== version).slice(0, limit);
    },
    async rewrapKey(key, fromVersion, wrapped: WrappedKey) {
      const id = keyId(key.tenant, key.subjectRef);
      const current = keys.get(id);
      if (current === undefined || current.keyId !== key.keyId || current.wrapped.version !== fromVersion)
        return false;
      keys.set(id, { ...current, wrapped });
      return true;
    },
    async countKeysByVersion() {
      const counts = new Map<number, number>();
      for (const k of keys.values()) counts.set(k.wrapped.version, (counts.get(k.wrapped.version) ?? 0) + 1);
      return counts;
    },
  };
}
