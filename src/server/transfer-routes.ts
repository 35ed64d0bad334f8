import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { subjectHash, windowLabel, windowStart } from '../counting/index.js';
import type { Flow, SubjectGroup } from '../flow/index.js';
import type { IsoDate } from '../geo/types.js';
import { encodeReceipt, type Receipt, sha256Hex, subjectCommitment } from '../ledger/index.js';
import type { Profile, RecordScanner, Vault } from '../protect/index.js';
import { createProtector } from '../protect/index.js';
import { buildFlowContext, type DatedContext } from '../rules/context.js';
import { type CompiledRulebook, evaluate, type ListLookup, type Verdict } from '../rules/index.js';
import { canonicalJson } from '../shared/canonical-json.js';
import { DataCustomsError } from '../shared/errors.js';
import type { LedgerStore, QuarantinedRecord, Store } from '../store/index.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { principalOf } from './auth.js';
import { ProblemsError } from './errors.js';
import { depthError } from './json-depth.js';
import type { GatewayMetrics } from './metrics.js';
import { findOffences, heldOut, heldRecords } from './quarantine.js';
import { type RelianceCache, resolveTransferFlow } from './registry.js';
import { ErrorSchema } from './schemas.js';
import { crossedFractions, type ThresholdAlerts } from './threshold-alerts.js';

/** What the transfer routes need. */
export interface TransferRoutesDeps {
  readonly taxonomy: Taxonomy;
  readonly store: Store;
  readonly rulebooks: readonly CompiledRulebook[];
  readonly lists: ListLookup;
  readonly clock: { readonly now: () => Date };
  /** The tenant's counting key (HMAC of subject identifiers). */
  readonly countingKey: (tenant: string) => Uint8Array;
  readonly ledger?: LedgerStore;
  readonly vault?: Vault;
  readonly profiles?: (name: string) => Profile | undefined;
  readonly scanner?: RecordScanner;
  /** Alerts when a transfer moves a counter past a fraction of a threshold. */
  readonly alerts?: ThresholdAlerts;
  /** Where verdicts and refusals are counted for `/metrics`. */
  readonly metrics?: GatewayMetrics;
  /** Largest batch, in records (default 10,000). */
  readonly maxRecords?: number;
}

const MAX_DEPTH = 32;

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

function depthOf(v: unknown, depth = 0): number {
  if (depth > MAX_DEPTH || v === null || typeof v !== 'object') return depth;
  let max = depth;
  for (const x of Object.values(v as Record<string, unknown>)) max = Math.max(max, depthOf(x, depth + 1));
  return max;
}

interface TransferBody {
  readonly subject_field: string;
  readonly records: readonly unknown[];
  readonly fields?: Readonly<Record<string, string>>;
  readonly profile?: string;
}

/** Reads a transfer body: JSON `{ subject_field, records, fields?, profile? }`, or NDJSON with `?subject_field=`. */
function readBody(
  raw: unknown,
  contentType: string,
  query: Record<string, string | undefined>,
  maxRecords: number,
): TransferBody {
  // From the request body: untrusted.
  const text = typeof raw === 'string' ? raw : '';
  let body: Partial<TransferBody>;
  if (contentType === 'application/x-ndjson' || contentType === 'application/ndjson') {
    const records: unknown[] = [];
    const problems: string[] = [];
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        records.push(JSON.parse(line));
      } catch {
        problems.push(`line ${i + 1}: not valid JSON`);
      }
    });
    if (problems.length > 0)
      throw new ProblemsError(
        'DC_HTTP_BAD_REQUEST',
        `the NDJSON body has ${problems.length} bad line(s): ${problems.slice(0, 5).join('; ')}`,
        [],
      );
    body = {
      records,
      ...(query.subject_field !== undefined ? { subject_field: query.subject_field } : {}),
      ...(query.profile !== undefined ? { profile: query.profile } : {}),
    };
  } else {
    try {
      body = JSON.parse(text) as Partial<TransferBody>;
    } catch {
      throw new ProblemsError(
        'DC_HTTP_BAD_REQUEST',
        'the body is not valid JSON; send { "subject_field": "$.path", "records": [ ... ] } or NDJSON',
        [],
      );
    }
  }
  const problem = (path: string, message: string) =>
    new ProblemsError('DC_HTTP_BAD_REQUEST', `${path}: ${message}`, [
      { code: 'DC_HTTP_BAD_REQUEST', severity: 'error', path: path.split('.'), message },
    ]);
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw problem('body', 'must be an object');
  if (typeof body.subject_field !== 'string' || !/^\$(\.[A-Za-z0-9_-]+|\[\d+\])+$/.test(body.subject_field)) {
    throw problem(
      'subject_field',
      'must be a JSONPath like $.buyer.id naming the field that identifies the person in each record',
    );
  }
  if (!Array.isArray(body.records) || body.records.length === 0)
    throw problem('records', 'must be a non-empty array of records');
  if (body.records.length > maxRecords) throw problem('records', `at most ${maxRecords} records per batch`);
  if (body.fields !== undefined && (body.fields === null || typeof body.fields !== 'object'))
    throw problem('fields', 'must map JSONPaths to category keys');
  body.records.forEach((r, i) => {
    if (r === null || typeof r !== 'object' || Array.isArray(r))
      throw problem(`records.${i}`, 'must be an object');
    if (depthOf(r) > MAX_DEPTH) throw problem(`records.${i}`, `is nested deeper than ${MAX_DEPTH} levels`);
  });
  return body as TransferBody;
}

/** Counters of the rulebooks that apply to a flow on its date, with the law's entry for the flow. */
function activeCounters(flow: Flow, verdict: Verdict, deps: TransferRoutesDeps) {
  const out: {
    id: string;
    jurisdiction: string;
    window: 'calendar_year' | 'previous_calendar_year' | 'rolling_12_months';
    residence: string;
    feeds: string;
    thresholds: readonly number[];
    title: string;
  }[] = [];
  // One context for the flow; only `verdict` (this law's entry) changes from rulebook to rulebook.
  const ctx = contextFor(flow, null, deps);
  for (const rb of deps.rulebooks) {
    for (const c of rb.counters) {
      if (c.in_force.from > flow.date || (c.in_force.until != null && flow.date > c.in_force.until)) continue;
      ctx.verdict =
        verdict.jurisdictions.find((j) => j.jurisdiction === rb.source.jurisdiction && j.applies) ?? null;
      let holds = false;
      try {
        holds = c.test(ctx) === true;
      } catch {
        holds = true; // a counter that cannot be decided counts: counting too much never allows silently
      }
      if (holds)
        out.push({
          id: c.id,
          jurisdiction: rb.source.jurisdiction,
          window: c.window,
          residence: c.residence,
          feeds: c.feeds,
          thresholds: c.thresholds,
          title: c.title.en,
        });
    }
  }
  return out;
}

// Lists and regions by date, per set of lists (a server's lists do not change while it runs).
const dateCaches = new WeakMap<object, Map<string, DatedContext>>();
function contextFor(flow: Flow, entry: unknown, deps: TransferRoutesDeps): Record<string, unknown> {
  let dateCache = dateCaches.get(deps.lists);
  if (dateCache === undefined) {
    dateCache = new Map();
    dateCaches.set(deps.lists, dateCache);
  }
  const base = buildFlowContext(flow, deps.taxonomy, deps.lists, dateCache);
  return { ...base, hop: null, facts: {}, verdict: entry };
}

/** The first mechanism a verdict relies on (it steers protection profiles), if any. */
function mechanismOf(verdict: Verdict): string | undefined {
  return verdict.jurisdictions.map((j) => j.mechanisms.satisfied_by).find((m) => m !== null) ?? undefined;
}

/** The counter key of an exporter's counter: exporter country and name, and the counter id. */
const counterKey = (flow: Flow, id: string) => `${flow.exporter.country}:${flow.exporter.name}|${id}`;

/** Registers `POST /v1/flows/:id/transfers`, `GET /v1/counters` and `GET /v1/subjects/:id/transfers`. */
export async function transferRoutes(app: FastifyInstance, deps: TransferRoutesDeps): Promise<void> {
  app.addContentTypeParser(
    ['application/x-ndjson', 'application/ndjson'],
    { parseAs: 'string' },
    (_req, body, done) => done(depthError(body as string), body),
  );
  const maxRecords = deps.maxRecords ?? 10_000;
  const relianceCache: RelianceCache = new Map();

  app.post(
    '/v1/flows/:id/transfers',
    {
      validatorCompiler: () => () => true,
      schema: {
        tags: ['gateway'],
        summary:
          'send a batch of records under a declared flow: inspected, decided with live counts, transformed, counted and recorded',
        description:
          'Body: `{ "subject_field": "$.buyer.id", "records": [ ... ], "fields"?: { "$.path": "category" }, "profile"?: "default" }`, or NDJSON with `?subject_field=`. ' +
          'A batch the verdict does not allow is refused (422 DC_TRANSFER_REFUSED) before any record leaves or is counted. A batch carrying a category the flow does not declare is refused, or, when the flow says `on_undeclared: quarantine`, its offending records are held (listed in `quarantined` by index, fields and categories) and the rest sent; 202 when every record is held. `Idempotency-Key` makes retries return the first answer.',
        params: Type.Object({ id: Type.String() }),
        consumes: ['application/json', 'application/x-ndjson'],
        response: {
          201: Type.Object({}, { additionalProperties: true }),
          202: Type.Object({}, { additionalProperties: true }),
          400: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
          422: Type.Object({}, { additionalProperties: true }),
        },
      },
    },
    async (req, reply) => {
      const principal = principalOf(req);
      const tenant = principal.tenant;
      const { id } = req.params as { id: string };
      const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      let body = readBody(req.body, type, req.query as Record<string, string | undefined>, maxRecords);
      const requestHash = sha256Hex(new TextEncoder().encode(canonicalJson({ id, body })));
      const idempotencyKey =
        typeof req.headers['idempotency-key'] === 'string'
          ? req.headers['idempotency-key'].slice(0, 200)
          : null;
      if (idempotencyKey !== null) {
        const previous = await deps.store.gateway.transferByIdempotencyKey(tenant, idempotencyKey);
        if (previous !== undefined) {
          if (previous.requestHash !== requestHash)
            throw new DataCustomsError(
              'DC_CONFLICT',
              'this Idempotency-Key was used with a different request',
            );
          if (previous.status !== 'recorded' || previous.response === null)
            throw new DataCustomsError(
              'DC_CONFLICT',
              'a transfer with this Idempotency-Key is still in progress; retry later',
            );
          void reply.header('idempotent-replay', 'true');
          return JSON.parse(previous.response);
        }
      }

      const record = await deps.store.flowsOf(tenant).latest(id);
      if (record === undefined)
        return reply.code(404).send({ error: { code: 'DC_HTTP_NOT_FOUND', message: `no flow ${id}` } });
      const now = deps.clock.now();
      const day = now.toISOString().slice(0, 10) as IsoDate;
      // The law of the day of the transfer applies, not the date the flow was declared for; so do the
      // certifications and contracts of a registry recipient that day.
      const registry = await resolveTransferFlow(
        deps.store,
        tenant,
        { ...record.flow, date: day },
        { map: relianceCache, flowVersion: record.version },
      );
      if (registry.missing !== null)
        throw new ProblemsError(
          'DC_TRANSFER_REFUSED',
          `refused before any record left: recipient ${registry.missing} is not in the recipients registry`,
          [],
          422,
        );
      const declared: Flow = registry.flow;

      // 1. Inspect: the categories the batch carries, by the declared mapping; undeclared ones refuse.
      const mapped = Object.entries(body.fields ?? {});
      const present = new Set<string>();
      for (const [path, category] of mapped) {
        if (deps.taxonomy.getCategory(category) === undefined)
          throw new ProblemsError('DC_HTTP_BAD_REQUEST', `fields: ${path}: unknown category ${category}`, []);
        if (body.records.some((r) => readPath(r, path) !== undefined)) present.add(category);
      }
      if (deps.scanner) {
        // Detection covers the fields the mapping does not name; a finding counts when it is confident.
        const mappedPaths = mapped.map(([path]) => path);
        for (const r of body.records) {
          for (const f of deps.scanner(r) as readonly {
            category: string;
            path?: string;
            confidence?: number;
          }[]) {
            if ((f.confidence ?? 1) < 0.8) continue;
            if (
              f.path !== undefined &&
              (f.path === body.subject_field ||
                mappedPaths.some(
                  (p) => f.path === p || f.path?.startsWith(`${p}.`) || f.path?.startsWith(`${p}[`),
                ))
            )
              continue;
            present.add(f.category);
          }
        }
      }
      const allowed = new Set<string>(declared.expanded.categories);
      const undeclared = [...present].filter((c) => !allowed.has(c)).sort();
      // A flow with `on_undeclared: quarantine` holds the offending records back and sends the rest.
      let held: QuarantinedRecord[] = [];
      if (undeclared.length > 0 && declared.on_undeclared === 'quarantine') {
        const offences = findOffences(body.records, {
          fields: body.fields ?? {},
          subjectField: body.subject_field,
          allowed,
          ...(deps.scanner ? { scanner: deps.scanner } : {}),
        });
        const heldIndex = new Set(offences.map((o) => o.index));
        const kept = body.records.filter((_, i) => !heldIndex.has(i));
        held = heldRecords(offences, body.records, {
          tenant,
          flowId: id,
          flowVersion: record.version,
          transferId: kept.length > 0 ? `tr_${randomUUID()}` : null,
          requestHash,
          key: deps.countingKey(tenant),
          now: now.toISOString(),
        });
        if (kept.length === 0) {
          await deps.store.gateway.hold(held);
          return reply.code(202).send({
            transfer_id: null,
            records: [],
            quarantined: held.map(heldOut),
            verdict: null,
            receipt: null,
            ledger_index: null,
          });
        }
        body = { ...body, records: kept };
        for (const c of undeclared) present.delete(c);
      } else if (undeclared.length > 0) {
        deps.metrics?.refusal('undeclared_category');
        throw new ProblemsError(
          'DC_TRANSFER_REFUSED',
          `the batch carries categories the flow does not declare: ${undeclared.join(', ')}`,
          undeclared.map((c) => ({
            code: 'DC_TRANSFER_REFUSED',
            severity: 'error',
            path: ['records'],
            message: `undeclared category ${c}`,
          })),
          422,
        );
      }

      // 2. The individuals, by keyed hash: the raw identifier never reaches the store or the ledger.
      const key = deps.countingKey(tenant);
      const hashes: string[] = [];
      body.records.forEach((r, i) => {
        const v = readPath(r, body.subject_field);
        if (typeof v !== 'string' && typeof v !== 'number') {
          throw new ProblemsError(
            'DC_HTTP_BAD_REQUEST',
            `records[${i}]: ${body.subject_field} is missing or not a string or number`,
            [
              {
                code: 'DC_HTTP_BAD_REQUEST',
                severity: 'error',
                path: ['records', i],
                message: `${body.subject_field} is missing`,
              },
            ],
          );
        }
        hashes.push(subjectHash(key, String(v)));
      });
      const distinct = [...new Set(hashes)];

      // 3. Decide with live counts, holding the counters' lock so the counts stay exact.
      const first = evaluate(declared, {
        rulebooks: deps.rulebooks,
        taxonomy: deps.taxonomy,
        lists: deps.lists,
      });
      const explain = registry.explainer(first, (f) =>
        evaluate(f, { rulebooks: deps.rulebooks, taxonomy: deps.taxonomy, lists: deps.lists }),
      );
      const counters = activeCounters(declared, first, deps);
      const windows = counters.map((c) => ({
        counter: counterKey(declared, c.id),
        window: windowLabel(c.window, day),
        since: c.window === 'rolling_12_months' ? windowStart(c.window, day) : null,
        def: c,
      }));
      const transferId = held[0]?.transferId ?? `tr_${randomUUID()}`;
      // The tenant's vault keys are created on first use: do it before taking the counters' lock, since on
      // SQLite the vault writes through another connection to the same file and would wait on that lock.
      if (deps.vault) await deps.vault.tenantKeys(tenant);
      // Protection depends on the destination, purpose and the mechanism relied on; prepare it with the
      // mechanism the declared flow foresees (tokens of a batch refused below stay, encrypted, in the vault).
      const profileName = body.profile ?? 'default';
      const protectWith = async (mechanism: string | undefined): Promise<unknown[]> => {
        if (!deps.vault || !deps.profiles) return [...body.records];
        const profile = deps.profiles(profileName);
        if (profile === undefined)
          throw new DataCustomsError('DC_PROTECT_PROFILE_UNKNOWN', `no profile \`${profileName}\``);
        const protector = createProtector({
          profile,
          taxonomy: deps.taxonomy,
          request: {
            to: declared.recipient.country,
            date: day,
            recipient: declared.recipient.name,
            purpose: declared.purpose,
            ...(mechanism ? { mechanism } : {}),
          },
          keys: await deps.vault.tenantKeys(tenant),
          tokens: deps.vault.tokeniser(tenant, profile.name),
          lists: deps.lists,
          ...(body.fields ? { fields: body.fields } : {}),
          ...(deps.scanner ? { scanner: deps.scanner } : {}),
          explain: false,
        });
        return (await protector.protect(body.records)).map((p) => p.record);
      };
      const foreseen = mechanismOf(first);
      const prepared =
        first.verdict === 'mechanism_required' || first.verdict === 'prohibited'
          ? undefined
          : await protectWith(foreseen);
      const outcome = await deps.store.gateway.withCounters(
        tenant,
        windows.map((w) => ({ counter: w.counter, window: w.window })),
        now.toISOString(),
        async (tx) => {
          const live = new Map<string, { before: number; unseen: string[] }>();
          for (const w of windows) {
            live.set(w.def.id, {
              before: await tx.count(w.counter, w.window, w.since),
              unseen: await tx.unseen(w.counter, w.window, w.since, distinct),
            });
          }
          const subjects = liveSubjects(declared.subjects, counters, live, distinct.length);
          const flow: Flow = { ...declared, subjects };
          const verdict = explain(
            evaluate(flow, { rulebooks: deps.rulebooks, taxonomy: deps.taxonomy, lists: deps.lists }),
          );
          if (verdict.verdict === 'mechanism_required' || verdict.verdict === 'prohibited')
            return { refused: true as const, verdict, live };

          // 4. Transform for this destination, recipient and purpose: done before the lock when the
          // mechanism is the one foreseen, so that the counters are held only for counting and deciding.
          const mechanism = mechanismOf(verdict);
          const records =
            prepared !== undefined && mechanism === foreseen ? prepared : await protectWith(mechanism);
          // 5. Record: a receipt with no personal data in clear, saved with the counts in this transaction
          // (so that a crash before the ledger append is recovered at start), then appended to the ledger.
          const payload = canonicalJson(records);
          const receipt: Receipt = {
            version: 1,
            time: now.toISOString(),
            tenant,
            flow: { id, version: record.version },
            exporter_country: flow.exporter.country,
            recipient_country: flow.recipient.country,
            countries: [
              ...new Set([
                flow.exporter.country,
                ...flow.route.map((h) => h.country),
                flow.recipient.country,
              ]),
            ].sort(),
            categories: [...(present.size > 0 ? present : new Set(flow.categories))].sort(),
            counts: { records: body.records.length, subjects: distinct.length },
            verdict: verdict.verdict,
            mechanisms: [
              ...new Set(
                verdict.jurisdictions
                  .map((j) => j.mechanisms.satisfied_by)
                  .filter((m): m is string => m !== null),
              ),
            ].sort(),
            rulebook_hash: sha256Hex(new TextEncoder().encode(canonicalJson(verdict.evaluated.rulebooks))),
            payload_digest: sha256Hex(new TextEncoder().encode(payload)),
            sandbox: null,
            subjects: [
              ...new Set(
                body.records.map((r) => subjectCommitment(key, String(readPath(r, body.subject_field)))),
              ),
            ].sort(),
          };
          const response = {
            transfer_id: transferId,
            records,
            verdict,
            receipt,
            ledger_index: null as number | null,
            ...(held.length > 0 ? { quarantined: held.map(heldOut) } : {}),
          };
          for (const w of windows)
            await tx.record(w.counter, w.window, distinct, live.get(w.def.id)?.unseen.length ?? 0, day);
          await tx.saveTransfer(
            {
              id: transferId,
              tenant,
              flowId: id,
              flowVersion: record.version,
              status: 'accepted',
              createdAt: now.toISOString(),
              ledgerIndex: null,
              receipt: JSON.stringify(receipt),
              response: JSON.stringify(response),
              requestHash,
              idempotencyKey,
            },
            distinct,
          );
          if (held.length > 0) await tx.hold(held);
          return { refused: false as const, verdict, live, receipt, response };
        },
      );

      for (const j of outcome.verdict.jurisdictions)
        if (j.applies) deps.metrics?.verdict(j.verdict, j.jurisdiction);
      if (outcome.refused) {
        deps.metrics?.refusal(outcome.verdict.verdict);
        const crossed = counters
          .map((c) => {
            const l = outcome.live.get(c.id);
            const after = (l?.before ?? 0) + (l?.unseen.length ?? 0);
            const t = c.thresholds.find((x) => (l?.before ?? 0) < x && after >= x);
            return t === undefined
              ? null
              : `${c.id} reaches ${t.toLocaleString('en-US')} (${after.toLocaleString('en-US')} individuals)`;
          })
          .filter((x) => x !== null);
        const missing = outcome.verdict.jurisdictions
          .filter((j) => j.verdict === 'mechanism_required' || j.verdict === 'prohibited')
          .map(
            (j) =>
              `${j.jurisdiction}: ${j.verdict}${j.mechanisms.any_of.length ? ` (any of ${j.mechanisms.any_of.join(', ')})` : ''}`,
          );
        return reply.code(422).send({
          error: {
            code: 'DC_TRANSFER_REFUSED',
            message: `refused before any record left: ${[...missing, ...crossed, ...registry.notes].join('; ')}`,
          },
          verdict: outcome.verdict,
        });
      }

      const { receipt, response } = outcome;
      if (deps.alerts) {
        for (const w of windows) {
          const l = outcome.live.get(w.def.id);
          const before = l?.before ?? 0;
          const after = before + (l?.unseen.length ?? 0);
          for (const { threshold, fraction } of crossedFractions(
            before,
            after,
            w.def.thresholds,
            deps.alerts.fractions,
          ))
            deps.alerts.notify({
              tenant,
              exporter: w.counter.split('|')[0] ?? '',
              counter: w.def.id,
              jurisdiction: w.def.jurisdiction,
              window: w.window,
              threshold,
              fraction,
              count: after,
              at: now.toISOString(),
            });
        }
      }
      if (deps.ledger)
        // By the transfer's id: a recovery that got there first (a gateway's, after a store outage) has
        // appended this receipt already, and its index is answered instead of a second entry.
        response.ledger_index = (
          await deps.ledger.append([encodeReceipt(receipt)], { refs: [transferId] })
        ).firstIndex;
      await deps.store.gateway.recordTransfer(
        transferId,
        response.ledger_index,
        JSON.stringify(receipt),
        JSON.stringify(response),
      );
      return reply.code(201).send(response);
    },
  );

  app.get(
    '/v1/counters',
    {
      schema: {
        tags: ['gateway'],
        summary:
          "the tenant's counters: distinct individuals per exporter, legal counter and window, against each threshold",
        response: {
          200: Type.Object({ counters: Type.Array(Type.Object({}, { additionalProperties: true })) }),
        },
      },
    },
    async (req) => {
      const tenant = principalOf(req).tenant;
      const thresholds = new Map<
        string,
        { jurisdiction: string; thresholds: readonly number[]; title: string }
      >();
      for (const rb of deps.rulebooks)
        for (const c of rb.counters)
          thresholds.set(c.id, {
            jurisdiction: rb.source.jurisdiction,
            thresholds: c.thresholds,
            title: c.title.en,
          });
      const rows = await deps.store.gateway.counters(tenant);
      const today = deps.clock.now().toISOString().slice(0, 10) as IsoDate;
      return {
        counters: rows.flatMap((r) => {
          const [exporter = '', kind = ''] = r.counter.split('|');
          const def = thresholds.get(kind);
          return (def?.thresholds ?? [null]).map((threshold) => ({
            exporter,
            window: r.window,
            kind,
            jurisdiction: def?.jurisdiction ?? null,
            title: def?.title ?? null,
            count: r.count,
            threshold,
            remaining: threshold === null ? null : Math.max(0, threshold - r.count),
            forecast: threshold === null ? null : forecastCrossing(r.window, r.count, threshold, today),
            updated_at: r.updated_at,
          }));
        }),
      };
    },
  );

  app.get(
    '/v1/subjects/:id/transfers',
    {
      schema: {
        tags: ['gateway'],
        summary:
          "who abroad received this person's data, when, under which flow and mechanism, with ledger indices (PIPL Art. 39/45, GDPR Art. 15)",
        params: Type.Object({ id: Type.String() }),
      },
    },
    async (req) => {
      const tenant = principalOf(req).tenant;
      const { id } = req.params as { id: string };
      const rows = await deps.store.gateway.transfersOfSubject(
        tenant,
        subjectHash(deps.countingKey(tenant), id),
      );
      return {
        transfers: rows.map((t) => {
          const receipt = t.receipt ? (JSON.parse(t.receipt) as Receipt) : null;
          return {
            transfer_id: t.id,
            flow: { id: t.flowId, version: t.flowVersion },
            time: t.createdAt,
            recipient_country: receipt?.recipient_country ?? null,
            mechanisms: receipt?.mechanisms ?? [],
            verdict: receipt?.verdict ?? null,
            ledger_index: t.ledgerIndex,
          };
        }),
      };
    },
  );
}

/**
 * The flow's subject groups with live counts: for each counter that feeds a group's `prior` (or
 * `prior_sensitive`), the individuals counted before this batch; `count` is the batch's individuals not
 * yet counted. Groups of a residence no counter covers keep their declared numbers.
 */
function liveSubjects(
  groups: readonly SubjectGroup[],
  counters: readonly { id: string; residence: string; feeds: string }[],
  live: ReadonlyMap<string, { before: number; unseen: string[] }>,
  batch: number,
): SubjectGroup[] {
  const out = groups.map((g) => ({ ...g }));
  for (const residence of new Set(counters.map((c) => c.residence))) {
    const index = out.findIndex((g) => g.residence === residence);
    if (index < 0) continue;
    const prior = counters.find((c) => c.residence === residence && c.feeds === 'prior');
    const sensitive = counters.find((c) => c.residence === residence && c.feeds === 'prior_sensitive');
    const p = prior ? live.get(prior.id) : undefined;
    const s = sensitive ? live.get(sensitive.id) : undefined;
    const fresh = p ? p.unseen.length : batch;
    const target = out[index];
    if (target === undefined) continue;
    const updated = {
      ...target,
      count: fresh,
      prior: p ? p.before : target.prior,
      // count + prior_sensitive must equal the sensitive counter after this batch.
      prior_sensitive: s
        ? Math.max(0, s.before + s.unseen.length - fresh)
        : p
          ? p.before
          : target.prior_sensitive,
    };
    out[index] = updated;
    for (let i = 0; i < out.length; i++) {
      const g = out[i];
      if (i !== index && g !== undefined && g.residence === residence)
        out[i] = { ...g, count: 0, prior: 0, prior_sensitive: 0 };
    }
  }
  return out;
}

const DAY_MS = 86_400_000;
// 9999-12-31, the last day a four-digit ISO 8601 year can name.
const LAST_ISO_DAY_MS = Date.UTC(9999, 11, 31);

/**
 * When a counter will reach a threshold at its average rate since the window started: the rate in
 * individuals per day, the days left and the date (null when it is already reached or nothing was counted).
 */
export function forecastCrossing(
  window: string,
  count: number,
  threshold: number,
  today: IsoDate,
): { rate_per_day: number; days_to_threshold: number | null; date: string | null } {
  const since = /^since-(\d{4}-\d{2}-\d{2})$/.exec(window)?.[1];
  const start = since ?? windowStart('rolling_12_months', today);
  // The window's days so far, today included.
  const days = Math.max(1, Math.floor((Date.parse(today) - Date.parse(start)) / DAY_MS) + 1);
  const rate = count / days;
  if (count >= threshold) return { rate_per_day: rate, days_to_threshold: 0, date: today };
  if (rate === 0) return { rate_per_day: 0, days_to_threshold: null, date: null };
  const left = Math.ceil((threshold - count) / rate);
  // A slow start puts the crossing millennia away, past what a date can say: no date then.
  const at = Date.parse(today) + left * DAY_MS;
  return {
    rate_per_day: Math.round(rate * 100) / 100,
    days_to_threshold: left,
    date: at <= LAST_ISO_DAY_MS ? new Date(at).toISOString().slice(0, 10) : null,
  };
}
