import type { FastifyRequest } from 'fastify';
import { checkFlow, type Flow, parseFlow } from '../flow/index.js';
import type { IsoDate } from '../geo/types.js';
import { type DocumentFormat, parseLocatedDocument } from '../shared/located-document.js';
import type { Problem } from '../shared/problem.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { ProblemsError } from './errors.js';
import type { FoundRecipient } from './registry.js';

/** Content types read as YAML; everything else the server accepts is JSON. */
export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/** A flow declaration read from a request body, with the text and syntax it came in and its warnings. */
export interface FlowBody {
  readonly flow: Flow;
  readonly text: string;
  readonly format: DocumentFormat;
  readonly problems: readonly Problem[];
  /** The registry entry the flow's `recipient: { ref }` names, as found when it was read. */
  readonly recipient?: FoundRecipient;
}

/**
 * Reads the flow declaration in a request body (kept as text by the app's content-type parsers, so
 * that every problem is located by line and column); throws a 400 with the located problems. A
 * recipient `{ ref }` is looked up in the caller's registry (`registry`; none for a call without a key).
 */
export async function readFlowBody(
  req: FastifyRequest,
  deps: { readonly taxonomy: Taxonomy; readonly clock: { readonly now: () => Date } },
  registry?: (id: string) => Promise<FoundRecipient | undefined>,
): Promise<FlowBody> {
  // From the request body: untrusted.
  const text = typeof req.body === 'string' ? req.body : '';
  if (text.trim() === '')
    throw new ProblemsError(
      'DC_HTTP_BAD_REQUEST',
      'request body is empty; send a flow declaration as JSON or YAML',
      [],
    );
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const format: DocumentFormat = YAML_TYPES.includes(type) ? 'yaml' : 'json';
  const options = {
    taxonomy: deps.taxonomy,
    today: deps.clock.now().toISOString().slice(0, 10) as IsoDate,
    file: 'body',
  };
  const doc = parseLocatedDocument(text, format);
  const ref = refOf(doc.value);
  const found = ref !== undefined && registry !== undefined ? await registry(ref) : undefined;
  const checked =
    doc.syntaxErrors.length > 0
      ? parseFlow(text, format, options)
      : checkFlow(
          doc.value,
          {
            ...options,
            ...(registry !== undefined
              ? {
                  recipients: {
                    get: (id: string) =>
                      found !== undefined && found.entry.id === id ? found.entry : undefined,
                    ids: () => [],
                  },
                }
              : {}),
          },
          doc,
        );
  if (!checked.ok) {
    const n = checked.problems.filter((p) => p.severity === 'error').length;
    throw new ProblemsError(
      checked.problems[0]?.code ?? 'DC_FLOW_INVALID',
      `the flow declaration has ${n} problem${n === 1 ? '' : 's'}`,
      checked.problems,
    );
  }
  return {
    flow: checked.flow,
    text,
    format,
    problems: checked.problems,
    ...(found !== undefined ? { recipient: found } : {}),
  };
}

/** The `recipient.ref` of a declaration, if it has one. */
function refOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const r = (value as { recipient?: unknown }).recipient;
  if (r === null || typeof r !== 'object') return undefined;
  const ref = (r as { ref?: unknown }).ref;
  return typeof ref === 'string' ? ref : undefined;
}
