export type { ServerDeps } from './app.js';
export { createServer } from './app.js';
export type { ErrorBody } from './errors.js';
export type { RecoveryReport, TransferRecovery } from './recover-transfers.js';
export { recoverTransfers, startTransferRecovery } from './recover-transfers.js';
export type { AlertFormat, ThresholdAlert, ThresholdAlerts } from './threshold-alerts.js';
export { createWebhookAlerts } from './threshold-alerts.js';
