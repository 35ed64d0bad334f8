export type { ServerDeps } from './app.js';
export { createServer } from './app.js';
export type { ErrorBody } from './errors.js';
