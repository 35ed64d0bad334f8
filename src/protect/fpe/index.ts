export type { FpeErrorCode } from './errors.js';
export { FpeError } from './errors.js';
export { FF1_MAX_TWEAK_BYTES, ff1 } from './ff1.js';
export { FF3_1_TWEAK_BYTES, ff3_1 } from './ff3-1.js';
export type { Ff1Options, Ff3_1Options, FpeCipher } from './fpe.types.js';
