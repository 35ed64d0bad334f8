// The package's front door (`data-customs`): the parts that work on their own, with the shipped data.
// Subpaths: `data-customs/taxonomy`, `data-customs/flow`, `data-customs/rules`, `data-customs/lists`,
// `data-customs/protect`, `data-customs/ledger`.

export { loadBundledTaxonomy } from './bundled/bundled-data.js';
export { loadBundledLists } from './bundled/bundled-lists.js';
export { loadBundledRulebooks } from './bundled/bundled-rulebooks.js';
export type { Finding, ScanOptions } from './detect/index.js';
export { scanRecord, scanText } from './detect/index.js';
export type { CheckFlowOptions, Flow, FlowCheck, FlowDeclaration, MechanismId } from './flow/index.js';
export { checkFlow, FlowSchema, parseFlow } from './flow/index.js';
export type { Country, CountryCode, IsoDate } from './geo/index.js';
export { getCountry, listCountries, membersOn, REGION_GROUPS, readCountry } from './geo/index.js';
export type { EvaluateOptions, JurisdictionVerdict, Verdict, VerdictLevel, WhatIf } from './rules/index.js';
export { evaluate, whatIf } from './rules/index.js';
export type { ErrorCode } from './shared/errors.js';
export { DataCustomsError, ERROR_CODES } from './shared/errors.js';
export type { DocPath, Location, Problem } from './shared/problem.js';
export { formatPath, formatProblem } from './shared/problem.js';
export type {
  Category,
  CategoryKey,
  Purpose,
  PurposeKey,
  SubjectKind,
  Taxonomy,
  Tier,
} from './taxonomy/index.js';
export { buildTaxonomy } from './taxonomy/index.js';
