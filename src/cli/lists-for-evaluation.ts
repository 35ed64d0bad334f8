import { loadBundledLists } from '../bundled/bundled-lists.js';
import type { ListSet } from '../lists/index.js';

/** The lists rule conditions consult: the ones shipped in `lists/`, loaded and checked once. */
export function loadListsForEvaluation(): ListSet {
  return loadBundledLists();
}
