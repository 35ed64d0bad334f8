import type { Kysely } from 'kysely';

// Quarantined records (migration 0005_recipients): records of a batch that carried a category their flow
// does not declare, held back (not sent) while the rest of the batch went. Only a keyed digest of each
// record is kept, with the paths and categories that held it: no personal data at rest.

interface QuarantinedRecordsTable {
  id: string;
  tenant: string;
  flow_id: string;
  flow_version: number;
  transfer_id: string | null;
  record_index: number;
  fields: string;
  categories: string;
  digest: string;
  status: string;
  created_at: string;
}

/** The quarantine table, for Kysely. */
export interface QuarantineDatabase {
  quarantined_records: QuarantinedRecordsTable;
}

/** One held record: where it was in its batch, the fields and categories that held it, and its keyed digest. */
export interface QuarantinedRecord {
  readonly id: string;
  readonly tenant: string;
  readonly flowId: string;
  readonly flowVersion: number;
  /** The transfer that carried the rest of the batch, or null when nothing of it was sent. */
  readonly transferId: string | null;
  /** The record's index in the batch as sent. */
  readonly recordIndex: number;
  readonly fields: readonly string[];
  readonly categories: readonly string[];
  /** HMAC-SHA-256 (hex) of the record's canonical JSON under the tenant's counting key. */
  readonly digest: string;
  readonly status: 'held';
  readonly createdAt: string;
}

/** Stores held records; a record already held (same id: same tenant, request and index) is kept once. */
export async function insertQuarantined(
  db: Kysely<QuarantineDatabase>,
  records: readonly QuarantinedRecord[],
): Promise<void> {
  for (let i = 0; i < records.length; i += 200) {
    await db
      .insertInto('quarantined_records')
      .values(
        records.slice(i, i + 200).map((r) => ({
          id: r.id,
          tenant: r.tenant,
          flow_id: r.flowId,
          flow_version: r.flowVersion,
          transfer_id: r.transferId,
          record_index: r.recordIndex,
          fields: JSON.stringify(r.fields),
          categories: JSON.stringify(r.categories),
          digest: r.digest,
          status: r.status,
          created_at: r.createdAt,
        })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

/** A tenant's held records, oldest first; `after` is the `next` cursor of a previous page. */
export async function listQuarantined(
  db: Kysely<QuarantineDatabase>,
  tenant: string,
  options: { readonly limit?: number; readonly after?: string; readonly flow?: string } = {},
): Promise<{ records: QuarantinedRecord[]; next: string | null }> {
  const limit = Math.min(options.limit ?? 100, 1000);
  let q = db
    .selectFrom('quarantined_records')
    .selectAll()
    .where('tenant', '=', tenant)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit);
  if (options.flow !== undefined) q = q.where('flow_id', '=', options.flow);
  const cursor = options.after === undefined ? undefined : /^(.+)\|(q_[0-9a-f]+)$/.exec(options.after);
  if (cursor?.[1] !== undefined && cursor[2] !== undefined) {
    const [at, id] = [cursor[1], cursor[2]];
    q = q.where((eb) =>
      eb.or([eb('created_at', '>', at), eb.and([eb('created_at', '=', at), eb('id', '>', id)])]),
    );
  }
  const rows = await q.execute();
  const records = rows.map((r) => ({
    id: r.id,
    tenant: r.tenant,
    flowId: r.flow_id,
    flowVersion: Number(r.flow_version),
    transferId: r.transfer_id,
    recordIndex: Number(r.record_index),
    fields: JSON.parse(r.fields) as string[],
    categories: JSON.parse(r.categories) as string[],
    digest: r.digest,
    status: 'held' as const,
    createdAt: r.created_at,
  }));
  const last = records.at(-1);
  return { records, next: records.length === limit && last ? `${last.createdAt}|${last.id}` : null };
}
