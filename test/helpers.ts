import type { CliIo } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';

/** Runs the `customs` command in process and captures what it prints. */
export async function runCli(
  args: readonly string[],
  options: { stdin?: string; cwd?: string; today?: string } = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    readStdin: async () => options.stdin ?? '',
    isTty: false,
    cwd: options.cwd ?? process.cwd(),
    today: () => options.today ?? '2026-11-29',
  };
  const code = await main(args, io);
  return { code, out, err };
}

/** A valid flow declaration in YAML, small enough to edit in tests. */
export const MINIMAL_FLOW_YAML = `version: 1
id: test-flow
date: 2026-11-29
exporter:
  name: Example Marketplace SAS
  country: FR
  targets: [EU]
recipient:
  name: Hangzhou Support Centre Ltd
  country: CN
  relation: group_company
  role: processor
subjects:
  - residence: FR
    kind: customer
    count: 40000
categories: [user.name, user.contact.address, user.contact.phone_number]
purpose: essential.service.operations.support
safeguards: [eu.scc]
`;
