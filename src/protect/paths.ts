// Field paths. A mapping names fields with JSONPath-like paths: `$.customer.phone`, `customer.phone`,
// `items[*].name` (also `items[].name`), `items[0].name`, `$['ship to'].city`, `*` for any member. The
// paths the transformer reports are RFC 9535 normalized paths with the member-name shorthand where it is
// allowed (`$.items[0].name`, `$['ship to']`), the same as the detector's findings.

import { ProtectError } from './errors.js';

/** One step of a path pattern: a member name, an array index, or any member or index. */
export type PathStep =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'any' };

const NAME_START = /[A-Za-z_\u0080-\uffff]/;
const NAME_CHAR = /[A-Za-z0-9_\u0080-\uffff-]/;

/** Parses a path pattern; throws `DC_PROTECT_CONTEXT` naming the position of the first problem. */
export function parsePathPattern(pattern: string): PathStep[] {
  const steps: PathStep[] = [];
  let i = 0;
  const s = pattern.trim();
  const fail = (why: string): never => {
    throw new ProtectError('DC_PROTECT_CONTEXT', `path \`${pattern}\`: ${why} at character ${i + 1}`);
  };
  if (s.startsWith('$')) i = 1;
  let first = true;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '.') {
      i++;
      if (s[i] === '*') {
        steps.push({ kind: 'any' });
        i++;
      } else readName();
    } else if (c === '[') {
      i++;
      if (s[i] === ']') {
        steps.push({ kind: 'any' });
        i++;
      } else if (s[i] === '*' && s[i + 1] === ']') {
        steps.push({ kind: 'any' });
        i += 2;
      } else if (s[i] === "'" || s[i] === '"') {
        const quote = s[i]!;
        i++;
        let name = '';
        while (i < s.length && s[i] !== quote) {
          if (s[i] === '\\' && i + 1 < s.length) i++;
          name += s[i];
          i++;
        }
        if (s[i] !== quote || s[i + 1] !== ']') fail('unclosed quoted name');
        i += 2;
        steps.push({ kind: 'name', name });
      } else {
        const m = /^\d+/.exec(s.slice(i));
        if (!m || s[i + m[0].length] !== ']') fail('expected an index, `*` or a quoted name');
        steps.push({ kind: 'index', index: Number(m![0]) });
        i += m![0].length + 1;
      }
    } else if (first && c === '*') {
      steps.push({ kind: 'any' });
      i++;
    } else if (first && NAME_START.test(c)) readName();
    else fail('unexpected character');
    first = false;
  }
  return steps;

  function readName(): void {
    const start = i;
    if (!NAME_START.test(s[i] ?? '')) fail('expected a member name');
    while (i < s.length && NAME_CHAR.test(s[i]!)) i++;
    steps.push({ kind: 'name', name: s.slice(start, i) });
  }
}

// RFC 9535 member-name-shorthand: name-first (ALPHA, `_`, non-ASCII) then name-chars (also DIGIT).
const SHORTHAND = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*$/;

/** Appends a member name to a normalized path: `.name` where the shorthand allows it, else `['na me']`. */
export function childPath(path: string, key: string): string {
  if (SHORTHAND.test(key)) return `${path}.${key}`;
  return `${path}['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/** A path with its array indices replaced by `[*]`: the form explanations are grouped by. */
export function wildcardPath(path: string): string {
  return path.replace(/\[\d+\]/g, '[*]');
}

/** A mapping of path patterns to values, compiled into a trie for one walk per record. */
export interface PathTrie<T> {
  readonly root: TrieNode<T>;
}

/** A node of a path trie. */
export interface TrieNode<T> {
  readonly names: Map<string, TrieNode<T>>;
  readonly indices: Map<number, TrieNode<T>>;
  any: TrieNode<T> | undefined;
  /** The value of a pattern ending here, with its specificity (fewer wildcards first, then declaration order). */
  terminal: { readonly value: T; readonly rank: number } | undefined;
}

function emptyNode<T>(): TrieNode<T> {
  return { names: new Map(), indices: new Map(), any: undefined, terminal: undefined };
}

/** Compiles patterns to a trie; a later pattern with the same steps replaces an earlier one. */
export function compilePathTrie<T>(entries: readonly (readonly [string, T])[]): PathTrie<T> {
  const root = emptyNode<T>();
  entries.forEach(([pattern, value], order) => {
    const steps = parsePathPattern(pattern);
    let node = root;
    let wildcards = 0;
    for (const step of steps) {
      if (step.kind === 'name') {
        let next = node.names.get(step.name);
        if (next === undefined) {
          next = emptyNode();
          node.names.set(step.name, next);
        }
        node = next;
      } else if (step.kind === 'index') {
        let next = node.indices.get(step.index);
        if (next === undefined) {
          next = emptyNode();
          node.indices.set(step.index, next);
        }
        node = next;
      } else {
        wildcards++;
        node.any ??= emptyNode();
        node = node.any;
      }
    }
    node.terminal = { value, rank: wildcards * 1_000_000 + order };
  });
  return { root };
}

/** The nodes reached from `nodes` by a member name or an array index. */
export function stepTrie<T>(nodes: readonly TrieNode<T>[], key: string | number): TrieNode<T>[] {
  const out: TrieNode<T>[] = [];
  for (const node of nodes) {
    const exact = typeof key === 'number' ? node.indices.get(key) : node.names.get(key);
    if (exact !== undefined) out.push(exact);
    if (node.any !== undefined) out.push(node.any);
  }
  return out;
}

/** The most specific value among the nodes' terminals. */
export function bestTerminal<T>(nodes: readonly TrieNode<T>[]): T | undefined {
  let best: { value: T; rank: number } | undefined;
  for (const node of nodes) {
    const t = node.terminal;
    if (t !== undefined && (best === undefined || t.rank < best.rank)) best = t;
  }
  return best?.value;
}

/** Reads the value at a path without wildcards (`$.customer.id`); undefined when absent. */
export function valueAt(record: unknown, steps: readonly PathStep[]): unknown {
  let node: unknown = record;
  for (const step of steps) {
    if (node === null || typeof node !== 'object') return undefined;
    if (step.kind === 'name')
      node = Array.isArray(node) ? undefined : (node as Record<string, unknown>)[step.name];
    else if (step.kind === 'index') node = Array.isArray(node) ? node[step.index] : undefined;
    else return undefined;
  }
  return node;
}
