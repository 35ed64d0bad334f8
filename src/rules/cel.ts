import { Environment } from '@marcbachmann/cel-js';

// Rule conditions are CEL (https://cel.dev), evaluated by @marcbachmann/cel-js: no `eval`, no I/O,
// no loops beyond CEL's bounded macros. Why this library rather than @bufbuild/cel: docs/decisions/cel.md.

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
] as const;

let environment: Environment | undefined;

function env(): Environment {
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
    e = e.registerFunction('sum(list): int', (list: readonly unknown[]) => {
      let total = 0n;
      for (const x of list) total += typeof x === 'bigint' ? x : BigInt(Math.trunc(Number(x)));
      return total;
    });
    environment = e;
  }
  return environment;
}

/** Compiles a condition once, or returns the reason it is not valid CEL. */
export function compileCel(expr: string): { ok: true; fn: CompiledExpr } | { ok: false; message: string } {
  try {
    const parsed = env().parse(expr);
    const checked = parsed.check();
    if (!checked.valid)
      return { ok: false, message: `CEL: ${firstLine(checked.error?.message ?? 'type error')}` };
    return { ok: true, fn: parsed as unknown as CompiledExpr };
  } catch (err) {
    return { ok: false, message: `CEL: ${firstLine((err as Error).message)}` };
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
