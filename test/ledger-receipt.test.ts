import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLedgerError, leafHash } from '../src/ledger/index.js';
import {
  decodeReceipt,
  encodeReceipt,
  type Receipt,
  receiptLeafHash,
  receiptProblems,
  sha256Hex,
  subjectCommitment,
} from '../src/ledger/receipt.js';

const tenantKey = new Uint8Array(32).fill(42);
const bytes = (text: string) => new TextEncoder().encode(text);

/** A receipt as the gateway would write it; the subjects are keyed commitments, never identifiers. */
function sampleReceipt(overrides: Partial<Receipt> = {}): Receipt {
  return {
    version: 1,
    time: '2026-11-29T10:00:00.000Z',
    flow: { id: 'fr-buyers-to-hangzhou-support', version: 2 },
    exporter_country: 'FR',
    recipient_country: 'CN',
    countries: ['CN', 'FR', 'SG'],
    categories: ['user.contact.address', 'user.name'],
    counts: { records: 3, subjects: 2 },
    verdict: 'allowed',
    mechanisms: ['eu.scc'],
    rulebook_hash: sha256Hex(bytes('rulebooks')),
    payload_digest: sha256Hex(bytes('payload')),
    sandbox: null,
    subjects: [subjectCommitment(tenantKey, 'subject-1'), subjectCommitment(tenantKey, 'subject-2')].sort(),
    ...overrides,
  };
}

describe('encodeReceipt', () => {
  it('writes RFC 8785 canonical JSON: keys sorted, no whitespace', () => {
    const text = new TextDecoder().decode(encodeReceipt(sampleReceipt()));
    expect(text.startsWith('{"categories":["user.contact.address","user.name"],"countries":')).toBe(true);
    expect(text).not.toMatch(/\s/);
    expect(text).toContain('"counts":{"records":3,"subjects":2}');
  });

  it('gives the same bytes whatever the key order of the input', () => {
    const receipt = sampleReceipt();
    const reversed = Object.fromEntries(Object.entries(receipt).reverse()) as unknown as Receipt;
    expect(encodeReceipt(reversed)).toEqual(encodeReceipt(receipt));
    expect(receiptLeafHash(receipt)).toEqual(leafHash(encodeReceipt(receipt)));
  });

  it('refuses what is not a receipt, naming each field', () => {
    const bad = {
      ...sampleReceipt(),
      subjects: ['alice@example.com'],
      counts: { records: -1, subjects: 1 },
      name: 'Alice',
    } as unknown as Receipt;
    let problems: readonly string[] = [];
    try {
      encodeReceipt(bad);
    } catch (error) {
      expect(isLedgerError(error, 'DC_LEDGER_ARGUMENT')).toBe(true);
      problems = (error as { problems: readonly string[] }).problems;
    }
    expect(problems).toEqual([
      'name: unknown field',
      'counts.records: not a non-negative integer',
      'subjects[0]: not a subject commitment (64 hex digits)',
    ]);
    // Messages never quote the values.
    expect(problems.join(' ')).not.toContain('alice');
  });

  it('asks for sorted lists without duplicates, ISO codes and UTC times', () => {
    expect(
      receiptProblems({
        ...sampleReceipt(),
        countries: ['FR', 'CN'],
        categories: ['user.name', 'user.name'],
        exporter_country: 'fr',
        time: '2026-11-29 10:00',
        verdict: 'fine',
      }),
    ).toEqual([
      'time: not an ISO 8601 UTC time',
      'exporter_country: not an ISO 3166-1 code',
      'countries: not sorted without duplicates at item 1',
      'categories: not sorted without duplicates at item 1',
      'verdict: not one of not_applicable, allowed, conditional, mechanism_required, prohibited',
    ]);
  });
});

describe('decodeReceipt', () => {
  it('reads back what encodeReceipt wrote (property)', () => {
    const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
    fc.assert(
      fc.property(
        fc.record({
          records: fc.nat(),
          subjects: fc.uniqueArray(hex64, { maxLength: 5 }).map((s) => s.sort()),
          verdict: fc.constantFrom('allowed', 'prohibited', 'conditional') as fc.Arbitrary<
            Receipt['verdict']
          >,
          sandbox: fc.option(fc.constantFrom('hainan-2026', 'sg-pdpc-1'), { nil: null }),
        }),
        ({ records, subjects, verdict, sandbox }) => {
          const receipt = sampleReceipt({
            counts: { records, subjects: subjects.length },
            subjects,
            verdict,
            sandbox,
          });
          expect(decodeReceipt(encodeReceipt(receipt))).toEqual(receipt);
        },
      ),
    );
  });

  it('refuses leaves that are not canonical receipts', () => {
    const canonical = new TextDecoder().decode(encodeReceipt(sampleReceipt()));
    for (const leaf of [
      bytes(` ${canonical}`),
      bytes(JSON.stringify(sampleReceipt(), null, 1)),
      bytes('{'),
      Uint8Array.of(0xff),
    ]) {
      expect(() => decodeReceipt(leaf)).toThrow(expect.objectContaining({ code: 'DC_LEDGER_ARGUMENT' }));
    }
  });
});

describe('subjectCommitment', () => {
  it('is HMAC-SHA-256 under the tenant key: stable for one key, different under another', () => {
    const a = subjectCommitment(tenantKey, 'subject-1');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(subjectCommitment(tenantKey, 'subject-1')).toBe(a);
    expect(subjectCommitment(new Uint8Array(32).fill(43), 'subject-1')).not.toBe(a);
    expect(a).toBe(createHmac('sha256', tenantKey).update('subject-1').digest('hex'));
    expect(() => subjectCommitment(new Uint8Array(8), 'x')).toThrow(/fewer than 16 bytes/);
  });
});
