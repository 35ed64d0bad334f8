import { loadBundledTaxonomy } from '../bundled/bundled-data.js';
import { DataCustomsError } from '../shared/errors.js';
import type { Category, Taxonomy } from '../taxonomy/index.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';

/** Options of `customs taxonomy`. */
export interface TaxonomyOptions {
  readonly json?: boolean;
  readonly lang?: string;
  readonly purposes?: boolean;
  readonly subjects?: boolean;
}

type Lang = 'en' | 'zh';

const LABELS = {
  en: {
    tier: 'tier',
    pi: 'PI',
    sensitive: 'sensitive',
    special: 'special category',
    personal: 'personal data',
    criminal: 'criminal data',
    none: 'none',
    notPersonal: 'not personal',
  },
  zh: {
    tier: '级别',
    pi: '个人信息',
    sensitive: '敏感个人信息',
    special: '特殊类别',
    personal: '个人数据',
    criminal: '刑事数据',
    none: '无',
    notPersonal: '非个人信息',
  },
} as const;
const TIER_ZH = { core: '核心', sensitive: '敏感', general: '一般', none: '无' } as const;

/** `customs taxonomy [KEY]`: prints the category tree (or one category, the purposes, the subject kinds). */
export function runTaxonomy(key: string | undefined, options: TaxonomyOptions, io: CliIo): number {
  const lang = options.lang ?? 'en';
  if (lang !== 'en' && lang !== 'zh') {
    throw new DataCustomsError('DC_USAGE', `--lang ${lang}: unknown language; use en or zh`);
  }
  const taxonomy = loadBundledTaxonomy();
  if (options.purposes || options.subjects) {
    const list = options.purposes ? taxonomy.purposes : taxonomy.subjects;
    if (options.json) io.out(`${JSON.stringify(list, null, 2)}\n`);
    else for (const p of list) io.out(`${p.key.padEnd(48)} ${p.name[lang]}\n`);
    return EXIT.ok;
  }
  if (key !== undefined) {
    const category = taxonomy.getCategory(key);
    if (category === undefined) {
      const guess = taxonomy.suggestCategory(key);
      io.err(`customs taxonomy: unknown category ${key}${guess ? ` — did you mean ${guess}?` : ''}\n`);
      return EXIT.invalid;
    }
    if (options.json) io.out(`${JSON.stringify(withChildren(category, taxonomy), null, 2)}\n`);
    else io.out(describe(category, taxonomy, lang));
    return EXIT.ok;
  }
  if (options.json) {
    io.out(`${JSON.stringify(taxonomy.categories, null, 2)}\n`);
    return EXIT.ok;
  }
  for (const c of taxonomy.categories.filter((x) => x.parent === null)) printTree(c, taxonomy, lang, 0, io);
  io.out(
    `\n${taxonomy.categories.length} categories, ${taxonomy.purposes.length} purposes, ${taxonomy.subjects.length} subject kinds\n`,
  );
  return EXIT.ok;
}

function withChildren(c: Category, t: Taxonomy) {
  return { ...c, children: t.childrenOf(c.key).map((x) => x.key) };
}

function classesLine(c: Category, lang: Lang): string {
  const l = LABELS[lang];
  const pipl = !c.classes.pipl.personal ? l.notPersonal : c.classes.pipl.sensitive ? l.sensitive : l.pi;
  const gdpr = !c.classes.gdpr.personal
    ? l.notPersonal
    : c.classes.gdpr.special
      ? l.special
      : c.classes.gdpr.criminal
        ? l.criminal
        : l.personal;
  const ccpa = !c.classes.ccpa.personal ? l.notPersonal : c.classes.ccpa.sensitive ? l.sensitive : l.pi;
  const doj = c.classes.doj.kind === 'none' ? l.none : c.classes.doj.kind;
  return `PIPL: ${pipl} · GDPR: ${gdpr} · CCPA: ${ccpa} · DOJ: ${doj}`;
}

function tierLabel(c: Category, lang: Lang): string {
  return lang === 'zh' ? TIER_ZH[c.tier] : c.tier;
}

function printTree(c: Category, t: Taxonomy, lang: Lang, depth: number, io: CliIo): void {
  const indent = '  '.repeat(depth);
  const dep = c.deprecated
    ? lang === 'zh'
      ? ` (已弃用 → ${c.deprecated.replaced_by})`
      : ` (deprecated → ${c.deprecated.replaced_by})`
    : '';
  io.out(`${indent}${c.key}  ${c.name[lang]}  [${tierLabel(c, lang)}]  ${classesLine(c, lang)}${dep}\n`);
  for (const child of t.childrenOf(c.key)) printTree(child, t, lang, depth + 1, io);
}

function describe(c: Category, t: Taxonomy, lang: Lang): string {
  const zh = lang === 'zh';
  const rows: [string, string][] = [
    [zh ? '键' : 'key', c.key],
    [zh ? '名称' : 'name', c.name[lang]],
    [zh ? '说明' : 'description', c.description[lang]],
    [zh ? '保护级别' : 'tier', tierLabel(c, lang)],
    [
      'PIPL',
      `${c.classes.pipl.personal ? (c.classes.pipl.sensitive ? LABELS[lang].sensitive : LABELS[lang].pi) : LABELS[lang].notPersonal}${c.classes.pipl.sensitive_conservative !== c.classes.pipl.sensitive ? (zh ? `（GB/T 35273-2020：${c.classes.pipl.sensitive_conservative ? '敏感' : '非敏感'}）` : ` (GB/T 35273-2020: ${c.classes.pipl.sensitive_conservative ? 'sensitive' : 'not sensitive'})`) : ''} — ${c.classes.pipl.basis}`,
    ],
    [
      'GDPR',
      `${c.classes.gdpr.personal ? (c.classes.gdpr.special ? LABELS[lang].special : c.classes.gdpr.criminal ? LABELS[lang].criminal : LABELS[lang].personal) : LABELS[lang].notPersonal} — ${c.classes.gdpr.basis}`,
    ],
    [
      'CCPA',
      `${c.classes.ccpa.personal ? (c.classes.ccpa.sensitive ? LABELS[lang].sensitive : LABELS[lang].pi) : LABELS[lang].notPersonal} — ${c.classes.ccpa.basis}`,
    ],
    ['US DOJ', `${c.classes.doj.kind} — ${c.classes.doj.basis}`],
    [zh ? '来源' : 'source', c.source],
  ];
  if (c.parent) rows.push([zh ? '上级' : 'parent', c.parent]);
  const kids = t.childrenOf(c.key);
  if (kids.length > 0) rows.push([zh ? '下级' : 'children', kids.map((k) => k.key).join(', ')]);
  if (c.deprecated)
    rows.push([zh ? '已弃用' : 'deprecated', `${c.deprecated.since} → ${c.deprecated.replaced_by}`]);
  if (c.note) rows.push([zh ? '备注' : 'note', c.note]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}
