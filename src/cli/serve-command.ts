import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadBundledTaxonomy, PACKAGE_ROOT } from '../bundled/bundled-data.js';
import { loadBundledRulebooks } from '../bundled/bundled-rulebooks.js';
import { scanRecord } from '../detect/index.js';
import { readFlowSources } from '../files/flow-files.js';
import { parseFlow } from '../flow/index.js';
import type { IsoDate } from '../geo/types.js';
import {
  createServer,
  createWebhookAlerts,
  type RecoveryReport,
  recoverTransfers,
  startTransferRecovery,
} from '../server/index.js';
import { DataCustomsError } from '../shared/errors.js';
import { formatProblem } from '../shared/problem.js';
import {
  innermostErrorCode,
  openLedgerStore,
  openStore,
  type Store,
  type StoreLocation,
} from '../store/index.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { loadLogKeys, readWitnessKeys, signedLogKeyList } from './ledger-command.js';
import { loadListsForEvaluation } from './lists-for-evaluation.js';
import { bundledProfileNames, loadProfile, openCliVault } from './protect-command.js';

/** Options of `customs serve`. */
export interface ServeOptions {
  readonly host: string;
  readonly port: string;
  readonly data: string;
  readonly db?: string;
  readonly demo?: boolean;
  /** Requests per minute per API key; `0`: no limit. */
  readonly rateLimit?: string;
  readonly alertWebhook?: string;
  readonly alertFractions?: string;
  readonly alertFormat?: string;
}

function storeLocation(options: { data: string; db?: string }, cwd: string): StoreLocation {
  if (options.db !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(options.db))
      throw new DataCustomsError('DC_USAGE', `--db must be a postgres:// URL`);
    return { kind: 'postgres', url: options.db };
  }
  return { kind: 'sqlite', dataDir: resolve(cwd, options.data) };
}

/** Declares every example flow shipped in `examples/` (idempotent: unchanged flows keep their version). */
export async function loadDemoFlows(
  store: Store,
  taxonomy: Taxonomy,
  now: Date,
): Promise<{ declared: number; unchanged: number }> {
  const { sources, unreadable } = await readFlowSources([join(PACKAGE_ROOT, 'examples')], '/');
  if (unreadable.length > 0)
    throw new DataCustomsError(
      'DC_IO',
      `cannot read the examples: ${unreadable.map((u) => `${u.name}: ${u.reason}`).join('; ')}`,
    );
  let declared = 0;
  let unchanged = 0;
  for (const s of sources) {
    const checked = parseFlow(s.text, s.format, {
      taxonomy,
      today: now.toISOString().slice(0, 10) as IsoDate,
      file: s.name,
    });
    if (!checked.ok)
      throw new DataCustomsError(
        'DC_FLOW_INVALID',
        `example is not valid:\n${checked.problems.map(formatProblem).join('\n')}`,
      );
    const id = checked.flow.id ?? s.name.replace(/^.*\//, '').replace(/\.[a-z]+$/, '');
    const { created } = await store.flows.declare({
      id,
      flow: { ...checked.flow, id },
      sourceText: s.text,
      sourceFormat: s.format,
      now: now.toISOString(),
    });
    if (created) declared++;
    else unchanged++;
  }
  return { declared, unchanged };
}

/** `customs demo`: loads the example flows into the store. */
export async function runDemo(options: { data: string; db?: string }, io: CliIo): Promise<number> {
  const taxonomy = loadBundledTaxonomy();
  const store = await openStore(storeLocation(options, io.cwd));
  try {
    await store.migrate();
    const { declared, unchanged } = await loadDemoFlows(store, taxonomy, new Date());
    io.out(`demo: ${declared} flow versions declared, ${unchanged} unchanged (${store.kind} store)\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

/** `customs serve`: runs the HTTP API until SIGINT or SIGTERM. */
export async function runServe(options: ServeOptions, io: CliIo): Promise<number> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new DataCustomsError('DC_USAGE', `--port ${options.port}: not a port number`);
  const perMinute = Number(options.rateLimit ?? '0');
  if (!Number.isInteger(perMinute) || perMinute < 0)
    throw new DataCustomsError(
      'DC_USAGE',
      `--rate-limit ${options.rateLimit}: not a whole number of requests`,
    );
  const alerts = alertsOf(options, io);
  const taxonomy = loadBundledTaxonomy();
  const store = await openStore(storeLocation(options, io.cwd));
  await store.migrate();
  if (options.demo) {
    const { declared, unchanged } = await loadDemoFlows(store, taxonomy, new Date());
    io.out(`demo data: ${declared} flow versions declared, ${unchanged} unchanged\n`);
  }
  // The ledger has its own SQLite file (ledger.db) beside customs.db: better-sqlite3 blocks the thread
  // while waiting for a lock, so two connections to one file in one process could stall each other.
  const dataDir = resolve(io.cwd, options.data);
  const ledger = await openLedgerStore(storeLocation(options, io.cwd));
  await ledger.migrate();
  // Transfers a crash left counted but not yet in the ledger: append their receipts before serving. On
  // PostgreSQL other gateways may be mid-transfer: rows younger than the grace are left to their requests
  // (were one taken anyway, the append by transfer id would still add it once).
  const recovery = await recoverTransfers(store, ledger, {
    ...(store.kind === 'postgres' ? { createdBefore: new Date(Date.now() - RECOVERY_GRACE_MS) } : {}),
  });
  if (recovery.appended + recovery.alreadyLogged + recovery.withoutReceipt.length > 0)
    io.out(`${recoveredText(recovery)}\n`);
  // During a key rotation both keys sign (restart after `customs ledger rotate-key` to pick it up).
  const logKeys = loadLogKeys(dataDir, { create: true });
  const profileMap = new Map(bundledProfileNames().map((n) => [n, loadProfile(n, PACKAGE_ROOT, taxonomy)]));
  const profiles = (name: string) => profileMap.get(name);
  const { vault, storage: vaultStorage } = await openCliVault(
    { data: options.data, ...(options.db ? { db: options.db } : {}) },
    io.cwd,
    profiles,
    true,
  );
  const countingKey = loadCountingKey(dataDir);
  if (options.demo) {
    const { randomBytes } = await import('node:crypto');
    const { key } = await store.gateway.createApiKey({
      tenant: 'default',
      role: 'admin',
      label: 'demo',
      now: new Date().toISOString(),
      random: randomBytes(30),
    });
    io.out(`demo admin key (tenant default): ${key}\n`);
  }
  // The dashboard, built by `npm run build` (npm ci runs it) into dist/web.
  const dashboard = join(PACKAGE_ROOT, 'dist', 'web');
  const hasDashboard = existsSync(join(dashboard, 'index.html'));
  const app = await createServer({
    ...(hasDashboard ? { dashboard } : {}),
    taxonomy,
    store,
    rulebooks: loadBundledRulebooks(),
    lists: loadListsForEvaluation(),
    clock: { now: () => new Date() },
    logger: true,
    auth: 'required',
    ...(perMinute > 0 ? { rateLimit: { max: perMinute, timeWindowMs: 60_000 } } : {}),
    ...(alerts ? { alerts } : {}),
    vault,
    profiles,
    scanner: (record) => scanRecord(record),
    countingKey: (tenant) => createHmac('sha256', countingKey).update(tenant).digest(),
    ledger: {
      store: ledger,
      logVerifierKey: logKeys.current.verifierKey,
      logKeyList: signedLogKeyList(logKeys),
      witnessKeys: () => readWitnessKeys(dataDir),
      checkpoints: { signerKey: logKeys.signerKeys, origin: logKeys.current.origin, intervalMs: 10_000 },
    },
  });
  try {
    await app.listen({ host: options.host, port });
  } catch (err) {
    await vaultStorage.close();
    await ledger.close();
    await store.close();
    throw new DataCustomsError(
      'DC_IO',
      `cannot listen on ${options.host}:${port}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  const address = app.server.address();
  const where =
    typeof address === 'object' && address !== null
      ? `http://${options.host}:${address.port}`
      : String(address);
  io.out(`customs serve: listening on ${where} (${store.kind} store); API docs at ${where}/docs\n`);
  io.out(
    hasDashboard
      ? `customs serve: dashboard at ${where}/ui/\n`
      : 'customs serve: no dashboard (dist/web is missing: run `npm run build`)\n',
  );
  // While serving: transfers a store outage interrupted (counted, not yet in the ledger) are finished once
  // the database answers again, without a restart.
  const background = startTransferRecovery(store, ledger, {
    intervalMs: RECOVERY_INTERVAL_MS,
    graceMs: RECOVERY_GRACE_MS,
    onError: (error) =>
      io.err(
        `customs serve: finishing interrupted transfers failed (${innermostErrorCode(error) ?? 'unknown'}); retrying every ${RECOVERY_INTERVAL_MS / 1000} s\n`,
      ),
    onRecovered: (report) => io.out(`customs serve: ${recoveredText(report)}\n`),
  });
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  // Graceful shutdown: stop accepting connections, let in-flight transfers finish (Fastify's close
  // waits for them; new requests on open connections get 503), then close the stores. A second signal
  // exits at once; transfers it cuts off are finished by recovery at the next start.
  io.out(`customs serve: ${signal}: draining in-flight requests\n`);
  const force = () => process.exit(EXIT.invalid);
  process.once('SIGINT', force);
  process.once('SIGTERM', force);
  await app.close();
  await background.stop();
  await alerts?.idle();
  await vaultStorage.close();
  await ledger.close();
  await store.close();
  io.out('customs serve: stopped\n');
  process.off('SIGINT', force);
  process.off('SIGTERM', force);
  return EXIT.ok;
}

/** How often a running gateway looks for interrupted transfers, and how old they must be. */
const RECOVERY_INTERVAL_MS = 2000;
const RECOVERY_GRACE_MS = 5000;

function recoveredText(r: RecoveryReport): string {
  return `recovered ${r.appended + r.alreadyLogged} interrupted transfer(s): ${r.appended} receipt(s) appended to the ledger, ${r.alreadyLogged} already there${r.withoutReceipt.length > 0 ? `; ${r.withoutReceipt.length} without a receipt left as they are` : ''}`;
}

/**
 * The counting key: HMAC key for subject identifiers in counters and receipts. From CUSTOMS_COUNTING_KEY
 * (base64, shared by every gateway of a deployment), else `counting.key` in the data folder (created on
 * first use, mode 0600). Changing it restarts every count: keep it with the data.
 */
export function loadCountingKey(dataDir: string): Uint8Array {
  const fromEnv = process.env.CUSTOMS_COUNTING_KEY;
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64');
    if (key.length < 16)
      throw new DataCustomsError('DC_USAGE', 'CUSTOMS_COUNTING_KEY must be at least 16 bytes, base64');
    return key;
  }
  const file = join(dataDir, 'counting.key');
  if (!existsSync(file)) {
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}

function alertsOf(options: ServeOptions, io: CliIo) {
  if (options.alertWebhook === undefined) return undefined;
  if (!/^https?:\/\//.test(options.alertWebhook))
    throw new DataCustomsError('DC_USAGE', `--alert-webhook ${options.alertWebhook}: not an http(s) URL`);
  const fractions = (options.alertFractions ?? '0.8,0.9,1').split(',').map((f) => Number(f.trim()));
  if (fractions.some((f) => !(f > 0 && f <= 1)))
    throw new DataCustomsError(
      'DC_USAGE',
      `--alert-fractions ${options.alertFractions}: each must be a number above 0 and at most 1`,
    );
  const format = options.alertFormat ?? 'json';
  if (format !== 'json' && format !== 'dingtalk')
    throw new DataCustomsError('DC_USAGE', `--alert-format ${format}: use json or dingtalk`);
  return createWebhookAlerts({
    url: options.alertWebhook,
    fractions,
    format,
    onError: (message) => io.err(`customs serve: ${message}\n`),
  });
}
