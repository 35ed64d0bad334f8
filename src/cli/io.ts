/** Where the CLI writes; a parameter so that tests can capture output in process. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Reads all of standard input (for `-` arguments). */
  readonly readStdin: () => Promise<string>;
  /** Standard input as a stream, for commands that must not hold it all in memory (`customs scan -`). */
  readonly stdinStream?: () => AsyncIterable<Uint8Array | string>;
  readonly isTty: boolean;
  readonly cwd: string;
  /** Today's date, YYYY-MM-DD (UTC), from the clock at the edge. */
  readonly today: () => string;
}

/** The real terminal. */
export function processIo(): CliIo {
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    stdinStream: () => process.stdin,
    isTty: Boolean(process.stdout.isTTY),
    cwd: process.cwd(),
    today: () => new Date().toISOString().slice(0, 10),
  };
}
