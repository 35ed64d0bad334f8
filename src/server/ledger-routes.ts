// The ledger over HTTP: the latest checkpoint with its witnesses' cosignatures (C2SP note, text/plain),
// inclusion and consistency proofs, entries, and the route witnesses post cosignatures to. Public and
// read-only but for that one route, which accepts only cosignatures by configured witness keys.

import { type Static, Type } from '@sinclair/typebox';
import type { FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify';
import {
  isLedgerError,
  type LedgerErrorCode,
  noteKeyId,
  parseCosignatureResponse,
  parseVerifierKey,
  SIGNED_NOTE_TYPE_COSIGNATURE_V1,
} from '../ledger/index.js';
import type { LedgerStore, StoredCosignature } from '../store/index.js';
import type { ErrorBody } from './errors.js';
import { ErrorSchema } from './schemas.js';

/** What the ledger routes need. */
export interface LedgerRoutesOptions {
  readonly ledger: LedgerStore;
  /** The log's verifier key, served at `GET /v1/ledger/key` for witnesses and clients to pin. */
  readonly logVerifierKey: string;
  /**
   * The log's key list as a signed note (every key it signed with, and when; signed by the keys that sign
   * now), served at `GET /v1/ledger/keys`: how witnesses learn a new key during a rotation.
   */
  readonly logKeyList?: string;
  /** The verifier keys of the witnesses whose cosignatures are accepted (read at every post). */
  readonly witnessKeys?: readonly string[] | (() => readonly string[]);
  readonly clock?: { readonly now: () => Date };
  /**
   * Sign a checkpoint at start and then every `intervalMs` when the log has grown (a gateway that
   * appends receipts sets this; a read-only mirror does not).
   */
  readonly checkpoints?: {
    readonly signerKey: string | readonly string[];
    readonly origin: string;
    readonly intervalMs: number;
  };
}

const MAX_SIZE = Number.MAX_SAFE_INTEGER;
const Size = Type.Integer({ minimum: 0, maximum: MAX_SIZE });
const Base64 = Type.String({ description: 'standard base64', contentEncoding: 'base64' });

/** GET /v1/ledger/proof/inclusion, 200. */
export const InclusionProofResponse = Type.Object({
  index: Type.Integer(),
  size: Type.Integer(),
  leaf_hash: Base64,
  root_hash: Base64,
  proof: Type.Array(Base64, { description: 'RFC 9162 inclusion proof, from the leaf up' }),
});

/** GET /v1/ledger/proof/consistency, 200. */
export const ConsistencyProofResponse = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  root_hash_from: Base64,
  root_hash_to: Base64,
  proof: Type.Array(Base64, { description: 'RFC 9162 consistency proof' }),
});

/** GET /v1/ledger/entries/{index}, 200. */
export const LedgerEntryResponse = Type.Object({
  index: Type.Integer(),
  leaf: Type.String({
    description: 'the entry (a receipt, canonical JSON) in base64',
    contentEncoding: 'base64',
  }),
  leaf_hash: Base64,
  appended_at: Type.String(),
});

/** POST /v1/ledger/cosignatures, 200. */
export const CosignaturesResponse = Type.Object({
  size: Type.Integer(),
  accepted: Type.Array(
    Type.Object({ key_name: Type.String(), key_id: Type.String(), timestamp: Type.Integer() }),
  ),
});

const InclusionQuery = Type.Object(
  {
    index: Type.Optional(Size),
    leaf_hash: Type.Optional(Type.String({ maxLength: 100, description: 'base64, base64url or hex' })),
    size: Type.Optional(Size),
  },
  { additionalProperties: false },
);
const ConsistencyQuery = Type.Object(
  { from: Size, to: Type.Optional(Size) },
  { additionalProperties: false },
);
const CosignatureQuery = Type.Object({ size: Size }, { additionalProperties: false });

// Each ledger error code with the status it answers with.
const STATUS: Record<LedgerErrorCode, number> = {
  DC_LEDGER_ARGUMENT: 400,
  DC_LEDGER_HASH_SOURCE: 500,
  DC_LEDGER_INCLUSION: 500,
  DC_LEDGER_CONSISTENCY: 500,
  DC_LEDGER_KEY: 400,
  DC_LEDGER_NOTE_MALFORMED: 400,
  DC_LEDGER_NOTE_SIGNATURE: 422,
  DC_LEDGER_NOTE_UNVERIFIED: 403,
  DC_LEDGER_CHECKPOINT: 400,
  DC_LEDGER_COSIGNATURE: 422,
  DC_LEDGER_WITNESS_REQUEST: 400,
  DC_LEDGER_WITNESS_STATE: 500,
  DC_LEDGER_KEY_LIST: 500,
};

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** A hash from a query string (untrusted): base64 (a `+` may arrive as a space), base64url or hex. */
function parseHashParam(text: string): Uint8Array | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Uint8Array.from(Buffer.from(text, 'hex'));
  const normal = text.replaceAll(' ', '+').replaceAll('-', '+').replaceAll('_', '/');
  const padded = normal.padEnd(Math.ceil(normal.length / 4) * 4, '=');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(padded)) return undefined;
  const bytes = Buffer.from(padded, 'base64');
  return bytes.length === 32 && bytes.toString('base64') === padded ? Uint8Array.from(bytes) : undefined;
}

function sendError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ error: { code, message } } as unknown as ErrorBody);
}

function sendNote(reply: FastifyReply, note: string) {
  return reply
    .header('content-type', 'text/plain; charset=utf-8')
    .header('cache-control', 'no-cache')
    .send(note);
}

/**
 * The ledger routes, as a Fastify plugin (its own scope: ledger errors map to statuses here, anything
 * else goes to the app's error handler).
 * @example
 * await app.register(ledgerRoutes, { ledger, logVerifierKey, witnessKeys, clock })
 */
export const ledgerRoutes: FastifyPluginAsync<LedgerRoutesOptions> = async (app, options) => {
  const { ledger } = options;
  const clock = options.clock ?? { now: () => new Date() };
  const witnessKeys = () =>
    typeof options.witnessKeys === 'function' ? options.witnessKeys() : (options.witnessKeys ?? []);

  app.setErrorHandler((error: FastifyError | Error, _req, reply) => {
    if (isLedgerError(error)) return sendError(reply, STATUS[error.code], error.code, error.message);
    throw error; // the app's handler: validation, DataCustomsError, internal errors
  });

  if (options.checkpoints) {
    const { signerKey, origin, intervalMs } = options.checkpoints;
    let running = false;
    const tick = async () => {
      if (running) return;
      running = true;
      try {
        await ledger.checkpoint(signerKey, origin, clock.now());
      } catch (error) {
        app.log.error({ code: (error as { code?: string }).code }, 'ledger checkpoint failed');
      } finally {
        running = false;
      }
    };
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      await tick();
      timer = setInterval(() => void tick(), intervalMs);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
    });
  }

  app.get(
    '/v1/ledger/checkpoint',
    {
      schema: {
        tags: ['ledger'],
        summary: 'the latest signed checkpoint (C2SP tlog-checkpoint note) with witness cosignatures',
        produces: ['text/plain'],
        response: { 200: Type.String(), 404: ErrorSchema },
      },
    },
    async (_req, reply) => {
      const latest = await ledger.latestCheckpoint();
      if (!latest) return sendError(reply, 404, 'DC_HTTP_NOT_FOUND', 'the log has no checkpoint yet');
      return sendNote(reply, latest.note);
    },
  );

  app.get(
    '/v1/ledger/checkpoints/:size',
    {
      schema: {
        tags: ['ledger'],
        summary: 'the signed checkpoint of a tree size, with its cosignatures',
        produces: ['text/plain'],
        params: Type.Object({ size: Size }),
        response: { 200: Type.String(), 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      const { size } = req.params as { size: number };
      const checkpoint = await ledger.checkpointAt(size);
      if (!checkpoint) return sendError(reply, 404, 'DC_HTTP_NOT_FOUND', `no checkpoint of size ${size}`);
      return sendNote(reply, checkpoint.note);
    },
  );

  app.get(
    '/v1/ledger/key',
    {
      schema: {
        tags: ['ledger'],
        summary: "the log's verifier key (C2SP signed-note), for witnesses and clients to pin",
        produces: ['text/plain'],
        response: { 200: Type.String() },
      },
    },
    async (_req, reply) =>
      reply.header('content-type', 'text/plain; charset=utf-8').send(`${options.logVerifierKey}\n`),
  );

  app.get(
    '/v1/ledger/keys',
    {
      schema: {
        tags: ['ledger'],
        summary:
          "the log's key list (signed note `data-customs/log-keys/v1`): every key it signed checkpoints with, from when and until when; signed by the keys that sign now",
        produces: ['text/plain'],
        response: { 200: Type.String(), 404: ErrorSchema },
      },
    },
    async (_req, reply) => {
      if (options.logKeyList === undefined)
        return sendError(reply, 404, 'DC_HTTP_NOT_FOUND', 'this log publishes no key list');
      return sendNote(reply, options.logKeyList);
    },
  );

  app.get(
    '/v1/ledger/proof/inclusion',
    {
      schema: {
        tags: ['ledger'],
        summary:
          'the inclusion proof of an entry (by `index` or `leaf_hash`) in the tree of `size` entries (default: the latest checkpoint)',
        querystring: InclusionQuery,
        response: { 200: InclusionProofResponse, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      const query = req.query as Static<typeof InclusionQuery>;
      if ((query.index === undefined) === (query.leaf_hash === undefined))
        return sendError(reply, 400, 'DC_HTTP_BAD_REQUEST', 'give one of `index` or `leaf_hash`');
      let size = query.size;
      if (size === undefined) {
        const latest = await ledger.latestCheckpoint();
        if (!latest)
          return sendError(reply, 404, 'DC_HTTP_NOT_FOUND', 'the log has no checkpoint yet; give `size`');
        size = latest.size;
        if (query.index !== undefined && query.index >= size)
          return sendError(
            reply,
            404,
            'DC_HTTP_NOT_FOUND',
            `entry ${query.index} is not covered by the latest checkpoint (size ${size}) yet`,
          );
      }
      let result: Awaited<ReturnType<LedgerStore['inclusionProof']>> | undefined;
      if (query.index !== undefined) result = await ledger.inclusionProof(query.index, size);
      else {
        const hash = parseHashParam(query.leaf_hash!);
        if (!hash)
          return sendError(
            reply,
            400,
            'DC_HTTP_BAD_REQUEST',
            '`leaf_hash` is not the base64 of a 32-byte hash',
          );
        result = await ledger.inclusionProofByLeafHash(hash, size);
        if (!result)
          return sendError(
            reply,
            404,
            'DC_HTTP_NOT_FOUND',
            `no entry with this leaf hash in the first ${size} entries`,
          );
      }
      return {
        index: result.index,
        size: result.size,
        leaf_hash: b64(result.leafHash),
        root_hash: b64(result.rootHash),
        proof: result.proof.map(b64),
      };
    },
  );

  app.get(
    '/v1/ledger/proof/consistency',
    {
      schema: {
        tags: ['ledger'],
        summary:
          'the consistency proof from the tree of `from` entries to the tree of `to` entries (default: the latest checkpoint)',
        querystring: ConsistencyQuery,
        response: { 200: ConsistencyProofResponse, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      const query = req.query as Static<typeof ConsistencyQuery>;
      let to = query.to;
      if (to === undefined) {
        const latest = await ledger.latestCheckpoint();
        if (!latest)
          return sendError(reply, 404, 'DC_HTTP_NOT_FOUND', 'the log has no checkpoint yet; give `to`');
        to = latest.size;
      }
      const result = await ledger.consistencyProof(query.from, to);
      return {
        from: result.size1,
        to: result.size2,
        root_hash_from: b64(result.rootHash1),
        root_hash_to: b64(result.rootHash2),
        proof: result.proof.map(b64),
      };
    },
  );

  app.get(
    '/v1/ledger/entries/:index',
    {
      schema: {
        tags: ['ledger'],
        summary: 'one entry of the log (a receipt: never personal data in clear)',
        params: Type.Object({ index: Size }),
        response: { 200: LedgerEntryResponse, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      const { index } = req.params as { index: number };
      const entry = await ledger.entry(index);
      if (!entry) return sendError(reply, 404, 'DC_HTTP_NOT_FOUND', `no entry ${index}`);
      return {
        index: entry.index,
        leaf: b64(entry.leaf),
        leaf_hash: b64(entry.leafHash),
        appended_at: entry.appendedAt,
      };
    },
  );

  app.post(
    '/v1/ledger/cosignatures',
    {
      bodyLimit: 64 * 1024,
      schema: {
        tags: ['ledger'],
        summary:
          'a witness posts its cosignature line(s) (C2SP tlog-cosignature, as a tlog-witness answers) of the checkpoint of `size`',
        consumes: ['text/plain'],
        querystring: CosignatureQuery,
        body: Type.String({ description: 'one or more signature lines `— <key name> <base64>`' }),
        response: {
          200: CosignaturesResponse,
          400: ErrorSchema,
          403: ErrorSchema,
          404: ErrorSchema,
          422: ErrorSchema,
        },
      },
    },
    async (req, reply) => {
      const { size } = req.query as Static<typeof CosignatureQuery>;
      // From the request body: untrusted until each line verifies against a configured witness key.
      const body = typeof req.body === 'string' ? req.body : '';
      let lines: ReturnType<typeof parseCosignatureResponse>;
      try {
        lines = parseCosignatureResponse(body.endsWith('\n') ? body : `${body}\n`);
      } catch {
        return sendError(
          reply,
          400,
          'DC_LEDGER_COSIGNATURE',
          'the body is not signature lines (`— <key name> <base64>`, one a line)',
        );
      }
      if (!(await ledger.checkpointAt(size)))
        return sendError(reply, 404, 'DC_HTTP_NOT_FOUND', `no checkpoint of size ${size}`);
      const keys = witnessKeys().map((text) => ({ text, key: parseVerifierKey(text) }));
      const matched: { line: (typeof lines)[number]; verifierKey: string }[] = [];
      for (const line of lines) {
        const match = keys.find(
          ({ key }) =>
            key.name === line.name &&
            noteKeyId(key.name, SIGNED_NOTE_TYPE_COSIGNATURE_V1, key.publicKey) === line.keyId,
        );
        if (!match)
          return sendError(
            reply,
            403,
            'DC_LEDGER_COSIGNATURE',
            `\`${line.name}\` is not a witness of this log (add its key with \`customs ledger witnesses --add\`)`,
          );
        matched.push({ line, verifierKey: match.text });
      }
      const accepted: StoredCosignature[] = [];
      // Each is verified against the checkpoint before it is kept (422 DC_LEDGER_COSIGNATURE otherwise).
      for (const { line, verifierKey } of matched) {
        accepted.push(
          await ledger.addCosignature({
            size,
            line: `\u2014 ${line.name} ${line.base64}\n`,
            verifierKey,
            receivedAt: clock.now(),
          }),
        );
      }
      return {
        size,
        accepted: accepted.map((c) => ({ key_name: c.keyName, key_id: c.keyId, timestamp: c.timestamp })),
      };
    },
  );
};
