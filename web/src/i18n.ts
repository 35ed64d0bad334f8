// Labels in English and Chinese. Data that carries both (taxonomy names, verdict explanations with
// `?lang=zh`) is shown in the chosen language; keys, ids, codes and citations stay as they are.

import { createContext, useContext } from 'react';
import type { Names } from './types.js';

/** The languages of the dashboard. */
export type Lang = 'en' | 'zh';

const LABELS = {
  title: { en: 'Data Customs', zh: '数据海关' },
  flows: { en: 'Flows', zh: '数据流' },
  counters: { en: 'Counters', zh: '计数器' },
  ledger: { en: 'Ledger', zh: '账本' },
  subjects: { en: 'Data subjects', zh: '个人查询' },
  evaluate: { en: 'What if', zh: '评估' },
  taxonomy: { en: 'Taxonomy', zh: '分类目录' },
  rulebooks: { en: 'Rulebooks', zh: '规则库' },
  apiKey: { en: 'API key', zh: 'API 密钥' },
  signIn: { en: 'Use this key', zh: '使用此密钥' },
  forgetKey: { en: 'Forget key', zh: '清除密钥' },
  noKey: { en: 'no key', zh: '未登录' },
  loading: { en: 'Loading…', zh: '加载中…' },
  verdict: { en: 'Verdict', zh: '结论' },
  jurisdiction: { en: 'Jurisdiction', zh: '法域' },
  law: { en: 'Law', zh: '法律' },
  hop: { en: 'Hop', zh: '路段' },
  why: { en: 'Why', zh: '理由' },
  mechanisms: { en: 'Mechanisms', zh: '出境机制' },
  obligations: { en: 'Obligations', zh: '义务' },
  exemptions: { en: 'Exemptions', zh: '豁免' },
  citations: { en: 'Citations', zh: '依据' },
  versions: { en: 'Versions', zh: '版本' },
  exporter: { en: 'Exporter', zh: '数据输出方' },
  recipient: { en: 'Recipient', zh: '接收方' },
  route: { en: 'Route', zh: '路径' },
  categories: { en: 'Categories', zh: '数据类别' },
  purpose: { en: 'Purpose', zh: '目的' },
  safeguards: { en: 'Safeguards', zh: '保障措施' },
  count: { en: 'Count', zh: '人数' },
  threshold: { en: 'Threshold', zh: '阈值' },
  remaining: { en: 'Remaining', zh: '剩余' },
  forecast: { en: 'Forecast', zh: '预测' },
  window: { en: 'Window', zh: '计数周期' },
  name: { en: 'Name', zh: '名称' },
  tier: { en: 'Tier', zh: '保护级别' },
  key: { en: 'Key', zh: '键' },
  evaluateButton: { en: 'Evaluate', zh: '评估' },
  declareButton: { en: 'Declare this flow', zh: '申报此数据流' },
  lookUp: { en: 'Look up', zh: '查询' },
  verifyButton: { en: 'Verify in this browser', zh: '在浏览器中验证' },
  notApplicable: { en: 'laws that do not apply', zh: '不适用的法律' },
  whatIf: { en: 'What would change the verdict', zh: '何种变化会改变结论' },
  conflicts: { en: 'Conflicts between laws', zh: '法律冲突' },
  gaps: { en: 'Gaps (never silently allowed)', zh: '无法判断之处（不会默认放行）' },
  search: { en: 'Filter', zh: '筛选' },
  inPlace: { en: 'in place', zh: '已具备' },
  notYetMet: { en: 'not yet met', zh: '尚未满足' },
  citationsCount: { en: 'citations', zh: '条依据' },
  lawOf: { en: 'law of', zh: '适用法律日期' },
  rulebooksCount: { en: 'rulebooks', zh: '个规则库' },
  subjectsLabel: { en: 'Subjects', zh: '个人' },
  purposes: { en: 'Purposes', zh: '处理目的' },
  subjectKinds: { en: 'Subject kinds', zh: '个人类型' },
} as const satisfies Record<string, Names>;

/** A label's key. */
export type LabelKey = keyof typeof LABELS;

/** The current language, for every component under the provider. */
export const LangContext = createContext<Lang>('en');

/** The label function of the current language. */
export function useLabels(): { readonly lang: Lang; readonly t: (key: LabelKey) => string } {
  const lang = useContext(LangContext);
  return { lang, t: (key) => LABELS[key][lang] };
}

/** The name in the chosen language (English when the Chinese one is missing). */
export function pick(names: Names | undefined, lang: Lang): string {
  if (names === undefined) return '';
  return (lang === 'zh' ? names.zh : names.en) || names.en;
}
