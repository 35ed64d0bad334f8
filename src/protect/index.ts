export type { Ff1Options, Ff3_1Options, FpeCipher, FpeErrorCode } from './fpe/index.js';
export { FF1_MAX_TWEAK_BYTES, FF3_1_TWEAK_BYTES, FpeError, ff1, ff3_1 } from './fpe/index.js';
