import * as jsonc from 'jsonc-parser';
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { findTooDeep, MAX_JSON_DEPTH } from './json-depth.js';
import type { DocPath } from './problem.js';

/** A 1-based line and column in a text. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A syntax error found while reading a document, with its position. */
export interface SyntaxProblem extends SourcePosition {
  readonly message: string;
}

/** A parsed YAML or JSON document that can say where each of its values came from. */
export interface LocatedDocument {
  /** The plain value (objects, arrays, strings, numbers, booleans, null); undefined when unreadable. */
  readonly value: unknown;
  readonly syntaxErrors: readonly SyntaxProblem[];
  /** Where the value at `path` starts; for a path that does not exist, where its nearest ancestor starts. */
  locate(path: DocPath): SourcePosition;
  /** Where the key of the property at `path` starts (for unknown or misspelt property names). */
  locateKey(path: DocPath): SourcePosition;
}

/** Which syntax to read. */
export type DocumentFormat = 'yaml' | 'json';

const MAX_ALIASES = 100;
const START: SourcePosition = { line: 1, column: 1 };

/**
 * Reads YAML 1.2 (core schema, so `NO` stays a string and dates stay strings) or strict JSON
 * (RFC 8259: no comments, no trailing commas), keeping the position of every value.
 */
export function parseLocatedDocument(text: string, format: DocumentFormat): LocatedDocument {
  const offsets = lineStarts(text);
  const toPos = (offset: number): SourcePosition => {
    let lo = 0;
    let hi = offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((offsets[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (offsets[lo] ?? 0) + 1 };
  };
  return format === 'json' ? parseJson(text, toPos) : parseYaml(text, toPos);
}

type ToPos = (offset: number) => SourcePosition;

function parseYaml(text: string, toPos: ToPos): LocatedDocument {
  const doc = parseDocument(text, {
    lineCounter: new LineCounter(),
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    version: '1.2',
    schema: 'core',
  });
  const syntaxErrors: SyntaxProblem[] = doc.errors.map((e) => ({
    ...toPos(e.pos[0]),
    message: yamlMessage(e.code, e.message),
  }));
  let value: unknown;
  if (syntaxErrors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (err) {
      syntaxErrors.push({ line: 1, column: 1, message: yamlMessage('', String((err as Error).message)) });
    }
  }
  const walk = (path: DocPath): { node: Node | null; depth: number; keyNode: Node | null } => {
    let node: unknown = doc.contents;
    let keyNode: Node | null = null;
    let depth = 0;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
        );
        if (pair === undefined) break;
        keyNode = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg];
        if (item === undefined) break;
        keyNode = null;
        node = item;
      } else break;
      depth++;
    }
    return { node: (node as Node | null) ?? null, depth, keyNode };
  };
  return {
    value,
    syntaxErrors,
    locate(path) {
      const { node, keyNode } = walk(path);
      const range = node?.range ?? keyNode?.range;
      return range ? toPos(range[0]) : START;
    },
    locateKey(path) {
      const { node, depth, keyNode } = walk(path);
      if (depth === path.length && keyNode?.range) return toPos(keyNode.range[0]);
      return node?.range ? toPos(node.range[0]) : START;
    },
  };
}

function parseJson(text: string, toPos: ToPos): LocatedDocument {
  // The tree parser recurses: refuse a text nested past any real document before it overflows the stack.
  const tooDeep = findTooDeep(text, MAX_JSON_DEPTH);
  const errors: jsonc.ParseError[] = [];
  const root = tooDeep
    ? undefined
    : jsonc.parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const syntaxErrors = errors.map((e) => ({ ...toPos(e.offset), message: jsonMessage(e.error) }));
  if (tooDeep)
    syntaxErrors.push({ ...toPos(tooDeep.offset), message: `nested deeper than ${MAX_JSON_DEPTH} levels` });
  let value: unknown;
  if (syntaxErrors.length === 0 && root !== undefined) value = jsonc.getNodeValue(root);
  if (root === undefined && syntaxErrors.length === 0)
    syntaxErrors.push({ line: 1, column: 1, message: 'empty document' });
  const walk = (path: DocPath): { node: jsonc.Node | undefined; depth: number } => {
    let node = root;
    let depth = 0;
    for (const seg of path) {
      const next = node ? jsonc.findNodeAtLocation(node, [seg]) : undefined;
      if (next === undefined) break;
      node = next;
      depth++;
    }
    return { node, depth };
  };
  return {
    value,
    syntaxErrors,
    locate(path) {
      const { node } = walk(path);
      return node ? toPos(node.offset) : START;
    },
    locateKey(path) {
      const { node, depth } = walk(path);
      const keyNode =
        depth === path.length && node?.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      const at = keyNode ?? node;
      return at ? toPos(at.offset) : START;
    },
  };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

// The parsers' own messages may quote the input; keep only the diagnosis so no value is echoed.
function yamlMessage(code: string, message: string): string {
  const known: Record<string, string> = {
    DUPLICATE_KEY: 'duplicate key',
    BAD_INDENT: 'bad indentation',
    MISSING_CHAR: 'missing character',
    MULTIPLE_DOCS: 'a file holds one flow declaration; found more than one YAML document',
    TAB_AS_INDENT: 'tabs are not allowed as indentation',
    BLOCK_AS_IMPLICIT_KEY: 'a nested block cannot be a key; is a colon missing or extra?',
    UNEXPECTED_TOKEN: 'unexpected token',
    BAD_ALIAS: 'bad alias',
    MULTILINE_IMPLICIT_KEY: 'an implicit key must be on one line; is a colon missing?',
    ALIAS_PROPS: 'an alias cannot have properties',
    MISSING_ANCHOR: 'alias of an unknown anchor',
  };
  if (known[code]) return known[code];
  if (/aliases/i.test(message)) return 'too many aliases (limit 100)';
  return `yaml syntax error (${code.toLowerCase().replace(/_/g, ' ') || 'unreadable'})`;
}

function jsonMessage(error: jsonc.ParseErrorCode): string {
  return jsonc
    .printParseErrorCode(error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}
