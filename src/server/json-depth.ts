import { findTooDeep, MAX_JSON_DEPTH } from '../shared/json-depth.js';
import { ProblemsError } from './errors.js';

/** The 400 error for a body nested too deep, naming where; `null` when the body is within the limit. */
export function depthError(text: string, maxDepth: number = MAX_JSON_DEPTH): ProblemsError | null {
  const path = findTooDeep(text, maxDepth)?.path;
  if (path === undefined) return null;
  const where = path === '' ? 'body' : `body.${path}`;
  return new ProblemsError('DC_HTTP_BAD_REQUEST', `${where}: nested deeper than ${maxDepth} levels`, [
    {
      code: 'DC_HTTP_BAD_REQUEST',
      severity: 'error',
      path: path === '' ? ['body'] : ['body', ...path.split('.')],
      message: `nested deeper than ${maxDepth} levels`,
    },
  ]);
}
