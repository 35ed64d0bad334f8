// Adapter: the master key file and `customs keys rotate`. The local key file (`keys.json`, mode 0600, in
// the data directory) stands in for a key management service: in production a cloud KMS (AWS KMS, GCP
// Cloud KMS, Azure Key Vault) implements the same `KeyProvider` (wrap, unwrap, current version) and the
// master key never leaves it. `CUSTOMS_MASTER_KEY` (`VERSION:BASE64[,...]`, current first) replaces the
// file where secrets arrive as environment variables.

import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import {
  createKeyRing,
  createLocalKeyProvider,
  formatKeyFile,
  type KeyProvider,
  type KeyRing,
  ProtectError,
  parseKeyFile,
  parseKeyRingVariable,
  retireKeyVersions,
  rotateKeyRing,
} from '../protect/index.js';
import { DataCustomsError } from '../shared/errors.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import type { CliIo } from './io.js';

/** The environment variable that can hold the master keys instead of the key file. */
export const MASTER_KEY_VARIABLE = 'CUSTOMS_MASTER_KEY';
/** The key file's name in the data directory. */
export const KEY_FILE_NAME = 'keys.json';

/** Where the keys and the store are. */
export interface KeyLocation {
  /** The data directory (absolute, or relative to the working directory). */
  readonly dataDir: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The random source of the adapters: Node's CSPRNG. */
export const nodeRandom = (n: number): Uint8Array => new Uint8Array(randomBytes(n));

/** The key file of a data directory. */
export function keyFilePath(dataDir: string): string {
  return join(dataDir, KEY_FILE_NAME);
}

/**
 * Reads the master key ring: from `CUSTOMS_MASTER_KEY` when set, else from the key file, which is created
 * (with one fresh key, mode 0600) when `create` is set and it does not exist. Refuses a key file that
 * others can read.
 */
export function loadKeyRing(location: KeyLocation, options: { readonly create?: boolean } = {}): KeyRing {
  const variable = (location.env ?? process.env)[MASTER_KEY_VARIABLE];
  if (variable !== undefined && variable.trim() !== '')
    return parseKeyRingVariable(variable, MASTER_KEY_VARIABLE);
  const file = keyFilePath(location.dataDir);
  let text: string;
  try {
    const mode = statSync(file).mode;
    if ((mode & 0o077) !== 0) {
      throw new ProtectError(
        'DC_PROTECT_KEYS',
        `the key file ${file} can be read by other users; run \`chmod 600 ${file}\``,
      );
    }
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof DataCustomsError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !options.create) {
      throw new ProtectError(
        'DC_PROTECT_KEYS',
        (err as NodeJS.ErrnoException).code === 'ENOENT'
          ? `no key file ${file}; tokenise something first (\`customs protect\`) or set ${MASTER_KEY_VARIABLE}`
          : `cannot read the key file ${file}`,
      );
    }
    const ring = createKeyRing(nodeRandom(32), new Date().toISOString());
    writeKeyFile(location.dataDir, ring, { exclusive: true });
    return loadKeyRing(location);
  }
  return parseKeyFile(text, file);
}

/**
 * Writes the key ring to the key file: to a temporary file of mode 0600 first, flushed, then renamed over
 * the old one, so that a crash never leaves a half-written key file.
 */
export function writeKeyFile(
  dataDir: string,
  ring: KeyRing,
  options: { readonly exclusive?: boolean } = {},
): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = keyFilePath(dataDir);
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, formatKeyFile(ring));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(temp, 0o600);
  if (options.exclusive) {
    try {
      statSync(file);
      // Another process created it meanwhile: keep theirs.
      renameSync(temp, `${temp}.unused`);
      return;
    } catch {
      // absent: ours becomes the key file
    }
  }
  renameSync(temp, file);
}

/**
 * The key provider of a data directory: the key file (created on first use when `create` is set), re-read
 * when a data key names a version this process does not know yet (so a running gateway keeps working
 * while `customs keys rotate` runs).
 */
export function openKeyProvider(
  location: KeyLocation,
  options: { readonly create?: boolean } = {},
): KeyProvider {
  loadKeyRing(location, options);
  return createLocalKeyProvider({
    load: () => loadKeyRing(location),
    random: nodeRandom,
    maxAgeMs: 1000,
    now: () => Date.now(),
  });
}

/** Options of `customs keys rotate`. */
export interface KeysRotateOptions {
  readonly data: string;
  readonly db?: string;
}

/**
 * `customs keys rotate`: adds a new master key version to the key file and makes it current (new data keys
 * are wrapped by it at once), then re-wraps every stored data key under it. Earlier versions stay in the
 * file, so tokens keep resolving throughout and processes still holding the old file keep working.
 */
export async function runKeysRotate(options: KeysRotateOptions, io: CliIo): Promise<number> {
  try {
    const dataDir = resolve(io.cwd, options.data);
    if ((process.env[MASTER_KEY_VARIABLE] ?? '').trim() !== '') {
      throw new DataCustomsError(
        'DC_USAGE',
        `the master keys come from ${MASTER_KEY_VARIABLE}; rotate them there (prepend a new VERSION:BASE64 entry), then run \`customs keys rotate\` without it set to re-wrap, or use the key file`,
      );
    }
    const before = loadKeyRing({ dataDir }, { create: true });
    const after = rotateKeyRing(before, nodeRandom(32), new Date().toISOString());
    writeKeyFile(dataDir, after);
    io.out(
      `master key: version ${after.current} is current (versions kept: ${[...after.keys.keys()].sort((a, b) => a - b).join(', ')})\n`,
    );
    const { openVaultStore } = await import('../store/vault-store.js');
    const { createVault } = await import('../protect/index.js');
    const { storeLocationOf } = await import('./protect-command.js');
    const storage = await openVaultStore(storeLocationOf(options, io.cwd));
    try {
      const vault = createVault({
        storage,
        keys: openKeyProvider({ dataDir }),
        random: nodeRandom,
        clock: { now: () => new Date() },
        policy: () => undefined,
      });
      const { rewrapped } = await vault.rewrap();
      const counts = await storage.countKeysByVersion();
      io.out(
        `data keys: ${rewrapped} re-wrapped under version ${after.current}; by version: ${
          [...counts.entries()]
            .sort(([a], [b]) => a - b)
            .map(([v, n]) => `${v}: ${n}`)
            .join(', ') || 'none stored'
        }\n`,
      );
    } finally {
      await storage.close();
    }
    return EXIT.ok;
  } catch (err) {
    if (err instanceof DataCustomsError) {
      io.err(`customs keys rotate: ${err.message}\n`);
      return exitCodeFor(err.code);
    }
    throw err;
  }
}

/** Options of `customs keys retire`. */
export interface KeysRetireOptions {
  readonly data: string;
  readonly db?: string;
  /** The versions to retire; default: every version but the current one that no data key uses. */
  readonly version?: readonly string[];
}

/**
 * `customs keys retire`: removes old master key versions from the key file once no stored data key is
 * wrapped by them (after `customs keys rotate` has re-wrapped them all), so a leaked old master key stops
 * mattering. Refuses the current version and any version still in use, naming how many data keys use it.
 * A gateway that still holds the old file keeps working: every data key it reads is wrapped by a version
 * the new file keeps.
 */
export async function runKeysRetire(options: KeysRetireOptions, io: CliIo): Promise<number> {
  try {
    const dataDir = resolve(io.cwd, options.data);
    const fromVariable = (process.env[MASTER_KEY_VARIABLE] ?? '').trim() !== '';
    const ring = loadKeyRing({ dataDir });
    const asked = (options.version ?? []).map((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1)
        throw new DataCustomsError('DC_USAGE', `--version ${v}: expected a key version (1, 2, ...)`);
      if (!ring.keys.has(n))
        throw new DataCustomsError(
          'DC_USAGE',
          `--version ${n}: no such master key version (versions: ${[...ring.keys.keys()].sort((a, b) => a - b).join(', ')})`,
        );
      if (n === ring.current)
        throw new DataCustomsError(
          'DC_USAGE',
          `--version ${n}: it is the current version; run \`customs keys rotate\` first`,
        );
      return n;
    });
    const { openVaultStore } = await import('../store/vault-store.js');
    const { storeLocationOf } = await import('./protect-command.js');
    const storage = await openVaultStore(storeLocationOf(options, io.cwd));
    let counts: Map<number, number>;
    try {
      counts = await storage.countKeysByVersion();
    } finally {
      await storage.close();
    }
    const candidates = asked.length > 0 ? asked : [...ring.keys.keys()].filter((v) => v !== ring.current);
    const inUse = candidates.filter((v) => (counts.get(v) ?? 0) > 0);
    if (inUse.length > 0)
      throw new ProtectError(
        'DC_PROTECT_KEYS',
        `${inUse.map((v) => `version ${v} still wraps ${counts.get(v)} data key${counts.get(v) === 1 ? '' : 's'}`).join('; ')}; run \`customs keys rotate\` to re-wrap them, then retire`,
      );
    const retired = candidates.sort((a, b) => a - b);
    if (retired.length === 0) {
      io.out(`master key: nothing to retire (versions kept: ${ring.current})\n`);
      return EXIT.ok;
    }
    if (fromVariable) {
      io.out(
        `master key: versions ${retired.join(', ')} wrap no data key; remove them from ${MASTER_KEY_VARIABLE}\n`,
      );
      return EXIT.ok;
    }
    const after = retireKeyVersions(ring, retired);
    writeKeyFile(dataDir, after);
    io.out(
      `master key: retired version${retired.length === 1 ? '' : 's'} ${retired.join(', ')} (versions kept: ${[...after.keys.keys()].sort((a, b) => a - b).join(', ')})\n`,
    );
    return EXIT.ok;
  } catch (err) {
    if (err instanceof DataCustomsError) {
      io.err(`customs keys retire: ${err.message}\n`);
      return exitCodeFor(err.code);
    }
    throw err;
  }
}
