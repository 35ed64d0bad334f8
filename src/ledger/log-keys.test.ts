import { describe, expect, it } from 'vitest';
import { isLedgerError } from './errors.js';
import {
  activeLogKeys,
  formatLogKeyList,
  type LogKeyList,
  openLogKeyList,
  parseLogKeyList,
  signLogKeyList,
  updateTrustedLogKeys,
} from './log-keys.js';
import { generateNoteKey } from './note-key.js';
import { openCheckpoint, signCheckpoint } from './signed-checkpoint.js';

const ORIGIN = 'customs.test/log';
const oldKey = generateNoteKey(ORIGIN, new Uint8Array(32).fill(1));
const newKey = generateNoteKey(ORIGIN, new Uint8Array(32).fill(2));
const stranger = generateNoteKey(ORIGIN, new Uint8Array(32).fill(3));

const transition: LogKeyList = {
  origin: ORIGIN,
  keys: [
    { verifierKey: oldKey.verifierKey, from: '2026-01-01T00:00:00Z' },
    { verifierKey: newKey.verifierKey, from: '2026-11-29T10:00:00Z' },
  ],
};
const finished: LogKeyList = {
  origin: ORIGIN,
  keys: [
    { verifierKey: oldKey.verifierKey, from: '2026-01-01T00:00:00Z', until: '2026-12-06T10:00:00Z' },
    { verifierKey: newKey.verifierKey, from: '2026-11-29T10:00:00Z' },
  ],
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isLedgerError(error) ? error.code : 'not a LedgerError';
  }
  return undefined;
}

describe('log key lists', () => {
  it('formats and parses the same list, and can never be read as a checkpoint', () => {
    const text = formatLogKeyList(finished);
    expect(text).toBe(
      `data-customs/log-keys/v1\norigin ${ORIGIN}\nkey ${oldKey.verifierKey} 2026-01-01T00:00:00Z 2026-12-06T10:00:00Z\nkey ${newKey.verifierKey} 2026-11-29T10:00:00Z\n`,
    );
    expect(parseLogKeyList(text)).toEqual(finished);
    const note = signLogKeyList(finished, [newKey.signerKey]);
    expect(codeOf(() => openCheckpoint(note, { logKeys: [newKey.verifierKey] }))).toBe(
      'DC_LEDGER_CHECKPOINT',
    );
  });

  it('refuses malformed lists, naming each problem', () => {
    const other = generateNoteKey('elsewhere.test/log', new Uint8Array(32).fill(4));
    let problems: readonly string[] = [];
    try {
      formatLogKeyList({
        origin: ORIGIN,
        keys: [
          { verifierKey: other.verifierKey, from: '2026-01-01' },
          { verifierKey: oldKey.verifierKey, from: '2026-02-01T00:00:00Z', until: '2026-01-01T00:00:00Z' },
        ],
      });
    } catch (error) {
      if (isLedgerError(error, 'DC_LEDGER_KEY_LIST')) problems = error.problems;
    }
    expect(problems).toEqual([
      'key 1: named `elsewhere.test/log`, not the origin',
      'key 1: from `2026-01-01` is not a time like 2026-11-29T10:00:00Z',
      'key 2: until is before from',
    ]);
    expect(codeOf(() => parseLogKeyList('data-customs/log-keys/v1\norigin x\nkey\n'))).toBe(
      'DC_LEDGER_KEY_LIST',
    );
    expect(codeOf(() => parseLogKeyList(`${ORIGIN}\n5\nAAAA\n`))).toBe('DC_LEDGER_KEY_LIST');
  });

  it('opens only with a trusted key: a key list signed by a stranger teaches nothing', () => {
    const both = signLogKeyList(transition, [newKey.signerKey, oldKey.signerKey]);
    expect(openLogKeyList(both, [oldKey.verifierKey]).list).toEqual(transition);
    const forged = signLogKeyList(
      { origin: ORIGIN, keys: [{ verifierKey: stranger.verifierKey, from: '2026-11-29T10:00:00Z' }] },
      [stranger.signerKey],
    );
    expect(codeOf(() => openLogKeyList(forged, [oldKey.verifierKey]))).toBe('DC_LEDGER_NOTE_UNVERIFIED');
  });

  it('tells which keys sign at a time, and what a witness trusts after reading the list', () => {
    const during = new Date('2026-12-01T00:00:00Z');
    const after = new Date('2026-12-07T00:00:00Z');
    expect(activeLogKeys(transition, during)).toEqual([oldKey.verifierKey, newKey.verifierKey]);
    expect(activeLogKeys(finished, after)).toEqual([newKey.verifierKey]);
    expect(activeLogKeys(finished, new Date('2026-06-01T00:00:00Z'))).toEqual([oldKey.verifierKey]);
    // A witness that knew the old key learns the new one during the transition, and drops the old one once
    // the log says it is retired.
    const learned = updateTrustedLogKeys([oldKey.verifierKey], transition, during);
    expect(learned).toEqual([oldKey.verifierKey, newKey.verifierKey]);
    expect(updateTrustedLogKeys(learned, finished, after)).toEqual([newKey.verifierKey]);
    // A list that would leave nothing trusted changes nothing.
    const allRetired: LogKeyList = { origin: ORIGIN, keys: [finished.keys[0]!] };
    expect(updateTrustedLogKeys([oldKey.verifierKey], allRetired, after)).toEqual([oldKey.verifierKey]);
  });

  it('checkpoints signed by both keys open with either; old checkpoints still open with the old key', () => {
    const rootHash = new Uint8Array(32).fill(9);
    const before = signCheckpoint({ origin: ORIGIN, size: 5, rootHash }, oldKey.signerKey);
    const during = signCheckpoint({ origin: ORIGIN, size: 6, rootHash }, [
      newKey.signerKey,
      oldKey.signerKey,
    ]);
    expect(
      openCheckpoint(before, { logKeys: [oldKey.verifierKey, newKey.verifierKey] }).checkpoint.size,
    ).toBe(5);
    expect(openCheckpoint(during, { logKeys: [oldKey.verifierKey] }).logSignatures).toHaveLength(1);
    expect(openCheckpoint(during, { logKeys: [newKey.verifierKey] }).logSignatures).toHaveLength(1);
    expect(
      openCheckpoint(during, { logKeys: [oldKey.verifierKey, newKey.verifierKey] }).logSignatures,
    ).toHaveLength(2);
  });
});
