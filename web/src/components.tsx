// Pieces shared by the pages: loading data, showing an API error as the server worded it, verdicts.

import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { ApiError, type CallOptions, callApi } from './api.js';
import { useLabels } from './i18n.js';
import type { JurisdictionVerdict, Verdict, VerdictLevel } from './types.js';

/** What a loading call is: its data, its error, and a way to run it again. */
export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** Calls the API for `path` (null: no call) and again whenever `path` or `options.body` change. */
export function useApi<T>(path: string | null, options: CallOptions = {}): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: path !== null,
  });
  const [round, setRound] = useState(0);
  const { method, body, contentType, text, anonymous } = options;
  // biome-ignore lint/correctness/useExhaustiveDependencies: round re-runs the call on reload
  useEffect(() => {
    if (path === null) {
      setState({ data: undefined, error: undefined, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    callApi<T>(path, {
      ...(method ? { method } : {}),
      ...(body !== undefined ? { body } : {}),
      ...(contentType ? { contentType } : {}),
      ...(text ? { text } : {}),
      ...(anonymous ? { anonymous } : {}),
      signal: controller.signal,
    }).then(
      (data) => setState({ data, error: undefined, loading: false }),
      (error: unknown) => {
        if ((error as Error).name !== 'AbortError') setState({ data: undefined, error, loading: false });
      },
    );
    return () => controller.abort();
  }, [path, method, body, contentType, text, anonymous, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}

/** An error from the API (its code, message and located problems), or any other failure, in words. */
export function ErrorBox({ error }: { readonly error: unknown }) {
  if (error === undefined || error === null) return null;
  if (error instanceof ApiError) {
    return (
      <div className="error" role="alert">
        <p>
          <code>{error.code}</code> {error.message}
          {error.status === 401 ? ' — enter a valid API key above.' : ''}
        </p>
        {error.problems.length > 0 && (
          <ul>
            {error.problems.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id and never reorder
              <li key={i}>
                {p.line !== undefined ? `${p.line}:${p.column ?? 0}: ` : ''}
                {p.path.length > 0 ? `${p.path.join('.')}: ` : ''}
                {p.message}
                {p.suggestion ? ` (${p.suggestion})` : ''}
                {p.severity === 'warning' ? ' [warning]' : ''}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return (
    <div className="error" role="alert">
      <p>{error instanceof Error ? error.message : String(error)}</p>
    </div>
  );
}

/** Loading text, the error, or the content. */
export function Show<T>({
  loaded,
  children,
}: {
  readonly loaded: Loaded<T>;
  readonly children: (data: T) => ReactNode;
}) {
  const { t } = useLabels();
  if (loaded.error !== undefined) return <ErrorBox error={loaded.error} />;
  if (loaded.data === undefined)
    return (
      <p className="muted" aria-busy="true">
        {t('loading')}
      </p>
    );
  return <>{children(loaded.data)}</>;
}

const VERDICT_TEXT: Record<VerdictLevel, { en: string; zh: string }> = {
  not_applicable: { en: 'not applicable', zh: '不适用' },
  allowed: { en: 'allowed', zh: '允许' },
  conditional: { en: 'conditional', zh: '有条件允许' },
  mechanism_required: { en: 'mechanism required', zh: '需要出境机制' },
  prohibited: { en: 'prohibited', zh: '禁止' },
};

/** A verdict level as a coloured label with its words (never colour alone). */
export function VerdictBadge({ level }: { readonly level: VerdictLevel | string | null }) {
  const { lang } = useLabels();
  if (level === null) return <span className="badge">—</span>;
  const words = VERDICT_TEXT[level as VerdictLevel]?.[lang] ?? level;
  return (
    <span className={`badge verdict-${level}`} data-verdict={level}>
      {words}
    </span>
  );
}

/** One end of a what-if change: a verdict level, or a requirement (mechanism ids). */
function WhatIfEnd({ value }: { readonly value: string }) {
  return value in VERDICT_TEXT ? <VerdictBadge level={value} /> : <code>{value}</code>;
}

function List({ items, className }: { readonly items: readonly string[]; readonly className?: string }) {
  if (items.length === 0) return <span className="muted">—</span>;
  return (
    <ul className={`inline ${className ?? ''}`}>
      {items.map((x) => (
        <li key={x}>
          <code>{x}</code>
        </li>
      ))}
    </ul>
  );
}

function hopText(j: JurisdictionVerdict): string {
  return j.hop ? `${j.hop.from} → ${j.hop.to}` : '—';
}

/** One jurisdiction's verdict: mechanisms, obligations (unmet ones marked), exemptions, the cited why. */
function JurisdictionRow({ j }: { readonly j: JurisdictionVerdict }) {
  const { t } = useLabels();
  return (
    <tr data-jurisdiction={j.jurisdiction}>
      <th scope="row">
        {j.jurisdiction}
        <div className="muted small">{j.law}</div>
      </th>
      <td className="nowrap">{hopText(j)}</td>
      <td>
        <VerdictBadge level={j.verdict} />
        {j.decided_by && <div className="muted small">{j.decided_by}</div>}
      </td>
      <td>
        {j.mechanisms.any_of.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <ul className="inline">
            {j.mechanisms.any_of.map((m) => (
              <li key={m} className={m === j.mechanisms.satisfied_by ? 'satisfied' : ''}>
                <code>{m}</code>
                {m === j.mechanisms.satisfied_by ? ` ✓ ${t('inPlace')}` : ''}
              </li>
            ))}
          </ul>
        )}
        {j.exemptions.length > 0 && (
          <div className="small">
            exempt: <List items={j.exemptions} />
          </div>
        )}
      </td>
      <td>
        {j.obligations.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <ul className="inline">
            {j.obligations.map((o) => (
              <li key={o} className={j.unmet.includes(o) ? 'unmet' : ''}>
                <code>{o}</code>
                {j.unmet.includes(o) ? ` (${t('notYetMet')})` : ''}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="why">
        <p>{j.why}</p>
        {j.citations.length > 0 && (
          <details>
            <summary>
              {j.citations.length} {t('citationsCount')}
            </summary>
            <ul>
              {j.citations.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </details>
        )}
        {j.unconfirmed.length > 0 && (
          <p className="small warn">unconfirmed rules: {j.unconfirmed.join(', ')}</p>
        )}
      </td>
    </tr>
  );
}

/** A whole verdict: overall level, each law that applies, what would change it, conflicts and gaps. */
export function VerdictView({ verdict }: { readonly verdict: Verdict }) {
  const { t, lang } = useLabels();
  const applies = verdict.jurisdictions.filter((j) => j.applies);
  const others = verdict.jurisdictions.filter((j) => !j.applies);
  const head = (
    <thead>
      <tr>
        <th scope="col">{t('jurisdiction')}</th>
        <th scope="col">{t('hop')}</th>
        <th scope="col">{t('verdict')}</th>
        <th scope="col">{t('mechanisms')}</th>
        <th scope="col">{t('obligations')}</th>
        <th scope="col">{t('why')}</th>
      </tr>
    </thead>
  );
  return (
    <section className="verdict" aria-label={t('verdict')}>
      <p className="overall">
        {t('verdict')}: <VerdictBadge level={verdict.verdict} />{' '}
        <span className="muted small">
          {t('lawOf')} {verdict.evaluated.date}; {Object.keys(verdict.evaluated.rulebooks).length}{' '}
          {t('rulebooksCount')}
        </span>
      </p>
      {applies.length > 0 ? (
        <div className="scroll">
          <table className="verdicts">
            {head}
            <tbody>
              {applies.map((j) => (
                <JurisdictionRow key={`${j.jurisdiction}-${j.hop?.index ?? 'x'}`} j={j} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No law claims this flow.</p>
      )}
      {others.length > 0 && (
        <details>
          <summary>
            {others.length} {t('notApplicable')}: {others.map((j) => j.jurisdiction).join(', ')}
          </summary>
          <ul>
            {others.map((j) => (
              <li key={`${j.jurisdiction}-${j.hop?.index ?? 'x'}`}>
                <strong>{j.jurisdiction}</strong> ({j.law}): {j.why}
              </li>
            ))}
          </ul>
        </details>
      )}
      {verdict.what_if && verdict.what_if.length > 0 && (
        <>
          <h3>{t('whatIf')}</h3>
          <ul className="what-if">
            {verdict.what_if.map((w, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: what-if entries have no id
              <li key={i}>
                <WhatIfEnd value={w.from} /> → <WhatIfEnd value={w.to} /> {w.text[lang]}
              </li>
            ))}
          </ul>
        </>
      )}
      {verdict.conflicts.length > 0 && (
        <>
          <h3>{t('conflicts')}</h3>
          <ul>
            {verdict.conflicts.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: conflicts have no id
              <li key={i} className="warn">
                {c.text[lang]}
              </li>
            ))}
          </ul>
        </>
      )}
      {verdict.gaps.length > 0 && (
        <>
          <h3>{t('gaps')}</h3>
          <ul>
            {verdict.gaps.map((g) => (
              <li key={g} className="warn">
                {g}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** A date-time in the reader's locale, with the ISO text as its machine-readable value. */
export function Time({ iso }: { readonly iso: string }) {
  // A plain date (counters' `updated_at`) is a day, not midnight somewhere.
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return <time dateTime={iso}>{iso}</time>;
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={iso}>
      {Number.isNaN(date.getTime()) ? iso : date.toLocaleString()}
    </time>
  );
}
