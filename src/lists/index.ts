export { canonicalJson, sha256Hex } from './canonical-json.js';
export { isIsoDate } from './iso-date.js';
export type { Confidence, DataList, ListEntry, ListKind, ListSource, Localised } from './list.types.js';
export { CONFIDENCE_LEVELS, LIST_KINDS } from './list.types.js';
export { LIST_NAME_PATTERN, ListEntrySchema, ListFileSchema, ListSourceSchema } from './list-schema.js';
export type { ListDocument, ListSet, ListSetBuild } from './list-set.js';
export { buildListSet, LIST_HASH_PREFIX, LIST_SET_HASH_PREFIX, LISTS_INVALID } from './list-set.js';
