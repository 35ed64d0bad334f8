// A data subject's request (PIPL Art. 45, GDPR Art. 15): who abroad received this person's data, when,
// under which flow and mechanism, with the ledger entry of each transfer (GET /v1/subjects/{id}/transfers).
// The identifier is personal data: it stays in this page's state, never in the address bar or history.

import { type FormEvent, useState } from 'react';
import { ApiError, callApi } from '../api.js';
import { ErrorBox, Time, VerdictBadge } from '../components.js';
import { useLabels } from '../i18n.js';
import type { SubjectTransfer } from '../types.js';

/** The data-subject lookup page. */
export function SubjectsPage() {
  const { t } = useLabels();
  const [id, setId] = useState('');
  const [result, setResult] = useState<{ transfers: SubjectTransfer[] } | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (id.trim() === '') {
      setError(new ApiError(0, 'INPUT', 'enter the identifier the gateway counts the person by'));
      return;
    }
    setBusy(true);
    setError(undefined);
    setResult(null);
    try {
      setResult(await callApi(`/v1/subjects/${encodeURIComponent(id.trim())}/transfers`));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <h2>{t('subjects')}</h2>
      <p className="muted">
        Answer a person's request to know who abroad received their data. The gateway keeps no identifier in
        clear: it matches the keyed hash of what you enter here. Admin, auditor and regulator keys may look
        up.
      </p>
      <form onSubmit={submit} className="inline-form">
        <label>
          Subject identifier (the value of the transfers' subject field)
          <input
            name="subject"
            value={id}
            onChange={(e) => setId(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </label>
        <button type="submit" disabled={busy}>
          {t('lookUp')}
        </button>
      </form>
      <ErrorBox error={error} />
      {result !== null &&
        (result.transfers.length === 0 ? (
          <p role="status">No transfer of this person's data is recorded.</p>
        ) : (
          <table className="list" aria-label="transfers of this person">
            <caption>
              {result.transfers.length} transfer{result.transfers.length === 1 ? '' : 's'}
            </caption>
            <thead>
              <tr>
                <th scope="col">time</th>
                <th scope="col">flow</th>
                <th scope="col">{t('recipient')}</th>
                <th scope="col">{t('verdict')}</th>
                <th scope="col">{t('mechanisms')}</th>
                <th scope="col">ledger entry</th>
                <th scope="col">transfer</th>
              </tr>
            </thead>
            <tbody>
              {result.transfers.map((tr) => (
                <tr key={tr.transfer_id}>
                  <td>
                    <Time iso={tr.time} />
                  </td>
                  <td>
                    <a href={`#/flows/${encodeURIComponent(tr.flow.id)}`}>{tr.flow.id}</a> v{tr.flow.version}
                  </td>
                  <td>{tr.recipient_country ?? '—'}</td>
                  <td>
                    <VerdictBadge level={tr.verdict} />
                  </td>
                  <td>{tr.mechanisms.length > 0 ? tr.mechanisms.join(', ') : '—'}</td>
                  <td>
                    {tr.ledger_index === null ? (
                      '—'
                    ) : (
                      <a href={`#/ledger/${tr.ledger_index}`}>#{tr.ledger_index} (prove)</a>
                    )}
                  </td>
                  <td>
                    <code className="small">{tr.transfer_id}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
