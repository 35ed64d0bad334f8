import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual } from './bytes.js';
import { generateCosignerKey, verifyCosignature } from './cosignature.js';
import { createMemoryTree, type MemoryTree } from './memory-tree.js';
import { leafHash } from './merkle.js';
import { generateNoteKey } from './note-key.js';
import { signCheckpoint } from './signed-checkpoint.js';
import {
  type AddCheckpointRequest,
  createWitnessLogState,
  type WitnessDecision,
  type WitnessState,
  witnessCheckpoint,
} from './witness.js';

const ORIGIN = 'customs.example/log';
const log = generateNoteKey(ORIGIN, new Uint8Array(32).fill(11));
const impostor = generateNoteKey(ORIGIN, new Uint8Array(32).fill(12));
const witness = generateCosignerKey('regulator.example/witness', new Uint8Array(32).fill(13));
const NOW = 1_800_000_000;

function treeOf(size: number, fork = 0): MemoryTree {
  return createMemoryTree(
    Array.from({ length: size }, (_, i) => leafHash(Uint8Array.of(i & 255, i >> 8, fork))),
  );
}

function signedAt(tree: MemoryTree, size: number, key = log.signerKey, origin = ORIGIN): string {
  return signCheckpoint({ origin, size, rootHash: tree.rootHash(size) }, key);
}

function request(tree: MemoryTree, oldSize: number, size: number): AddCheckpointRequest {
  return { oldSize, proof: tree.consistencyProof(oldSize, size), checkpoint: signedAt(tree, size) };
}

function initial(): WitnessState {
  return { logs: [createWitnessLogState(ORIGIN, [log.verifierKey])] };
}

function cosigned(decision: WitnessDecision): WitnessState {
  if (decision.kind !== 'cosign')
    throw new Error(`expected cosign, got ${decision.kind}: ${JSON.stringify(decision)}`);
  return decision.state;
}

describe('witnessCheckpoint', () => {
  const honest = treeOf(20);

  describe('when the checkpoint is signed by the log and consistent', () => {
    it('cosigns the first checkpoint from size 0 with an empty proof', () => {
      const decision = witnessCheckpoint(initial(), request(honest, 0, 5), {
        signerKey: witness.signerKey,
        now: NOW,
      });
      expect(decision.kind).toBe('cosign');
      if (decision.kind !== 'cosign') return;
      expect(decision.log.size).toBe(5);
      expect(decision.log.rootHash).toEqual(honest.rootHash(5));
      expect(decision.log.cosignedAt).toBe(NOW);
      const body = decision.log.checkpoint!.slice(0, decision.log.checkpoint!.indexOf('\n\n') + 1);
      expect(verifyCosignature(body, decision.cosignature.line, witness.verifierKey).timestamp).toBe(NOW);
    });

    it('cosigns each later checkpoint with a proof from the last cosigned size', () => {
      let state = cosigned(
        witnessCheckpoint(initial(), request(honest, 0, 5), { signerKey: witness.signerKey, now: NOW }),
      );
      state = cosigned(
        witnessCheckpoint(state, request(honest, 5, 13), { signerKey: witness.signerKey, now: NOW + 1 }),
      );
      state = cosigned(
        witnessCheckpoint(state, request(honest, 13, 20), { signerKey: witness.signerKey, now: NOW + 2 }),
      );
      expect(state.logs[0]!.size).toBe(20);
      expect(state.logs[0]!.cosignedAt).toBe(NOW + 2);
    });

    it('cosigns the same checkpoint again with a fresh time', () => {
      const state = cosigned(
        witnessCheckpoint(initial(), request(honest, 0, 5), { signerKey: witness.signerKey, now: NOW }),
      );
      const again = witnessCheckpoint(state, request(honest, 5, 5), {
        signerKey: witness.signerKey,
        now: NOW + 60,
      });
      expect(again.kind === 'cosign' && again.cosignature.timestamp).toBe(NOW + 60);
    });

    it('takes the time as given: it reads no clock', () => {
      const a = witnessCheckpoint(initial(), request(honest, 0, 3), {
        signerKey: witness.signerKey,
        now: 42,
      });
      const b = witnessCheckpoint(initial(), request(honest, 0, 3), {
        signerKey: witness.signerKey,
        now: 42,
      });
      expect(a).toEqual(b);
    });

    it('updates only the log the checkpoint names', () => {
      const other = createWitnessLogState('other.example/log', [impostor.verifierKey]);
      const state: WitnessState = { logs: [other, ...initial().logs] };
      const next = cosigned(
        witnessCheckpoint(state, request(honest, 0, 4), { signerKey: witness.signerKey, now: NOW }),
      );
      expect(next.logs[0]).toBe(other);
      expect(next.logs[1]!.size).toBe(4);
    });
  });

  describe('when the log shows a split view', () => {
    const fork = treeOf(20, 1);
    const state = cosigned(
      witnessCheckpoint(initial(), request(honest, 0, 8), { signerKey: witness.signerKey, now: NOW }),
    );

    it('raises an alarm for another root at the cosigned size, with both signed checkpoints as evidence', () => {
      const conflicting = signedAt(fork, 8);
      const decision = witnessCheckpoint(
        state,
        { oldSize: 8, proof: [], checkpoint: conflicting },
        {
          signerKey: witness.signerKey,
          now: NOW,
        },
      );
      expect(decision.kind).toBe('alarm');
      if (decision.kind !== 'alarm') return;
      expect(decision.reason).toBe('split_view');
      expect(decision.status).toBe(409);
      expect(decision.latestSize).toBe(8);
      expect(decision.evidence).toEqual({
        origin: ORIGIN,
        size: 8,
        cosigned: state.logs[0]!.checkpoint,
        conflicting,
      });
    });

    it('raises the alarm whatever old size and proof come with it', () => {
      for (const oldSize of [0, 3, 8]) {
        const decision = witnessCheckpoint(
          state,
          { oldSize, proof: fork.consistencyProof(oldSize, 8), checkpoint: signedAt(fork, 8) },
          { signerKey: witness.signerKey, now: NOW },
        );
        expect(decision.kind).toBe('alarm');
      }
    });

    it('refuses a forked larger tree as inconsistent, never cosigning it', () => {
      const decision = witnessCheckpoint(state, request(fork, 8, 12), {
        signerKey: witness.signerKey,
        now: NOW,
      });
      expect(decision).toMatchObject({ kind: 'reject', reason: 'inconsistent', status: 422 });
    });

    it('raises no alarm for a conflicting checkpoint not signed by the log', () => {
      const decision = witnessCheckpoint(
        state,
        { oldSize: 8, proof: [], checkpoint: signedAt(fork, 8, impostor.signerKey) },
        { signerKey: witness.signerKey, now: NOW },
      );
      expect(decision).toMatchObject({ kind: 'reject', reason: 'unverified', status: 403 });
    });
  });

  describe('when the request is wrong', () => {
    const state = cosigned(
      witnessCheckpoint(initial(), request(honest, 0, 8), { signerKey: witness.signerKey, now: NOW }),
    );
    const decide = (r: AddCheckpointRequest) =>
      witnessCheckpoint(state, r, { signerKey: witness.signerKey, now: NOW });

    it('refuses an unknown origin (404)', () => {
      const other = signedAt(honest, 10, log.signerKey, 'unknown.example/log');
      expect(decide({ oldSize: 8, proof: honest.consistencyProof(8, 10), checkpoint: other })).toMatchObject({
        reason: 'unknown_origin',
        status: 404,
      });
    });

    it('refuses a note that is malformed or no checkpoint (400)', () => {
      expect(decide({ oldSize: 8, proof: [], checkpoint: 'garbage' })).toMatchObject({
        reason: 'malformed',
        status: 400,
      });
      const notCheckpoint = signedAt(honest, 10).replace(/^[^\n]*\n[0-9]+\n/, `${ORIGIN}\n0010\n`);
      expect(decide({ oldSize: 8, proof: [], checkpoint: notCheckpoint })).toMatchObject({
        reason: 'malformed',
      });
    });

    it('refuses a checkpoint signed by another key or with a broken signature (403)', () => {
      expect(
        decide({ ...request(honest, 8, 10), checkpoint: signedAt(honest, 10, impostor.signerKey) }),
      ).toMatchObject({
        reason: 'unverified',
        status: 403,
      });
      const broken = signedAt(honest, 10).replace(
        / (.)(.*)\n$/,
        (_m, c: string, rest: string) => ` ${c === 'A' ? 'B' : 'A'}${rest}\n`,
      );
      expect(decide({ ...request(honest, 8, 10), checkpoint: broken })).toMatchObject({
        reason: 'unverified',
      });
    });

    it('refuses an old size above the checkpoint size (400)', () => {
      expect(decide({ ...request(honest, 8, 10), oldSize: 11 })).toMatchObject({
        reason: 'bad_old_size',
        status: 400,
      });
    });

    it('refuses an old size that is not the latest cosigned size, telling that size (409)', () => {
      expect(decide(request(honest, 5, 10))).toMatchObject({
        reason: 'conflict',
        status: 409,
        latestSize: 8,
      });
    });

    it('refuses a checkpoint smaller than the latest cosigned one: the size went backwards (409)', () => {
      expect(decide(request(honest, 3, 6))).toMatchObject({ reason: 'conflict', status: 409, latestSize: 8 });
      expect(decide(request(honest, 0, 6))).toMatchObject({ reason: 'conflict', latestSize: 8 });
    });

    it('refuses a consistency proof that does not verify (422)', () => {
      const good = request(honest, 8, 13);
      const flipped = good.proof.map((h, i) => (i === 0 ? h.map((b, j) => (j === 0 ? b ^ 1 : b)) : h));
      expect(decide({ ...good, proof: flipped })).toMatchObject({ reason: 'inconsistent', status: 422 });
      expect(decide({ ...good, proof: good.proof.slice(1) })).toMatchObject({ reason: 'inconsistent' });
    });

    it('refuses a non-empty proof from size 0 (422)', () => {
      const decision = witnessCheckpoint(
        initial(),
        { oldSize: 0, proof: [honest.rootHash(1)], checkpoint: signedAt(honest, 4) },
        { signerKey: witness.signerKey, now: NOW },
      );
      expect(decision).toMatchObject({ reason: 'inconsistent' });
    });
  });

  it('throws DC_LEDGER_KEY when its own configuration holds a bad log key', () => {
    const state: WitnessState = { logs: [createWitnessLogState(ORIGIN, ['not a key'])] };
    expect(() =>
      witnessCheckpoint(state, request(honest, 0, 3), { signerKey: witness.signerKey, now: NOW }),
    ).toThrow(expect.objectContaining({ code: 'DC_LEDGER_KEY' }));
  });

  it('follows an honest log and never cosigns two roots for one size (property)', () => {
    const big = treeOf(120);
    const forked = treeOf(120, 2);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.boolean()), { minLength: 1, maxLength: 8 }),
        (steps) => {
          let state = initial();
          let anchor: MemoryTree | undefined; // the tree the witness first cosigned a non-empty checkpoint of
          const seen = new Map<number, Uint8Array>();
          let size = 0;
          for (const [grow, useFork] of steps) {
            const next = Math.min(120, size + grow);
            const tree = useFork ? forked : big;
            const decision = witnessCheckpoint(state, request(tree, size, next), {
              signerKey: witness.signerKey,
              now: NOW,
            });
            if (next === 0 || anchor === undefined || tree === anchor) {
              expect(decision.kind).toBe('cosign');
            } else {
              expect(decision.kind).toBe(next === size ? 'alarm' : 'reject');
            }
            if (decision.kind === 'cosign') {
              const root = decision.checkpoint.rootHash;
              const before = seen.get(next);
              expect(before === undefined || bytesEqual(before, root)).toBe(true);
              seen.set(next, root);
              if (next > 0) anchor ??= tree;
              state = decision.state;
              size = next;
            }
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
