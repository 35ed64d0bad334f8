import type { FastifyRequest } from 'fastify';
import { type Flow, parseFlow } from '../flow/index.js';
import type { IsoDate } from '../geo/types.js';
import type { DocumentFormat } from '../shared/located-document.js';
import type { Problem } from '../shared/problem.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { ProblemsError } from './errors.js';

/** Content types read as YAML; everything else the server accepts is JSON. */
export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/** A flow declaration read from a request body, with the text and syntax it came in and its warnings. */
export interface FlowBody {
  readonly flow: Flow;
  readonly text: string;
  readonly format: DocumentFormat;
  readonly problems: readonly Problem[];
}

/**
 * Reads the flow declaration in a request body (kept as text by the app's content-type parsers, so
 * that every problem is located by line and column); throws a 400 with the located problems.
 */
export function readFlowBody(
  req: FastifyRequest,
  deps: { readonly taxonomy: Taxonomy; readonly clock: { readonly now: () => Date } },
): FlowBody {
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
  const checked = parseFlow(text, format, {
    taxonomy: deps.taxonomy,
    today: deps.clock.now().toISOString().slice(0, 10) as IsoDate,
    file: 'body',
  });
  if (!checked.ok) {
    const n = checked.problems.filter((p) => p.severity === 'error').length;
    throw new ProblemsError(
      checked.problems[0]?.code ?? 'DC_FLOW_INVALID',
      `the flow declaration has ${n} problem${n === 1 ? '' : 's'}`,
      checked.problems,
    );
  }
  return { flow: checked.flow, text, format, problems: checked.problems };
}
