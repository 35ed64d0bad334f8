import { describe, expect, it } from 'vitest';
import { createMemoryTree } from './memory-tree.js';
import { leafHash, rootHash } from './merkle.js';

describe('createMemoryTree', () => {
  it('starts empty with the empty root', () => {
    const tree = createMemoryTree();
    expect(tree.size).toBe(0);
    expect(tree.rootHash()).toEqual(rootHash([]));
  });

  it('returns the index of each appended leaf and keeps the leaves', () => {
    const tree = createMemoryTree();
    const hashes = [1, 2, 3].map((i) => leafHash(Uint8Array.of(i)));
    expect(hashes.map((h) => tree.append(h))).toEqual([0, 1, 2]);
    expect(tree.leafHash(1)).toEqual(hashes[1]);
    expect(tree.rootHash()).toEqual(rootHash(hashes));
  });

  it('refuses a size beyond its leaves with DC_LEDGER_ARGUMENT', () => {
    const tree = createMemoryTree([leafHash(Uint8Array.of(1))]);
    expect(() => tree.rootHash(2)).toThrow(expect.objectContaining({ code: 'DC_LEDGER_ARGUMENT' }));
    expect(() => tree.inclusionProof(0, 2)).toThrow(expect.objectContaining({ code: 'DC_LEDGER_ARGUMENT' }));
  });

  it('refuses a leaf hash that is not 32 bytes with DC_LEDGER_ARGUMENT', () => {
    expect(() => createMemoryTree().append(new Uint8Array(5))).toThrow(
      expect.objectContaining({ code: 'DC_LEDGER_ARGUMENT' }),
    );
  });

  it('refuses a subtree that is not complete yet with DC_LEDGER_HASH_SOURCE', () => {
    const tree = createMemoryTree([leafHash(Uint8Array.of(1))]);
    expect(() => tree.subtreeHashes([{ level: 1, index: 0 }])).toThrow(
      expect.objectContaining({ code: 'DC_LEDGER_HASH_SOURCE' }),
    );
  });
});
