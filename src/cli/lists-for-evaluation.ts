import type { ListLookup } from '../rules/index.js';
import { NO_LISTS } from '../rules/index.js';

/** The lists rule conditions consult (the shipped `lists/`); none until the lists module is wired. */
export function loadListsForEvaluation(): ListLookup {
  return NO_LISTS;
}
