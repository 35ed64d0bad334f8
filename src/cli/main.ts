import { Command, CommanderError, Option } from 'commander';
import { DataCustomsError } from '../shared/errors.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { type CliIo, processIo } from './io.js';
import { registerLedgerCommand } from './ledger-command.js';
import { registerScanCommand } from './scan-command.js';
import { runTaxonomy } from './taxonomy-command.js';
import { runValidate } from './validate-command.js';
import { registerWitnessCommand } from './witness-command.js';

/** Builds the `customs` command tree; `exit` receives each command's exit code. */
function buildProgram(io: CliIo, exit: (code: number) => void): Command {
  const program = new Command('customs')
    .description('Data Customs: classify, decide, enforce, count and record personal data leaving a country.')
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride();

  program
    .command('taxonomy')
    .description('print the category tree with tiers and classes under each law, or one category')
    .argument('[key]', 'a category key, e.g. user.contact.phone_number')
    .option('--json', 'print JSON')
    .addOption(new Option('--lang <lang>', 'language of names').choices(['en', 'zh']).default('en'))
    .option('--purposes', 'list the purposes (data uses) instead')
    .option('--subjects', 'list the subject kinds instead')
    .action((key: string | undefined, opts) => exit(runTaxonomy(key, opts, io)));

  program
    .command('validate')
    .description(
      'check flow declarations (YAML or JSON files, folders, or - for stdin); exit 0 valid, 1 invalid, 2 usage',
    )
    .argument('<flow...>', 'flow files or folders')
    .option('--json', 'print the results as JSON')
    .option('-q, --quiet', 'print only problems')
    .option(
      '--recipients <file>',
      'a YAML or JSON list of recipients-registry entries, for recipients { ref: id }',
    )
    .action(async (paths: string[], opts) => exit(await runValidate(paths, opts, io)));

  registerScanCommand(program, io, exit);

  program
    .command('check')
    .description(
      'evaluate a flow against every rulebook: exit 0 allowed or conditional, 3 mechanism missing, 4 prohibited',
    )
    .argument('<flow>', 'a flow file (YAML or JSON), or - for stdin')
    .option('--json', 'print the verdict object (DESIGN.md)')
    .addOption(new Option('--lang <lang>', 'language of the explanation').choices(['en', 'zh']).default('en'))
    .option('--no-what-if', 'skip the variants that say what would change the verdict')
    .option('--trace', 'record every rule tested in the trace')
    .option(
      '--recipients <file>',
      'a YAML or JSON list of recipients-registry entries, for a flow whose recipient is { ref: id }',
    )
    .action(async (path: string, opts) => {
      const { runCheck } = await import('./check-command.js');
      exit(await runCheck(path, opts, io));
    });

  const rulebooks = program
    .command('rulebooks')
    .description('list the rulebooks with their coverage, version, sources and last check')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const { runRulebooksList } = await import('./rulebooks-command.js');
      exit(runRulebooksList(opts, io));
    });
  rulebooks
    .command('test')
    .description("run every rulebook's scenarios; prints N passed, N failed")
    .option('-v, --verbose', 'list passing scenarios too')
    .option('--jurisdiction <code>', 'only this jurisdiction')
    .action(async (opts) => {
      const { runRulebooksTest } = await import('./rulebooks-command.js');
      exit(runRulebooksTest(opts, io));
    });

  program
    .command('lists')
    .description(
      'the white lists and negative lists (adequacy, CBPR, FTZ negative lists, countries of concern): list them, or show one as it stood on a date',
    )
    .argument('[action]', 'list (default) or show')
    .argument('[name]', 'a list name, e.g. eu.adequacy')
    .option('--at <date>', 'the day to show (YYYY-MM-DD, default today)')
    .option('--json', 'print JSON')
    .addOption(new Option('--lang <lang>', 'language of titles').choices(['en', 'zh']).default('en'))
    .action(async (action: string | undefined, name: string | undefined, opts) => {
      const { readListsArguments, runLists } = await import('./lists-command.js');
      const args = readListsArguments(action, name);
      exit(runLists(args.action, args.name, opts, io));
    });

  program
    .command('serve')
    .description(
      'run the HTTP server (API, OpenAPI docs at /docs, dashboard at /ui/) on the embedded SQLite or PostgreSQL',
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '7300')
    .option('--data <dir>', 'data directory for the embedded SQLite store', './.customs')
    .option('--db <url>', 'PostgreSQL URL (postgres://...) instead of the embedded SQLite')
    .option('--demo', 'load the example flows into the store at start')
    .option('--rate-limit <n>', 'requests per minute per API key (or client address); 0: no limit', '1200')
    .option('--alert-webhook <url>', 'POST a JSON alert here when a counter passes a fraction of a threshold')
    .option(
      '--alert-fractions <list>',
      'fractions of each threshold that alert, comma-separated',
      '0.8,0.9,1',
    )
    .option('--alert-format <format>', 'json (with a Slack-compatible text) or dingtalk (also WeCom)', 'json')
    .action(async (opts) => {
      const { runServe } = await import('./serve-command.js');
      exit(await runServe(opts, io));
    });

  program
    .command('demo')
    .description('load the example flows into the store (declared and versioned, as POST /v1/flows does)')
    .option('--data <dir>', 'data directory for the embedded SQLite store', './.customs')
    .option('--db <url>', 'PostgreSQL URL instead of the embedded SQLite')
    .action(async (opts) => {
      const { runDemo } = await import('./serve-command.js');
      exit(await runDemo(opts, io));
    });

  program
    .command('protect')
    .description(
      'protect NDJSON records for a destination by category, tier and profile rules; tokens go to the vault',
    )
    .argument('<file>', 'an NDJSON file, or - for stdin')
    .requiredOption('--profile <profile>', 'a profile name (default) or file')
    .requiredOption('--to <country>', 'ISO 3166-1 alpha-2 code of the destination')
    .option('--recipient <name>', 'the recipient')
    .option('--purpose <key>', 'the purpose')
    .option('--mechanism <id>', "the verdict's mechanism id")
    .option('--fields <mapping>', 'field mapping: a name (order) or a YAML file of path: category')
    .option('--explain', "print each field's category, tier, operator and rule on standard error")
    .option('--tenant <name>', 'tenant whose keys and vault to use')
    .option('--date <date>', 'the transfer date, YYYY-MM-DD (default today)')
    .option('--data <dir>', 'data directory (store and key file)', './.customs')
    .option('--db <url>', 'PostgreSQL URL instead of the embedded SQLite')
    .action(async (file: string, opts) => {
      const { runProtect } = await import('./protect-command.js');
      const { loadBundledLists } = await import('../bundled/bundled-lists.js');
      exit(await runProtect(file, opts, io, { lists: loadBundledLists() }));
    });

  const vault = program.command('vault').description('the in-country vault of tokenised values');
  vault
    .command('detokenize')
    .description(
      'return the original of a token to a caller whose role and purpose the profile grants; every access is recorded',
    )
    .argument('<token>', 'a token')
    .requiredOption('--purpose <key>', 'why the original is needed')
    .option('--role <role>', 'the caller role (default $CUSTOMS_ROLE)')
    .option('--from <country>', 'where the caller is (default $CUSTOMS_COUNTRY, else the vault country)')
    .option('--actor <name>', 'who is asking, for the access record')
    .option('--profile <profile>', 'the profile whose grants apply')
    .option('--tenant <name>', 'tenant')
    .option('--data <dir>', 'data directory', './.customs')
    .option('--db <url>', 'PostgreSQL URL')
    .action(async (token: string, opts) => {
      const { runVault } = await import('./vault-command.js');
      exit(await runVault('detokenize', token, opts, io));
    });
  vault
    .command('forget')
    .description('erase one person by crypto-shredding: their tokens no longer resolve, nothing else changes')
    .argument('<subject>', 'the subject identifier')
    .option('--actor <name>', 'who is asking, for the access record')
    .option('--role <role>', 'the caller role')
    .option('--tenant <name>', 'tenant')
    .option('--data <dir>', 'data directory', './.customs')
    .option('--db <url>', 'PostgreSQL URL')
    .action(async (subject: string, opts) => {
      const { runVault } = await import('./vault-command.js');
      exit(await runVault('forget', subject, opts, io));
    });

  const keys = program
    .command('keys')
    .description('API keys of the gateway, and the master keys of the vault');
  keys
    .command('rotate')
    .description('new master key version, then re-wrap every data key (old tokens still resolve)')
    .option('--data <dir>', 'data directory', './.customs')
    .option('--db <url>', 'PostgreSQL URL')
    .action(async (opts) => {
      const { runKeysRotate } = await import('./keys-command.js');
      exit(await runKeysRotate(opts, io));
    });
  keys
    .command('retire')
    .description('remove old master key versions that no data key uses any more (after rotate)')
    .option('--version <n...>', 'versions to retire (default: every one no data key uses)')
    .option('--data <dir>', 'data directory', './.customs')
    .option('--db <url>', 'PostgreSQL URL')
    .action(async (opts) => {
      const { runKeysRetire } = await import('./keys-command.js');
      exit(await runKeysRetire(opts, io));
    });
  keys
    .command('create')
    .description('create an API key; prints the key on standard output and nothing else')
    .requiredOption('--role <role>', 'admin, operator, auditor or regulator')
    .requiredOption('--tenant <name>', 'the tenant the key belongs to')
    .option('--label <text>', 'a label for the key')
    .option('--data <dir>', 'data directory', './.customs')
    .option('--db <url>', 'PostgreSQL URL')
    .action(async (opts) => {
      const { runApiKeyCreate } = await import('./api-keys-command.js');
      exit(await runApiKeyCreate(opts, io));
    });

  registerLedgerCommand(program, io, exit);
  registerWitnessCommand(program, io, exit);
  return program;
}

const VERSION = '0.1.0';

/**
 * Runs the `customs` command with these arguments and returns its exit code; never throws and never
 * prints a stack trace (set CUSTOMS_DEBUG=1 to see one).
 *
 * @example
 * process.exitCode = await main(['validate', 'examples/']);
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  if (argv.length === 0) {
    io.out(program.helpInformation());
    return EXIT.usage;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      )
        return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof DataCustomsError) {
      io.err(`customs: ${err.message}\n`);
      return exitCodeFor(err.code);
    }
    io.err(
      `customs: internal error (DC_INTERNAL): ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`,
    );
    if (process.env.CUSTOMS_DEBUG === '1' && err instanceof Error) io.err(`${err.stack}\n`);
    return EXIT.internal;
  }
}
