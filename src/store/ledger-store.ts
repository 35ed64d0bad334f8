// The transparency log's storage (issue 6): entries, every complete-subtree hash, signed checkpoints and
// witnesses' cosignatures, in SQLite or PostgreSQL with the same schema (migration 0002_ledger). Appends
// are sequenced by one writer at a time (SQLite BEGIN IMMEDIATE; PostgreSQL a row lock on the head) and
// batched: concurrent appends in one process share one transaction (group commit), each caller answered
// once its entries are committed. Roots and proofs read O(log n) stored subtree hashes.

import { createHash } from 'node:crypto';
import { type ColumnType, type Kysely, Migrator, sql } from 'kysely';
import {
  appendToFrontier,
  emptyFrontier,
  emptyRootHash,
  foldSubtreeHashes,
  frontierNodes,
  frontierRootHash,
  HASH_SIZE,
  isLedgerError,
  LedgerError,
  type MerkleFrontier,
  type NodeId,
  openCheckpoint,
  parseVerifierKey,
  planConsistencyProof,
  planInclusionProof,
  planRootHash,
  restoreFrontier,
  type SubtreeHashSource,
  signCheckpoint,
  verifyCosignature,
} from '../ledger/index.js';
import { DataCustomsError } from '../shared/errors.js';
import { openDatabase, type StoreLocation } from './connection.js';
import { migrationProvider } from './migrations.js';

type Bytes = ColumnType<Uint8Array, Uint8Array, never>;
type BigCount = ColumnType<number | string, number, number>;

/** The ledger tables, for Kysely (PostgreSQL answers `bigint` columns as strings). */
export interface LedgerDatabase {
  /** Every appended entry. INVARIANT: `idx` runs from 0 to the head's size - 1 without gaps. */
  ledger_entries: {
    idx: BigCount;
    leaf: Bytes;
    leaf_hash: Bytes;
    appended_at: string;
    /**
     * What the entry records, when the appender named it (a transfer id; migration 0005): an entry is
     * appended once per ref. Not part of the tree: a lookup key for recovery, never published.
     */
    ref: ColumnType<string | null, string | null | undefined, never>;
  };
  /** The hash of every complete subtree `(level, idx)`, level 0 being the leaf hashes. Never updated. */
  ledger_nodes: {
    level: number;
    idx: BigCount;
    hash: Bytes;
  };
  /** One signed checkpoint per tree size, as signed by the log (no cosignatures). */
  ledger_checkpoints: {
    size: BigCount;
    root_hash: Bytes;
    note: string;
    created_at: string;
  };
  /** Verified witness cosignatures, one per checkpoint and witness key. */
  ledger_cosignatures: {
    size: BigCount;
    key_name: string;
    key_id: string;
    line: string;
    timestamp: BigCount;
    received_at: string;
  };
  /** One row (id 1): the tree size. On PostgreSQL its row lock chooses the sequencer. */
  ledger_head: {
    id: number;
    size: BigCount;
  };
}

/** One entry of the log. */
export interface LedgerEntry {
  readonly index: number;
  readonly leaf: Uint8Array;
  readonly leafHash: Uint8Array;
  /** ISO 8601, from the appending process's clock. */
  readonly appendedAt: string;
}

/** A verified cosignature kept with its checkpoint. */
export interface StoredCosignature {
  /** The size of the checkpoint it cosigns. */
  readonly size: number;
  readonly keyName: string;
  /** The key ID, 8 hex digits. */
  readonly keyId: string;
  /** The signature line, with its final newline. */
  readonly line: string;
  /** When the witness signed, POSIX seconds. */
  readonly timestamp: number;
  /** When the log received it, ISO 8601. */
  readonly receivedAt: string;
}

/** A stored checkpoint. */
export interface StoredCheckpoint {
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** The checkpoint text the signatures cover. */
  readonly body: string;
  /** The note as the log signed it. */
  readonly signedNote: string;
  /** The note with the witnesses' cosignature lines appended: what the log serves. */
  readonly note: string;
  readonly createdAt: string;
  readonly cosignatures: readonly StoredCosignature[];
}

/** Where an append landed. */
export interface AppendResult {
  /** The index of the first leaf given; without refs the others follow in order. */
  readonly firstIndex: number;
  /** The index of each leaf given, in order: where it was appended now, or found by its ref. */
  readonly indices: readonly number[];
  /** How many of the leaves were appended by this call (the others were in the log under their ref). */
  readonly appended: number;
  /** The tree size right after the commit that made them durable (it may hold other callers' leaves). */
  readonly size: number;
}

/** An inclusion proof with everything needed to check it. */
export interface InclusionProofResult {
  readonly index: number;
  readonly size: number;
  readonly leafHash: Uint8Array;
  readonly rootHash: Uint8Array;
  readonly proof: readonly Uint8Array[];
}

/** A consistency proof with both roots. */
export interface ConsistencyProofResult {
  readonly size1: number;
  readonly size2: number;
  readonly rootHash1: Uint8Array;
  readonly rootHash2: Uint8Array;
  readonly proof: readonly Uint8Array[];
}

/** What `addCosignature` stores, once verified. */
export interface AddCosignatureInput {
  /** The size of the checkpoint it cosigns. */
  readonly size: number;
  /** The signature line (from the request: untrusted). */
  readonly line: string;
  /** The witness's verifier key (type 0x04, or its 0x01 key), from the log's configuration. */
  readonly verifierKey: string;
  readonly receivedAt: Date;
}

/** The kinds of problem `verifyAll` reports. */
export type LedgerProblemKind =
  | 'head'
  | 'entry_hash'
  | 'entry_changed'
  | 'entry_missing'
  | 'entry_extra'
  | 'subtree_mismatch'
  | 'subtree_missing'
  | 'subtree_extra'
  | 'checkpoint_signature'
  | 'checkpoint_root'
  | 'checkpoint_size'
  | 'cosignature';

/** One problem found by `verifyAll`, with the entries it concerns. */
export interface LedgerProblem {
  readonly kind: LedgerProblemKind;
  /** The first entry concerned. */
  readonly index?: number;
  /** The last entry concerned, when a range (inclusive). */
  readonly lastIndex?: number;
  /** The checkpoint concerned, by tree size. */
  readonly size?: number;
  /** Lower case, no final period, naming indices; never an entry's content. */
  readonly message: string;
}

/** What `verifyAll` found. */
export interface LedgerVerifyReport {
  readonly ok: boolean;
  /** The log size at the start of verification (entries checked: 0 to size - 1). */
  readonly size: number;
  /** The root recomputed from the stored entries at that size. */
  readonly rootHash: Uint8Array;
  readonly entries: number;
  readonly subtrees: number;
  readonly checkpoints: number;
  /** Cosignatures verified against a given witness key. */
  readonly cosignatures: number;
  /** Cosignatures by keys not given (kept, not verified). */
  readonly unverifiedCosignatures: number;
  /** Checkpoints appended while verification ran (not checked this time). */
  readonly skippedCheckpoints: number;
  /** The first problems found (at most `maxProblems`). */
  readonly problems: readonly LedgerProblem[];
  /** How many more problems were found than listed. */
  readonly moreProblems: number;
}

/** Options of `verifyAll`. */
export interface VerifyAllOptions {
  /** Witness verifier keys whose cosignatures to verify. */
  readonly witnessKeys?: readonly string[];
  /** The most problems to list (default 1000); the rest are counted. */
  readonly maxProblems?: number;
  /** Entries read per query (default 4096); memory is O(batch + log n). */
  readonly batchSize?: number;
}

/**
 * The append-only log over SQL. Roots and proofs may be asked for any size up to the current one.
 * @example
 * const ledger = await openLedgerStore({ kind: 'sqlite', dataDir: './.customs' });
 * await ledger.migrate();
 * const { firstIndex } = await ledger.append([encodeReceipt(receipt)]);
 * const checkpoint = await ledger.checkpoint(signerKey, 'data-customs.local/log', new Date());
 */
export interface LedgerStore extends SubtreeHashSource {
  readonly kind: 'sqlite' | 'postgres';
  /** Brings the schema up to date (all of the store's migrations); safe to call at every start. */
  migrate(): Promise<void>;
  /** The number of entries. */
  size(): Promise<number>;
  /**
   * Appends leaves durably, in order, batched with concurrent callers (group commit). With `refs` (one per
   * leaf, or null), a leaf whose ref the log already holds is not appended again: its index is answered
   * instead. The check runs in the sequencer's transaction, so that two processes finishing the same
   * transfer (the request itself and a recovery) append it once.
   */
  append(
    leaves: readonly Uint8Array[],
    options?: { readonly refs?: readonly (string | null)[] },
  ): Promise<AppendResult>;
  /** One entry, or undefined beyond the end. */
  entry(index: number): Promise<LedgerEntry | undefined>;
  /** The root hash of the first `size` entries (default: all). */
  rootHash(size?: number): Promise<Uint8Array>;
  /**
   * Signs the current tree head as a C2SP checkpoint with the log's key(s) (during a key rotation, the new
   * and the old one) and stores it; an unchanged tree keeps its checkpoint.
   */
  checkpoint(signerKey: string | readonly string[], origin: string, now: Date): Promise<StoredCheckpoint>;
  /** The checkpoint of the largest size, with its cosignatures, or undefined before the first. */
  latestCheckpoint(): Promise<StoredCheckpoint | undefined>;
  /** The checkpoint of a size, with its cosignatures. */
  checkpointAt(size: number): Promise<StoredCheckpoint | undefined>;
  /** The inclusion proof of entry `index` in the tree of `size` entries (default: all). */
  inclusionProof(index: number, size?: number): Promise<InclusionProofResult>;
  /** The inclusion proof of the first entry with this leaf hash below `size`, or undefined. */
  inclusionProofByLeafHash(hash: Uint8Array, size?: number): Promise<InclusionProofResult | undefined>;
  /** The consistency proof from `size1` to `size2` entries (default: all). */
  consistencyProof(size1: number, size2?: number): Promise<ConsistencyProofResult>;
  /** Verifies a witness's cosignature of the stored checkpoint of `size` and keeps it (idempotent). */
  addCosignature(input: AddCosignatureInput): Promise<StoredCosignature>;
  /**
   * Recomputes the whole tree from the stored entries, streaming, and checks every stored subtree hash,
   * checkpoint (signature, size, root) and cosignature; names the index of every entry that was changed,
   * deleted, reordered or inserted.
   */
  verifyAll(
    logVerifierKey: string | readonly string[],
    options?: VerifyAllOptions,
  ): Promise<LedgerVerifyReport>;
  close(): Promise<void>;
}

/** Options of the ledger store. */
export interface LedgerStoreOptions {
  /** The clock for `appended_at` (default: the system clock). */
  readonly clock?: { readonly now: () => Date };
  /** The most leaves one group commit writes (default 10,000). */
  readonly maxBatch?: number;
  /** The SQLite file name in the data folder (default `ledger.db`). */
  readonly sqliteFile?: string;
}

// Subtree hashes of this level and above are kept in memory once read, up to CACHED_NODES of them (~10 MB).
const CACHED_LEVEL = 8;
const CACHED_NODES = 65_536;

// Rows per multi-row INSERT: below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
const INSERT_CHUNK = 1000;

function storeError(message: string, cause?: unknown): DataCustomsError {
  return new DataCustomsError('DC_STORE', `ledger store: ${message}`, { cause });
}

function argumentError(message: string): LedgerError {
  return new LedgerError('DC_LEDGER_ARGUMENT', message);
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  throw storeError('a binary column did not hold bytes');
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const LEAF_PREFIX = Buffer.of(0x00);

/** RFC 6962 leaf hash with Node's native SHA-256: the same bytes as `leafHash`, several times faster. */
function nativeLeafHash(leaf: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(LEAF_PREFIX).update(leaf).digest());
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function checkCount(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw argumentError(`${name} \`${String(value)}\` is not a non-negative integer`);
}

function hexKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/**
 * Opens the log at a location: on SQLite its own file `ledger.db` in the data folder (one connection per
 * file and process: better-sqlite3 waits for a lock synchronously, so a second connection to the flow
 * store's `customs.db` in the same process could stall both), or the shared PostgreSQL database.
 * To keep the log in another store's SQLite connection instead, use `createLedgerStore` with its Kysely.
 */
export async function openLedgerStore(
  location: StoreLocation,
  options: LedgerStoreOptions = {},
): Promise<LedgerStore> {
  const { db, kind } = openDatabase<LedgerDatabase>(location, {
    file: options.sqliteFile ?? 'ledger.db',
    synchronousFull: true,
    busyTimeoutMs: 10_000,
    statementCache: 256,
  });
  return createLedgerStore(db, kind, options);
}

interface PendingAppend {
  readonly leaves: readonly Uint8Array[];
  readonly refs: readonly (string | null)[];
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/**
 * The ledger store over a Kysely instance whose database has the ledger tables (migration 0002_ledger);
 * `close()` destroys the instance.
 */
export function createLedgerStore(
  db: Kysely<LedgerDatabase>,
  kind: 'sqlite' | 'postgres',
  options: LedgerStoreOptions = {},
): LedgerStore {
  const clock = options.clock ?? { now: () => new Date() };
  const maxBatch = options.maxBatch ?? 10_000;
  type Executor = Kysely<LedgerDatabase>;

  // The frontier after the last commit by this process; reused when the head has not moved since.
  let cachedFrontier: MerkleFrontier | undefined;
  // Hashes of complete subtrees of 2^CACHED_LEVEL leaves or more, as read from the store. Such a hash never
  // changes once stored (the tree only grows), and every proof and root needs a few of the same ones: kept,
  // they save most rows of each proof query. Bounded; `verifyAll` never reads them, always the tables.
  const upperNodes = new Map<string, Uint8Array>();
  // The largest head size seen: the log never shrinks, so a size up to it needs no query to be allowed.
  let knownSize = 0;
  const queue: PendingAppend[] = [];
  let flushing = false;

  const readHeadSize = async (q: Executor, lock: boolean): Promise<number | undefined> => {
    let query = q.selectFrom('ledger_head').select('size').where('id', '=', 1);
    if (lock && kind === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row === undefined ? undefined : Number(row.size);
  };

  const headSize = async (q: Executor = db): Promise<number> => {
    const size = await readHeadSize(q, false);
    if (size === undefined) throw storeError('the head row is missing; run `customs ledger verify`');
    if (size > knownSize) knownSize = size;
    return size;
  };

  /** Stored subtree hashes, in the order asked; a missing node is a broken store. */
  const readNodes = async (q: Executor, nodes: readonly NodeId[]): Promise<Uint8Array[]> => {
    if (nodes.length === 0) return [];
    const found = new Map<string, Uint8Array>();
    const byLevel = new Map<number, number[]>();
    for (const { level, index } of nodes) {
      const key = `${level}:${index}`;
      const cached = level >= CACHED_LEVEL ? upperNodes.get(key) : undefined;
      if (cached) {
        found.set(key, cached);
        continue;
      }
      const list = byLevel.get(level) ?? [];
      list.push(index);
      byLevel.set(level, list);
    }
    const levels = [...byLevel.entries()];
    if (levels.length > 0) await queryNodes(q, levels, found);
    return nodes.map(({ level, index }) => {
      const hash = found.get(`${level}:${index}`);
      if (!hash || hash.length !== HASH_SIZE) {
        throw storeError(`subtree level ${level} index ${index} is missing; run \`customs ledger verify\``);
      }
      return hash;
    });
  };

  const queryNodes = async (
    q: Executor,
    levels: readonly [number, number[]][],
    found: Map<string, Uint8Array>,
  ): Promise<void> => {
    // A few dozen nodes at most per root or proof: one query.
    const rows = await q
      .selectFrom('ledger_nodes')
      .select(['level', 'idx', 'hash'])
      .where((eb) =>
        eb.or(levels.map(([level, idxs]) => eb.and([eb('level', '=', level), eb('idx', 'in', idxs)]))),
      )
      .execute();
    for (const row of rows) {
      const key = `${row.level}:${Number(row.idx)}`;
      const hash = toBytes(row.hash);
      found.set(key, hash);
      if (row.level >= CACHED_LEVEL && hash.length === HASH_SIZE) {
        if (upperNodes.size >= CACHED_NODES) upperNodes.delete(upperNodes.keys().next().value as string);
        upperNodes.set(key, hash);
      }
    }
  };

  const insertChunks = async <T>(
    rows: readonly T[],
    insert: (chunk: readonly T[]) => Promise<unknown>,
  ): Promise<void> => {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insert(rows.slice(i, i + INSERT_CHUNK));
  };

  /** The body of one sequenced append; runs inside the writer's transaction. */
  const appendInTransaction = async (
    q: Executor,
    given: readonly Uint8Array[],
    refs: readonly (string | null)[],
  ): Promise<{ indices: number[]; fresh: boolean[]; frontier: MerkleFrontier }> => {
    const size = await readHeadSize(q, true);
    if (size === undefined) throw storeError('the head row is missing; run `customs ledger verify`');
    // Leaves whose ref the log already holds (or an earlier leaf of this batch) are answered, not appended.
    const known = new Map<string, number>();
    const named = [...new Set(refs.filter((r): r is string => r !== null))];
    for (let i = 0; i < named.length; i += INSERT_CHUNK) {
      const rows = await q
        .selectFrom('ledger_entries')
        .select(['ref', 'idx'])
        .where('ref', 'in', named.slice(i, i + INSERT_CHUNK))
        .execute();
      for (const row of rows) if (row.ref !== null) known.set(row.ref, Number(row.idx));
    }
    const indices: number[] = [];
    const fresh: boolean[] = [];
    const leaves: Uint8Array[] = [];
    const leafRefs: (string | null)[] = [];
    given.forEach((leaf, i) => {
      const ref = refs[i] ?? null;
      const found = ref === null ? undefined : known.get(ref);
      if (found !== undefined) {
        indices.push(found);
        fresh.push(false);
        return;
      }
      const index = size + leaves.length;
      if (ref !== null) known.set(ref, index);
      indices.push(index);
      fresh.push(true);
      leaves.push(leaf);
      leafRefs.push(ref);
    });
    const frontier =
      cachedFrontier?.size === size
        ? cachedFrontier
        : restoreFrontier(size, await readNodes(q, frontierNodes(size)));
    if (leaves.length === 0) return { indices, fresh, frontier };
    const hashes = leaves.map(nativeLeafHash);
    const appended = appendToFrontier(frontier, hashes);
    const appendedAt = clock.now().toISOString();
    await insertChunks(
      leaves.map((leaf, i) => ({
        idx: size + i,
        leaf: toBuffer(leaf),
        leaf_hash: toBuffer(hashes[i]!),
        appended_at: appendedAt,
        ref: leafRefs[i] ?? null,
      })),
      (chunk) => q.insertInto('ledger_entries').values(chunk).execute(),
    );
    await insertChunks(
      appended.nodes.map((node) => ({ level: node.level, idx: node.index, hash: toBuffer(node.hash) })),
      (chunk) => q.insertInto('ledger_nodes').values(chunk).execute(),
    );
    await q.updateTable('ledger_head').set({ size: appended.frontier.size }).where('id', '=', 1).execute();
    return { indices, fresh, frontier: appended.frontier };
  };

  /** One writer transaction: BEGIN IMMEDIATE on SQLite (so that processes queue for the write lock). */
  const sequenced = async (leaves: readonly Uint8Array[], refs: readonly (string | null)[]) => {
    if (kind === 'postgres') {
      return db.transaction().execute((tx) => appendInTransaction(tx, leaves, refs));
    }
    return db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await appendInTransaction(conn, leaves, refs);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw error;
      }
    });
  };

  const flush = async (): Promise<void> => {
    // Let every append called before the event loop's next turn join the first batch: better-sqlite3
    // answers synchronously, so without this wait a transaction would commit before the appends of the
    // other events of the same turn (requests, say) are even queued, one transaction each.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (queue.length > 0) {
        const batch: PendingAppend[] = [];
        let count = 0;
        while (queue.length > 0 && (batch.length === 0 || count + queue[0]!.leaves.length <= maxBatch)) {
          const next = queue.shift()!;
          batch.push(next);
          count += next.leaves.length;
        }
        try {
          const { indices, fresh, frontier } = await sequenced(
            batch.flatMap((p) => p.leaves),
            batch.flatMap((p) => p.refs),
          );
          cachedFrontier = frontier;
          if (frontier.size > knownSize) knownSize = frontier.size;
          let at = 0;
          for (const pending of batch) {
            const mine = indices.slice(at, at + pending.leaves.length);
            const appended = fresh.slice(at, at + pending.leaves.length).filter(Boolean).length;
            at += pending.leaves.length;
            pending.resolve({
              firstIndex: mine[0] ?? frontier.size,
              indices: mine,
              appended,
              size: frontier.size,
            });
          }
        } catch (error) {
          cachedFrontier = undefined;
          const failure =
            error instanceof DataCustomsError || isLedgerError(error)
              ? error
              : storeError(`append failed: ${(error as Error).message ?? String(error)}`, error);
          for (const pending of batch) pending.reject(failure);
        }
      }
    } finally {
      flushing = false;
    }
  };

  const sizeAtMost = async (size: number | undefined): Promise<number> => {
    if (size !== undefined && Number.isSafeInteger(size) && size >= 0 && size <= knownSize) return size;
    const current = await headSize();
    if (size === undefined) return current;
    checkCount('tree size', size);
    if (size > current) throw argumentError(`tree size ${size} is beyond the ${current} entries of the log`);
    return size;
  };

  const cosignaturesOf = async (sizes: readonly number[]): Promise<Map<number, StoredCosignature[]>> => {
    const out = new Map<number, StoredCosignature[]>();
    if (sizes.length === 0) return out;
    const rows = await db
      .selectFrom('ledger_cosignatures')
      .selectAll()
      .where('size', 'in', [...sizes])
      .orderBy('size')
      .orderBy('key_name')
      .orderBy('key_id')
      .execute();
    for (const row of rows) {
      const size = Number(row.size);
      const list = out.get(size) ?? [];
      list.push({
        size,
        keyName: row.key_name,
        keyId: row.key_id,
        line: row.line,
        timestamp: Number(row.timestamp),
        receivedAt: row.received_at,
      });
      out.set(size, list);
    }
    return out;
  };

  const toCheckpoint = (
    row: { size: number | string; root_hash: Uint8Array; note: string; created_at: string },
    cosignatures: readonly StoredCosignature[],
  ): StoredCheckpoint => {
    const split = row.note.lastIndexOf('\n\n');
    return {
      size: Number(row.size),
      rootHash: toBytes(row.root_hash),
      body: row.note.slice(0, split + 1),
      signedNote: row.note,
      // INVARIANT: a stored note ends with a newline, so the cosignature lines extend its signature block.
      note: row.note + cosignatures.map((c) => c.line).join(''),
      createdAt: row.created_at,
      cosignatures,
    };
  };

  const checkpointRow = async (size: number) => {
    const row = await db
      .selectFrom('ledger_checkpoints')
      .selectAll()
      .where('size', '=', size)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return toCheckpoint(row, (await cosignaturesOf([size])).get(size) ?? []);
  };

  const store: LedgerStore = {
    kind,

    async migrate() {
      const { error, results } = await new Migrator({
        db: db as unknown as Kysely<unknown>,
        provider: migrationProvider,
      }).migrateToLatest();
      if (error) {
        const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
        throw new DataCustomsError(
          'DC_STORE_MIGRATION',
          `migration ${failed} failed: ${(error as Error).message ?? String(error)}`,
          { cause: error },
        );
      }
    },

    size: () => headSize(),

    append(leaves, appendOptions = {}) {
      if (!Array.isArray(leaves)) return Promise.reject(argumentError('leaves: not an array'));
      for (let i = 0; i < leaves.length; i++) {
        if (!(leaves[i] instanceof Uint8Array))
          return Promise.reject(argumentError(`leaves[${i}]: not bytes (Uint8Array)`));
      }
      const refs = appendOptions.refs ?? leaves.map(() => null);
      if (!Array.isArray(refs) || refs.length !== leaves.length)
        return Promise.reject(argumentError(`refs: not an array of ${leaves.length} refs`));
      for (let i = 0; i < refs.length; i++) {
        const ref: unknown = refs[i];
        if (ref !== null && (typeof ref !== 'string' || ref.length === 0 || ref.length > 200))
          return Promise.reject(argumentError(`refs[${i}]: not null or a string of 1 to 200 characters`));
      }
      if (leaves.length === 0)
        return headSize().then((size) => ({ firstIndex: size, indices: [], appended: 0, size }));
      return new Promise<AppendResult>((resolve, reject) => {
        queue.push({ leaves: [...leaves], refs: [...refs], resolve, reject });
        if (!flushing) {
          flushing = true;
          void flush();
        }
      });
    },

    async entry(index) {
      checkCount('entry index', index);
      const row = await db
        .selectFrom('ledger_entries')
        .selectAll()
        .where('idx', '=', index)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        index,
        leaf: toBytes(row.leaf),
        leafHash: toBytes(row.leaf_hash),
        appendedAt: row.appended_at,
      };
    },

    subtreeHashes: (nodes) => readNodes(db, nodes),

    async rootHash(size) {
      const n = await sizeAtMost(size);
      const plan = planRootHash(n);
      return plan.assemble(await readNodes(db, plan.nodes));
    },

    async checkpoint(signerKey, origin, now) {
      const size = await headSize();
      const root = await store.rootHash(size);
      const existing = await checkpointRow(size);
      if (existing) {
        if (!bytesEqual(existing.rootHash, root))
          throw storeError(
            `the stored checkpoint of size ${size} has another root; run \`customs ledger verify\``,
          );
        return existing;
      }
      const note = signCheckpoint({ origin, size, rootHash: root }, signerKey);
      await db
        .insertInto('ledger_checkpoints')
        .values({ size, root_hash: toBuffer(root), note, created_at: now.toISOString() })
        .onConflict((oc) => oc.column('size').doNothing())
        .execute();
      const stored = await checkpointRow(size);
      if (!stored || !bytesEqual(stored.rootHash, root))
        throw storeError(
          `the stored checkpoint of size ${size} has another root; run \`customs ledger verify\``,
        );
      return stored;
    },

    async latestCheckpoint() {
      const row = await db
        .selectFrom('ledger_checkpoints')
        .select('size')
        .orderBy('size', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? undefined : checkpointRow(Number(row.size));
    },

    async checkpointAt(size) {
      checkCount('tree size', size);
      return checkpointRow(size);
    },

    async inclusionProof(index, size) {
      checkCount('entry index', index);
      const n = await sizeAtMost(size);
      if (index >= n) throw argumentError(`entry index ${index} is not below tree size ${n}`);
      const proofPlan = planInclusionProof(index, n);
      const rootPlan = planRootHash(n);
      const leaf = { level: 0, index };
      const hashes = await readNodes(db, [leaf, ...proofPlan.nodes, ...rootPlan.nodes]);
      const p = proofPlan.nodes.length;
      return {
        index,
        size: n,
        leafHash: hashes[0]!,
        proof: proofPlan.assemble(hashes.slice(1, 1 + p)),
        rootHash: rootPlan.assemble(hashes.slice(1 + p)),
      };
    },

    async inclusionProofByLeafHash(hash, size) {
      if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE)
        throw argumentError(`leaf hash is not ${HASH_SIZE} bytes`);
      const n = await sizeAtMost(size);
      const row = await db
        .selectFrom('ledger_entries')
        .select('idx')
        .where('leaf_hash', '=', toBuffer(hash))
        .where('idx', '<', n)
        .orderBy('idx')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? undefined : store.inclusionProof(Number(row.idx), n);
    },

    async consistencyProof(size1, size2) {
      checkCount('size1', size1);
      const n = await sizeAtMost(size2);
      if (size1 > n) throw argumentError(`size1 ${size1} is greater than size2 ${n}`);
      const proofPlan = planConsistencyProof(size1, n);
      const root1 = planRootHash(size1);
      const root2 = planRootHash(n);
      const hashes = await readNodes(db, [...proofPlan.nodes, ...root1.nodes, ...root2.nodes]);
      const a = proofPlan.nodes.length;
      const b = a + root1.nodes.length;
      return {
        size1,
        size2: n,
        proof: proofPlan.assemble(hashes.slice(0, a)),
        rootHash1: root1.assemble(hashes.slice(a, b)),
        rootHash2: root2.assemble(hashes.slice(b)),
      };
    },

    async addCosignature(input) {
      checkCount('checkpoint size', input.size);
      const checkpoint = await checkpointRow(input.size);
      if (!checkpoint) throw argumentError(`no checkpoint of size ${input.size}`);
      // From the request: untrusted until it verifies against the configured witness key.
      const cosignature = verifyCosignature(checkpoint.body, input.line, input.verifierKey);
      const keyId = hexKeyId(cosignature.keyId);
      await db
        .insertInto('ledger_cosignatures')
        .values({
          size: input.size,
          key_name: cosignature.name,
          key_id: keyId,
          line: cosignature.line,
          timestamp: cosignature.timestamp,
          received_at: input.receivedAt.toISOString(),
        })
        .onConflict((oc) => oc.columns(['size', 'key_name', 'key_id']).doNothing())
        .execute();
      const row = await db
        .selectFrom('ledger_cosignatures')
        .selectAll()
        .where('size', '=', input.size)
        .where('key_name', '=', cosignature.name)
        .where('key_id', '=', keyId)
        .executeTakeFirstOrThrow();
      return {
        size: input.size,
        keyName: row.key_name,
        keyId: row.key_id,
        line: row.line,
        timestamp: Number(row.timestamp),
        receivedAt: row.received_at,
      };
    },

    verifyAll: (logVerifierKey, verifyOptions) => verifyLedger(db, logVerifierKey, verifyOptions ?? {}),

    close: () => db.destroy(),
  };
  return store;
}

/** The levels-and-ranges of stored nodes completed by appending leaves `[begin, end)`. */
function nodesCompletedIn(begin: number, end: number): { level: number; from: number; to: number }[] {
  const out: { level: number; from: number; to: number }[] = [];
  // Node (L, j) covers leaves [j * 2^L, (j + 1) * 2^L) and is completed by leaf (j + 1) * 2^L - 1.
  for (let level = 0, width = 1; width <= end; level++, width *= 2) {
    const from = Math.ceil((begin + 1) / width) - 1;
    const to = Math.floor(end / width) - 1;
    if (from <= to) out.push({ level, from, to });
  }
  return out;
}

async function verifyLedger(
  db: Kysely<LedgerDatabase>,
  logVerifierKey: string | readonly string[],
  options: VerifyAllOptions,
): Promise<LedgerVerifyReport> {
  const logKeys = typeof logVerifierKey === 'string' ? [logVerifierKey] : [...logVerifierKey];
  for (const key of logKeys) parseVerifierKey(key); // a bad key is a usage error, not a finding
  const witnessKeys = [...(options.witnessKeys ?? [])];
  for (const key of witnessKeys) parseVerifierKey(key);
  const maxProblems = options.maxProblems ?? 1000;
  const batchSize = Math.max(1, options.batchSize ?? 4096);

  const problems: LedgerProblem[] = [];
  let moreProblems = 0;
  const report = (problem: LedgerProblem) => {
    if (problems.length < maxProblems) problems.push(problem);
    else moreProblems++;
  };
  const rangeText = (a: number, b: number) => (a === b ? `entry ${a}` : `entries ${a} to ${b}`);

  const head = await db.selectFrom('ledger_head').select('size').where('id', '=', 1).executeTakeFirst();
  let size: number;
  if (head === undefined) {
    const last = await db
      .selectFrom('ledger_entries')
      .select('idx')
      .orderBy('idx', 'desc')
      .limit(1)
      .executeTakeFirst();
    size = last === undefined ? 0 : Number(last.idx) + 1;
    report({ kind: 'head', message: `the log head is missing; checking the ${size} entries found` });
  } else {
    size = Number(head.size);
  }

  // Checkpoints, streamed by size; each one's signature is checked when it is read.
  interface PendingCheckpoint {
    size: number;
    root: Uint8Array | undefined;
  }
  let checkpointsChecked = 0;
  let cosignaturesVerified = 0;
  let cosignaturesUnverified = 0;
  let checkpointCursor = -1;
  const checkpointPage: PendingCheckpoint[] = [];
  let checkpointsDone = false;
  const loadCheckpoints = async (): Promise<void> => {
    const rows = await db
      .selectFrom('ledger_checkpoints')
      .selectAll()
      .where('size', '>', checkpointCursor)
      .orderBy('size')
      .limit(256)
      .execute();
    if (rows.length === 0) {
      checkpointsDone = true;
      return;
    }
    checkpointCursor = Number(rows.at(-1)!.size);
    const sizes = rows.map((r) => Number(r.size));
    const cosignatureRows = await db
      .selectFrom('ledger_cosignatures')
      .selectAll()
      .where('size', 'in', sizes)
      .execute();
    const bySize = new Map<number, typeof cosignatureRows>();
    for (const row of cosignatureRows) {
      const list = bySize.get(Number(row.size)) ?? [];
      list.push(row);
      bySize.set(Number(row.size), list);
    }
    for (const row of rows) {
      const cpSize = Number(row.size);
      const columnRoot = toBytes(row.root_hash);
      let signedRoot: Uint8Array | undefined;
      let body: string | undefined;
      try {
        const opened = openCheckpoint(row.note, { logKeys });
        body = opened.body;
        signedRoot = opened.checkpoint.rootHash;
        if (opened.checkpoint.size !== cpSize) {
          report({
            kind: 'checkpoint_size',
            size: cpSize,
            message: `checkpoint of size ${cpSize}: the signed note says size ${opened.checkpoint.size}`,
          });
        }
        if (!bytesEqual(signedRoot, columnRoot)) {
          report({
            kind: 'checkpoint_root',
            size: cpSize,
            message: `checkpoint of size ${cpSize}: the stored root differs from the signed one`,
          });
        }
      } catch (error) {
        report({
          kind: 'checkpoint_signature',
          size: cpSize,
          message: `checkpoint of size ${cpSize}: ${isLedgerError(error) ? error.message : 'cannot be opened'}`,
        });
      }
      for (const cosignature of bySize.get(cpSize) ?? []) {
        const candidates = witnessKeys.filter((key) => parseVerifierKey(key).name === cosignature.key_name);
        if (candidates.length === 0 || body === undefined) {
          cosignaturesUnverified++;
          continue;
        }
        let verified = false;
        for (const key of candidates) {
          try {
            verifyCosignature(body, cosignature.line, key);
            verified = true;
            break;
          } catch {
            // try the next key of that name
          }
        }
        if (verified) cosignaturesVerified++;
        else {
          report({
            kind: 'cosignature',
            size: cpSize,
            message: `checkpoint of size ${cpSize}: the cosignature by \`${cosignature.key_name}\` does not verify`,
          });
        }
      }
      checkpointPage.push({ size: cpSize, root: signedRoot ?? columnRoot });
    }
  };
  const nextCheckpoint = async (): Promise<PendingCheckpoint | undefined> => {
    if (checkpointPage.length === 0 && !checkpointsDone) await loadCheckpoints();
    return checkpointPage[0];
  };
  const checkCheckpointsAt = async (treeSize: number, root: () => Uint8Array): Promise<void> => {
    for (
      let cp = await nextCheckpoint();
      cp !== undefined && cp.size <= treeSize;
      cp = await nextCheckpoint()
    ) {
      checkpointPage.shift();
      checkpointsChecked++;
      if (cp.size < treeSize) continue; // cannot happen: sizes are visited in order
      if (cp.root && !bytesEqual(cp.root, root())) {
        report({
          kind: 'checkpoint_root',
          size: cp.size,
          message: `checkpoint of size ${cp.size}: the signed root differs from the root recomputed from entries 0 to ${cp.size - 1}`,
        });
      }
    }
  };

  await checkCheckpointsAt(0, () => emptyRootHash());

  let frontier = emptyFrontier();
  // Taint per frontier hash: true when a subtree below it was already reported, so that one changed
  // entry is reported once, at its own index, not again at every level above it.
  let taints: boolean[] = [];
  let subtrees = 0;
  let entries = 0;
  let missingFrom = -1;
  const flushMissing = (upTo: number) => {
    if (missingFrom < 0) return;
    report({
      kind: 'entry_missing',
      index: missingFrom,
      lastIndex: upTo,
      message: `${rangeText(missingFrom, upTo)}: missing (deleted)`,
    });
    missingFrom = -1;
  };
  const zero = new Uint8Array(HASH_SIZE);

  for (let begin = 0; begin < size; begin += batchSize) {
    const end = Math.min(begin + batchSize, size);
    const rows = await db
      .selectFrom('ledger_entries')
      .select(['idx', 'leaf', 'leaf_hash'])
      .where('idx', '>=', begin)
      .where('idx', '<', end)
      .orderBy('idx')
      .execute();
    const ranges = nodesCompletedIn(begin, end);
    const nodeRows = await db
      .selectFrom('ledger_nodes')
      .select(['level', 'idx', 'hash'])
      .where((eb) =>
        eb.or(
          ranges.map((r) =>
            eb.and([eb('level', '=', r.level), eb('idx', '>=', r.from), eb('idx', '<=', r.to)]),
          ),
        ),
      )
      .execute();
    const stored = new Map<string, Uint8Array>();
    for (const row of nodeRows) stored.set(`${row.level}:${Number(row.idx)}`, toBytes(row.hash));

    let r = 0;
    for (let i = begin; i < end; i++) {
      const row = rows[r];
      let hash: Uint8Array;
      // Missing, or already reported as changed: the subtrees above it are not reported again.
      let missing = false;
      if (row !== undefined && Number(row.idx) === i) {
        r++;
        entries++;
        flushMissing(i - 1);
        hash = nativeLeafHash(toBytes(row.leaf));
        if (!bytesEqual(hash, toBytes(row.leaf_hash))) {
          report({
            kind: 'entry_hash',
            index: i,
            message: `entry ${i}: its stored leaf hash is not the hash of its data (changed)`,
          });
          missing = true;
        }
      } else {
        if (missingFrom < 0) missingFrom = i;
        missing = true;
        // Go on with the tree's own record of the leaf, so that later entries are still checked.
        hash = stored.get(`0:${i}`) ?? zero;
      }
      const appended = appendToFrontier(frontier, [hash]);
      let taint = false;
      appended.nodes.forEach((node, m) => {
        subtrees++;
        const childTaint = m === 0 ? missing : taints[taints.length - m]! || taint;
        const storedHash = stored.get(`${node.level}:${node.index}`);
        const mismatch = storedHash === undefined || !bytesEqual(storedHash, node.hash);
        if (mismatch && !childTaint) {
          const first = node.index * 2 ** node.level;
          const last = first + 2 ** node.level - 1;
          if (node.level === 0) {
            report({
              kind: storedHash === undefined ? 'subtree_missing' : 'entry_changed',
              index: i,
              message:
                storedHash === undefined
                  ? `entry ${i}: its leaf hash is missing from the tree`
                  : `entry ${i}: its data is not what was appended (changed, reordered or inserted)`,
            });
          } else {
            report({
              kind: storedHash === undefined ? 'subtree_missing' : 'subtree_mismatch',
              index: first,
              lastIndex: last,
              message:
                storedHash === undefined
                  ? `${rangeText(first, last)}: the subtree hash (level ${node.level}, index ${node.index}) is missing`
                  : `${rangeText(first, last)}: the stored subtree hash (level ${node.level}, index ${node.index}) differs from the one recomputed from the entries`,
            });
          }
        }
        taint = childTaint || mismatch;
      });
      taints = [...taints.slice(0, taints.length - (appended.nodes.length - 1)), taint];
      frontier = appended.frontier;
      const current = frontier;
      // Only when a checkpoint may be due: no await per entry otherwise.
      if (checkpointPage.length === 0 && !checkpointsDone) await loadCheckpoints();
      if (checkpointPage[0] !== undefined && checkpointPage[0].size <= i + 1)
        await checkCheckpointsAt(i + 1, () => frontierRootHash(current));
    }
  }
  flushMissing(size - 1);

  // What lies beyond the size: entries, nodes and checkpoints nobody sequenced (or appended meanwhile).
  const finalSize = (await readFinalSize(db)) ?? size;
  let skippedCheckpoints = 0;
  for (let cp = await nextCheckpoint(); cp !== undefined; cp = await nextCheckpoint()) {
    checkpointPage.shift();
    if (cp.size <= finalSize) skippedCheckpoints++;
    else {
      checkpointsChecked++;
      report({
        kind: 'checkpoint_size',
        size: cp.size,
        message: `checkpoint of size ${cp.size}: the log has only ${finalSize} entries (entries ${finalSize} to ${cp.size - 1} are missing)`,
      });
    }
  }
  const extraEntries = await db
    .selectFrom('ledger_entries')
    .select('idx')
    .where('idx', '>=', finalSize)
    .orderBy('idx')
    .limit(maxProblems + 1)
    .execute();
  for (const row of extraEntries) {
    const index = Number(row.idx);
    report({
      kind: 'entry_extra',
      index,
      message: `entry ${index}: beyond the log size ${finalSize} (inserted)`,
    });
  }
  const extraNodes = await db
    .selectFrom('ledger_nodes')
    .select(['level', 'idx'])
    .where((eb) => {
      const terms = [];
      let level = 0;
      for (let width = 1; width <= Math.max(1, finalSize); level++, width *= 2)
        terms.push(eb.and([eb('level', '=', level), eb('idx', '>=', Math.floor(finalSize / width))]));
      terms.push(eb('level', '>=', level));
      terms.push(eb('level', '<', 0));
      return eb.or(terms);
    })
    .orderBy('level')
    .orderBy('idx')
    .limit(maxProblems + 1)
    .execute();
  for (const row of extraNodes) {
    const width = 2 ** row.level;
    const first = Number(row.idx) * width;
    report({
      kind: 'subtree_extra',
      index: first,
      lastIndex: first + width - 1,
      message: `${rangeText(first, first + width - 1)}: a subtree hash (level ${row.level}, index ${Number(row.idx)}) beyond the log size ${finalSize}`,
    });
  }

  return {
    ok: problems.length === 0 && moreProblems === 0,
    size,
    rootHash: foldSubtreeHashes(frontier.hashes),
    entries,
    subtrees,
    checkpoints: checkpointsChecked,
    cosignatures: cosignaturesVerified,
    unverifiedCosignatures: cosignaturesUnverified,
    skippedCheckpoints,
    problems,
    moreProblems,
  };
}

async function readFinalSize(db: Kysely<LedgerDatabase>): Promise<number | undefined> {
  const row = await db.selectFrom('ledger_head').select('size').where('id', '=', 1).executeTakeFirst();
  return row === undefined ? undefined : Number(row.size);
}
