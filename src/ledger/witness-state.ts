// The witness state as JSON, for a witness that keeps it in a file: hashes in base64, versioned.

import { fromBase64, toBase64 } from './bytes.js';
import { LedgerError } from './errors.js';
import { HASH_SIZE } from './merkle.js';
import { parseVerifierKey } from './note-key.js';
import type { WitnessLogState, WitnessState } from './witness.js';

/** The JSON form of one log's witness state. */
export interface WitnessLogStateJson {
  origin: string;
  logKeys: string[];
  size: number;
  rootHash: string;
  checkpoint?: string;
  cosignedAt?: number;
}

/** The JSON form of the witness state. */
export interface WitnessStateJson {
  version: 1;
  logs: WitnessLogStateJson[];
}

/** The witness state as a JSON value. */
export function witnessStateToJson(state: WitnessState): WitnessStateJson {
  return {
    version: 1,
    logs: state.logs.map((log) => ({
      origin: log.origin,
      logKeys: [...log.logKeys],
      size: log.size,
      rootHash: toBase64(log.rootHash),
      ...(log.checkpoint === undefined ? {} : { checkpoint: log.checkpoint }),
      ...(log.cosignedAt === undefined ? {} : { cosignedAt: log.cosignedAt }),
    })),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LOG_FIELDS = new Set(['origin', 'logKeys', 'size', 'rootHash', 'checkpoint', 'cosignedAt']);

/**
 * Parses the witness state from a JSON value (from a file: checked field by field); throws
 * `DC_LEDGER_WITNESS_STATE` listing every problem with its path.
 */
export function parseWitnessState(json: unknown): WitnessState {
  const problems: string[] = [];
  if (!isRecord(json)) throw new LedgerError('DC_LEDGER_WITNESS_STATE', 'witness state: not an object');
  if (json['version'] !== 1) problems.push('version: not 1');
  for (const key of Object.keys(json))
    if (key !== 'version' && key !== 'logs') problems.push(`${key}: unknown field`);
  const logs: WitnessLogState[] = [];
  const origins = new Set<string>();
  if (!Array.isArray(json['logs'])) problems.push('logs: not an array');
  else {
    json['logs'].forEach((entry: unknown, i: number) => {
      const at = `logs[${i}]`;
      if (!isRecord(entry)) {
        problems.push(`${at}: not an object`);
        return;
      }
      for (const key of Object.keys(entry))
        if (!LOG_FIELDS.has(key)) problems.push(`${at}.${key}: unknown field`);
      const { origin, logKeys, size, rootHash, checkpoint, cosignedAt } = entry;
      if (typeof origin !== 'string' || origin.length === 0)
        problems.push(`${at}.origin: not a non-empty string`);
      else if (origins.has(origin)) problems.push(`${at}.origin: \`${origin}\` appears twice`);
      else origins.add(origin);
      if (!Array.isArray(logKeys) || logKeys.length === 0)
        problems.push(`${at}.logKeys: not a non-empty array`);
      else {
        logKeys.forEach((key: unknown, j: number) => {
          try {
            parseVerifierKey(key as string);
          } catch (error) {
            problems.push(
              `${at}.logKeys[${j}]: ${error instanceof Error ? error.message : 'not a verifier key'}`,
            );
          }
        });
      }
      if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        problems.push(`${at}.size: not a non-negative integer`);
      }
      const root = typeof rootHash === 'string' ? fromBase64(rootHash) : undefined;
      if (!root || root.length !== HASH_SIZE)
        problems.push(`${at}.rootHash: not the base64 of a ${HASH_SIZE}-byte hash`);
      if (checkpoint !== undefined && typeof checkpoint !== 'string')
        problems.push(`${at}.checkpoint: not a string`);
      if (
        cosignedAt !== undefined &&
        (typeof cosignedAt !== 'number' || !Number.isSafeInteger(cosignedAt) || cosignedAt < 0)
      ) {
        problems.push(`${at}.cosignedAt: not a non-negative integer`);
      }
      if (root) {
        logs.push({
          origin: origin as string,
          logKeys: [...(logKeys as string[])],
          size: size as number,
          rootHash: root,
          ...(typeof checkpoint === 'string' ? { checkpoint } : {}),
          ...(typeof cosignedAt === 'number' ? { cosignedAt } : {}),
        });
      }
    });
  }
  if (problems.length > 0) {
    throw new LedgerError('DC_LEDGER_WITNESS_STATE', `witness state: ${problems.join('; ')}`, { problems });
  }
  return { logs };
}
