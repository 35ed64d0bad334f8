// Adapter: `customs protect`: streams NDJSON records through a protection profile, tokens going to the
// vault in the data directory's store. Memory stays bounded: records are read line by line and protected
// in batches (one vault write per batch). Malformed lines are reported with their line number (never their
// content) and skipped.

import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { parse as parseYaml } from 'yaml';
import { loadBundledTaxonomy, PACKAGE_ROOT } from '../bundled/bundled-data.js';
import { readCountry } from '../geo/index.js';
import {
  createProtector,
  createVault,
  type FieldClassifier,
  type FieldExplanation,
  type ListLookup,
  OPERATOR_INFO,
  type OperatorName,
  type Profile,
  ProtectError,
  parseProfileOrThrow,
  type RecordScanner,
  type Vault,
  wildcardPath,
} from '../protect/index.js';
import { DataCustomsError } from '../shared/errors.js';
import type { StoreLocation } from '../store/store.js';
import { openVaultStore, type VaultStore } from '../store/vault-store.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import type { CliIo } from './io.js';
import { nodeRandom, openKeyProvider } from './keys-command.js';

/** The tenant used when none is given. */
export const DEFAULT_TENANT = 'default';
/** Records protected per batch (one vault write each). */
export const PROTECT_BATCH = 256;

/** The store location of `--data DIR` / `--db URL`. */
export function storeLocationOf(
  options: { readonly data: string; readonly db?: string },
  cwd: string,
): StoreLocation {
  if (options.db !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(options.db))
      throw new DataCustomsError('DC_USAGE', '--db must be a postgres:// URL');
    return { kind: 'postgres', url: options.db };
  }
  return { kind: 'sqlite', dataDir: isAbsolute(options.data) ? options.data : join(cwd, options.data) };
}

const looksLikePath = (s: string) => s.includes('/') || /\.(ya?ml|json)$/i.test(s);

/** The folder of the profiles shipped with the package. */
export const PROFILES_DIR = join(PACKAGE_ROOT, 'profiles');

/**
 * Reads a profile by name (`default`: `profiles/default.yaml` of the package) or by path; throws
 * `DC_PROTECT_PROFILE_UNKNOWN`, or `DC_PROTECT_PROFILE_INVALID` with every problem located.
 */
export function loadProfile(nameOrPath: string, cwd: string, taxonomy: Taxonomy): Profile {
  const file = looksLikePath(nameOrPath)
    ? isAbsolute(nameOrPath)
      ? nameOrPath
      : join(cwd, nameOrPath)
    : join(PROFILES_DIR, `${nameOrPath}.yaml`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ProtectError(
      'DC_PROTECT_PROFILE_UNKNOWN',
      looksLikePath(nameOrPath)
        ? `cannot read the profile file ${nameOrPath}`
        : `no profile \`${nameOrPath}\` (the package ships: ${bundledProfileNames().join(', ')}); give a file path for your own`,
    );
  }
  const shown = relative(cwd, file) || file;
  return parseProfileOrThrow(text, {
    taxonomy,
    file: shown,
    format: /\.json$/i.test(file) ? 'json' : 'yaml',
  });
}

/** The names of the profiles shipped with the package. */
export function bundledProfileNames(): string[] {
  try {
    return readdirSync(PROFILES_DIR)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.slice(0, -5))
      .sort();
  } catch {
    return [];
  }
}

/**
 * Reads a field mapping (YAML or JSON object: path pattern -> category key, or `scan`) by name
 * (`order`: `profiles/fields/order.yaml`) or by path.
 */
export function loadFieldMapping(nameOrPath: string, cwd: string): Record<string, string> {
  const file = looksLikePath(nameOrPath)
    ? isAbsolute(nameOrPath)
      ? nameOrPath
      : join(cwd, nameOrPath)
    : join(PROFILES_DIR, 'fields', `${nameOrPath}.yaml`);
  let value: unknown;
  try {
    value = parseYaml(readFileSync(file, 'utf8'));
  } catch {
    throw new ProtectError('DC_PROTECT_CONTEXT', `cannot read the field mapping ${nameOrPath}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new ProtectError(
      'DC_PROTECT_CONTEXT',
      `the field mapping ${nameOrPath} is not an object of path: category`,
    );
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'string')
      throw new ProtectError(
        'DC_PROTECT_CONTEXT',
        `the field mapping ${nameOrPath}: \`${k}\`: expected a category key`,
      );
    out[k] = v;
  }
  return out;
}

/** Opens the vault of a data directory (key file created on first use) with the profiles' grants. */
export async function openCliVault(
  options: { readonly data: string; readonly db?: string },
  cwd: string,
  policyProfiles: (name: string) => Profile | undefined,
  createKeys: boolean,
): Promise<{ vault: Vault; storage: VaultStore }> {
  const dataDir = isAbsolute(options.data) ? options.data : join(cwd, options.data);
  const keys = openKeyProvider({ dataDir }, { create: createKeys });
  const storage = await openVaultStore(storeLocationOf(options, cwd));
  const vault = createVault({
    storage,
    keys,
    random: nodeRandom,
    clock: { now: () => new Date() },
    policy: (name) => policyProfiles(name)?.vault,
  });
  return { vault, storage };
}

/** Options of `customs protect`. */
export interface ProtectOptions {
  readonly profile: string;
  readonly to: string;
  readonly recipient?: string;
  readonly purpose?: string;
  readonly mechanism?: string;
  /** A field mapping by name or path, over the profile's own `fields`. */
  readonly fields?: string;
  readonly explain?: boolean;
  readonly tenant?: string;
  /** The transfer's date, YYYY-MM-DD (default today). */
  readonly date?: string;
  readonly data: string;
  readonly db?: string;
}

/** What `customs protect` can be given beyond its options: detection and lists, when they are wired. */
export interface ProtectDeps {
  readonly scanner?: RecordScanner;
  readonly classifier?: FieldClassifier;
  readonly lists?: ListLookup;
}

/**
 * `customs protect FILE.ndjson`: writes each record, protected, as one line of NDJSON on standard output.
 * Exit 0 when every line was a JSON object, 1 when some were skipped (each reported with its line number on
 * standard error) or the input is invalid, 2 on a usage error. `--explain` prints, on standard error, each
 * field's category, tier, operator and the rule that chose it.
 */
export async function runProtect(
  file: string,
  options: ProtectOptions,
  io: CliIo,
  deps: ProtectDeps = {},
): Promise<number> {
  let storage: VaultStore | undefined;
  try {
    const taxonomy = loadBundledTaxonomy();
    const to = readCountry(options.to);
    if (!to.ok)
      throw new DataCustomsError(
        'DC_USAGE',
        `--to: \`${options.to}\` ${to.reason}${to.suggestion ? `; use ${to.suggestion}` : ''}`,
      );
    if (options.purpose !== undefined && taxonomy.getPurpose(options.purpose) === undefined) {
      const guess = taxonomy.suggestPurpose(options.purpose);
      throw new DataCustomsError(
        'DC_USAGE',
        `--purpose: unknown purpose \`${options.purpose}\`${guess ? `; did you mean ${guess}?` : ''}`,
      );
    }
    const date = options.date ?? io.today();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
      throw new DataCustomsError('DC_USAGE', '--date must be YYYY-MM-DD');
    const profile = loadProfile(options.profile, io.cwd, taxonomy);
    const fields = options.fields === undefined ? undefined : loadFieldMapping(options.fields, io.cwd);
    const tenant = options.tenant ?? DEFAULT_TENANT;

    const opened = await openCliVault(
      options,
      io.cwd,
      (name) => (name === profile.name ? profile : undefined),
      true,
    );
    storage = opened.storage;
    const protector = createProtector({
      profile,
      taxonomy,
      request: {
        to: to.code,
        date,
        ...(options.recipient !== undefined ? { recipient: options.recipient } : {}),
        ...(options.purpose !== undefined ? { purpose: options.purpose } : {}),
        ...(options.mechanism !== undefined ? { mechanism: options.mechanism } : {}),
      },
      keys: await opened.vault.tenantKeys(tenant),
      tokens: opened.vault.tokeniser(tenant, profile.name),
      ...(fields !== undefined ? { fields } : {}),
      ...(deps.scanner !== undefined ? { scanner: deps.scanner } : {}),
      ...(deps.classifier !== undefined ? { classifier: deps.classifier } : {}),
      ...(deps.lists !== undefined ? { lists: deps.lists } : {}),
      explain: options.explain === true,
    });

    const explained = new Map<string, { e: FieldExplanation; n: number }>();
    let records = 0;
    let skipped = 0;
    let batch: unknown[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const out = await protector.protect(batch);
      batch = [];
      let text = '';
      for (const r of out) {
        text += `${JSON.stringify(r.record)}\n`;
        for (const e of r.explanation) {
          const path = wildcardPath(e.path);
          const key = `${path}|${e.category}|${e.operator}|${e.rule}|${e.note ?? ''}`;
          const hit = explained.get(key);
          if (hit === undefined) explained.set(key, { e: { ...e, path }, n: 1 });
          else hit.n++;
        }
      }
      io.out(text);
    };

    const name = file === '-' ? '<stdin>' : file;
    let lineNo = 0;
    const onLine = async (line: string) => {
      lineNo++;
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        skipped++;
        io.err(`${name}:${lineNo}: malformed JSON; line skipped\n`);
        return;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        skipped++;
        io.err(`${name}:${lineNo}: not a JSON object; line skipped\n`);
        return;
      }
      records++;
      batch.push(value);
      if (batch.length >= PROTECT_BATCH) await flush();
    };
    if (file === '-') {
      // Standard input is read whole (CliIo offers no stream); use a file for bounded memory.
      for (const line of (await io.readStdin()).split('\n')) await onLine(line.replace(/\r$/, ''));
    } else {
      const path = isAbsolute(file) ? file : join(io.cwd, file);
      const stream = createReadStream(path, { encoding: 'utf8' });
      const opened = await new Promise<boolean>((resolve) => {
        stream.once('open', () => resolve(true));
        stream.once('error', () => resolve(false));
      });
      if (!opened) throw new DataCustomsError('DC_IO', `cannot read ${file}`);
      const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
      for await (const line of lines) await onLine(line);
    }
    await flush();

    if (options.explain)
      io.err(formatExplanation(profile, { ...options, to: to.code }, [...explained.values()]));
    io.err(
      `protect: ${records} record${records === 1 ? '' : 's'} protected with profile ${profile.name} for ${to.code}` +
        `${skipped > 0 ? `; ${skipped} malformed line${skipped === 1 ? '' : 's'} skipped` : ''}\n`,
    );
    return skipped > 0 ? EXIT.invalid : EXIT.ok;
  } catch (err) {
    if (err instanceof DataCustomsError) {
      io.err(`customs protect: ${err.message}\n`);
      return exitCodeFor(err.code);
    }
    throw err;
  } finally {
    await storage?.close();
  }
}

/** The `--explain` table: one line per field path (array indices as `[*]`), then what each operator means. */
export function formatExplanation(
  profile: Profile,
  request: {
    readonly to: string;
    readonly recipient?: string;
    readonly purpose?: string;
    readonly mechanism?: string;
  },
  rows: readonly { readonly e: FieldExplanation; readonly n: number }[],
): string {
  const head = [
    `explain: profile ${profile.name}${profile.file ? ` (${profile.file})` : ''}, to ${request.to}`,
    request.recipient ? `recipient ${request.recipient}` : undefined,
    request.purpose ? `purpose ${request.purpose}` : undefined,
    request.mechanism ? `mechanism ${request.mechanism}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  const table = [['field', 'category', 'tier', 'operator', 'rule', 'records', 'note']];
  for (const { e, n } of rows) {
    table.push([
      e.path,
      e.category ?? '-',
      e.tier ?? '-',
      e.operator,
      `${e.rule}${e.line !== undefined ? ` (line ${e.line})` : ''}`,
      String(n),
      [e.source !== 'mapping' ? `from ${e.source}` : '', e.spans ? `${e.spans} spans` : '', e.note ?? '']
        .filter(Boolean)
        .join('; '),
    ]);
  }
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  const lines = table.map((r) =>
    r
      .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
  const used = [...new Set(rows.map((r) => r.e.operator))] as OperatorName[];
  const legend = used.map(
    (op) =>
      `  ${op}: ${OPERATOR_INFO[op].reversible ? 'reversible by' : 'not reversible;'} ${OPERATOR_INFO[op].by}`,
  );
  return `${head}\n${lines.join('\n')}\n${legend.join('\n')}\n`;
}
