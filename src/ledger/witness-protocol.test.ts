import { describe, expect, it } from 'vitest';
import vectors from '../../test/vectors/ledger/signed-note.json' with { type: 'json' };
import { toBase64 } from './bytes.js';
import {
  formatAddCheckpointRequest,
  formatConflictBody,
  parseAddCheckpointRequest,
  parseConflictBody,
  parseCosignatureResponse,
} from './witness-protocol.js';

const example = vectors.c2spWitness;

function problemsOf(body: string): readonly string[] {
  try {
    parseAddCheckpointRequest(body);
    return [];
  } catch (error) {
    expect((error as { code?: string }).code).toBe('DC_LEDGER_WITNESS_REQUEST');
    return (error as { problems: readonly string[] }).problems;
  }
}

describe('parseAddCheckpointRequest', () => {
  it('parses the add-checkpoint example of tlog-witness (C2SP)', () => {
    const request = parseAddCheckpointRequest(example.requestBody);
    expect(request.oldSize).toBe(20852014);
    expect(request.proof.map(toBase64)).toEqual([
      'PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=',
      'jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=',
      '5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=',
      '/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=',
    ]);
    expect(request.checkpoint.startsWith('example.com/behind-the-sofa\n20852163\n')).toBe(true);
    expect(request.checkpoint.endsWith('m9Q=\n')).toBe(true);
  });

  it('round-trips through formatAddCheckpointRequest', () => {
    expect(formatAddCheckpointRequest(parseAddCheckpointRequest(example.requestBody))).toBe(
      example.requestBody,
    );
  });

  it('parses a request from size 0 without proof lines', () => {
    const body = `old 0\n\n${vectors.c2spCheckpoint.body}\n${vectors.c2spCheckpoint.logSignatureLine}`;
    expect(parseAddCheckpointRequest(body)).toMatchObject({ oldSize: 0, proof: [] });
  });

  it.each([
    ['a missing old line', `\n${vectors.c2spCheckpoint.body}`, 'line 1'],
    ['an old size with a leading zero', 'old 012\n\nx\n', 'line 1'],
    ['a proof line that is no hash', 'old 1\nAAAA\n\nx\n', 'line 2'],
    ['no empty line', 'old 1\n', 'no empty line'],
    ['no checkpoint', 'old 1\n\n', 'no checkpoint'],
    ['64 proof lines', `old 1\n${`${toBase64(new Uint8Array(32))}\n`.repeat(64)}\nx\n`, 'more than 63'],
  ])('refuses %s with DC_LEDGER_WITNESS_REQUEST', (_why, body, problem) => {
    expect(problemsOf(body).join('; ')).toContain(problem);
  });
});

describe('conflict bodies', () => {
  it('write and read the latest size', () => {
    expect(formatConflictBody(20852163)).toBe('20852163\n');
    expect(parseConflictBody('20852163\n')).toBe(20852163);
    expect(() => parseConflictBody('012\n')).toThrow(
      expect.objectContaining({ code: 'DC_LEDGER_WITNESS_REQUEST' }),
    );
  });
});

describe('parseCosignatureResponse', () => {
  it('reads the signature lines of the tlog-witness example answer (C2SP)', () => {
    expect(parseCosignatureResponse(example.responseBody).map((s) => s.name)).toEqual([
      'witness.example/w1',
      'witness.example/w1',
      'witness.example/w2',
    ]);
  });

  it('refuses anything else with DC_LEDGER_WITNESS_REQUEST', () => {
    expect(() => parseCosignatureResponse('hello\n')).toThrow(
      expect.objectContaining({ code: 'DC_LEDGER_WITNESS_REQUEST' }),
    );
  });
});
