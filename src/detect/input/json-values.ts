// Incremental splitting of JSON text into top-level values, and of a top-level array into its
// elements, without parsing them: only strings, escapes and brackets are tracked. Each piece is then
// parsed on its own, so a file holding one huge array is scanned element by element in bounded
// memory, and a syntax error costs one element, not the file.

/** One top-level value (or array element): its index, the 1-based line it starts on, and its text. */
export interface JsonPiece {
  readonly index: number;
  readonly line: number;
  /** The text, or null when it exceeded the cap (then it was skipped). */
  readonly text: string | null;
  /** The size of the piece in UTF-16 units. */
  readonly length: number;
}

/** Splits JSON text fed in chunks into top-level values; a top-level array yields its elements. */
export class JsonValueSplitter {
  private depth = 0;
  private inString = false;
  private escape = false;
  private buf = '';
  private bufLength = 0;
  private overflow = false;
  private started = false;
  private pieceLine = 1;
  private line = 1;
  private index = 0;
  /** 0: before the first value; 1: inside a top-level array; 2: a sequence of top-level values. */
  private mode: 0 | 1 | 2 = 0;
  private arrayClosed = false;

  constructor(private readonly maxValueChars: number) {}

  /** Feeds a chunk; returns the pieces it completed. */
  push(chunk: string): JsonPiece[] {
    const out: JsonPiece[] = [];
    let from = this.started ? 0 : -1;
    const take = (to: number) => {
      if (from >= 0 && to > from) this.add(chunk.slice(from, to));
      from = -1;
    };
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 92) this.escape = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      const base = this.mode === 1 ? 1 : 0;
      if (!this.started) {
        if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) continue;
        if (this.mode === 0) {
          if (c === 91) {
            this.mode = 1;
            this.depth = 1;
            continue;
          }
          this.mode = 2;
        } else if (this.mode === 1) {
          if (c === 44) continue;
          if (c === 93 && this.depth === 1) {
            this.depth = 0;
            this.arrayClosed = true;
            this.mode = 2;
            continue;
          }
        }
        this.started = true;
        this.pieceLine = this.line;
        from = i;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) {
        this.depth--;
        if (this.depth === base) {
          take(i + 1);
          out.push(this.finish());
          continue;
        }
        if (this.depth < base) {
          // `]` closing the top-level array right after a scalar element.
          take(i);
          out.push(this.finish());
          this.depth = 0;
          this.arrayClosed = true;
          this.mode = 2;
          continue;
        }
      } else if (this.depth === base && (c === 44 || c === 32 || c === 10 || c === 13 || c === 9)) {
        // The end of a scalar value (number, true, false, null) at the top level.
        take(i);
        out.push(this.finish());
        continue;
      }
      if (from < 0 && this.started) from = i;
    }
    if (from >= 0) this.add(chunk.slice(from));
    return out;
  }

  /** Ends the input; returns the last piece if it was cut short (it will fail to parse). */
  end(): JsonPiece[] {
    if (!this.started) return [];
    return [this.finish()];
  }

  /** True when the input was a top-level array that was properly closed (or no array). */
  get complete(): boolean {
    return this.mode !== 1 || this.arrayClosed;
  }

  private add(s: string): void {
    this.bufLength += s.length;
    if (this.overflow) return;
    if (this.buf.length + s.length > this.maxValueChars) {
      this.overflow = true;
      this.buf = '';
      return;
    }
    this.buf += s;
  }

  private finish(): JsonPiece {
    const piece: JsonPiece = {
      index: this.index++,
      line: this.pieceLine,
      text: this.overflow ? null : this.buf,
      length: this.bufLength,
    };
    this.buf = '';
    this.bufLength = 0;
    this.overflow = false;
    this.started = false;
    this.inString = false;
    this.escape = false;
    return piece;
  }
}
