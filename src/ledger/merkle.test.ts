import { describe, expect, it } from 'vitest';
import vectors from '../../test/vectors/ledger/rfc6962.json' with { type: 'json' };
import { fromBase64, fromHex, toHex, utf8 } from './bytes.js';
import { isLedgerError } from './errors.js';
import { emptyRootHash, foldSubtreeHashes, leafHash, nodeHash, rootHash } from './merkle.js';

const leaves = vectors.leaves.map((hex) => leafHash(fromHex(hex)!));

describe('leafHash', () => {
  it('hashes the empty leaf as SHA-256 of 0x00 (transparency-dev/merkle vector)', () => {
    expect(toHex(leafHash(new Uint8Array(0)))).toBe(vectors.hasher.emptyLeaf);
  });

  it('hashes a leaf as SHA-256 of 0x00 and its data (transparency-dev/merkle vector)', () => {
    expect(toHex(leafHash(utf8(vectors.hasher.leaf.dataUtf8)))).toBe(vectors.hasher.leaf.hash);
  });

  it('matches the record hash of the Go checksum database (golang/mod sumdb/tlog vector)', () => {
    expect(leafHash(utf8(vectors.hasher.sumdbRecord.dataUtf8))).toEqual(
      fromBase64(vectors.hasher.sumdbRecord.hashBase64),
    );
  });

  it('differs from the empty tree hash', () => {
    expect(toHex(leafHash(new Uint8Array(0)))).not.toBe(toHex(emptyRootHash()));
  });
});

describe('nodeHash', () => {
  it('hashes two children as SHA-256 of 0x01, left and right (transparency-dev/merkle vector)', () => {
    expect(toHex(nodeHash(utf8(vectors.hasher.node.leftUtf8), utf8(vectors.hasher.node.rightUtf8)))).toBe(
      vectors.hasher.node.hash,
    );
  });

  it('depends on the order of the children', () => {
    const [a, b] = [leafHash(utf8('Hello')), leafHash(utf8('World'))];
    expect(toHex(nodeHash(a, b))).not.toBe(toHex(nodeHash(b, a)));
  });

  it('is not the leaf hash of the concatenated children (second preimage resistance)', () => {
    const [a, b] = [leafHash(utf8('Hello')), leafHash(utf8('World'))];
    const joined = new Uint8Array([...a, ...b]);
    expect(toHex(nodeHash(a, b))).not.toBe(toHex(leafHash(joined)));
  });
});

describe('rootHash', () => {
  it('gives the empty tree the SHA-256 of the empty string', () => {
    expect(toHex(rootHash([]))).toBe(vectors.hasher.emptyRoot);
    expect(toHex(emptyRootHash())).toBe(vectors.hasher.emptyRoot);
  });

  it('gives each published root for the trees of 1 to 8 leaves', () => {
    for (let size = 1; size <= 8; size++) {
      expect(toHex(rootHash(leaves.slice(0, size))), `size ${size}`).toBe(vectors.roots[size - 1]);
    }
  });

  it('matches the recursive definition of RFC 9162 section 2.1.1 for every size up to 70', () => {
    const mth = (hashes: Uint8Array[]): Uint8Array => {
      if (hashes.length === 1) return hashes[0]!;
      let k = 1;
      while (k * 2 < hashes.length) k *= 2;
      return nodeHash(mth(hashes.slice(0, k)), mth(hashes.slice(k)));
    };
    const many = Array.from({ length: 70 }, (_, i) => leafHash(Uint8Array.of(i)));
    for (let size = 1; size <= many.length; size++) {
      expect(toHex(rootHash(many.slice(0, size))), `size ${size}`).toBe(toHex(mth(many.slice(0, size))));
    }
  });

  it('rejects a leaf hash that is not 32 bytes with DC_LEDGER_ARGUMENT', () => {
    expect(() => rootHash([leaves[0]!, new Uint8Array(31)])).toThrow(
      expect.objectContaining({ code: 'DC_LEDGER_ARGUMENT' }),
    );
    try {
      rootHash([new Uint8Array(3)]);
    } catch (error) {
      expect(isLedgerError(error, 'DC_LEDGER_ARGUMENT')).toBe(true);
    }
  });
});

describe('foldSubtreeHashes', () => {
  it('folds from the right', () => {
    const [a, b, c] = leaves as [Uint8Array, Uint8Array, Uint8Array];
    expect(foldSubtreeHashes([a, b, c])).toEqual(nodeHash(a, nodeHash(b, c)));
  });
});
