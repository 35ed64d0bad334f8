import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { DataCustomsError } from '../shared/errors.js';
import { openStore, ROLES, type Role } from '../store/index.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

/** Options of `customs keys create`. */
export interface ApiKeyCreateOptions {
  readonly role: string;
  readonly tenant: string;
  readonly label?: string;
  readonly data: string;
  readonly db?: string;
}

/** `customs keys create --role ROLE --tenant NAME`: prints one new API key on standard output and nothing else. */
export async function runApiKeyCreate(options: ApiKeyCreateOptions, io: CliIo): Promise<number> {
  if (!(ROLES as readonly string[]).includes(options.role)) {
    throw new DataCustomsError('DC_USAGE', `--role ${options.role}: use one of ${ROLES.join(', ')}`);
  }
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(options.tenant)) {
    throw new DataCustomsError(
      'DC_USAGE',
      `--tenant ${options.tenant}: use lower-case letters, digits, dot, dash or underscore`,
    );
  }
  const store = await openStore(
    options.db !== undefined
      ? { kind: 'postgres', url: options.db }
      : { kind: 'sqlite', dataDir: resolve(io.cwd, options.data) },
  );
  try {
    await store.migrate();
    const { key } = await store.gateway.createApiKey({
      tenant: options.tenant,
      role: options.role as Role,
      ...(options.label !== undefined ? { label: options.label } : {}),
      now: new Date().toISOString(),
      random: randomBytes(30),
    });
    io.out(`${key}\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
