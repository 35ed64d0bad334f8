// Incremental CSV/TSV parsing (RFC 4180: quoted fields with doubled quotes, CR LF or LF, newlines
// inside quotes), with fields and rows capped so that a malformed file cannot exhaust memory.

/** A parsed row: its 0-based index (the header is row 0), the 1-based line it starts on, its fields. */
export interface CsvRow {
  readonly index: number;
  readonly line: number;
  readonly fields: readonly string[];
  /** A field was cut at the cap, or the row had more fields than allowed. */
  readonly truncated: boolean;
}

/** Options of the CSV parser. */
export interface CsvOptions {
  readonly delimiter: string;
  readonly maxFieldChars: number;
  readonly maxFields: number;
}

/** Parses delimited text fed in chunks. */
export class CsvParser {
  private field = '';
  private fields: string[] = [];
  private quoted = false;
  /** Inside quotes, the previous character was a quote (either an escape or the closing quote). */
  private quotePending = false;
  private atFieldStart = true;
  private truncated = false;
  private rowIndex = 0;
  private line = 1;
  private rowLine = 1;
  private lastWasCr = false;
  private readonly d: number;

  constructor(private readonly options: CsvOptions) {
    this.d = options.delimiter.charCodeAt(0);
  }

  /** Feeds a chunk; returns the rows it completed. */
  push(chunk: string): CsvRow[] {
    const out: CsvRow[] = [];
    const n = chunk.length;
    let plainFrom = -1; // start of a run of ordinary characters not yet appended
    const flushPlain = (to: number) => {
      if (plainFrom >= 0) {
        this.append(chunk.slice(plainFrom, to));
        plainFrom = -1;
      }
    };
    for (let i = 0; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (this.quoted) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === 34) {
            this.append('"');
            continue;
          }
          this.quoted = false; // the pending quote closed the field; fall through
        } else if (c === 34) {
          flushPlain(i);
          this.quotePending = true;
          continue;
        } else {
          if (c === 10) this.line++;
          if (plainFrom < 0) plainFrom = i;
          continue;
        }
      }
      if (c === 34 && this.atFieldStart) {
        flushPlain(i);
        this.quoted = true;
        this.atFieldStart = false;
        continue;
      }
      if (c === this.d) {
        flushPlain(i);
        this.endField();
        this.lastWasCr = false;
        continue;
      }
      if (c === 10 || c === 13) {
        flushPlain(i);
        if (c === 10 && this.lastWasCr) {
          this.lastWasCr = false;
          continue;
        }
        this.lastWasCr = c === 13;
        this.line++;
        const row = this.endRow();
        if (row !== null) out.push(row);
        continue;
      }
      this.lastWasCr = false;
      this.atFieldStart = false;
      if (plainFrom < 0) plainFrom = i;
    }
    flushPlain(n);
    return out;
  }

  /** Ends the input; returns the last row if it had no line end. */
  end(): CsvRow[] {
    // An unterminated quote ends with the input.
    this.quotePending = false;
    this.quoted = false;
    if (this.field === '' && this.fields.length === 0 && this.atFieldStart) return [];
    const row = this.endRow();
    return row === null ? [] : [row];
  }

  private append(s: string): void {
    this.atFieldStart = false;
    const room = this.options.maxFieldChars - this.field.length;
    if (s.length <= room) this.field += s;
    else {
      if (room > 0) this.field += s.slice(0, room);
      this.truncated = true;
    }
  }

  private endField(): void {
    if (this.fields.length < this.options.maxFields) this.fields.push(this.field);
    else this.truncated = true;
    this.field = '';
    this.atFieldStart = true;
  }

  private endRow(): CsvRow | null {
    if (this.quoted) {
      // A line end inside quotes belongs to the field.
      this.append('\n');
      return null;
    }
    this.endField();
    const fields = this.fields;
    const row: CsvRow = { index: this.rowIndex++, line: this.rowLine, fields, truncated: this.truncated };
    this.fields = [];
    this.truncated = false;
    this.rowLine = this.line;
    // Blank lines are not rows.
    if (fields.length === 1 && fields[0] === '') {
      this.rowIndex--;
      return null;
    }
    return row;
  }
}

/** Guesses the delimiter of a delimited text from its first lines: tab, comma, semicolon or `|`. */
export function sniffDelimiter(sample: string): string | null {
  const lines = sample
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .slice(0, 5);
  if (lines.length === 0) return null;
  let best: string | null = null;
  let bestScore = 0;
  for (const d of ['\t', ',', ';', '|']) {
    const counts = lines.map((l) => l.split(d).length - 1);
    const first = counts[0]!;
    if (first === 0) continue;
    const consistent = counts.every((c) => c === first) ? 2 : 1;
    const score = first * consistent;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** A row as a record keyed by the header's column names (`column_N` for columns beyond the header). */
export function rowRecord(header: readonly string[], fields: readonly string[]): Record<string, string> {
  const rec: Record<string, string> = {};
  for (let i = 0; i < fields.length; i++) {
    let name = header[i];
    if (name === undefined || name === '' || name in rec) name = `column_${i + 1}`;
    rec[name] = fields[i]!;
  }
  return rec;
}
