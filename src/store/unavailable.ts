// Which store failures are passing: the database is down, restarting, unreachable or locked, so that the
// same request can succeed later. The server answers them 503 with Retry-After (DC_STORE_UNAVAILABLE)
// instead of 500. Everything else (a constraint violated, a malformed row) stays a failure.

/**
 * PostgreSQL SQLSTATEs of a passing failure: connection exceptions (class 08), the server shutting down,
 * crashed or starting (57P01-57P03), too many connections (53300), a lock not granted in `lock_timeout`
 * (55P03), a statement cancelled by `statement_timeout` (57014), and serialisation failures and
 * deadlocks (40001, 40P01), which a retry resolves.
 */
const PG_PASSING = new Set(['53300', '55P03', '57014', '57P01', '57P02', '57P03', '40001', '40P01']);

/** Socket errors of a connection that could not be made or was cut. */
const NET_PASSING = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** node-postgres reports a cut connection and a pool timeout by message only. */
const PG_MESSAGES = [
  /^connection terminated/i,
  /^timeout exceeded when trying to connect/i,
  /not queryable/i,
  /^query read timeout/i,
  /^connection timeout/i,
];

/** SQLite result codes of a database locked by another connection (better-sqlite3's `err.code`). */
const SQLITE_PASSING = /^SQLITE_(BUSY|LOCKED)(_|$)/;

/**
 * True when an error (or an error it wraps, through `cause`) says the database is unreachable, restarting
 * or locked: a retry later can succeed and nothing was half-written by the failed operation itself.
 *
 * @example
 * if (isStoreUnavailable(err)) reply.code(503).header('retry-after', '2');
 */
export function isStoreUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (
    let e = error;
    e !== null && typeof e === 'object' && !seen.has(e);
    e = (e as { cause?: unknown }).cause
  ) {
    seen.add(e);
    const { code, message, errors, syscall } = e as {
      code?: unknown;
      message?: unknown;
      errors?: unknown;
      syscall?: unknown;
    };
    if (typeof code === 'string') {
      if (/^08/.test(code) || PG_PASSING.has(code) || NET_PASSING.has(code) || SQLITE_PASSING.test(code))
        return true;
      // A Unix socket that is not there: the server is stopped.
      if (code === 'ENOENT' && syscall === 'connect') return true;
      // DC_STORE_UNAVAILABLE thrown on purpose.
      if (code === 'DC_STORE_UNAVAILABLE') return true;
    }
    if (typeof message === 'string' && PG_MESSAGES.some((m) => m.test(message))) return true;
    // A connection to `localhost` tries each address: Node reports an AggregateError of them.
    if (Array.isArray(errors) && errors.length > 0 && errors.every((x) => isStoreUnavailable(x))) return true;
  }
  return false;
}

/**
 * The innermost code of an error chain (a SQLSTATE, SQLITE_BUSY, ECONNREFUSED, DC_...), for logs: never a
 * message, which could quote data.
 */
export function innermostErrorCode(error: unknown): string | undefined {
  let code: string | undefined;
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 8; depth++) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === 'string') code = c;
    e = (e as { cause?: unknown }).cause;
  }
  return code;
}
