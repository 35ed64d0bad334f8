// Compiles a checked @marcbachmann/cel-js AST into a tree of small JavaScript closures (no `eval`, no
// `new Function`): each node becomes one closure that calls its children's closures. The closures give
// exactly what cel-js's own evaluator gives, or throw: `CEL_FAIL` where cel-js throws an evaluation
// error, `CEL_DEOPT` where they meet something they do not handle (a node kind, a value type). The
// caller (`withFallback`) then re-evaluates the whole expression with cel-js, which is pure, so errors
// keep cel-js's messages and anything unsupported still evaluates. The rules mirrored here are cel-js
// 8.0.0's (lib/operators.js, overloads.js, macros.js, registry.js); cel-compile.test.ts checks them
// against cel-js differentially.

/** A compiled condition: a pure function of the evaluation context. */
export type Closure = (context: Record<string, unknown>) => unknown;

/** Thrown where cel-js would throw an evaluation error (its message is cel-js's to give). */
export const CEL_FAIL: Error = new Error('CEL evaluation error (re-evaluate with cel-js for the message)');
/** Thrown where the compiled code cannot be sure of cel-js's result: re-evaluate with cel-js. */
export const CEL_DEOPT: Error = new Error('not handled by the CEL compiler (re-evaluate with cel-js)');

/** A custom function registered with cel-js, given to the compiler too (one overload, no receiver). */
export interface CelFunction {
  /** The parameter types of its signature: `list`, `map`, `string`, `int`, `double`, `bool` or `dyn`. */
  readonly params: readonly CelParam[];
  readonly handler: (...args: never[]) => unknown;
}
export type CelParam = 'list' | 'map' | 'string' | 'int' | 'double' | 'bool' | 'dyn';

export interface CompileOptions {
  /** Custom global functions by name, as registered with the cel-js environment. */
  readonly functions?: Readonly<Record<string, CelFunction>>;
}

/** A compiled expression, and the node kinds it left to cel-js (they throw `CEL_DEOPT` when reached). */
export interface CompiledCel {
  /** Undefined when the expression itself is of a kind left to cel-js: nothing to compile. */
  readonly fn: Closure | undefined;
  readonly unsupported: readonly string[];
}

/**
 * Compiles the AST of a parsed and type-checked cel-js expression (`env.parse(expr)`, then `.check()`:
 * the checker records the types and the `has()` paths the compiler reads).
 */
export function compileCelAst(ast: unknown, options: CompileOptions = {}): CompiledCel {
  const unsupported: string[] = [];
  const compiler = new Compiler(options, unsupported);
  const root = compiler.node(ast as Node, ROOT_SCOPE);
  return { fn: root.fn === deopt ? undefined : (root.fn as Closure), unsupported };
}

/** The compiled closure, re-evaluated with cel-js (`reference`) whenever it throws. */
export function withFallback(compiled: Closure, reference: Closure): Closure {
  return (context) => {
    try {
      return compiled(context);
    } catch {
      return reference(context);
    }
  };
}

// ---------------------------------------------------------------------------------------------------
// The AST as cel-js 8.0.0 builds it (lib/parser.js ASTNode; macros expand into `meta.alternate`).

interface TypeDecl {
  readonly kind: string;
  readonly name: string;
  readonly valueType?: TypeDecl;
  readonly keyType?: TypeDecl;
}

interface Node {
  readonly op: string;
  readonly args: unknown;
  readonly meta: {
    readonly alternate?: Node;
    readonly macro?: { readonly macroHasProps?: readonly Node[] };
  };
  readonly checkedType?: TypeDecl;
}

interface ComprehensionArgs {
  readonly kind?: string;
  readonly errorsAreFatal: boolean;
  readonly iterable: Node;
  readonly iterVarName: string;
  readonly init: Node;
  readonly condition?: (accu: unknown) => unknown;
  readonly step: Node;
  readonly result: (accu: unknown) => unknown;
}

type Ctx = Record<string, unknown>;
type Fn = (c: Ctx) => unknown;
interface Cell {
  v: unknown;
}
interface Scope {
  readonly vars: ReadonlyMap<string, Cell>;
  readonly accu: Cell | undefined;
}
/** A compiled node; `k` is set when its value is a constant primitive (computed at compile time). */
interface C {
  readonly fn: Fn;
  readonly k?: { readonly v: unknown };
}

const ROOT_SCOPE: Scope = { vars: new Map(), accu: undefined };
const MAX_INT = 9223372036854775807n;
const MIN_INT = -9223372036854775808n;
const hasOwn = Object.hasOwn;

const fail = (): never => {
  throw CEL_FAIL;
};
const deopt = (): never => {
  throw CEL_DEOPT;
};

// ---------------------------------------------------------------------------------------------------
// Values. cel-js's runtime types: string, double (number), int (bigint), bool, null, list (Array, Set),
// map (plain object, null-prototype object, Map), and registered classes (bytes, uint, type, ...).

/** A plain map or list as cel-js sees it (constructor Object, Array, or none). */
function isPlain(v: object): boolean {
  const c = v.constructor;
  return c === Object || c === Array || c === undefined;
}

/** What cel-js's `dyn` matcher accepts (variables, fields, list items); FAIL or DEOPT otherwise. */
function checkValue(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
      return v;
    case 'object': {
      if (v === null) return v;
      const c = v.constructor;
      if (c === Object || c === Array || c === undefined || c === Map || c === Set) return v;
      return deopt();
    }
    default:
      return fail(); // undefined, functions, symbols: "Unsupported type"
  }
}

/**
 * cel-js works out the runtime type of operator and function operands with `debugTypeDeep`: a list's
 * type from its first item, a map's from its first entry, recursively. It throws on an unsupported value
 * on that path (an `undefined` map value, say). This follows the same path: FAIL where it throws,
 * DEOPT on types the compiler leaves to cel-js (Map, Set, registered classes).
 */
function deepCheck(v: unknown): void {
  for (;;) {
    switch (typeof v) {
      case 'string':
      case 'number':
      case 'boolean':
      case 'bigint':
        return;
      case 'object': {
        if (v === null) return;
        const c = v.constructor;
        if (c === Array) {
          const first = (v as unknown[])[0];
          if (first === undefined) return;
          v = first;
          continue;
        }
        if (c === Object || c === undefined) {
          let found = false;
          for (const k in v) {
            v = (v as Ctx)[k];
            found = true;
            break;
          }
          if (!found) return;
          continue;
        }
        deopt();
        return;
      }
      default:
        fail();
    }
  }
}

/** An operand no overload accepts: FAIL ("no such overload"), or DEOPT if it is an exotic object. */
function noOverload(a: unknown, b?: unknown): never {
  deepCheck(a);
  deepCheck(b);
  if (typeof a === 'object' && a !== null && !isPlain(a)) deopt();
  if (typeof b === 'object' && b !== null && !isPlain(b)) deopt();
  return fail();
}

/** An int and a double, compared by value (exactly: JS compares a bigint with a number mathematically). */
function numericEquals(a: unknown, b: unknown): boolean {
  // biome-ignore lint/suspicious/noDoubleEquals: int == double, as cel-js compares them
  return (a as number) == (b as number);
}

/** cel-js's `isEqual` (lib/overloads.js), used by `in` on lists and by list and map equality. */
function isEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  switch (typeof a) {
    case 'undefined':
    case 'string':
    case 'boolean':
      return false;
    case 'bigint':
      return typeof b === 'number' ? numericEquals(a, b) : false;
    case 'number':
      return typeof b === 'bigint' ? numericEquals(a, b) : false;
    case 'object': {
      if (typeof b !== 'object') return false;
      const ka = kindOf(a);
      const kb = kindOf(b);
      if (ka !== kb) return false;
      if (ka === 'list') return listEquals(a as unknown[], b as unknown[]);
      if (ka === 'map') return mapEquals(a as Ctx, b as Ctx);
      return false; // null == null is a === b, handled above
    }
    default:
      return deopt();
  }
}

/** The shallow runtime type of an object value (cel-js `debugType`), for equality. */
function kindOf(v: object | null): 'null' | 'list' | 'map' {
  if (v === null) return 'null';
  const c = v.constructor;
  if (c === Array) return 'list';
  if (c === Object || c === undefined) return 'map';
  return deopt(); // Map, Set and registered classes: left to cel-js
}

function listEquals(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a === b) return true;
  const n = a.length;
  if (n !== b.length) return false;
  for (let i = 0; i < n; i++) if (!isEqual(a[i], b[i])) return false;
  return true;
}

function mapEquals(a: Ctx, b: Ctx): boolean {
  if (a === b) return true;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  for (const key of keysA) if (!(key in b && isEqual(a[key], b[key]))) return false;
  return true;
}

/** `a == b` as cel-js evaluates it when at least one side is dynamically typed. */
function equals(a: unknown, b: unknown): boolean {
  if (a === b) {
    if (typeof a === 'object' && a !== null) deepCheck(a);
    return true;
  }
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'object' || tb === 'object') return objectEquals(a, b);
  // Different primitives: int and double compare by value, anything else is simply not equal.
  if ((ta === 'number' && tb === 'bigint') || (ta === 'bigint' && tb === 'number'))
    return numericEquals(a, b);
  if (isPrimitiveType(ta) && isPrimitiveType(tb)) return false;
  return deopt();
}

const isPrimitiveType = (t: string): boolean =>
  t === 'string' || t === 'number' || t === 'bigint' || t === 'boolean';

function objectEquals(a: unknown, b: unknown): boolean {
  deepCheck(a);
  deepCheck(b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka !== kb) return false;
  return ka === 'list' ? listEquals(a as unknown[], b as unknown[]) : mapEquals(a as Ctx, b as Ctx);
}

/** `a in b`: membership in a list (cel-js `isEqual`), or key presence in a map. */
function contains(a: unknown, b: unknown): boolean {
  if (typeof a === 'object' && a !== null) deepCheck(a);
  if (typeof b !== 'object' || b === null) return noOverload(a, b);
  const c = b.constructor;
  if (c === Array) {
    const list = b as unknown[];
    const first = list[0];
    if (first !== undefined) deepCheck(first); // cel-js types a list by its first item
    switch (typeof a) {
      case 'string':
      case 'boolean':
        return list.includes(a);
      case 'number':
        for (const x of list) if (x === a || (typeof x === 'bigint' && isEqual(a, x))) return true;
        return false;
      case 'bigint':
        for (const x of list) if (x === a || (typeof x === 'number' && isEqual(a, x))) return true;
        return false;
      default:
        for (const x of list) if (isEqual(a, x)) return true;
        return false;
    }
  }
  if (c === Object || c === undefined) {
    deepCheck(b);
    const key = propertyName(a);
    return hasOwn(b, key) ? (b as Ctx)[key] !== undefined : false;
  }
  return deopt();
}

/**
 * cel-js looks any key up in a plain object as a property name (1 as "1", a list as its items joined
 * with commas): the same here. A null-prototype map has no property name: JS throws, cel-js with it.
 */
function propertyName(k: unknown): string {
  if (typeof k === 'string') return k;
  try {
    return String(k);
  } catch {
    return fail();
  }
}

/** Field access `o.key`, or `o[key]` with any key: cel-js's `fieldAccess` for dynamically typed maps. */
function field(o: unknown, key: unknown): unknown {
  if (typeof o === 'object' && o !== null) {
    const c = o.constructor;
    if (c === Object || c === undefined) {
      const k = propertyName(key);
      const v = hasOwn(o, k) ? (o as Ctx)[k] : undefined;
      if (v === undefined) return fail(); // No such key
      return checkValue(v);
    }
    if (c === Array) {
      let i: number;
      if (typeof key === 'bigint') i = Number(key);
      else if (typeof key === 'number') i = key;
      else return fail(); // a list has no fields
      const v = (o as unknown[])[i];
      if (v === undefined) return fail(); // index out of bounds
      return checkValue(v);
    }
    return deopt();
  }
  return fail(); // null, strings, numbers, booleans have no fields
}

/**
 * `o.key` for a constant key, without checking the value found: the next step of a path, or `value`,
 * does. (An intermediate value that cel-js's `dyn` matcher rejects fails the next step as well.)
 */
function fieldRaw(o: unknown, key: string): unknown {
  if (typeof o === 'object' && o !== null) {
    const c = o.constructor;
    if (c === Object || c === undefined) {
      const v = hasOwn(o, key) ? (o as Ctx)[key] : undefined;
      return v === undefined ? fail() : v; // No such key
    }
    if (c === Array || c === Set) return fail(); // a list has no fields
    return deopt();
  }
  return fail(); // null, strings, numbers, booleans have no fields
}

/** A value read from the context, as cel-js's `dyn` matcher accepts it. */
function value(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return v;
    default:
      return checkValue(v);
  }
}

/**
 * Readers for the rules' variables (docs/rulebooks.md): a property read with a fixed name is several
 * times faster than `context[name]` with names that vary from one condition to the next. Other
 * variables are read by name.
 */
const VARIABLE_READERS: Readonly<Record<string, (c: Ctx) => unknown>> = {
  flow: (c) => c.flow,
  hop: (c) => c.hop,
  data: (c) => c.data,
  counts: (c) => c.counts,
  lists: (c) => c.lists,
  regions: (c) => c.regions,
  facts: (c) => c.facts,
  verdict: (c) => c.verdict,
};

function variableReader(name: string): (c: Ctx) => unknown {
  return hasOwn(VARIABLE_READERS, name) ? (VARIABLE_READERS[name] as (c: Ctx) => unknown) : (c) => c[name];
}

/** An unknown variable: an error, unless the context is a Map (which cel-js reads with `get`). */
const noVariable = (c: Ctx): never => (c instanceof Map ? deopt() : fail());

/** The start of a path from one of the rules' variables: its reader and the unknown-variable check in one. */
const VARIABLE_STARTS: Readonly<Record<string, (c: Ctx) => unknown>> = {
  flow: (c) => {
    const v = c.flow;
    return v === undefined ? noVariable(c) : v;
  },
  hop: (c) => {
    const v = c.hop;
    return v === undefined ? noVariable(c) : v;
  },
  data: (c) => {
    const v = c.data;
    return v === undefined ? noVariable(c) : v;
  },
  counts: (c) => {
    const v = c.counts;
    return v === undefined ? noVariable(c) : v;
  },
  lists: (c) => {
    const v = c.lists;
    return v === undefined ? noVariable(c) : v;
  },
  regions: (c) => {
    const v = c.regions;
    return v === undefined ? noVariable(c) : v;
  },
  facts: (c) => {
    const v = c.facts;
    return v === undefined ? noVariable(c) : v;
  },
  verdict: (c) => {
    const v = c.verdict;
    return v === undefined ? noVariable(c) : v;
  },
};

/** The field `key` of `o` if present, for `has()` (cel-js `fieldLazy`): undefined when absent. */
function fieldIfPresent(o: unknown, key: string): unknown {
  if (typeof o === 'object' && o !== null) {
    const c = o.constructor;
    if (c === Object || c === undefined) {
      const v = hasOwn(o, key) ? (o as Ctx)[key] : undefined;
      return v === undefined ? undefined : checkValue(v);
    }
    if (c === Array) return undefined;
    return deopt();
  }
  if (typeof o === 'function' || typeof o === 'symbol' || o === undefined) return fail();
  return undefined; // primitives and null have no fields
}

function checkInt(v: bigint): bigint {
  if (v <= MAX_INT && v >= MIN_INT) return v;
  return fail(); // integer overflow
}

function add(a: unknown, b: unknown): unknown {
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'bigint') return checkInt((a as bigint) + (b as bigint));
    if (ta === 'number') return (a as number) + (b as number);
    if (ta === 'string') return (a as string) + (b as string);
    if (Array.isArray(a) && Array.isArray(b) && a.constructor === Array && b.constructor === Array) {
      deepCheck(a);
      deepCheck(b);
      return [...a, ...b];
    }
  }
  return noOverload(a, b);
}

function subtract(a: unknown, b: unknown): unknown {
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'bigint') return checkInt((a as bigint) - (b as bigint));
    if (ta === 'number') return (a as number) - (b as number);
  }
  return noOverload(a, b);
}

function multiply(a: unknown, b: unknown): unknown {
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'bigint') return checkInt((a as bigint) * (b as bigint));
    if (ta === 'number') return (a as number) * (b as number);
  }
  return noOverload(a, b);
}

function divide(a: unknown, b: unknown): unknown {
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'bigint') return b === 0n ? fail() : (a as bigint) / (b as bigint); // no overflow check, as cel-js
    if (ta === 'number') return (a as number) / (b as number);
  }
  return noOverload(a, b);
}

function modulo(a: unknown, b: unknown): unknown {
  if (typeof a === 'bigint' && typeof b === 'bigint') return b === 0n ? fail() : a % b;
  return noOverload(a, b); // no double % double in CEL
}

// Typed as numbers for the compiler; applied to numbers, bigints, strings and booleans alike.
type Relation = (a: number, b: number) => boolean;
const RELATIONS: Record<string, Relation> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

/** A number or bigint constant as the double of the same value, when there is one. */
function asDouble(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint' && BigInt(Number(v)) === v) return Number(v);
  return undefined;
}

/** int and double compare with each other (exactly, as JS compares number and bigint); strings, bools. */
function comparable(a: unknown, b: unknown): boolean {
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'number' || ta === 'bigint') return tb === 'number' || tb === 'bigint' || noOverload(a, b);
  if ((ta === 'string' || ta === 'boolean') && ta === tb) return true;
  return noOverload(a, b);
}

/** Code points, as cel-js counts a string's size. */
function stringSize(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function size(v: unknown): bigint {
  if (typeof v === 'string') return BigInt(stringSize(v));
  if (typeof v === 'object' && v !== null) {
    deepCheck(v);
    const c = v.constructor;
    if (c === Array) return BigInt((v as unknown[]).length);
    if (c === Object || c === undefined) return BigInt(Object.keys(v).length);
    return deopt();
  }
  return noOverload(v);
}

/** Does `v` match a declared parameter type (cel-js overload resolution for custom functions)? */
function matchesParam(p: CelParam, v: unknown): boolean {
  switch (p) {
    case 'dyn':
      return true;
    case 'string':
      return typeof v === 'string';
    case 'int':
      return typeof v === 'bigint';
    case 'double':
      return typeof v === 'number';
    case 'bool':
      return typeof v === 'boolean';
    case 'list':
      return Array.isArray(v) && v.constructor === Array;
    case 'map':
      return typeof v === 'object' && v !== null && (v.constructor === Object || v.constructor === undefined);
  }
}

const STRING_METHODS: Record<string, (s: string, x: string) => boolean> = {
  startsWith: (s, x) => s.startsWith(x),
  endsWith: (s, x) => s.endsWith(x),
  contains: (s, x) => s.includes(x),
};
// cel-js implements these with the full Unicode case mapping (the spec says ASCII only): mirrored.
const STRING_TRANSFORMS: Record<string, (s: string) => string> = {
  lowerAscii: (s) => s.toLowerCase(),
  upperAscii: (s) => s.toUpperCase(),
  trim: (s) => s.trim(),
};

/**
 * What a value of a declared type must be (cel-js `matchesValueType`, checked on variables and on the
 * items of a comprehension's range): exact for primitives, cel-js's `dyn` matcher for anything else
 * (statically typed lists and maps only ever hold what their literals put in them).
 */
function typeCheckFor(t: TypeDecl | undefined): (v: unknown) => unknown {
  if (t === undefined || t.kind === 'dyn' || t.kind === 'param') return checkValue;
  const want = hasOwn(PRIMITIVE_TYPEOF, t.name) ? PRIMITIVE_TYPEOF[t.name] : undefined;
  if (want !== undefined) return (v) => (typeof v === want ? v : noOverload(v));
  if (t.name === 'null') return (v) => (v === null ? v : noOverload(v));
  if (t.kind === 'list') return (v) => (Array.isArray(v) ? checkValue(v) : noOverload(v));
  if (t.kind === 'map')
    return (v) =>
      typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Set)
        ? checkValue(v)
        : noOverload(v);
  return deopt;
}
const PRIMITIVE_TYPEOF: Record<string, string> = {
  string: 'string',
  int: 'bigint',
  double: 'number',
  bool: 'boolean',
};

/** The type of the items of a comprehension's range: a list's values, a map's keys. */
function itemType(iterable: Node): TypeDecl | undefined {
  const t = iterable.checkedType;
  if (t === undefined || t.kind === 'dyn') return undefined;
  return t.kind === 'map' ? t.keyType : t.valueType;
}

/** The items a comprehension iterates over: a list's items, a map's keys. */
function itemsOf(v: unknown): readonly unknown[] {
  if (typeof v === 'object' && v !== null) {
    const c = v.constructor;
    if (c === Array) return v as unknown[];
    if (c === Object || c === undefined) return Object.keys(v);
    return deopt();
  }
  return fail(); // cannot be range of a comprehension
}

// ---------------------------------------------------------------------------------------------------

const BINARY = new Set(['==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', 'in']);

class Compiler {
  constructor(
    private readonly options: CompileOptions,
    private readonly unsupported: string[],
  ) {}

  node(n: Node, s: Scope): C {
    const meta = n.meta;
    if (meta.alternate !== undefined) return this.node(meta.alternate, s);
    if (meta.macro !== undefined) return this.macro(n, s);
    switch (n.op) {
      case 'value':
        return constant(n.args);
      case 'id':
        return this.id(n, s);
      case '.':
      case '[]':
        return this.path(n, s);
      case '&&':
      case '||':
        return this.logical(n, s);
      case '!_':
        return this.not(n.args as Node, s);
      case '-_':
        return this.negate(n.args as Node, s);
      case '?:':
        return this.ternary(n.args as [Node, Node, Node], s);
      case 'list':
        return this.list(n.args as Node[], s);
      case 'map':
        return this.map(n.args as [Node, Node][], s);
      case 'call':
        return this.call(n.args as [string, Node[]], s);
      case 'rcall':
        return this.rcall(n.args as [string, Node, Node[]], s);
      case 'comprehension':
        return this.comprehension(n.args as ComprehensionArgs, s);
      case 'accuValue':
      case 'accuInc':
      case 'accuPush':
        return this.accu(n, s);
      default:
        if (BINARY.has(n.op)) return this.binary(n.op, n.args as [Node, Node], s);
        return this.unsupportedNode(n.op);
    }
  }

  private unsupportedNode(what: string): C {
    this.unsupported.push(what);
    return { fn: deopt };
  }

  private id(n: Node, s: Scope): C {
    const name = n.args as string;
    const cell = s.vars.get(name);
    if (cell !== undefined) return { fn: () => cell.v }; // checked when the comprehension set it
    const read = variableReader(name);
    const t = n.checkedType;
    const check = t !== undefined && t.kind !== 'dyn' ? typeCheckFor(t) : value;
    return {
      fn: (c) => {
        const v = read(c);
        return v === undefined ? noVariable(c) : check(v);
      },
    };
  }

  /** A path of constant fields and keys, `flow.exporter.country`, `lists["eu.adequacy"]`: one closure. */
  private path(n: Node, s: Scope): C {
    const keys: string[] = [];
    let base = n;
    for (;;) {
      if (base.meta.alternate !== undefined || base.meta.macro !== undefined) break;
      if (base.op === '.') {
        const [target, key] = base.args as [Node, string];
        keys.push(key);
        base = target;
        continue;
      }
      if (base.op === '[]') {
        const [target, key] = base.args as [Node, Node];
        if (key.meta.alternate !== undefined || key.op !== 'value' || typeof key.args !== 'string') break;
        keys.push(key.args);
        base = target;
        continue;
      }
      break;
    }
    if (keys.length === 0) return this.index(n.args as [Node, Node], s);
    keys.reverse();
    const [k1, k2, k3] = keys as [string, string | undefined, string | undefined];
    const more = keys.slice(3);
    // The start of the path: a variable of the context (checked by the first step), or any expression.
    let start: Fn;
    const name = base.op === 'id' && base.meta.alternate === undefined ? (base.args as string) : undefined;
    const cell = name === undefined ? undefined : s.vars.get(name);
    if (name !== undefined && cell === undefined && (base.checkedType?.kind ?? 'dyn') === 'dyn') {
      const read = variableReader(name);
      start = hasOwn(VARIABLE_STARTS, name)
        ? (VARIABLE_STARTS[name] as Fn)
        : (c) => {
            const v = read(c);
            return v === undefined ? noVariable(c) : v;
          };
    } else if (cell !== undefined) {
      start = () => cell.v;
    } else {
      start = this.node(base, s).fn;
    }
    if (k2 === undefined) return { fn: (c) => value(fieldRaw(start(c), k1)) };
    if (k3 === undefined) return { fn: (c) => value(fieldRaw(fieldRaw(start(c), k1), k2)) };
    if (more.length === 0) return { fn: (c) => value(fieldRaw(fieldRaw(fieldRaw(start(c), k1), k2), k3)) };
    return {
      fn: (c) => {
        let o = fieldRaw(fieldRaw(fieldRaw(start(c), k1), k2), k3);
        for (let i = 0; i < more.length; i++) o = fieldRaw(o, more[i] as string);
        return value(o);
      },
    };
  }

  private index([target, key]: [Node, Node], s: Scope): C {
    const o = this.node(target, s).fn;
    const k = this.node(key, s).fn;
    return {
      fn: (c) => {
        const obj = o(c);
        return field(obj, k(c));
      },
    };
  }

  /**
   * `&&` (decides = false) and `||` (decides = true), a whole chain at once: `a && b && c` is false when
   * any operand is false (errors on the others absorbed), else an error when any operand is an error
   * or not a bool, else true. The same as cel-js's pairwise evaluation, whatever the nesting.
   */
  private logical(n: Node, s: Scope): C {
    const op = n.op;
    const operands: Node[] = [];
    const collect = (x: Node) => {
      if (x.op === op && x.meta.alternate === undefined && x.meta.macro === undefined) {
        const [l, r] = x.args as [Node, Node];
        collect(l);
        collect(r);
      } else operands.push(x);
    };
    collect(n);
    const fs = operands.map((x) => this.node(x, s).fn);
    const decides = op === '||';
    const [f1, f2] = fs as [Fn, Fn];
    if (fs.length === 2)
      return {
        fn: (c) => {
          let a: unknown;
          try {
            a = f1(c);
          } catch (e) {
            return settle(decides, e !== CEL_FAIL, f2, c);
          }
          if (a === decides) return decides;
          if (a !== !decides) return settle(decides, false, f2, c); // not a bool: an error
          const b = f2(c); // its errors are the result
          return typeof b === 'boolean' ? b : fail();
        },
      };
    const count = fs.length;
    return {
      fn: (c) => {
        let errors = 0; // 1: errors cel-js throws too; 2: something left to cel-js
        for (let i = 0; i < count; i++) {
          let v: unknown;
          try {
            v = (fs[i] as Fn)(c);
          } catch (e) {
            errors = e === CEL_FAIL && errors !== 2 ? 1 : 2;
            continue;
          }
          if (v === decides) return decides;
          if (v !== !decides && errors === 0) errors = 1; // not a bool
        }
        if (errors === 0) return !decides;
        throw errors === 2 ? CEL_DEOPT : CEL_FAIL;
      },
    };
  }

  private not(arg: Node, s: Scope): C {
    const a = this.node(arg, s);
    const f = a.fn;
    return folded(a, (c) => {
      const v = f(c);
      return typeof v === 'boolean' ? !v : noOverload(v);
    });
  }

  private negate(arg: Node, s: Scope): C {
    const a = this.node(arg, s);
    const f = a.fn;
    return folded(a, (c) => {
      const v = f(c);
      if (typeof v === 'bigint') return -v; // no overflow check, as cel-js
      if (typeof v === 'number') return -v;
      return noOverload(v);
    });
  }

  private ternary([cond, yes, no]: [Node, Node, Node], s: Scope): C {
    const t = this.node(cond, s).fn;
    const ac = this.node(yes, s);
    const bc = this.node(no, s);
    if (ac.k?.v === true && bc.k?.v === false) {
      // `p ? true : false`, the step of exists() and all(): p itself, if it is a bool.
      return {
        fn: (c) => {
          const v = t(c);
          return typeof v === 'boolean' ? v : fail();
        },
      };
    }
    const a = ac.fn;
    const b = bc.fn;
    return {
      fn: (c) => {
        const v = t(c);
        if (v === true) return a(c);
        if (v === false) return b(c);
        return fail();
      },
    };
  }

  private list(items: readonly Node[], s: Scope): C {
    const fs = items.map((i) => this.node(i, s).fn);
    const n = fs.length;
    if (n === 0) return { fn: () => [] };
    return {
      fn: (c) => {
        const out = new Array<unknown>(n);
        for (let i = n - 1; i >= 0; i--) out[i] = (fs[i] as Fn)(c); // cel-js evaluates them last first
        return out;
      },
    };
  }

  private map(entries: readonly [Node, Node][], s: Scope): C {
    const fs = entries.map(([k, v]) => [this.node(k, s).fn, this.node(v, s).fn] as const);
    return {
      fn: (c) => {
        // cel-js's safeFromEntries: a plain object; keys that could reach the prototype are dropped.
        const out: Ctx = {};
        const values: [unknown, unknown][] = fs.map(([k, v]) => [k(c), v(c)]);
        for (const [k, v] of values) {
          if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
          out[propertyName(k)] = v;
        }
        return out;
      },
    };
  }

  private binary(op: string, [left, right]: [Node, Node], s: Scope): C {
    const lc = this.node(left, s);
    const rc = this.node(right, s);
    const l = lc.fn;
    const r = rc.fn;
    const both = (f: (a: unknown, b: unknown) => unknown): C =>
      lc.k !== undefined && rc.k !== undefined ? fold((c) => f(l(c), r(c))) : { fn: (c) => f(l(c), r(c)) };
    switch (op) {
      case '==':
      case '!=': {
        const same = op === '==';
        // The common `x == "literal"`: strings compare with ===, anything else takes the general path.
        const lit = rc.k !== undefined ? rc.k.v : lc.k !== undefined ? lc.k.v : undefined;
        if (typeof lit === 'string' && (lc.k === undefined) !== (rc.k === undefined)) {
          const other = rc.k !== undefined ? l : r;
          return {
            fn: (c) => {
              const v = other(c);
              return (typeof v === 'string' ? v === lit : equals(v, lit)) === same;
            },
          };
        }
        return both((a, b) => equals(a, b) === same);
      }
      case 'in': {
        // A list literal of constants on the right: built once, looked up in a Set when it holds strings.
        const constants = this.constantList(right);
        if (constants !== undefined) {
          const strings = constants.every((x) => typeof x === 'string') ? new Set(constants) : undefined;
          return {
            fn: (c) => {
              const a = l(c);
              if (strings !== undefined && typeof a === 'string') return strings.has(a);
              return contains(a, constants);
            },
          };
        }
        if (lc.k !== undefined && typeof lc.k.v === 'string' && rc.k === undefined) {
          // The common `"id" in flow.safeguards`: a list of strings, searched directly.
          const k = lc.k.v;
          return {
            fn: (c) => {
              const b = r(c);
              if (Array.isArray(b) && typeof b[0] === 'string' && b.constructor === Array)
                return b.includes(k);
              return contains(k, b);
            },
          };
        }
        return both(contains);
      }
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const rel = RELATIONS[op] as Relation;
        const slow = (a: unknown, b: unknown) => comparable(a, b) && rel(a as number, b as number);
        const k = rc.k === undefined || lc.k !== undefined ? undefined : asDouble(rc.k.v);
        if (k !== undefined) {
          // `count >= 100000`: a double compared with a constant, directly (exact: the constant is one).
          const big = (rc.k as { v: unknown }).v;
          const cmp = (a: unknown) => (typeof a === 'number' ? rel(a, k) : slow(a, big));
          return { fn: (c) => cmp(l(c)) };
        }
        return both(slow);
      }
      case '+':
        return both(add);
      case '-':
        return both(subtract);
      case '*':
        return both(multiply);
      case '/':
        return both(divide);
      default:
        return both(modulo);
    }
  }

  /** The values of a list literal made only of primitive literals, or undefined. */
  private constantList(n: Node): unknown[] | undefined {
    if (n.meta.alternate !== undefined || n.op !== 'list') return undefined;
    const items = n.args as Node[];
    if (items.length === 0) return undefined;
    const values: unknown[] = [];
    for (const i of items) {
      if (i.meta.alternate !== undefined || i.op !== 'value') return undefined;
      const v = i.args;
      if (typeof v === 'object' && v !== null) return undefined;
      values.push(v);
    }
    return values;
  }

  private call([name, args]: [string, Node[]], s: Scope): C {
    const fs = args.map((a) => this.node(a, s).fn);
    const custom = this.options.functions?.[name];
    if (custom !== undefined && hasOwn(this.options.functions ?? {}, name)) {
      if (custom.params.length !== fs.length) return this.unsupportedNode(`${name}()`);
      const params = custom.params;
      const handler = custom.handler as (...a: unknown[]) => unknown;
      return {
        fn: (c) => {
          const values = evaluateArgs(fs, c);
          for (let i = 0; i < values.length; i++) {
            const v = values[i];
            deepCheck(v);
            if (!matchesParam(params[i] as CelParam, v)) noOverload(v);
          }
          try {
            return handler(...values);
          } catch {
            return fail();
          }
        },
      };
    }
    const f = fs[0];
    if (fs.length === 1 && f !== undefined) {
      if (name === 'size') return { fn: (c) => size(f(c)) };
      if (name === 'dyn')
        return {
          fn: (c) => {
            const v = f(c);
            deepCheck(v);
            return v;
          },
        };
    }
    return this.unsupportedNode(`${name}()`);
  }

  private rcall([name, receiver, args]: [string, Node, Node[]], s: Scope): C {
    const o = this.node(receiver, s).fn;
    const fs = args.map((a) => this.node(a, s).fn);
    const x = fs[0];
    if (fs.length === 0 && name === 'size') return { fn: (c) => size(o(c)) };
    const test = STRING_METHODS[name];
    if (fs.length === 1 && x !== undefined && test !== undefined && hasOwn(STRING_METHODS, name)) {
      return {
        fn: (c) => {
          const arg = x(c); // cel-js evaluates the arguments, then the receiver
          const str = o(c);
          if (typeof str === 'string' && typeof arg === 'string') return test(str, arg);
          return noOverload(str, arg);
        },
      };
    }
    const transform = STRING_TRANSFORMS[name];
    if (fs.length === 0 && transform !== undefined && hasOwn(STRING_TRANSFORMS, name)) {
      return {
        fn: (c) => {
          const str = o(c);
          return typeof str === 'string' ? transform(str) : noOverload(str);
        },
      };
    }
    return this.unsupportedNode(`.${name}()`);
  }

  /** `has(a.b.c)`: `a.b` must exist (else an error), then whether `c` is present. */
  private macro(n: Node, s: Scope): C {
    const props = n.meta.macro?.macroHasProps;
    const call = n.args as [string, Node[]];
    if (n.op !== 'call' || call[0] !== 'has' || props === undefined || props.length < 2)
      return this.unsupportedNode(`${String(call[0])}() macro`);
    const root = props[props.length - 1] as Node;
    const path = props.slice(0, -1).map((p) => {
      const [, name] = p.args as [Node, string];
      return { op: p.op, name };
    });
    if (path.some((p) => p.op !== '.')) return this.unsupportedNode('has() with optional fields');
    const start = this.node(root, s).fn;
    const names = path.map((p) => p.name).reverse(); // innermost first
    const last = names.length - 1;
    return {
      fn: (c) => {
        let obj = start(c);
        for (let i = 0; i < last; i++) {
          obj = fieldIfPresent(obj, names[i] as string);
          if (obj === undefined) return fail(); // No such key on the way
        }
        return fieldIfPresent(obj, names[last] as string) !== undefined;
      },
    };
  }

  private comprehension(args: ComprehensionArgs, s: Scope): C {
    const iterable = this.node(args.iterable, s).fn;
    const item: Cell = { v: undefined };
    const accu: Cell = { v: undefined };
    const vars = new Map(s.vars);
    vars.set(args.iterVarName, item);
    const inner: Scope = { vars, accu };
    const init = this.node(args.init, inner).fn;
    const step = this.node(args.step, inner).fn;
    const check = typeCheckFor(itemType(args.iterable));
    const condition = args.condition;
    const result = args.result;
    if (args.errorsAreFatal) {
      // map, filter, exists_one: the first error is the result.
      return {
        fn: (c) => {
          const items = itemsOf(iterable(c));
          accu.v = init(c);
          const n = items.length;
          for (let i = 0; i < n; i++) {
            if (condition !== undefined && !condition(accu.v)) break;
            const x = items[i];
            check(x);
            item.v = x;
            accu.v = step(c);
          }
          return result(accu.v);
        },
      };
    }
    if (condition === undefined) return this.unsupportedNode('comprehension without a condition');
    // exists, all: an error on one item is absorbed when another item decides; else it is the result.
    return {
      fn: (c) => {
        const items = itemsOf(iterable(c));
        let acc = init(c);
        accu.v = acc;
        let errors = 0; // 1: only errors cel-js throws too; 2: also something left to cel-js
        const n = items.length;
        for (let i = 0; i < n; i++) {
          if (!condition(acc)) return result(acc);
          const x = items[i];
          try {
            check(x);
          } catch (e) {
            throw errors === 2 ? CEL_DEOPT : e; // cel-js may have stopped before this item
          }
          item.v = x;
          try {
            acc = step(c);
            accu.v = acc;
          } catch (e) {
            errors = e === CEL_FAIL && errors !== 2 ? 1 : 2;
          }
        }
        if (errors !== 0 && condition(acc)) throw errors === 2 ? CEL_DEOPT : CEL_FAIL;
        return result(acc);
      },
    };
  }

  private accu(n: Node, s: Scope): C {
    const cell = s.accu;
    if (cell === undefined) return this.unsupportedNode(n.op);
    if (n.op === 'accuValue') return { fn: () => cell.v };
    if (n.op === 'accuInc') return { fn: () => (cell.v = (cell.v as number) + 1) };
    const f = this.node(n.args as Node, s).fn;
    return {
      fn: (c) => {
        const list = cell.v as unknown[];
        list.push(f(c));
        return list;
      },
    };
  }
}

/**
 * The second operand of a two-operand `&&` / `||` whose first gave an error or not a bool (`unknown`:
 * or something left to cel-js): only a deciding second operand settles it, else it is an error.
 */
function settle(decides: boolean, unknown: boolean, r: Fn, c: Ctx): boolean {
  let b: unknown;
  try {
    b = r(c);
  } catch (e) {
    if (!unknown && e === CEL_FAIL) throw e;
    return deopt();
  }
  if (b === decides) return decides;
  return unknown ? deopt() : fail();
}

function evaluateArgs(fs: readonly Fn[], c: Ctx): unknown[] {
  const n = fs.length;
  const out = new Array<unknown>(n);
  for (let i = n - 1; i >= 0; i--) out[i] = (fs[i] as Fn)(c); // cel-js evaluates them last first
  return out;
}

function constant(v: unknown): C {
  return { fn: () => v, k: { v } };
}

/** A node whose operands are all constants: computed now when it gives a primitive, else at run time. */
function folded(operand: C, fn: Fn): C {
  return operand.k !== undefined ? fold(fn) : { fn };
}

function fold(fn: Fn): C {
  let v: unknown;
  try {
    v = fn({});
  } catch {
    return { fn };
  }
  return typeof v === 'object' && v !== null ? { fn } : constant(v);
}
