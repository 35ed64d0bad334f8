// Incremental line splitting for NDJSON and plain text: text arrives in chunks of any size and lines
// come out whole, each capped at `maxLineChars` so that one enormous line cannot exhaust memory.

/** A line of input: its 0-based index, its text (at most the cap) and whether it was cut. */
export interface Line {
  readonly index: number;
  readonly text: string;
  /** The line was longer than the cap; `text` is its beginning. */
  readonly truncated: boolean;
  /** The full length of the line in UTF-16 units (known once it ended). */
  readonly length: number;
}

/** Splits a stream of text into lines (`\n`, `\r\n`), keeping at most `maxLineChars` of each. */
export class LineSplitter {
  private buf = '';
  private index = 0;
  private dropping = false;
  private droppedLength = 0;

  constructor(private readonly maxLineChars: number) {}

  /** Feeds a chunk; returns the lines it completed. */
  push(chunk: string): Line[] {
    const out: Line[] = [];
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', from);
      if (nl === -1) {
        this.keep(chunk.slice(from));
        return out;
      }
      this.keep(chunk.slice(from, nl));
      out.push(this.finish());
      from = nl + 1;
    }
  }

  /** Ends the input; returns the last line if it had no newline. */
  end(): Line[] {
    if (this.buf === '' && !this.dropping) return [];
    return [this.finish()];
  }

  private keep(piece: string): void {
    if (this.dropping) {
      this.droppedLength += piece.length;
      return;
    }
    const room = this.maxLineChars - this.buf.length;
    if (piece.length <= room) {
      this.buf += piece;
      return;
    }
    this.buf += piece.slice(0, Math.max(0, room));
    this.dropping = true;
    this.droppedLength = piece.length - Math.max(0, room);
  }

  private finish(): Line {
    let text = this.buf;
    if (!this.dropping && text.endsWith('\r')) text = text.slice(0, -1);
    const line: Line = {
      index: this.index++,
      text,
      truncated: this.dropping,
      length: this.buf.length + this.droppedLength,
    };
    this.buf = '';
    this.dropping = false;
    this.droppedLength = 0;
    return line;
  }
}
