// The declared flows of the tenant, and one flow: its declaration, its versions and its verdict per
// jurisdiction (evaluated by the API, `POST /v1/evaluate`, with the law of the flow's date).

import { useState } from 'react';
import { Show, Time, useApi, VerdictView } from '../components.js';
import { useLabels } from '../i18n.js';
import type { FlowBody, FlowDetail, FlowList, FlowVersion, Verdict } from '../types.js';

/**
 * The declaration a stored flow came from, as `POST /v1/evaluate` takes it: the normalised flow without
 * what normalisation added (`expanded`) and without unset (null) fields.
 */
export function toDeclaration(flow: FlowBody): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value)
          .filter(([, v]) => v !== null)
          .map(([k, v]) => [k, strip(v)]),
      );
    return value;
  };
  const { expanded: _expanded, ...declared } = flow;
  return strip(declared);
}

/** The list of flows, 100 at a time. */
export function FlowsPage() {
  const { t } = useLabels();
  const [after, setAfter] = useState<string[]>([]);
  const cursor = after.at(-1);
  const loaded = useApi<FlowList>(
    `/v1/flows?limit=100${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`,
  );
  return (
    <section>
      <h2>{t('flows')}</h2>
      <Show loaded={loaded}>
        {({ flows, next }) =>
          flows.length === 0 ? (
            <p>No flow is declared yet: declare one with `POST /v1/flows` or on the “What if” page.</p>
          ) : (
            <>
              <table className="list" aria-label={t('flows')}>
                <thead>
                  <tr>
                    <th scope="col">id</th>
                    <th scope="col">{t('route')}</th>
                    <th scope="col">date of law</th>
                    <th scope="col">{t('versions')}</th>
                    <th scope="col">updated</th>
                  </tr>
                </thead>
                <tbody>
                  {flows.map((f) => (
                    <tr key={f.id}>
                      <th scope="row">
                        <a href={`#/flows/${encodeURIComponent(f.id)}`}>{f.id}</a>
                      </th>
                      <td>
                        {f.exporter_country} → {f.recipient_country}
                      </td>
                      <td>{f.date}</td>
                      <td>{f.latest_version}</td>
                      <td>
                        <Time iso={f.updated_at} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="pager">
                {after.length > 0 && (
                  <button type="button" onClick={() => setAfter(after.slice(0, -1))}>
                    ← previous
                  </button>
                )}
                {next && (
                  <button type="button" onClick={() => setAfter([...after, next])}>
                    next →
                  </button>
                )}
              </p>
            </>
          )
        }
      </Show>
    </section>
  );
}

/** What the declaration says, in a few lines. */
function FlowSummary({ flow }: { readonly flow: FlowBody }) {
  const { t } = useLabels();
  return (
    <dl className="facts">
      <dt>{t('exporter')}</dt>
      <dd>
        {flow.exporter?.name} ({flow.exporter?.country}
        {flow.exporter?.zone ? `, zone ${flow.exporter.zone}` : ''})
      </dd>
      <dt>{t('route')}</dt>
      <dd>
        {[flow.exporter?.country, ...(flow.route ?? []).map((h) => h.country), flow.recipient?.country]
          .filter(Boolean)
          .join(' → ')}
        {(flow.route ?? []).length > 0 && (
          <span className="muted small">
            {' '}
            (via{' '}
            {(flow.route ?? [])
              .map((h) => `${h.name ?? h.country}${h.access ? `, ${h.access}` : ''}`)
              .join('; ')}
            )
          </span>
        )}
      </dd>
      <dt>{t('recipient')}</dt>
      <dd>
        {flow.recipient?.name} ({flow.recipient?.country})
      </dd>
      <dt>{t('purpose')}</dt>
      <dd>
        <code>{flow.purpose}</code>
      </dd>
      <dt>{t('categories')}</dt>
      <dd>
        <ul className="inline">
          {(flow.categories ?? []).map((c) => (
            <li key={c}>
              <a href={`#/taxonomy/${encodeURIComponent(c)}`}>
                <code>{c}</code>
              </a>
            </li>
          ))}
        </ul>
      </dd>
      <dt>{t('subjectsLabel')}</dt>
      <dd>
        {(flow.subjects ?? [])
          .map((s) => `${s.count?.toLocaleString() ?? '?'} ${s.kind ?? ''} resident in ${s.residence ?? '?'}`)
          .join('; ')}
      </dd>
      <dt>{t('safeguards')}</dt>
      <dd>{(flow.safeguards ?? []).length > 0 ? (flow.safeguards ?? []).join(', ') : '—'}</dd>
    </dl>
  );
}

function FlowVerdict({ flow }: { readonly flow: FlowBody }) {
  const { lang } = useLabels();
  const loaded = useApi<Verdict>(`/v1/evaluate?lang=${lang}`, {
    method: 'POST',
    body: JSON.stringify(toDeclaration(flow)),
    anonymous: true,
  });
  return <Show loaded={loaded}>{(verdict) => <VerdictView verdict={verdict} />}</Show>;
}

function VersionView({ id, version }: { readonly id: string; readonly version: number }) {
  const loaded = useApi<FlowVersion>(`/v1/flows/${encodeURIComponent(id)}/versions/${version}`);
  return (
    <Show loaded={loaded}>
      {(v) =>
        v.flow ? (
          <>
            <FlowSummary flow={v.flow as FlowBody} />
            <FlowVerdict flow={v.flow as FlowBody} />
            <details>
              <summary>declaration (normalised, JSON)</summary>
              <pre className="code">{JSON.stringify(toDeclaration(v.flow as FlowBody), null, 2)}</pre>
            </details>
          </>
        ) : (
          <p>This version has no stored declaration.</p>
        )
      }
    </Show>
  );
}

/** One flow: its versions (newest first), the chosen version's declaration and verdict. */
export function FlowPage({ id }: { readonly id: string }) {
  const { t } = useLabels();
  const loaded = useApi<FlowDetail>(`/v1/flows/${encodeURIComponent(id)}`);
  const [chosen, setChosen] = useState<number | null>(null);
  return (
    <section>
      <p>
        <a href="#/flows">← {t('flows')}</a>
      </p>
      <h2>
        <code>{id}</code>
      </h2>
      <Show loaded={loaded}>
        {(detail) => {
          const version = chosen ?? detail.latest.version;
          return (
            <>
              <fieldset className="versions">
                <legend>{t('versions')}</legend>
                {[...detail.versions].reverse().map((v) => (
                  <label key={v.version}>
                    <input
                      type="radio"
                      name="version"
                      checked={v.version === version}
                      onChange={() => setChosen(v.version)}
                    />{' '}
                    v{v.version} <Time iso={v.declared_at} />{' '}
                    <code className="small" title="content hash">
                      {v.content_hash.slice(0, 12)}
                    </code>
                  </label>
                ))}
              </fieldset>
              <VersionView id={id} version={version} />
            </>
          );
        }}
      </Show>
    </section>
  );
}
