// The signed message and the signature bytes of Ed25519 cosignatures, c2sp.org/tlog-cosignature:
// message = "cosignature/v1\n" || "time <POSIX seconds>\n" || checkpoint note body;
// signature bytes after the key ID = u64 timestamp (big-endian) || 64-byte Ed25519 signature.

import { concatBytes, utf8 } from './bytes.js';

/** The header line of the cosignature/v1 signed message, for domain separation. */
export const COSIGNATURE_V1_HEADER = 'cosignature/v1';

/** The length of a `timestamped_signature` with an Ed25519 signature: 8 + 64 bytes. */
export const TIMESTAMPED_ED25519_SIGNATURE_SIZE = 72;

/** Tells whether a value can be a cosignature timestamp here: an integer from 0 to 2^53 - 1 seconds. */
export function isCosignatureTimestamp(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** The message an Ed25519 cosigner signs over a checkpoint body at a time. */
export function cosignatureV1Message(checkpointBody: string, timestamp: number): Uint8Array {
  return utf8(`${COSIGNATURE_V1_HEADER}\ntime ${timestamp}\n${checkpointBody}`);
}

/** The `timestamped_signature` bytes: u64 big-endian timestamp, then the signature. */
export function encodeTimestampedSignature(timestamp: number, signature: Uint8Array): Uint8Array {
  const time = new Uint8Array(8);
  new DataView(time.buffer).setBigUint64(0, BigInt(timestamp), false);
  return concatBytes(time, signature);
}

/** Splits `timestamped_signature` bytes, or returns undefined when they are malformed or out of range. */
export function decodeTimestampedSignature(
  bytes: Uint8Array,
): { timestamp: number; signature: Uint8Array } | undefined {
  if (bytes.length !== TIMESTAMPED_ED25519_SIGNATURE_SIZE) return undefined;
  const time = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, false);
  if (time > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return { timestamp: Number(time), signature: bytes.slice(8) };
}
