import { decodeReceipt, encodeReceipt, type Receipt, receiptLeafHash } from '../ledger/index.js';
import type { LedgerStore, Store } from '../store/index.js';

/** What recovery did: receipts appended now, receipts found already in the log, and rows without a usable receipt (left as they are). */
export interface RecoveryReport {
  readonly appended: number;
  readonly alreadyLogged: number;
  readonly withoutReceipt: readonly string[];
}

/**
 * Finishes transfers a crash interrupted between the counters' commit and the ledger append: each
 * transfer stored `accepted` with its receipt gets the receipt appended (unless the log already holds
 * it, when the crash came after the append) and is marked recorded with its ledger index. With several
 * gateways on one database, pass `createdBefore` so that another process's transfer in flight is left to it.
 *
 * @example
 * const report = await recoverTransfers(store, ledger, { createdBefore: new Date(Date.now() - 60_000) });
 */
export async function recoverTransfers(
  store: Store,
  ledger: LedgerStore | undefined,
  options: { readonly createdBefore?: Date } = {},
): Promise<RecoveryReport> {
  let appended = 0;
  let alreadyLogged = 0;
  const withoutReceipt: string[] = [];
  const before = options.createdBefore?.toISOString();
  for (const t of await store.gateway.transfersPendingLedger()) {
    if (before !== undefined && t.createdAt >= before) continue;
    if (t.receipt === null || t.response === null) {
      // Stored before receipts were kept with the counts: nothing to rebuild it from.
      withoutReceipt.push(t.id);
      continue;
    }
    let ledgerIndex: number | null = null;
    if (ledger) {
      let receipt: Receipt;
      try {
        // INVARIANT: only a well-formed receipt enters the log.
        receipt = decodeReceipt(encodeReceipt(JSON.parse(t.receipt)));
      } catch {
        withoutReceipt.push(t.id);
        continue;
      }
      const leaf = encodeReceipt(receipt);
      const logged = await ledger.inclusionProofByLeafHash(receiptLeafHash(receipt));
      if (logged !== undefined) {
        ledgerIndex = logged.index;
        alreadyLogged++;
      } else {
        ledgerIndex = (await ledger.append([leaf])).firstIndex;
        appended++;
      }
    }
    const response = { ...(JSON.parse(t.response) as Record<string, unknown>), ledger_index: ledgerIndex };
    await store.gateway.recordTransfer(t.id, ledgerIndex, t.receipt, JSON.stringify(response));
  }
  return { appended, alreadyLogged, withoutReceipt };
}
