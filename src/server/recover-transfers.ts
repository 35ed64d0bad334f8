import { decodeReceipt, encodeReceipt, type Receipt, receiptLeafHash } from '../ledger/index.js';
import type { LedgerStore, Store } from '../store/index.js';

/** What recovery did: receipts appended now, receipts found already in the log, and rows without a usable receipt (left as they are). */
export interface RecoveryReport {
  readonly appended: number;
  readonly alreadyLogged: number;
  readonly withoutReceipt: readonly string[];
}

/**
 * Finishes transfers interrupted between the counters' commit and the ledger append (a crash, or the
 * database going away): each transfer stored `accepted` with its receipt gets the receipt appended
 * (unless the log already holds it, when the interruption came after the append) and is marked recorded
 * with its ledger index. The append names the transfer (`refs`), so that a request still finishing the
 * same transfer, or another gateway recovering it at the same time, never appends it twice. Pass
 * `createdBefore` to leave the transfers still in flight to their own requests.
 *
 * @example
 * const report = await recoverTransfers(store, ledger, { createdBefore: new Date(Date.now() - 5_000) });
 */
export async function recoverTransfers(
  store: Store,
  ledger: LedgerStore | undefined,
  options: { readonly createdBefore?: Date; readonly limit?: number } = {},
): Promise<RecoveryReport> {
  let appended = 0;
  let alreadyLogged = 0;
  const withoutReceipt: string[] = [];
  const pending = await store.gateway.transfersPendingLedger({
    ...(options.createdBefore ? { createdBefore: options.createdBefore.toISOString() } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
  });
  for (const t of pending) {
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
      // Entries appended before refs were kept are found by their leaf hash.
      const logged = await ledger.inclusionProofByLeafHash(receiptLeafHash(receipt));
      if (logged !== undefined) {
        ledgerIndex = logged.index;
        alreadyLogged++;
      } else {
        const result = await ledger.append([leaf], { refs: [t.id] });
        ledgerIndex = result.firstIndex;
        if (result.appended > 0) appended++;
        else alreadyLogged++;
      }
    }
    const response = { ...(JSON.parse(t.response) as Record<string, unknown>), ledger_index: ledgerIndex };
    await store.gateway.recordTransfer(t.id, ledgerIndex, t.receipt, JSON.stringify(response));
  }
  return { appended, alreadyLogged, withoutReceipt };
}

/** A recovery that runs in the background while the gateway serves. */
export interface TransferRecovery {
  /** Runs one pass now (or waits for the one running) and answers what it did. */
  runOnce(): Promise<RecoveryReport>;
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `recoverTransfers` every `intervalMs` for transfers older than `graceMs`, so that transfers a
 * store outage interrupted are finished once the database is back, without a restart or a manual step.
 * Passes never overlap; a failing pass (the store still down) is reported once per outage through
 * `onError`, and the next success through `onRecovered`.
 *
 * @example
 * const recovery = startTransferRecovery(store, ledger, { intervalMs: 2000, graceMs: 5000 });
 * // ... at shutdown
 * await recovery.stop();
 */
export function startTransferRecovery(
  store: Store,
  ledger: LedgerStore | undefined,
  options: {
    readonly intervalMs: number;
    readonly graceMs: number;
    readonly clock?: { readonly now: () => Date };
    readonly onError?: (error: unknown) => void;
    readonly onRecovered?: (report: RecoveryReport) => void;
  },
): TransferRecovery {
  const clock = options.clock ?? { now: () => new Date() };
  let running: Promise<RecoveryReport> | undefined;
  let failing = false;
  const pass = async (): Promise<RecoveryReport> => {
    const createdBefore = new Date(clock.now().getTime() - options.graceMs);
    try {
      const report = await recoverTransfers(store, ledger, { createdBefore, limit: 1000 });
      if (failing || report.appended + report.alreadyLogged > 0) options.onRecovered?.(report);
      failing = false;
      return report;
    } catch (error) {
      if (!failing) options.onError?.(error);
      failing = true;
      throw error;
    }
  };
  const runOnce = (): Promise<RecoveryReport> => {
    if (running === undefined)
      running = pass().finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => {
    runOnce().catch(() => undefined);
  }, options.intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
