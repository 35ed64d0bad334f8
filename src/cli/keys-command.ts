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
