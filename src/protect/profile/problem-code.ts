import type { ErrorCode } from '../../shared/errors.js';

/**
 * The code of every problem found in a profile, `DC_PROTECT_PROFILE_INVALID`, typed for the shared
 * `Problem` (the shared catalogue lists it once wired).
 */
export const PROTECT_PROBLEM_CODE: ErrorCode = 'DC_PROTECT_PROFILE_INVALID';
