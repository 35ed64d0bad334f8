// What if: a flow declaration in YAML (or JSON), evaluated by the API against every rulebook
// (POST /v1/evaluate), with what would change the verdict; and, for admin and operator keys, declared
// (POST /v1/flows). Problems come back located; a click on one selects its line.

import { type FormEvent, useRef, useState } from 'react';
import { ApiError, callApi, readApiKey } from '../api.js';
import { ErrorBox, VerdictView } from '../components.js';
import { useLabels } from '../i18n.js';
import type { Verdict } from '../types.js';

/** The flow the page starts with (DESIGN.md's example, in force on its date). */
export const SAMPLE_FLOW = `version: 1
id: fr-buyers-to-hangzhou-support
date: 2026-11-29
exporter:
  name: Example Marketplace SAS
  country: FR
  targets: [EU]
recipient:
  name: Hangzhou Support Centre Ltd
  country: CN
  relation: group_company
  role: processor
route:
  - { name: Singapore cloud region, country: SG, role: processor, access: storage_only }
subjects:
  - residence: FR
    kind: customer
    count: 40000
categories: [user.name, user.contact.address, user.contact.phone_number]
purpose: essential.service.operations.support
safeguards: [eu.scc]
`;

function contentTypeOf(text: string): string {
  return /^\s*[{[]/.test(text) ? 'application/json' : 'application/yaml';
}

/** The what-if page. */
export function EvaluatePage() {
  const { t, lang } = useLabels();
  const [text, setText] = useState(SAMPLE_FLOW);
  const [whatIf, setWhatIf] = useState(true);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [declared, setDeclared] = useState<{ id: string; version: number; created: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);

  const evaluate = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setDeclared(null);
    try {
      setVerdict(
        await callApi<Verdict>(`/v1/evaluate?lang=${lang}${whatIf ? '' : '&what_if=false'}`, {
          method: 'POST',
          body: text,
          contentType: contentTypeOf(text),
          anonymous: true,
        }),
      );
    } catch (err) {
      setVerdict(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const declare = async () => {
    setBusy(true);
    setError(undefined);
    setDeclared(null);
    try {
      const answer = await callApi<{ id: string; version: number; created: boolean; verdict?: Verdict }>(
        '/v1/flows',
        { method: 'POST', body: text, contentType: contentTypeOf(text) },
      );
      setDeclared(answer);
      if (answer.verdict) setVerdict(answer.verdict);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const selectLine = (line: number) => {
    const el = area.current;
    if (!el) return;
    const lines = text.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    el.focus();
    el.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  };

  return (
    <section>
      <h2>{t('evaluate')}</h2>
      <p className="muted">
        Change the declaration and evaluate it: nothing is stored. The verdict uses the law in force on the
        flow's <code>date</code>.
      </p>
      <form onSubmit={evaluate}>
        <label>
          Flow declaration (YAML or JSON, version 1)
          <textarea
            ref={area}
            className="mono"
            name="flow"
            rows={Math.min(30, Math.max(12, text.split('\n').length + 1))}
            value={text}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
          />
        </label>
        <p className="actions">
          <label className="check">
            <input type="checkbox" checked={whatIf} onChange={(e) => setWhatIf(e.target.checked)} /> what
            would change the verdict
          </label>
          <button type="submit" disabled={busy}>
            {t('evaluateButton')}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={declare}
            title={readApiKey() ? 'needs an admin or operator key' : 'needs an API key'}
          >
            {t('declareButton')}
          </button>
          <button type="button" onClick={() => setText(SAMPLE_FLOW)}>
            reset
          </button>
        </p>
      </form>
      {error instanceof ApiError && error.problems.some((p) => p.line !== undefined) ? (
        <div className="error" role="alert">
          <p>
            <code>{error.code}</code> {error.message}
          </p>
          <ul>
            {error.problems.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id and never reorder
              <li key={i}>
                {p.line !== undefined ? (
                  <button type="button" className="link" onClick={() => selectLine(p.line ?? 1)}>
                    line {p.line}:{p.column ?? 0}
                  </button>
                ) : null}{' '}
                {p.path.length > 0 ? `${p.path.join('.')}: ` : ''}
                {p.message}
                {p.suggestion ? ` (${p.suggestion})` : ''}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <ErrorBox error={error} />
      )}
      {declared && (
        <p role="status" className="result ok">
          {declared.created ? 'Declared' : 'Unchanged:'}{' '}
          <a href={`#/flows/${encodeURIComponent(declared.id)}`}>{declared.id}</a> version {declared.version}
        </p>
      )}
      {verdict && <VerdictView verdict={verdict} />}
    </section>
  );
}
