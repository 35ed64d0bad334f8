import { Environment } from '@marcbachmann/cel-js';
import { type CelFunction, compileCelAst, withFallback } from './cel-compile.js';

// Rule conditions are CEL (https://cel.dev), evaluated by @marcbachmann/cel-js: no `eval`, no I/O,
// no loops beyond CEL's bounded macros. Why this library rather than @bufbuild/cel: docs/decisions/cel.md.
// Each checked condition is then compiled to closures (cel-compile.ts), several times faster than
// cel-js's AST walk; whenever the closures meet an error or something they do not handle, the
// condition is evaluated by cel-js itself, so results and error messages are cel-js's.

/** A compiled condition: a pure function of the evaluation context. */
export type CompiledExpr = (context: Record<string, unknown>) => unknown;

/** The variables every condition may use (see docs/rulebooks.md). */
export const CEL_VARIABLES = [
  'flow',
  'hop',
  'data',
  'counts',
  'lists',
  'regions',
  'facts',
  'verdict',
  'relied',
  'decided',
] as const;

/** Our custom functions, registered with cel-js and given to the compiler. */
export const CEL_FUNCTIONS: Readonly<Record<string, CelFunction & { readonly signature: string }>> = {
  sum: {
    signature: 'sum(list): int',
    params: ['list'],
    handler: (list: readonly unknown[]): bigint => {
      let total = 0n;
      for (const x of list) total += typeof x === 'bigint' ? x : BigInt(Math.trunc(Number(x)));
      return total;
    },
  },
};

/**
 * The two ways a condition compileCel made is evaluated: the compiled closures first, and cel-js
 * whenever they throw (its result, or its error, is the condition's). For a caller that catches
 * errors itself and would rather not pay for the wrapper that does this on every call.
 */
export interface ExprParts {
  readonly compiled: CompiledExpr;
  /** Undefined when there is nothing to fall back to (`compiled` is then the whole condition). */
  readonly reference: CompiledExpr | undefined;
}
const partsOf = new WeakMap<CompiledExpr, ExprParts>();

/** The parts of a condition: those compileCel made it of, else the function itself with no fallback. */
export function exprParts(fn: CompiledExpr): ExprParts {
  return partsOf.get(fn) ?? { compiled: fn, reference: undefined };
}

let environment: Environment | undefined;

/** The cel-js environment conditions are checked and (as the reference, and the fallback) evaluated in. */
export function celEnvironment(): Environment {
  if (environment === undefined) {
    let e = new Environment({
      homogeneousAggregateLiterals: false,
      limits: {
        maxAstNodes: 2000,
        maxDepth: 50,
        maxListElements: 200,
        maxMapEntries: 200,
        maxCallArguments: 8,
      },
    });
    for (const v of CEL_VARIABLES) e = e.registerVariable(v, 'dyn');
    for (const f of Object.values(CEL_FUNCTIONS)) e = e.registerFunction(f.signature, f.handler);
    environment = e;
  }
  return environment;
}

/** Compiles a condition once, or returns the reason it is not valid CEL. */
export function compileCel(expr: string): { ok: true; fn: CompiledExpr } | { ok: false; message: string } {
  try {
    const parsed = celEnvironment().parse(expr);
    const checked = parsed.check();
    if (!checked.valid)
      return { ok: false, message: `CEL: ${firstLine(checked.error?.message ?? 'type error')}` };
    const reference = parsed as unknown as CompiledExpr;
    let compiled: CompiledExpr | undefined;
    try {
      compiled = compileCelAst(parsed.ast, { functions: CEL_FUNCTIONS }).fn;
    } catch {
      compiled = undefined; // an AST the compiler does not know
    }
    if (compiled === undefined) return { ok: true, fn: reference };
    const fn = withFallback(compiled, reference);
    partsOf.set(fn, { compiled, reference });
    return { ok: true, fn };
  } catch (err) {
    return { ok: false, message: `CEL: ${firstLine((err as Error).message)}` };
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
