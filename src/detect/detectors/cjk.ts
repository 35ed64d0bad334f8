// Chinese, Japanese and Korean text: vehicle plates; Chinese addresses parsed against the GB/T 2260
// divisions (province, city, county) and then by structure down to town, road, number, compound,
// building, unit and room; Japanese addresses (prefecture, municipality, chōme-ban-gō); Korean
// road-name addresses; and names: a family name from the dictionaries plus a given-name shape, in a
// name field or after words that introduce a name (我叫, 收货人, 様, 님...).

import { CATEGORY } from '../categories.js';
import { chinaDivisions, type Division, townsOf } from '../data/divisions.js';
import { CN_COMPOUND_SURNAMES, CN_NOT_GIVEN, CN_SURNAMES, JP_SURNAMES, KR_SURNAMES } from '../data/names.js';
import { cueAt, emit, forConsignee, matches, type ValueScan } from '../engine.js';
import { CN_PLATE_PATTERN } from '../validators/cn-vehicle-plate.js';

const isHan = (c: number) => c >= 0x4e00 && c <= 0x9fff;

/** Finds Chinese vehicle plates. */
export function detectPlates(v: ValueScan): void {
  if (v.features.upper === 0) return;
  CN_PLATE_PATTERN.lastIndex = 0;
  for (const m of matches(CN_PLATE_PATTERN, v.text)) {
    const cue = cueAt(v, m.index);
    emit(
      v,
      m.index,
      m.index + m[0].length,
      CATEGORY.vehiclePlate,
      'cn_vehicle_plate',
      cue === 'plate' ? 0.97 : 0.85,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Chinese addresses

const ADDRESS_MARK = /[省市区县旗镇乡村路街巷弄号號楼樓栋幢座室苑]/;
const TAIL = new RegExp(
  [
    String.raw`(?:[\s,，]?[\u4e00-\u9fff]{1,8}?(?:镇|乡|街道|开发区|新区|工业园区|工业园))?`,
    String.raw`(?:[\s,，]?[\u4e00-\u9fff0-9A-Za-z]{1,12}?(?:大道|大街|路|街|巷|弄|胡同)(?:[东西南北中一二三四五六七八九十]段)?)?`,
    String.raw`(?:\s?[0-9一二三四五六七八九十百零〇]+(?:-[0-9]+)?[号號](?:院)?)?`,
    String.raw`(?:[\s,，]?[\u4e00-\u9fffA-Za-z0-9]{1,12}?(?:小区|花园|公寓|大厦|广场|家园|社区|中心|新村|新城|苑|园|城|府|庭|湾|村|坊|公馆))?`,
    String.raw`(?:\s?[0-9A-Za-z一二三四五六七八九十]{1,4}(?:号楼|栋|幢|座|号院|期))?`,
    String.raw`(?:\s?[0-9一二三四五六七八九十]{1,3}单元)?`,
    String.raw`(?:\s?[0-9]{1,3}(?:楼|层))?`,
    String.raw`(?:\s?[0-9A-Za-z-]{1,6}(?:室|房|号房|户))?`,
  ].join(''),
  'y',
);
const ROAD_NUMBER =
  /[\u4e00-\u9fff]{1,6}(?:大道|大街|路|街|巷|弄|胡同)(?:[东西南北中一二三四五六七八九十]段)?[0-9一二三四五六七八九十百零〇]+(?:-[0-9]+)?[号號]/g;
const LEAD_STOP = new Set([...'我你他她住在到寄送是的了请把往发给地址为于位：:，, ']);

interface Chain {
  start: number;
  end: number;
  divisions: Division[];
}

function consistent(chain: Chain, d: Division): boolean {
  const last = chain.divisions[chain.divisions.length - 1]!;
  const rank = { province: 0, city: 1, county: 2 } as const;
  if (rank[d.level] <= rank[last.level]) return false;
  const prefix = last.level === 'province' ? 2 : 4;
  return d.code.slice(0, prefix) === last.code.slice(0, prefix);
}

function findDivisionAt(
  text: string,
  i: number,
  chain: Chain | null,
): { name: string; division: Division } | null {
  const list = chinaDivisions().byPrefix.get(text.substr(i, 2));
  if (list === undefined) return null;
  let first: { name: string; division: Division } | null = null;
  for (const e of list) {
    if (!text.startsWith(e.name, i)) continue;
    if (chain !== null && consistent(chain, e.division)) return e;
    if (first === null) first = e;
  }
  return first;
}

interface TailParts {
  end: number;
  town: boolean;
  road: boolean;
  number: boolean;
  rest: boolean;
}

function readTail(text: string, at: number): TailParts {
  TAIL.lastIndex = at;
  const m = TAIL.exec(text);
  if (m === null || m[0].length === 0)
    return { end: at, town: false, road: false, number: false, rest: false };
  const s = m[0];
  return {
    end: at + s.length,
    town: /镇|乡|街道|开发区|新区|工业园/.test(s),
    road: /大道|大街|路|街|巷|弄|胡同/.test(s),
    number: /[0-9一二三四五六七八九十百零〇][号號]/.test(s),
    rest: /小区|花园|公寓|大厦|广场|家园|社区|苑|园|栋|幢|座|单元|室|房|楼|层/.test(s),
  };
}

/** Finds Chinese addresses (simplified or traditional script). */
export function detectCnAddresses(v: ValueScan): void {
  const t = v.text;
  if (!ADDRESS_MARK.test(t)) return;
  const n = t.length;
  let i = 0;
  let lastEnd = 0;
  while (i < n - 1) {
    if (!isHan(t.charCodeAt(i))) {
      i++;
      continue;
    }
    const hit = findDivisionAt(t, i, null);
    if (hit === null) {
      i++;
      continue;
    }
    const chain: Chain = { start: i, end: i + hit.name.length, divisions: [hit.division] };
    let j = chain.end;
    for (;;) {
      while (j < n && (t.charCodeAt(j) === 32 || t.charCodeAt(j) === 0x3000)) j++;
      const next = findDivisionAt(t, j, chain);
      if (next === null || !consistent(chain, next.division)) break;
      chain.divisions.push(next.division);
      j += next.name.length;
      chain.end = j;
    }
    // Below a county: its towns and sub-districts (乡, 镇, 街道) from the same data.
    const last = chain.divisions[chain.divisions.length - 1]!;
    let town = false;
    if (last.level === 'county' && chain.end < n) {
      for (const name of townsOf(last.code)) {
        if (name.length >= 2 && t.startsWith(name, chain.end)) {
          chain.end += name.length;
          town = true;
          break;
        }
      }
    }
    const tail = readTail(t, chain.end);
    if (town) tail.town = true;
    const levels = chain.divisions.length;
    if (tail.town || tail.road || tail.number || tail.rest) {
      let conf = 0.78;
      if (levels >= 2) conf += 0.08;
      if (tail.road && tail.number) conf += 0.1;
      else if (tail.number || tail.rest) conf += 0.05;
      if (cueAt(v, chain.start) === 'address') conf = Math.max(conf, 0.95);
      emit(v, chain.start, tail.end, forConsignee(v, CATEGORY.address), 'cn_address', conf);
      lastEnd = tail.end;
      i = tail.end;
    } else {
      i = chain.end;
    }
  }
  // Roads with a house number and no division before them (`文三路100号`, `忠孝東路四段100號`).
  if (lastEnd >= t.length - 2 || !(t.includes('号') || t.includes('號'))) return;
  for (const m of matches(ROAD_NUMBER, t)) {
    let start = m.index;
    if (start < lastEnd && m.index + m[0].length <= lastEnd) continue;
    if (v.out.some((c) => c.detector === 'cn_address' && c.start <= start && c.end > start)) continue;
    while (start < m.index + m[0].length - 3 && LEAD_STOP.has(t.charAt(start))) start++;
    const tail = readTail(t, m.index + m[0].length);
    const cue = cueAt(v, start);
    emit(
      v,
      start,
      tail.end,
      forConsignee(v, CATEGORY.address),
      'cn_address',
      cue === 'address' ? 0.93 : 0.76,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Japanese addresses

const JP_PREF =
  '(?:北海道|東京都|京都府|大阪府|(?:青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉|千葉|神奈川|新潟|富山|石川|福井|山梨|長野|岐阜|静岡|愛知|三重|滋賀|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|山口|徳島|香川|愛媛|高知|福岡|佐賀|長崎|熊本|大分|宮崎|鹿児島|沖縄)県)';
const JP_CHARS = '\\u4e00-\\u9fff\\u3040-\\u30ffー々';
// A block number that is not empty: 1丁目2番3号, 2番地, 2-21-1.
const JP_BLOCK =
  '(?:[0-9０-９]+丁目(?:[0-9０-９]+番地?)?(?:[0-9０-９]+号)?|[0-9０-９]+番地?(?:[0-9０-９]+号)?|[0-9０-９]+(?:[-−－ー][0-9０-９]+){1,2})';
const JP_ROOM = String.raw`(?:[\s　]?[${JP_CHARS}A-Za-z0-9０-９]{1,20}?[0-9０-９]+号室)?`;
const JP_ADDRESS = new RegExp(
  String.raw`(?:〒\s?\d{3}-?\d{4}[\s　]*)?${JP_PREF}[${JP_CHARS}]{1,10}?(?:市|区|町|村|郡)(?:[${JP_CHARS}]{1,8}?(?:区|町|村))?(?:[${JP_CHARS}]{0,8}?${JP_BLOCK})?${JP_ROOM}`,
  'g',
);
const JP_BLOCK_ONLY = new RegExp(
  `(?:[${JP_CHARS}]{1,10}?(?:市|区|町|村))?[${JP_CHARS}]{0,8}?[0-9０-９]+丁目[0-9０-９]+番地?(?:[0-9０-９]+号)?${JP_ROOM}`,
  'g',
);
const JP_POSTCODE = /〒\s?\d{3}-?\d{4}/g;

/** Finds Japanese addresses and 〒 postcodes. */
export function detectJpAddresses(v: ValueScan): void {
  const t = v.text;
  if (/都|道|府|県/.test(t)) {
    for (const m of matches(JP_ADDRESS, t)) {
      const s = m[0];
      const block = /[0-9０-９](?:丁目|番|号)|[0-9０-９][-−－ー][0-9０-９]/.test(s);
      if (!block && cueAt(v, m.index) !== 'address') continue;
      emit(
        v,
        m.index,
        m.index + s.length,
        forConsignee(v, CATEGORY.address),
        'jp_address',
        block ? 0.93 : 0.85,
      );
    }
  }
  if (t.includes('丁目')) {
    for (const m of matches(JP_BLOCK_ONLY, t)) {
      emit(v, m.index, m.index + m[0].length, forConsignee(v, CATEGORY.address), 'jp_address', 0.82);
    }
  }
  if (t.includes('〒')) {
    for (const m of matches(JP_POSTCODE, t))
      emit(v, m.index, m.index + m[0].length, CATEGORY.postcode, 'postcode', 0.9);
  }
}

// ---------------------------------------------------------------------------------------------
// Korean addresses

const KR_PROVINCE =
  '(?:서울특별시|서울시|서울|부산광역시|부산|대구광역시|대구|인천광역시|인천|광주광역시|광주|대전광역시|대전|울산광역시|울산|세종특별자치시|세종|경기도|경기|강원특별자치도|강원도|강원|충청북도|충북|충청남도|충남|전북특별자치도|전라북도|전북|전라남도|전남|경상북도|경북|경상남도|경남|제주특별자치도|제주도|제주)';
const KR_AFTER_NUMBER = String.raw`(?![0-9]|\s?(?:시|분|일|월|개|명|원|살|번째|층|년|회|차|세))`;
const KR_DETAIL = String.raw`(?:\s?,?\s?(?:[가-힣A-Za-z0-9]{1,12}\s?)?\d+동\s?\d+호|\s?,?\s?\d+호|\s?\([가-힣0-9,\s]{1,20}\))?`;
const KR_ADDRESS = new RegExp(
  String.raw`${KR_PROVINCE}\s?(?:[가-힣]{1,5}(?:시|군|구)\s?){1,2}(?:[가-힣0-9]{1,6}(?:읍|면|동)\s?)?[가-힣0-9]{1,10}(?:로|길)\s?\d+(?:-\d+)?(?:번길\s?\d+)?${KR_AFTER_NUMBER}${KR_DETAIL}`,
  'g',
);
const KR_ROAD = new RegExp(
  String.raw`(?<![가-힣])[가-힣0-9]{2,10}(?:로|길)\s?\d+(?:-\d+)?(?:번길\s?\d+)?${KR_AFTER_NUMBER}${KR_DETAIL}`,
  'g',
);

/** Finds Korean road-name addresses. */
export function detectKrAddresses(v: ValueScan): void {
  const t = v.text;
  if (!/로|길/.test(t) || v.features.digits === 0) return;
  for (const m of matches(KR_ADDRESS, t)) {
    emit(v, m.index, m.index + m[0].length, forConsignee(v, CATEGORY.address), 'kr_address', 0.93);
  }
  for (const m of matches(KR_ROAD, t)) {
    const cue = cueAt(v, m.index);
    emit(
      v,
      m.index,
      m.index + m[0].length,
      forConsignee(v, CATEGORY.address),
      'kr_address',
      cue === 'address' ? 0.9 : 0.72,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Names

// The dictionaries by UTF-16 code (two units as one number): looking a character up needs no
// one-character string, which `charAt` would allocate for every CJK character.
const codes = (set: ReadonlySet<string>) => {
  const out = new Set<number>();
  for (const x of set) {
    if (x.length === 1) out.add(x.charCodeAt(0));
    else if (x.length === 2) out.add(x.charCodeAt(0) * 65_536 + x.charCodeAt(1));
  }
  return out;
};
const CN_SURNAME_CODES = codes(CN_SURNAMES);
const CN_COMPOUND_CODES = codes(CN_COMPOUND_SURNAMES);
const CN_NOT_GIVEN_CODES = codes(CN_NOT_GIVEN);

/** Length of a Chinese name (surname + given name) starting at `i`, or 0. */
export function cnNameAt(text: string, i: number, maxGiven = 2): number {
  let s = 0;
  const c0 = text.charCodeAt(i);
  if (i + 1 < text.length && CN_COMPOUND_CODES.has(c0 * 65_536 + text.charCodeAt(i + 1))) s = 2;
  else if (i < text.length && CN_SURNAME_CODES.has(c0)) s = 1;
  else return 0;
  let g = 0;
  while (g < maxGiven) {
    const at = i + s + g;
    if (at >= text.length) break;
    const c = text.charCodeAt(at);
    if (!isHan(c) || CN_NOT_GIVEN_CODES.has(c)) break;
    g++;
  }
  return g === 0 ? 0 : s + g;
}

const CN_NAME_CUE =
  /(?:我叫|我是|本人是?|姓名[:：]?|名字[:：]?|收货人[:：]?|收貨人[:：]?|收件人[:：]?|联系人[:：]?|聯繫人[:：]?|寄件人[:：]?|买家[:：]|客户[:：]|顾客[:：]|亲爱的|签名[:：]?|经办人[:：]?|署名[:：]?|发件人[:：]?)\s*/g;
const CN_TITLE = /先生|女士|小姐|老师|经理|同学|师傅|阿姨/g;
const JP_HONORIFIC = /様|さま|さん|殿/g;
const JP_CHAR = /[\u4e00-\u9fff\u3040-\u30ffー々]/;
const JP_NAME_CUE = new RegExp(
  String.raw`(?:私は|わたしは|名前は|氏名[:：]?|担当の|宛名[:：]?|注文者[:：]?|ご注文者[:：]?|購入者[:：]?|お名前[:：]?|受取人[:：]?|お届け先[:：]?)\s*([${JP_CHARS}]{1,4}[\s　]?[${JP_CHARS}]{0,4}?)(?:です|と申します|[、。,\s]|$)`,
  'g',
);
const KR_NAME_AFTER = /(?<![가-힣])([가-힣]{2,4})\s?(?:님|씨)(?![가-힣]{2})/g;
const KR_NAME_CUE =
  /(?:제 이름은|저는|이름[:：]?|성명[:：]?|받는 ?분[:：]?|수령인[:：]?|보내는 ?분[:：]?)\s*([가-힣]{2,4})(?=입니다|이에요|예요|이고|[,.\s]|$)/g;
const KR_NOT_NAMES =
  /^(?:고객|회원|선생|사장|부장|과장|차장|대리|기사|팀장|실장|원장|교수|회장|여러분|담당자|관리자|택배)|(?:선생|사장|부장|과장|기사|팀장|고객|회원)$/;

function krName(s: string): boolean {
  if (KR_NOT_NAMES.test(s)) return false;
  return KR_SURNAMES.has(s.charAt(0)) || KR_SURNAMES.has(s.slice(0, 2));
}

function jpName(surname: string): boolean {
  for (let k = Math.min(4, surname.length); k >= 1; k--)
    if (JP_SURNAMES.has(surname.slice(0, k))) return true;
  return false;
}

/** Finds Chinese, Japanese and Korean names introduced by context words. */
export function detectCjkNames(v: ValueScan): void {
  const t = v.text;
  const f = v.features;
  if (f.cjk) {
    for (const m of matches(CN_NAME_CUE, t)) {
      const at = m.index + m[0].length;
      const len = cnNameAt(t, at);
      if (len > 0) emit(v, at, at + len, forConsignee(v, CATEGORY.name), 'cn_name', 0.88);
    }
    if (t.includes('先生') || t.includes('女士') || t.includes('小姐') || t.includes('老师')) {
      for (const m of matches(CN_TITLE, t)) {
        // `张伟先生`: a full name right before the title.
        for (const len of [3, 2]) {
          const at = m.index - len;
          if (
            at >= 0 &&
            cnNameAt(t, at, len - 1) === len &&
            (at === 0 || !isHan(t.charCodeAt(at - 1)) || cnNameAt(t, at - 1, 1) === 0)
          ) {
            emit(v, at, m.index, forConsignee(v, CATEGORY.name), 'cn_name', 0.8);
            break;
          }
        }
      }
    }
  }
  if (f.cjk || f.kana) {
    if (/様|さま|さん|殿/.test(t)) {
      for (const m of matches(JP_HONORIFIC, t)) {
        // Look back from the honorific over at most eight name characters (one space allowed) for
        // the longest stretch that starts with a known family name.
        const p = m.index;
        let s = p;
        let spaces = 0;
        while (s > 0 && p - s < 9) {
          const ch = t.charAt(s - 1);
          if (ch === ' ' || ch === '　') {
            if (spaces++ > 0) break;
          } else if (!JP_CHAR.test(ch)) break;
          s--;
        }
        for (let at = s; at < p - 1; at++) {
          const ch = t.charAt(at);
          if (ch === ' ' || ch === '　') continue;
          if (jpName(t.slice(at, p).replace(/[ 　]/g, ''))) {
            emit(
              v,
              at,
              p - (t.charAt(p - 1) === ' ' ? 1 : 0),
              forConsignee(v, CATEGORY.name),
              'jp_name',
              0.86,
            );
            break;
          }
        }
      }
    }
    for (const m of matches(JP_NAME_CUE, t)) {
      const name = m[1]!.trim();
      if (!jpName(name)) continue;
      const at = m.index + m[0].indexOf(name);
      emit(v, at, at + name.length, forConsignee(v, CATEGORY.name), 'jp_name', 0.85);
    }
  }
  if (f.hangul) {
    for (const m of matches(KR_NAME_AFTER, t)) {
      const s = m[1]!;
      if (s.length >= 3 && krName(s))
        emit(v, m.index, m.index + s.length, forConsignee(v, CATEGORY.name), 'kr_name', 0.85);
    }
    for (const m of matches(KR_NAME_CUE, t)) {
      const s = m[1]!;
      if (!krName(s)) continue;
      const at = m.index + m[0].lastIndexOf(s);
      emit(v, at, at + s.length, forConsignee(v, CATEGORY.name), 'kr_name', 0.87);
    }
  }
}

const SEPARATOR = /[\s　·•]/;
const SEPARATORS = /[\s　·•]/g;

/** True when a whole value is shaped like a CJK personal name (for values under a name field). */
export function cjkNameShape(s: string): 'surname' | 'shape' | null {
  const compact = SEPARATOR.test(s) ? s.replace(SEPARATORS, '') : s;
  if (/^[\u4e00-\u9fff]{2,5}$/.test(compact)) {
    if (cnNameAt(compact, 0, 3) === compact.length || jpName(compact)) return 'surname';
    return compact.length <= 4 ? 'shape' : null;
  }
  if (/^[가-힣]{2,5}$/.test(compact)) return krName(compact) ? 'surname' : 'shape';
  if (/^[\u4e00-\u9fff\u3040-\u30ffー々]{2,10}$/.test(compact)) return jpName(compact) ? 'surname' : 'shape';
  return null;
}
