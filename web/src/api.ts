// Every call of the dashboard goes through here, to the HTTP API of the server that serves it (same
// origin). The API key is entered once and kept in sessionStorage: it goes with the tab, never into a
// URL, a cookie or localStorage.

/** A located problem, as the API returns it (`error.problems[]`). */
export interface Problem {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly line?: number;
  readonly column?: number;
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly suggestion?: string;
}

/** An answer of the API that is not a success, with its code and message as the server gave them. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const KEY_ITEM = 'data-customs.api-key';

/** The API key of this tab, if one was entered. */
export function readApiKey(): string | null {
  try {
    return sessionStorage.getItem(KEY_ITEM);
  } catch {
    return null;
  }
}

/** Keeps the API key for this tab (or forgets it with null). */
export function writeApiKey(key: string | null): void {
  if (key === null) sessionStorage.removeItem(KEY_ITEM);
  else sessionStorage.setItem(KEY_ITEM, key);
}

/** The public part of a key (`dck_<id>_…`), safe to show. */
export function keyLabel(key: string): string {
  const match = /^(dck_[0-9a-f]+)_/.exec(key);
  return match?.[1] ? `${match[1]}_…` : 'key …';
}

export interface CallOptions {
  readonly method?: 'GET' | 'POST';
  /** A body: sent as is with `contentType`. */
  readonly body?: string;
  readonly contentType?: string;
  /** Read the answer as text (the ledger's notes), not JSON. */
  readonly text?: boolean;
  /** Send without the key even when one is kept (public routes). */
  readonly anonymous?: boolean;
  readonly signal?: AbortSignal;
}

function errorOf(status: number, body: unknown, fallback: string): ApiError {
  // From the server: untrusted in shape; only strings and arrays we expect are read.
  const error = (body as { error?: { code?: unknown; message?: unknown; problems?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : `HTTP_${status}`;
  const message = typeof error?.message === 'string' ? error.message : fallback;
  const problems = Array.isArray(error?.problems) ? (error.problems as Problem[]) : [];
  return new ApiError(status, code, message, problems);
}

/**
 * Calls the API: resolves with the parsed answer, or rejects with an ApiError carrying the server's code
 * and message (or a network error described in words).
 * @example
 * const { flows } = await callApi<FlowList>('/v1/flows')
 */
export async function callApi<T>(path: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: options.text ? 'text/plain' : 'application/json' };
  const key = options.anonymous ? null : readApiKey();
  if (key) headers.authorization = `Bearer ${key}`;
  if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      ...(options.body !== undefined ? { body: options.body } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', `the server did not answer: ${(error as Error).message}`);
  }
  const raw = await response.text();
  if (!response.ok) {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(raw);
    } catch {
      // not JSON: keep the status line
    }
    throw errorOf(response.status, parsed, `${response.status} ${response.statusText || 'error'}`.trim());
  }
  if (options.text) return raw as T;
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new ApiError(response.status, 'BAD_RESPONSE', `${path}: the answer is not JSON`);
  }
}
