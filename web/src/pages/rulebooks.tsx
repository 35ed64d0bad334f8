// The rulebooks the server evaluates with: law, version, last check against the sources, content hash,
// rules the fact base marks unconfirmed, and the transfer mechanisms each offers (GET /v1/rulebooks).

import { Show, useApi } from '../components.js';
import { pick, useLabels } from '../i18n.js';
import type { RulebookRow } from '../types.js';

/** The rulebooks page. */
export function RulebooksPage() {
  const { t, lang } = useLabels();
  const loaded = useApi<{ rulebooks: RulebookRow[] }>('/v1/rulebooks', { anonymous: true });
  return (
    <section>
      <h2>{t('rulebooks')}</h2>
      <Show loaded={loaded}>
        {({ rulebooks }) => (
          <table className="list" aria-label={t('rulebooks')}>
            <thead>
              <tr>
                <th scope="col">{t('jurisdiction')}</th>
                <th scope="col">{t('law')}</th>
                <th scope="col">version</th>
                <th scope="col">checked</th>
                <th scope="col">rules</th>
                <th scope="col">{t('mechanisms')}</th>
                <th scope="col">hash</th>
              </tr>
            </thead>
            <tbody>
              {rulebooks.map((rb) => (
                <tr key={rb.jurisdiction}>
                  <th scope="row">{rb.jurisdiction}</th>
                  <td>
                    {rb.law}
                    <div className="muted small">{rb.name}</div>
                  </td>
                  <td>{rb.version}</td>
                  <td>{rb.checked}</td>
                  <td className="num">
                    {rb.rules}
                    {rb.unconfirmed.length > 0 && (
                      <div className="warn small" title={rb.unconfirmed.join(', ')}>
                        {rb.unconfirmed.length} unconfirmed
                      </div>
                    )}
                  </td>
                  <td className="small">
                    {rb.mechanisms.map((m) => (
                      <div key={m.id} title={m.citation}>
                        <code>{m.id}</code> {typeof m.title === 'string' ? m.title : pick(m.title, lang)}
                      </div>
                    ))}
                  </td>
                  <td>
                    <code className="small" title={rb.hash}>
                      {rb.hash.slice(0, 12)}
                    </code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Show>
    </section>
  );
}
