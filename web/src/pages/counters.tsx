// The tenant's legal counters (distinct individuals per exporter, counter and window) against each
// threshold, with the forecast of each crossing at the rate since the window started (GET /v1/counters).

import { Show, Time, useApi } from '../components.js';
import { useLabels } from '../i18n.js';
import type { CounterRow } from '../types.js';

function Forecast({ row }: { readonly row: CounterRow }) {
  const f = row.forecast;
  if (f === null) return <span className="muted">—</span>;
  if (f.days_to_threshold === 0) return <strong className="warn">reached</strong>;
  if (f.days_to_threshold === null) return <span className="muted">no transfers yet in this window</span>;
  if (f.date === null) return <span className="muted">not before year 9999 at {f.rate_per_day}/day</span>;
  return (
    <span>
      {f.date}{' '}
      <span className="muted small">
        (in {f.days_to_threshold} days at {f.rate_per_day}/day)
      </span>
    </span>
  );
}

/** The counters page. */
export function CountersPage() {
  const { t } = useLabels();
  const loaded = useApi<{ counters: CounterRow[] }>('/v1/counters');
  return (
    <section>
      <h2>{t('counters')}</h2>
      <p className="muted">
        Distinct individuals whose data each exporter sent abroad, counted by keyed hash in each legal
        counting window, against the thresholds the rulebooks set.
      </p>
      <Show loaded={loaded}>
        {({ counters }) =>
          counters.length === 0 ? (
            <p>Nothing is counted yet: counters grow with each transfer through the gateway.</p>
          ) : (
            <table className="list" aria-label={t('counters')}>
              <thead>
                <tr>
                  <th scope="col">{t('exporter')}</th>
                  <th scope="col">counter</th>
                  <th scope="col">{t('window')}</th>
                  <th scope="col">{t('count')}</th>
                  <th scope="col">{t('threshold')}</th>
                  <th scope="col">{t('remaining')}</th>
                  <th scope="col">{t('forecast')}</th>
                  <th scope="col">updated</th>
                </tr>
              </thead>
              <tbody>
                {counters.map((c) => (
                  <tr key={`${c.exporter}|${c.kind}|${c.window}|${c.threshold}`}>
                    <td>{c.exporter}</td>
                    <td>
                      {c.title ?? c.kind}
                      <div className="muted small">
                        {c.jurisdiction ?? '?'} · <code>{c.kind}</code>
                      </div>
                    </td>
                    <td className="nowrap">{c.window}</td>
                    <td className="num">{c.count.toLocaleString()}</td>
                    <td className="num">
                      {c.threshold === null ? (
                        '—'
                      ) : (
                        <>
                          {c.threshold.toLocaleString()}
                          <meter
                            min={0}
                            max={c.threshold}
                            low={c.threshold * 0.8}
                            high={c.threshold * 0.9}
                            optimum={0}
                            value={Math.min(c.count, c.threshold)}
                            aria-label={`${c.count} of ${c.threshold}`}
                          />
                        </>
                      )}
                    </td>
                    <td className="num">{c.remaining === null ? '—' : c.remaining.toLocaleString()}</td>
                    <td>
                      <Forecast row={c} />
                    </td>
                    <td>
                      <Time iso={c.updated_at} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
    </section>
  );
}
