import type { ErrorCode } from '../shared/errors.js';

/** Exit codes of the `customs` command (documented in the README). */
export const EXIT = {
  ok: 0,
  invalid: 1,
  usage: 2,
  mechanismMissing: 3,
  prohibited: 4,
  internal: 70,
} as const;

/** The exit code for a failure with this error code. */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'DC_USAGE':
      return EXIT.usage;
    case 'DC_INTERNAL':
      return EXIT.internal;
    default:
      return EXIT.invalid;
  }
}
