export type { Taxonomy, TaxonomyBuild, TaxonomySources } from './taxonomy.js';
export { buildTaxonomy } from './taxonomy.js';
export { CategoryEntrySchema, PurposeEntrySchema, SubjectEntrySchema } from './taxonomy-schema.js';
export type {
  Category,
  CategoryKey,
  CnNecessity,
  DojKind,
  LawClasses,
  Names,
  Purpose,
  PurposeKey,
  SubjectKind,
  SubjectKindKey,
  Tier,
} from './types.js';
export { CLASSED_LAWS, DOJ_KINDS, TIERS } from './types.js';
