// The dashboard's frame: the API key (entered once per tab), the language, the navigation and the page
// the address's hash names (`#/flows/ID`, `#/ledger/3`, `#/taxonomy/KEY`...). Hash addresses need no
// server-side routes, and a subject identifier never appears in them.

import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { callApi, keyLabel, readApiKey, writeApiKey } from './api.js';
import { ErrorBox } from './components.js';
import { type LabelKey, type Lang, LangContext, useLabels } from './i18n.js';
import { CountersPage } from './pages/counters.js';
import { EvaluatePage } from './pages/evaluate.js';
import { FlowPage, FlowsPage } from './pages/flows.js';
import { LedgerPage } from './pages/ledger.js';
import { RulebooksPage } from './pages/rulebooks.js';
import { SubjectsPage } from './pages/subjects.js';
import { TaxonomyPage } from './pages/taxonomy.js';

/** A page and its argument, read from the address's hash. */
type Route =
  | { readonly page: 'flows' }
  | { readonly page: 'flow'; readonly id: string }
  | { readonly page: 'counters' }
  | { readonly page: 'ledger'; readonly entry: number | null }
  | { readonly page: 'subjects' }
  | { readonly page: 'evaluate' }
  | { readonly page: 'taxonomy'; readonly key: string | null }
  | { readonly page: 'rulebooks' };

/** Reads a hash such as `#/flows/abc` (untrusted: anything may be typed in the address bar). */
export function parseRoute(hash: string): Route {
  const [page = '', ...rest] = hash.replace(/^#\/?/, '').split('/');
  const arg = rest.length > 0 ? decodeURIComponent(rest.join('/')) : null;
  switch (page) {
    case 'flows':
      return arg ? { page: 'flow', id: arg } : { page: 'flows' };
    case 'counters':
      return { page: 'counters' };
    case 'ledger':
      return { page: 'ledger', entry: arg !== null && /^\d+$/.test(arg) ? Number(arg) : null };
    case 'subjects':
      return { page: 'subjects' };
    case 'evaluate':
      return { page: 'evaluate' };
    case 'taxonomy':
      return { page: 'taxonomy', key: arg };
    case 'rulebooks':
      return { page: 'rulebooks' };
    default:
      return readApiKey() ? { page: 'flows' } : { page: 'evaluate' };
  }
}

const NAV: readonly { readonly href: string; readonly label: LabelKey; readonly pages: string[] }[] = [
  { href: '#/flows', label: 'flows', pages: ['flows', 'flow'] },
  { href: '#/counters', label: 'counters', pages: ['counters'] },
  { href: '#/ledger', label: 'ledger', pages: ['ledger'] },
  { href: '#/subjects', label: 'subjects', pages: ['subjects'] },
  { href: '#/evaluate', label: 'evaluate', pages: ['evaluate'] },
  { href: '#/taxonomy', label: 'taxonomy', pages: ['taxonomy'] },
  { href: '#/rulebooks', label: 'rulebooks', pages: ['rulebooks'] },
];

/** The key form: the key is checked against the API before it is kept for this tab. */
function KeyBar({
  apiKey,
  onChange,
}: {
  readonly apiKey: string | null;
  readonly onChange: (k: string | null) => void;
}) {
  const { t } = useLabels();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const key = draft.trim();
    if (key === '') return;
    setError(undefined);
    writeApiKey(key);
    try {
      await callApi('/v1/flows?limit=1');
      setDraft('');
      onChange(key);
    } catch (err) {
      writeApiKey(null);
      setError(err);
    }
  };
  if (apiKey !== null)
    return (
      <div className="keybar">
        <span>
          {t('apiKey')}: <code data-testid="key-label">{keyLabel(apiKey)}</code>
        </span>{' '}
        <button
          type="button"
          onClick={() => {
            writeApiKey(null);
            onChange(null);
          }}
        >
          {t('forgetKey')}
        </button>
      </div>
    );
  return (
    <form className="keybar" onSubmit={submit}>
      <label>
        {t('apiKey')}{' '}
        <input
          type="password"
          name="api-key"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          autoComplete="off"
          placeholder="dck_…"
          size={44}
        />
      </label>{' '}
      <button type="submit">{t('signIn')}</button>
      <ErrorBox error={error} />
    </form>
  );
}

function NeedsKey() {
  return (
    <p className="notice" role="note">
      This page shows a tenant's own data: enter an API key above (printed by{' '}
      <code>customs serve --demo</code>, or made with{' '}
      <code>customs keys create --role auditor --tenant NAME</code>).
    </p>
  );
}

/** The whole dashboard. */
export function App() {
  const [hash, setHash] = useState(() => window.location.hash);
  const [apiKey, setApiKey] = useState<string | null>(() => readApiKey());
  const [lang, setLang] = useState<Lang>(() =>
    localStorage.getItem('data-customs.lang') === 'zh' ? 'zh' : 'en',
  );
  useEffect(() => {
    const onHash = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    localStorage.setItem('data-customs.lang', lang);
  }, [lang]);
  const route = parseRoute(hash);
  const needsKey = ['flows', 'flow', 'counters', 'subjects'].includes(route.page) && apiKey === null;
  return (
    <LangContext.Provider value={lang}>
      <Frame
        route={route}
        apiKey={apiKey}
        setApiKey={setApiKey}
        lang={lang}
        setLang={setLang}
        body={needsKey ? <NeedsKey /> : <Page route={route} key={apiKey ?? ''} />}
      />
    </LangContext.Provider>
  );
}

function Frame({
  route,
  apiKey,
  setApiKey,
  lang,
  setLang,
  body,
}: {
  readonly route: Route;
  readonly apiKey: string | null;
  readonly setApiKey: (k: string | null) => void;
  readonly lang: Lang;
  readonly setLang: (l: Lang) => void;
  readonly body: ReactNode;
}) {
  const { t } = useLabels();
  return (
    <>
      {/* The hash is the route: a skip link would change the page, so this button moves the focus. */}
      <button type="button" className="skip" onClick={() => document.getElementById('main')?.focus()}>
        skip to content
      </button>
      <header>
        <h1>
          <a className="brand" href="#/">
            {t('title')}
          </a>
        </h1>
        <nav aria-label="pages">
          <ul>
            {NAV.map((n) => (
              <li key={n.href}>
                <a href={n.href} aria-current={n.pages.includes(route.page) ? 'page' : undefined}>
                  {t(n.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="tools">
          <button
            type="button"
            onClick={() => setLang(lang === 'en' ? 'zh' : 'en')}
            aria-label={lang === 'en' ? '切换到中文' : 'Switch to English'}
          >
            {lang === 'en' ? '中文' : 'English'}
          </button>
          <KeyBar apiKey={apiKey} onChange={setApiKey} />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {body}
      </main>
      <footer className="muted small">
        Every figure here comes from this server's HTTP API (<a href="/docs">/docs</a>); ledger proofs are
        checked in this browser.
      </footer>
    </>
  );
}

function Page({ route }: { readonly route: Route }) {
  switch (route.page) {
    case 'flows':
      return <FlowsPage />;
    case 'flow':
      return <FlowPage id={route.id} key={route.id} />;
    case 'counters':
      return <CountersPage />;
    case 'ledger':
      return <LedgerPage entry={route.entry} />;
    case 'subjects':
      return <SubjectsPage />;
    case 'evaluate':
      return <EvaluatePage />;
    case 'taxonomy':
      return <TaxonomyPage selected={route.key} />;
    case 'rulebooks':
      return <RulebooksPage />;
  }
}
