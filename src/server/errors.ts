import type { FastifyError, FastifyInstance } from 'fastify';
import { DataCustomsError, type ErrorCode } from '../shared/errors.js';
import type { Problem } from '../shared/problem.js';
import { innermostErrorCode, isStoreUnavailable } from '../store/unavailable.js';

/** The body of every error response: a stable code, a message, and located problems when there are any. */
export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly problems?: readonly Problem[];
  };
}

/** An error that carries located problems to the client (a bad flow, say). */
export class ProblemsError extends DataCustomsError {
  readonly problems: readonly Problem[];
  readonly status: number;

  constructor(code: ErrorCode, message: string, problems: readonly Problem[], status = 400) {
    super(code, message);
    this.problems = problems;
    this.status = status;
  }
}

/** Seconds a client should wait before retrying when the store is unavailable. */
export const STORE_RETRY_AFTER_SECONDS = 2;

/** The answer when the database is down, restarting or locked: 503 with Retry-After, never a 500. */
export function storeUnavailableBody(): ErrorBody {
  return {
    error: {
      code: 'DC_STORE_UNAVAILABLE',
      message: `the database is unavailable (down, restarting or locked); retry after ${STORE_RETRY_AFTER_SECONDS} seconds with the same Idempotency-Key`,
    },
  };
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  DC_FLOW_INVALID: 400,
  DC_FLOW_SYNTAX: 400,
  DC_RECIPIENT_INVALID: 400,
  DC_HTTP_BAD_REQUEST: 400,
  DC_TAXONOMY_UNKNOWN: 400,
  DC_HTTP_NOT_FOUND: 404,
  DC_USAGE: 400,
  DC_CONFLICT: 409,
  DC_UNAUTHENTICATED: 401,
  DC_FORBIDDEN: 403,
  DC_RATE_LIMITED: 429,
  DC_TRANSFER_REFUSED: 422,
  DC_PROTECT_PROFILE_UNKNOWN: 400,
  DC_PROTECT_CONTEXT: 400,
  DC_VAULT_DENIED: 403,
  DC_VAULT_LOCATION: 403,
  DC_VAULT_NOT_FOUND: 404,
};

/** One error handler for the whole API: codes map to statuses, and no stack trace ever reaches a client. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({
      error: { code: 'DC_HTTP_NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` },
    } satisfies ErrorBody);
  });
  app.setErrorHandler((err: FastifyError | Error, req, reply) => {
    // Before the codes: a store failure wrapped as DC_STORE or DC_VAULT_STORAGE may be a passing one.
    if (isStoreUnavailable(err)) {
      req.log.warn({ code: innermostErrorCode(err) }, 'store unavailable');
      return reply
        .code(503)
        .header('retry-after', String(STORE_RETRY_AFTER_SECONDS))
        .send(storeUnavailableBody());
    }
    if (err instanceof ProblemsError) {
      return reply.code(err.status).send({
        error: { code: err.code, message: err.message, problems: err.problems },
      } satisfies ErrorBody);
    }
    if (err instanceof DataCustomsError) {
      return reply
        .code(STATUS[err.code] ?? 500)
        .send({ error: { code: err.code, message: err.message } } satisfies ErrorBody);
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const problems: Problem[] = fe.validation.map((v) => ({
        code: 'DC_HTTP_BAD_REQUEST',
        severity: 'error',
        path: [fe.validationContext ?? 'body', ...v.instancePath.split('/').filter(Boolean)],
        message: v.message ?? 'is not valid',
      }));
      return reply.code(400).send({
        error: {
          code: 'DC_HTTP_BAD_REQUEST',
          message: `invalid ${fe.validationContext ?? 'request'}`,
          problems,
        },
      } satisfies ErrorBody);
    }
    const status =
      typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 500;
    if (status === 500) {
      req.log.error({ code: fe.code, name: err.name }, 'internal error');
      return reply
        .code(500)
        .send({ error: { code: 'DC_INTERNAL', message: 'internal error' } } satisfies ErrorBody);
    }
    // Fastify's own client errors (body too large, unsupported media type, malformed JSON...).
    return reply
      .code(status)
      .send({ error: { code: 'DC_HTTP_BAD_REQUEST', message: clientMessage(fe) } } satisfies ErrorBody);
  });
}

function clientMessage(fe: FastifyError): string {
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'request body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported content type; send application/json or application/yaml';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'request body is empty';
    default:
      return fe.message.split('\n')[0]?.toLowerCase() ?? 'bad request';
  }
}
