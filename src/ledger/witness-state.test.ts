import { describe, expect, it } from 'vitest';
import { generateNoteKey } from './note-key.js';
import { createWitnessLogState, type WitnessState } from './witness.js';
import { parseWitnessState, witnessStateToJson } from './witness-state.js';

const logKey = generateNoteKey('customs.example/log', new Uint8Array(32).fill(1)).verifierKey;

describe('witnessStateToJson', () => {
  it('round-trips through JSON text and parseWitnessState', () => {
    const state: WitnessState = {
      logs: [
        createWitnessLogState('a.example/log', [logKey]),
        {
          ...createWitnessLogState('b.example/log', [logKey]),
          size: 9,
          checkpoint: 'note\n\n— x AAAAAAA=\n',
          cosignedAt: 77,
        },
      ],
    };
    const text = JSON.stringify(witnessStateToJson(state));
    expect(parseWitnessState(JSON.parse(text))).toEqual(state);
  });
});

describe('parseWitnessState', () => {
  it('lists every problem with its path, with DC_LEDGER_WITNESS_STATE', () => {
    try {
      parseWitnessState({
        version: 2,
        extra: true,
        logs: [
          { origin: '', logKeys: ['bad'], size: -1, rootHash: 'AAAA', cosignedAt: 'x' },
          { origin: 'a', logKeys: [logKey], size: 0, rootHash: 'nope' },
          { origin: 'a', logKeys: [logKey], size: 0, rootHash: 'nope', unknown: 1 },
        ],
      });
      expect.unreachable();
    } catch (error) {
      const { code, problems } = error as { code: string; problems: string[] };
      expect(code).toBe('DC_LEDGER_WITNESS_STATE');
      expect(problems).toEqual(
        expect.arrayContaining([
          'version: not 1',
          'extra: unknown field',
          'logs[0].origin: not a non-empty string',
          'logs[0].size: not a non-negative integer',
          'logs[0].cosignedAt: not a non-negative integer',
          'logs[2].origin: `a` appears twice',
          'logs[2].unknown: unknown field',
        ]),
      );
      expect(problems.some((p) => p.startsWith('logs[0].logKeys[0]: verifier key'))).toBe(true);
    }
  });

  it('refuses what is not an object', () => {
    expect(() => parseWitnessState(null)).toThrow(
      expect.objectContaining({ code: 'DC_LEDGER_WITNESS_STATE' }),
    );
  });
});
