/** The deepest nesting of arrays and objects a JSON text may have (request bodies, flow files). */
export const MAX_JSON_DEPTH = 64;

/** Where a JSON text first nests too deep: the path of the container (`records.0.a.b`, shortened) and its offset. */
export interface TooDeep {
  readonly path: string;
  readonly offset: number;
}

/**
 * Finds where a JSON text (or NDJSON: several values) nests deeper than `maxDepth` arrays and objects,
 * without parsing it, so that a deep text is refused before a recursive parser overflows the stack on it.
 * `null` when within the limit. Malformed JSON is left for the parser to report.
 */
export function findTooDeep(text: string, maxDepth: number = MAX_JSON_DEPTH): TooDeep | null {
  // The path to the current position: an object's current key, or an array's current index.
  const stack: { array: boolean; key: string | number }[] = [];
  let expectKey = false;
  let lastString = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i + 1;
      i++;
      while (i < text.length && text.charCodeAt(i) !== 0x22) {
        if (text.charCodeAt(i) === 0x5c /* \ */) i++;
        i++;
      }
      if (expectKey) lastString = text.slice(start, Math.min(i, start + 64));
      continue;
    }
    const top = stack[stack.length - 1];
    switch (c) {
      case 0x7b /* { */:
      case 0x5b /* [ */:
        stack.push({ array: c === 0x5b, key: c === 0x5b ? 0 : '' });
        expectKey = c === 0x7b;
        if (stack.length > maxDepth) return { path: pathOf(stack), offset: i };
        break;
      case 0x7d /* } */:
      case 0x5d /* ] */:
        stack.pop();
        expectKey = false;
        break;
      case 0x3a /* : */:
        if (top && !top.array) top.key = lastString;
        expectKey = false;
        break;
      case 0x2c /* , */:
        if (top?.array) top.key = (top.key as number) + 1;
        expectKey = top !== undefined && !top.array;
        break;
      default:
        break;
    }
  }
  return null;
}

function pathOf(stack: readonly { key: string | number }[]): string {
  // The outermost container is the body itself; its members start the path.
  const keys = stack.slice(0, -1).map((s) => String(s.key));
  return keys.length <= 8 ? keys.join('.') : `${keys.slice(0, 6).join('.')}…${keys.at(-1)}`;
}
