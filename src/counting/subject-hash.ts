import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The keyed hash that stands for a person in counters and receipts: HMAC-SHA-256 of the identifier
 * under the tenant's counting key (RFC 2104), so the raw identifier is never stored, and hashes from two
 * tenants cannot be joined. The identifier is trimmed; nothing else is normalised (the caller decides
 * what identifies a person).
 */
export function subjectHash(countingKey: Uint8Array, subjectId: string): string {
  if (countingKey.length < 16) throw new RangeError('the counting key must have at least 16 bytes');
  return bytesToHex(hmac(sha256, countingKey, utf8ToBytes(subjectId.trim())));
}
