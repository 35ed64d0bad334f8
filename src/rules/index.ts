export type { Compiled, CompiledRulebook, RulebookDocument } from './compile-rulebook.js';
export { compileRulebook } from './compile-rulebook.js';
export type { FlowContext, ListLookup } from './context.js';
export { NO_LISTS } from './context.js';
export type { EvaluateOptions } from './evaluate.js';
export { evaluate, isBetter, worstOf } from './evaluate.js';
export type {
  Confidence,
  MechanismDef,
  ObligationRule,
  RulebookSource,
  ScopeRule,
  StepOutcome,
  TransferStep,
} from './rulebook.types.js';
export { RulebookSchema } from './rulebook-schema.js';
export type { Scenario } from './scenarios.js';
export { compareWithExpected, readScenarioFile, ScenarioFileSchema } from './scenarios.js';
export type {
  Conflict,
  HopRef,
  JurisdictionVerdict,
  TraceEntry,
  Verdict,
  VerdictLevel,
  WhatIf,
} from './verdict.types.js';
export { VERDICT_LEVELS } from './verdict.types.js';
export { whatIf } from './what-if.js';
