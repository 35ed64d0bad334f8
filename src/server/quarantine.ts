import { createHash, createHmac } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { RecordScanner } from '../protect/index.js';
import { canonicalJson } from '../shared/canonical-json.js';
import type { QuarantinedRecord, Store } from '../store/index.js';
import { principalOf } from './auth.js';

// Quarantine (flow `on_undeclared: quarantine`): the records of a batch that carry a category the flow does
// not declare are held, not sent, and the rest of the batch goes. Decision: the gateway keeps no copy of a
// held record, only a keyed digest (HMAC-SHA-256 under the tenant's counting key, so that it cannot be
// guessed from its content) with its index in the batch and the fields and categories that held it; the
// caller, who has the records, gets the same list in the answer and decides what to do with them (declare
// the category in a new flow version and send them again, or drop them). No personal data at rest, and
// nothing for an erasure request to reach.

/** One record of a batch that the flow's `on_undeclared: quarantine` holds back, and why. */
export interface Offence {
  readonly index: number;
  readonly fields: readonly string[];
  readonly categories: readonly string[];
}

/** Reads a dotted JSONPath (`$.buyer.id`, `$.items[0].sku`) from a record. */
function readPath(record: unknown, path: string): unknown {
  const steps = path
    .replace(/^\$\.?/, '')
    .split(/\.|\[(\d+)\]/)
    .filter((s) => s !== undefined && s !== '');
  let v: unknown = record;
  for (const s of steps) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[s];
  }
  return v;
}

/**
 * The records of a batch that carry an undeclared category, each with the fields and categories found:
 * by the declared field mapping, then by detection of unmapped fields (confident findings only), the same
 * reading as the gateway's inspection step.
 */
export function findOffences(
  records: readonly unknown[],
  options: {
    readonly fields: Readonly<Record<string, string>>;
    readonly subjectField: string;
    readonly allowed: ReadonlySet<string>;
    readonly scanner?: RecordScanner;
  },
): Offence[] {
  const mapped = Object.entries(options.fields);
  const mappedPaths = mapped.map(([p]) => p);
  const out: Offence[] = [];
  records.forEach((r, index) => {
    const fields = new Set<string>();
    const categories = new Set<string>();
    for (const [path, category] of mapped)
      if (!options.allowed.has(category) && readPath(r, path) !== undefined) {
        fields.add(path);
        categories.add(category);
      }
    if (options.scanner) {
      for (const f of options.scanner(r) as readonly {
        category: string;
        path?: string;
        confidence?: number;
      }[]) {
        if ((f.confidence ?? 1) < 0.8 || options.allowed.has(f.category)) continue;
        if (
          f.path !== undefined &&
          (f.path === options.subjectField ||
            mappedPaths.some(
              (p) => f.path === p || f.path?.startsWith(`${p}.`) || f.path?.startsWith(`${p}[`),
            ))
        )
          continue;
        fields.add(f.path ?? '$');
        categories.add(f.category);
      }
    }
    if (categories.size > 0)
      out.push({ index, fields: [...fields].sort(), categories: [...categories].sort() });
  });
  return out;
}

/** The held records to store for a batch's offences, with ids stable across retries of the same request. */
export function heldRecords(
  offences: readonly Offence[],
  records: readonly unknown[],
  context: {
    readonly tenant: string;
    readonly flowId: string;
    readonly flowVersion: number;
    readonly transferId: string | null;
    readonly requestHash: string;
    readonly key: Uint8Array;
    readonly now: string;
  },
): QuarantinedRecord[] {
  return offences.map((o) => ({
    id: `q_${createHash('sha256').update(`${context.tenant}|${context.requestHash}|${o.index}`).digest('hex').slice(0, 24)}`,
    tenant: context.tenant,
    flowId: context.flowId,
    flowVersion: context.flowVersion,
    transferId: context.transferId,
    recordIndex: o.index,
    fields: o.fields,
    categories: o.categories,
    digest: createHmac('sha256', context.key)
      .update(canonicalJson(records[o.index] ?? null))
      .digest('hex'),
    status: 'held',
    createdAt: context.now,
  }));
}

/** A held record as answered: no content, only where it was and why it was held. */
export const heldOut = (q: QuarantinedRecord) => ({
  id: q.id,
  index: q.recordIndex,
  fields: q.fields,
  categories: q.categories,
  digest: q.digest,
});

/** Registers `GET /v1/quarantine`: the tenant's held records. */
export async function quarantineRoutes(app: FastifyInstance, deps: { readonly store: Store }): Promise<void> {
  app.get(
    '/v1/quarantine',
    {
      schema: {
        tags: ['gateway'],
        summary:
          'records held back from transfers because they carried a category their flow does not declare (flows with on_undeclared: quarantine); no content, only a keyed digest',
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          after: Type.Optional(Type.String({ maxLength: 300 })),
          flow: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: {
          200: Type.Object({
            quarantined: Type.Array(
              Type.Object({
                id: Type.String(),
                flow: Type.Object({ id: Type.String(), version: Type.Integer() }),
                transfer_id: Type.Union([Type.String(), Type.Null()]),
                index: Type.Integer(),
                fields: Type.Array(Type.String()),
                categories: Type.Array(Type.String()),
                digest: Type.String(),
                status: Type.String(),
                held_at: Type.String(),
              }),
            ),
            next: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (req) => {
      const q = req.query as { limit?: number; after?: string; flow?: string };
      const page = await deps.store.gateway.quarantined(principalOf(req).tenant, q);
      return {
        quarantined: page.records.map((r) => ({
          id: r.id,
          flow: { id: r.flowId, version: r.flowVersion },
          transfer_id: r.transferId,
          index: r.recordIndex,
          fields: r.fields,
          categories: r.categories,
          digest: r.digest,
          status: r.status,
          held_at: r.createdAt,
        })),
        next: page.next,
      };
    },
  );
}
