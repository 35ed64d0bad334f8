import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadBundledTaxonomy } from '../bundled/bundled-data.js';
import { loadBundledRulebooks } from '../bundled/bundled-rulebooks.js';
import { formatOf, readFlowSources } from '../files/flow-files.js';
import { parseFlow, type RecipientLookup, STARTER_MECHANISM_IDS } from '../flow/index.js';
import type { IsoDate } from '../geo/types.js';
import {
  evaluateWithRegistry,
  parseRecipientList,
  type RecipientEntry,
  type RegistryResolution,
} from '../recipients/index.js';
import type { CompiledRulebook, EvaluateOptions, JurisdictionVerdict, Verdict } from '../rules/index.js';
import { DataCustomsError } from '../shared/errors.js';
import { formatProblem } from '../shared/problem.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { loadListsForEvaluation } from './lists-for-evaluation.js';

/** Options of `customs check`. */
export interface CheckOptions {
  readonly json?: boolean;
  readonly lang?: string;
  readonly whatIf?: boolean;
  readonly trace?: boolean;
  /** A YAML or JSON list of recipients-registry entries, for flows whose recipient is `{ ref }`. */
  readonly recipients?: string;
}

/** The exit code for an overall verdict: 0 allowed or conditional, 3 a mechanism is missing, 4 prohibited. */
export function exitCodeForVerdict(v: Verdict['verdict']): number {
  if (v === 'prohibited') return EXIT.prohibited;
  if (v === 'mechanism_required') return EXIT.mechanismMissing;
  return EXIT.ok;
}

const LABEL = {
  en: {
    verdict: {
      not_applicable: 'not applicable',
      allowed: 'allowed',
      conditional: 'conditional',
      mechanism_required: 'MECHANISM REQUIRED',
      prohibited: 'PROHIBITED',
    },
    why: 'why',
    mechanisms: 'mechanisms',
    anyOf: 'any of',
    inPlace: 'in place',
    none: 'none',
    exemptions: 'exemptions',
    obligations: 'obligations',
    unmet: 'not yet met',
    citations: 'citations',
    hop: 'hop',
    whatIf: 'What would change it',
    conflicts: 'Conflicts between laws',
    gaps: 'Gaps (not decided; never allowed silently)',
    evaluated: 'Evaluated',
    flow: 'Flow',
    registry: 'Recipients registry',
  },
  zh: {
    verdict: {
      not_applicable: '不适用',
      allowed: '允许',
      conditional: '有条件允许',
      mechanism_required: '缺少出境机制',
      prohibited: '禁止',
    },
    why: '理由',
    mechanisms: '出境机制',
    anyOf: '任一',
    inPlace: '已具备',
    none: '无',
    exemptions: '豁免',
    obligations: '义务',
    unmet: '尚未履行',
    citations: '依据',
    hop: '环节',
    whatIf: '如何改变结论',
    conflicts: '法律冲突',
    gaps: '缺口（无法判断，绝不默认允许）',
    evaluated: '评估依据',
    flow: '数据流',
    registry: '接收方登记册',
  },
} as const;

/** Prints a verdict for a person, in English or Chinese. */
export function formatVerdict(verdict: Verdict, flowId: string, lang: 'en' | 'zh'): string {
  const l = LABEL[lang];
  const lines: string[] = [
    `${l.flow} ${flowId} (${verdict.evaluated.date}): ${l.verdict[verdict.verdict]}`,
    '',
  ];
  const entry = (e: JurisdictionVerdict) => {
    const hop = e.hop ? ` · ${l.hop} ${e.hop.index} ${e.hop.from} → ${e.hop.to}` : '';
    lines.push(`${e.jurisdiction} · ${e.law}${hop} — ${l.verdict[e.verdict]}`);
    lines.push(`  ${l.why}: ${e.why}`);
    if (e.applies) {
      const any = e.mechanisms.any_of.length > 0 ? `${l.anyOf} ${e.mechanisms.any_of.join(', ')}` : l.none;
      lines.push(`  ${l.mechanisms}: ${any}; ${l.inPlace}: ${e.mechanisms.satisfied_by ?? l.none}`);
      lines.push(`  ${l.exemptions}: ${e.exemptions.length > 0 ? e.exemptions.join(', ') : l.none}`);
      lines.push(
        `  ${l.obligations}: ${e.obligations.length > 0 ? e.obligations.join(', ') : l.none}${e.unmet.length > 0 ? ` (${l.unmet}: ${e.unmet.join(', ')})` : ''}`,
      );
    }
    lines.push(`  ${l.citations}: ${e.citations.join('; ')}`, '');
  };
  for (const e of verdict.jurisdictions.filter((x) => x.applies)) entry(e);
  for (const e of verdict.jurisdictions.filter((x) => !x.applies)) entry(e);
  if (verdict.jurisdictions.length === 0)
    lines.push(
      lang === 'zh' ? '没有规则手册认为该数据流在其管辖范围内。' : 'No rulebook claims any hop of this flow.',
      '',
    );
  if (verdict.conflicts.length > 0)
    lines.push(`${l.conflicts}:`, ...verdict.conflicts.map((c) => `  - ${c.text[lang]}`), '');
  if (verdict.gaps.length > 0) lines.push(`${l.gaps}:`, ...verdict.gaps.map((g) => `  - ${g}`), '');
  const registry = (verdict as Verdict & { registry?: RegistryResolution }).registry;
  if (registry !== undefined)
    lines.push(
      `${l.registry}: ${registry.recipient} (${registry.date})`,
      ...registry.notes.map((n) => `  - ${n}`),
      '',
    );
  if (verdict.what_if && verdict.what_if.length > 0)
    lines.push(`${l.whatIf}:`, ...verdict.what_if.map((w) => `  - ${w.text[lang]}`), '');
  const hashes = Object.entries(verdict.evaluated.rulebooks).map(([j, h]) => `${j} ${h.slice(0, 12)}`);
  lines.push(`${l.evaluated}: ${hashes.join(', ')}; lists ${verdict.evaluated.lists.slice(0, 12)}`);
  return `${lines.join('\n')}\n`;
}

/** `customs check FLOW`: evaluates one flow declaration against every rulebook. */
export async function runCheck(path: string, options: CheckOptions, io: CliIo): Promise<number> {
  const lang = options.lang ?? 'en';
  if (lang !== 'en' && lang !== 'zh')
    throw new DataCustomsError('DC_USAGE', `--lang ${lang}: unknown language; use en or zh`);
  const taxonomy = loadBundledTaxonomy();
  let text: string;
  let name: string;
  if (path === '-') {
    text = await io.readStdin();
    name = '<stdin>';
  } else {
    const { sources, unreadable } = await readFlowSources([path], io.cwd);
    if (unreadable.length > 0 || sources.length !== 1) {
      io.err(`customs check: ${path}: ${unreadable[0]?.reason ?? 'give one flow file'}\n`);
      return EXIT.invalid;
    }
    text = sources[0]?.text ?? '';
    name = path;
  }
  const rulebooks = loadBundledRulebooks();
  let entries: readonly RecipientEntry[] | undefined;
  if (options.recipients !== undefined) {
    const read = await readRecipientsFile(options.recipients, rulebooks, io);
    if (!read.ok) return EXIT.invalid;
    entries = read.entries;
  }
  const checked = parseFlow(text, formatOf(name, text), {
    taxonomy,
    today: io.today() as IsoDate,
    file: name,
    ...(entries !== undefined ? { recipients: lookupOf(entries) } : {}),
  });
  if (!checked.ok) {
    for (const p of checked.problems) io.out(`${formatProblem(p)}\n`);
    return EXIT.invalid;
  }
  const evalOptions: EvaluateOptions = {
    rulebooks,
    taxonomy,
    lists: loadListsForEvaluation(),
    lang,
    fullTrace: options.trace ?? false,
  };
  const ref = checked.flow.recipient_ref;
  const entry = ref === undefined ? undefined : entries?.find((e) => e.id === ref);
  const { verdict: full } = evaluateWithRegistry(
    checked.flow,
    entry === undefined ? undefined : { entry, version: null },
    evalOptions,
    { whatIf: options.whatIf !== false },
  );
  io.out(
    options.json ? `${JSON.stringify(full, null, 2)}\n` : formatVerdict(full, checked.flow.id ?? name, lang),
  );
  return exitCodeForVerdict(full.verdict);
}

/** A recipients-registry lookup over the entries of a `--recipients` file. */
export function lookupOf(entries: readonly RecipientEntry[]): RecipientLookup {
  const byId = new Map(entries.map((e) => [e.id, e]));
  return { get: (id) => byId.get(id), ids: () => [...byId.keys()] };
}

/**
 * Reads a `--recipients` file (YAML or JSON list of registry entries); prints each problem as
 * `file:line:col: path: message` and answers ok false when there is an error.
 */
export async function readRecipientsFile(
  path: string,
  rulebooks: readonly CompiledRulebook[],
  io: CliIo,
): Promise<{ ok: true; entries: readonly RecipientEntry[] } | { ok: false }> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, path), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    io.err(`customs: --recipients ${path}: ${code === 'ENOENT' ? 'no such file' : 'cannot be read'}\n`);
    return { ok: false };
  }
  const mechanisms = new Set<string>(STARTER_MECHANISM_IDS);
  for (const rb of rulebooks) for (const id of rb.mechanisms.keys()) mechanisms.add(id);
  const read = parseRecipientList(text, formatOf(path, text), { file: path, mechanisms });
  for (const p of read.problems) io.out(`${formatProblem(p)}\n`);
  return read.ok ? { ok: true, entries: read.entries } : { ok: false };
}
