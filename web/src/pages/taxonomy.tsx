// The taxonomy: categories of personal data with their protection tier and class under each law (with
// the provision each rests on), purposes and subject kinds, named in English and Chinese (GET /v1/taxonomy).

import { useMemo, useState } from 'react';
import { Show, useApi } from '../components.js';
import { useLabels } from '../i18n.js';
import type { Category, TaxonomyAnswer, Tier } from '../types.js';

const TIER_TEXT: Record<Tier, { en: string; zh: string }> = {
  core: { en: 'core', zh: '核心' },
  sensitive: { en: 'sensitive', zh: '敏感' },
  general: { en: 'general', zh: '一般' },
  none: { en: 'none', zh: '非个人' },
};

function TierBadge({ tier }: { readonly tier: Tier }) {
  const { lang } = useLabels();
  return <span className={`badge tier-${tier}`}>{TIER_TEXT[tier][lang]}</span>;
}

function classesText(c: Category): string[] {
  const out: string[] = [];
  const { pipl, gdpr, ccpa, doj } = c.classes;
  if (pipl.sensitive) out.push('PIPL sensitive');
  else if (pipl.sensitive_conservative) out.push('PIPL sensitive (conservative)');
  if (gdpr.special) out.push('GDPR Art. 9');
  if (gdpr.criminal) out.push('GDPR Art. 10');
  if (ccpa.sensitive) out.push('CCPA sensitive');
  if (doj.kind !== 'none') out.push(`DOJ ${doj.kind}`);
  return out;
}

function CategoryDetail({ c, all }: { readonly c: Category; readonly all: readonly Category[] }) {
  const children = all.filter((x) => x.parent === c.key);
  const row = (law: string, cls: Record<string, unknown>) => (
    <tr key={law}>
      <th scope="row">{law}</th>
      <td>
        {Object.entries(cls)
          .filter(([k]) => k !== 'basis')
          .map(([k, v]) => (typeof v === 'boolean' ? `${k}: ${v ? 'yes' : 'no'}` : `${k}: ${String(v)}`))
          .join(', ')}
      </td>
      <td>{String(cls.basis)}</td>
    </tr>
  );
  return (
    <article className="detail" aria-label={c.key}>
      <h3>
        <code>{c.key}</code> <TierBadge tier={c.tier} />
      </h3>
      <p>
        <strong>{c.name.en}</strong> · <strong lang="zh">{c.name.zh}</strong>
      </p>
      <p>{c.description.en}</p>
      <p lang="zh">{c.description.zh}</p>
      {c.deprecated && (
        <p className="warn">
          deprecated since {c.deprecated.since}: use <code>{c.deprecated.replaced_by}</code>
        </p>
      )}
      <table className="list small" aria-label="class under each law">
        <thead>
          <tr>
            <th scope="col">law</th>
            <th scope="col">class</th>
            <th scope="col">basis</th>
          </tr>
        </thead>
        <tbody>
          {row('PIPL', c.classes.pipl)}
          {row('GDPR', c.classes.gdpr)}
          {row('CCPA', c.classes.ccpa)}
          {row('US DOJ', c.classes.doj)}
        </tbody>
      </table>
      {c.parent && (
        <p>
          parent: <a href={`#/taxonomy/${encodeURIComponent(c.parent)}`}>{c.parent}</a>
        </p>
      )}
      {children.length > 0 && (
        <p>
          children:{' '}
          {children.map((x, i) => (
            <span key={x.key}>
              {i > 0 ? ', ' : ''}
              <a href={`#/taxonomy/${encodeURIComponent(x.key)}`}>{x.key}</a>
            </span>
          ))}
        </p>
      )}
      <p className="muted small">source: {c.source}</p>
    </article>
  );
}

function Categories({ data, selected }: { readonly data: TaxonomyAnswer; readonly selected: string | null }) {
  const { t } = useLabels();
  const [filter, setFilter] = useState('');
  const [tier, setTier] = useState<Tier | ''>('');
  const all = data.categories as unknown as Category[];
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return all.filter(
      (c) =>
        (tier === '' || c.tier === tier) &&
        (f === '' ||
          c.key.toLowerCase().includes(f) ||
          c.name.en.toLowerCase().includes(f) ||
          c.name.zh.includes(filter.trim())),
    );
  }, [all, filter, tier]);
  const current = selected ? all.find((c) => c.key === selected) : undefined;
  return (
    <>
      {current && <CategoryDetail c={current} all={all} />}
      {selected && !current && (
        <p className="error" role="alert">
          unknown category <code>{selected}</code>
        </p>
      )}
      <div className="inline-form">
        <label>
          {t('search')} (key, English or Chinese name)
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} name="filter" />
        </label>
        <label>
          {t('tier')}{' '}
          <select value={tier} onChange={(e) => setTier(e.target.value as Tier | '')}>
            <option value="">all</option>
            <option value="core">core</option>
            <option value="sensitive">sensitive</option>
            <option value="general">general</option>
            <option value="none">none</option>
          </select>
        </label>
        <span className="muted">
          {shown.length} of {all.length}
        </span>
      </div>
      <table className="list taxonomy" aria-label={t('categories')}>
        <thead>
          <tr>
            <th scope="col">{t('key')}</th>
            <th scope="col">English</th>
            <th scope="col">中文</th>
            <th scope="col">{t('tier')}</th>
            <th scope="col">class under the laws</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c.key} className={c.key === selected ? 'selected' : ''}>
              <th scope="row" className={`key depth-${Math.min(5, c.key.split('.').length - 1)}`}>
                <a href={`#/taxonomy/${encodeURIComponent(c.key)}`}>{c.key}</a>
              </th>
              <td>{c.name.en}</td>
              <td lang="zh">{c.name.zh}</td>
              <td>
                <TierBadge tier={c.tier} />
              </td>
              <td className="small">{classesText(c).join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The taxonomy page; `selected` is a category key to show in full. */
export function TaxonomyPage({ selected }: { readonly selected: string | null }) {
  const { t } = useLabels();
  const loaded = useApi<TaxonomyAnswer>('/v1/taxonomy', { anonymous: true });
  const [tab, setTab] = useState<'categories' | 'purposes' | 'subjects'>('categories');
  return (
    <section>
      <h2>{t('taxonomy')}</h2>
      <div role="tablist" className="tabs">
        {(['categories', 'purposes', 'subjects'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            className={tab === k ? 'active' : ''}
            onClick={() => setTab(k)}
          >
            {k === 'categories' ? t('categories') : k === 'purposes' ? t('purposes') : t('subjectKinds')}
          </button>
        ))}
      </div>
      <Show loaded={loaded}>
        {(data) =>
          tab === 'categories' ? (
            <Categories data={data} selected={selected} />
          ) : tab === 'purposes' ? (
            <table className="list" aria-label="purposes">
              <thead>
                <tr>
                  <th scope="col">{t('key')}</th>
                  <th scope="col">English</th>
                  <th scope="col">中文</th>
                  <th scope="col">CN necessity exemption</th>
                </tr>
              </thead>
              <tbody>
                {data.purposes.map((p) => (
                  <tr key={p.key}>
                    <th scope="row" className={`depth-${Math.min(5, p.key.split('.').length - 1)}`}>
                      <code>{p.key}</code>
                    </th>
                    <td title={p.description.en}>{p.name.en}</td>
                    <td lang="zh" title={p.description.zh}>
                      {p.name.zh}
                    </td>
                    <td>{p.cn_necessity ? String(p.cn_necessity) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <table className="list" aria-label="subject kinds">
              <thead>
                <tr>
                  <th scope="col">{t('key')}</th>
                  <th scope="col">English</th>
                  <th scope="col">中文</th>
                  <th scope="col">minor</th>
                </tr>
              </thead>
              <tbody>
                {data.subjects.map((s) => (
                  <tr key={s.key}>
                    <th scope="row">
                      <code>{s.key}</code>
                    </th>
                    <td title={s.description.en}>{s.name.en}</td>
                    <td lang="zh" title={s.description.zh}>
                      {s.name.zh}
                    </td>
                    <td>{s.minor ? 'yes' : 'no'}</td>
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
