/** A counter moved past a fraction of a legal threshold. */
export interface ThresholdAlert {
  readonly tenant: string;
  readonly exporter: string;
  readonly counter: string;
  readonly jurisdiction: string;
  readonly window: string;
  readonly threshold: number;
  readonly fraction: number;
  /** Individuals counted after the transfer that crossed. */
  readonly count: number;
  readonly at: string;
}

/** Where alerts go and at which fractions of each threshold they fire. */
export interface ThresholdAlerts {
  readonly fractions: readonly number[];
  /** Called once per crossing, after the transfer is counted; must not throw. */
  notify(alert: ThresholdAlert): void;
}

/** The (threshold, fraction) pairs a counter moving from `before` to `after` individuals crosses. */
export function crossedFractions(
  before: number,
  after: number,
  thresholds: readonly number[],
  fractions: readonly number[],
): { threshold: number; fraction: number }[] {
  const out: { threshold: number; fraction: number }[] = [];
  for (const threshold of thresholds)
    for (const fraction of fractions) {
      const level = Math.ceil(threshold * fraction);
      if (before < level && after >= level) out.push({ threshold, fraction });
    }
  return out;
}

/** The one-line text of an alert (no personal data: counts and names of legal counters only). */
export function alertText(a: ThresholdAlert): string {
  return `Data Customs: ${a.exporter} ${a.counter} (${a.jurisdiction}, ${a.window}) reached ${Math.round(a.fraction * 100)}% of ${a.threshold.toLocaleString('en-US')}: ${a.count.toLocaleString('en-US')} individuals (tenant ${a.tenant})`;
}

/** Webhook body formats: ours (with a Slack-compatible `text`), or DingTalk/WeCom's `{ msgtype, text: { content } }`. */
export type AlertFormat = 'json' | 'dingtalk';

/** The webhook body of an alert in a format. */
export function alertBody(a: ThresholdAlert, format: AlertFormat): unknown {
  const text = alertText(a);
  if (format === 'dingtalk') return { msgtype: 'text', text: { content: text } };
  return { type: 'dc.threshold.crossed', text, alert: a };
}

/**
 * Posts each alert as JSON to a webhook, in the background; failures go to `onError` (a log line), never
 * to the transfer that crossed.
 *
 * @example
 * const alerts = createWebhookAlerts({ url: 'https://hooks.slack.com/services/…', fractions: [0.8, 0.9, 1] });
 */
export function createWebhookAlerts(options: {
  readonly url: string;
  readonly fractions: readonly number[];
  readonly format?: AlertFormat;
  readonly onError?: (message: string) => void;
  readonly fetch?: typeof fetch;
}): ThresholdAlerts & { idle(): Promise<void> } {
  const post = options.fetch ?? fetch;
  const pending = new Set<Promise<void>>();
  return {
    fractions: options.fractions,
    notify(alert) {
      const p = (async () => {
        try {
          const res = await post(options.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(alertBody(alert, options.format ?? 'json')),
            signal: AbortSignal.timeout(10_000),
          });
          if (!res.ok) options.onError?.(`alert webhook answered ${res.status}`);
        } catch (err) {
          options.onError?.(`alert webhook failed: ${(err as Error).name}`);
        }
      })();
      pending.add(p);
      void p.finally(() => pending.delete(p));
    },
    async idle() {
      await Promise.all([...pending]);
    },
  };
}
