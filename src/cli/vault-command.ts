// Adapter: `customs vault detokenize TOKEN --purpose KEY` and `customs vault forget SUBJECT`.

import { userInfo } from 'node:os';
import { loadBundledTaxonomy } from '../bundled/bundled-data.js';
import { readCountry } from '../geo/index.js';
import type { Profile } from '../protect/index.js';
import { DataCustomsError } from '../shared/errors.js';
import type { VaultStore } from '../store/vault-store.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import type { CliIo } from './io.js';
import { DEFAULT_TENANT, loadProfile, openCliVault } from './protect-command.js';

/** The environment variables that give the caller's role and country when the options do not. */
export const ROLE_VARIABLE = 'CUSTOMS_ROLE';
export const COUNTRY_VARIABLE = 'CUSTOMS_COUNTRY';

/** Options of `customs vault`. */
export interface VaultCommandOptions {
  readonly data: string;
  readonly db?: string;
  readonly tenant?: string;
  /** detokenize: why the value is needed (a purpose key). */
  readonly purpose?: string;
  /** detokenize: the caller's role (default `$CUSTOMS_ROLE`). */
  readonly role?: string;
  /** Who is asking (default: the operating-system user). */
  readonly actor?: string;
  /** detokenize: where the caller is, ISO 3166-1 alpha-2 (default `$CUSTOMS_COUNTRY`, else the vault's country). */
  readonly from?: string;
  /** detokenize: a profile file whose grants apply to tokens it issued (default: the shipped profile of that name). */
  readonly profile?: string;
}

/**
 * `customs vault detokenize TOKEN` prints the original value to a caller whose role and purpose the
 * issuing profile grants, in the vault's country (exit 1 when refused, with the reason; every attempt is
 * recorded). `customs vault forget SUBJECT` deletes the subject's data key and tokens (crypto-shredding).
 */
export async function runVault(
  action: 'detokenize' | 'forget',
  argument: string,
  options: VaultCommandOptions,
  io: CliIo,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  let storage: VaultStore | undefined;
  try {
    const taxonomy = loadBundledTaxonomy();
    const tenant = options.tenant ?? DEFAULT_TENANT;
    const actor = options.actor ?? safeUser();
    const explicit =
      options.profile === undefined ? undefined : loadProfile(options.profile, io.cwd, taxonomy);
    const cache = new Map<string, Profile | undefined>();
    const policyProfile = (name: string): Profile | undefined => {
      if (explicit !== undefined) return explicit.name === name ? explicit : undefined;
      if (!cache.has(name)) {
        try {
          cache.set(name, loadProfile(name, io.cwd, taxonomy));
        } catch {
          cache.set(name, undefined);
        }
      }
      return cache.get(name);
    };
    if (action === 'detokenize') {
      if (options.purpose === undefined)
        throw new DataCustomsError('DC_USAGE', 'detokenize needs --purpose KEY');
      if (taxonomy.getPurpose(options.purpose) === undefined)
        throw new DataCustomsError('DC_USAGE', `--purpose: unknown purpose \`${options.purpose}\``);
      const role = options.role ?? env[ROLE_VARIABLE];
      if (role === undefined || role === '')
        throw new DataCustomsError('DC_USAGE', `detokenize needs --role ROLE (or ${ROLE_VARIABLE})`);
      const fromText = options.from ?? env[COUNTRY_VARIABLE];
      let from: string | undefined;
      if (fromText !== undefined && fromText !== '') {
        const c = readCountry(fromText);
        if (!c.ok) throw new DataCustomsError('DC_USAGE', `--from: \`${fromText}\` ${c.reason}`);
        from = c.code;
      }
      const opened = await openCliVault(options, io.cwd, policyProfile, false);
      storage = opened.storage;
      const result = await opened.vault.detokenize({
        tenant,
        token: argument,
        purpose: options.purpose,
        role,
        actor,
        ...(from !== undefined ? { country: from } : {}),
      });
      io.out(`${result.value}\n`);
      return EXIT.ok;
    }
    const opened = await openCliVault(options, io.cwd, policyProfile, false);
    storage = opened.storage;
    const removed = await opened.vault.forget(tenant, argument, {
      actor,
      ...(options.role ? { role: options.role } : {}),
    });
    io.out(
      `forgot the subject: ${removed.keys === 0 ? 'no data key was stored' : 'data key deleted'}; ${removed.tokens} token${removed.tokens === 1 ? '' : 's'} no longer resolve\n`,
    );
    return EXIT.ok;
  } catch (err) {
    if (err instanceof DataCustomsError) {
      io.err(`customs vault ${action}: ${err.message} (${err.code})\n`);
      return exitCodeFor(err.code);
    }
    throw err;
  } finally {
    await storage?.close();
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
