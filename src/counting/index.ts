export { subjectHash } from './subject-hash.js';
export type { CountingWindow } from './windows.js';
export { COUNTING_WINDOWS, windowLabel, windowStart } from './windows.js';
