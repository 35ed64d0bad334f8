// A labelled corpus for measuring detection: JSON orders and free-text customer-service chat in the
// languages of cross-border e-commerce, with personal data from @faker-js/faker (names, cities,
// e-mail addresses), our own generators for identifiers with valid check digits, addresses built
// in each country's own format, and hard negatives (order numbers, SKUs, prices, timestamps, UUIDs,
// hashes) that must stay quiet. Deterministic for a given seed.

import { allFakers, type Faker } from '@faker-js/faker';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { CATEGORY } from '../../src/detect/categories.js';
import { chinaDivisions } from '../../src/detect/data/divisions.js';
import * as g from '../../test/detect/generators.js';

/** A labelled span: where personal data is and what it is. `path` is `$` for text samples. */
export interface Label {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  readonly category: string;
}

/** One sample: a record (JSON value) or a text, with its labels. */
export interface Sample {
  readonly locale: string;
  readonly kind: 'record' | 'text';
  readonly value: unknown;
  readonly labels: readonly Label[];
}

export const LOCALES = [
  'zh-CN',
  'ja',
  'ko',
  'en-US',
  'en-GB',
  'de',
  'fr',
  'es',
  'pt-BR',
  'vi',
  'id',
  'en-IN',
] as const;
export type Locale = (typeof LOCALES)[number];

const FAKER: Record<Locale, Faker> = {
  'zh-CN': allFakers.zh_CN,
  ja: allFakers.ja,
  ko: allFakers.ko,
  'en-US': allFakers.en_US,
  'en-GB': allFakers.en_GB,
  de: allFakers.de,
  fr: allFakers.fr,
  es: allFakers.es,
  'pt-BR': allFakers.pt_BR,
  vi: allFakers.vi,
  id: allFakers.id_ID,
  'en-IN': allFakers.en_IN,
};

/** A piece of text: literal, or labelled personal data. */
type Part = string | { readonly cat: string; readonly text: string };
const pi = (cat: string, text: string): Part => ({ cat, text });

function assemble(parts: readonly Part[]): { text: string; labels: Label[] } {
  let text = '';
  const labels: Label[] = [];
  for (const p of parts) {
    if (typeof p === 'string') text += p;
    else {
      labels.push({ path: '$', start: text.length, end: text.length + p.text.length, category: p.cat });
      text += p.text;
    }
  }
  return { text, labels };
}

// ------------------------------------------------------------------------------------------------
// Values per locale

const pad = (n: number, w: number) => String(n).padStart(w, '0');

function validPhone(_r: g.Rng, make: () => string, region: string): string {
  for (let i = 0; i < 50; i++) {
    const s = make();
    const p = parsePhoneNumberFromString(s, region as never);
    if (p?.isValid()) return s;
  }
  return make();
}

function phone(loc: Locale, r: g.Rng): string {
  const d = r.digits.bind(r);
  switch (loc) {
    case 'zh-CN':
      return r.chance(0.15)
        ? `0${r.pick(['10', '21', '571', '755', '20', '28'])}-${r.int(2, 8)}${d(7)}`
        : g.cnMobile(r, r.pick(['plain', 'plain', 'dashed', 'spaced', 'intl'] as const));
    case 'ja':
      return validPhone(
        r,
        () =>
          r.chance(0.7)
            ? `0${r.pick(['90', '80', '70'])}-${d(4)}-${d(4)}`
            : `03-${r.int(3, 6)}${d(3)}-${d(4)}`,
        'JP',
      );
    case 'ko':
      return validPhone(
        r,
        () => (r.chance(0.8) ? `010-${r.int(2, 9)}${d(3)}-${d(4)}` : `02-${r.int(2, 9)}${d(2)}-${d(4)}`),
        'KR',
      );
    case 'en-US':
      return validPhone(
        r,
        () => {
          const a = `${r.pick(['212', '415', '312', '646', '617', '206', '303', '512'])}`;
          const x = `${r.int(2, 9)}${d(2)}`;
          return r.pick([
            `(${a}) ${x}-${d(4)}`,
            `${a}-${x}-${d(4)}`,
            `+1 ${a} ${x} ${d(4)}`,
            `${a}.${x}.${d(4)}`,
          ]);
        },
        'US',
      );
    case 'en-GB':
      return validPhone(
        r,
        () =>
          r.pick([
            `07${r.int(4, 9)}${d(2)} ${d(6)}`,
            `+44 7${r.int(4, 9)}${d(2)} ${d(6)}`,
            `020 7${d(3)} ${d(4)}`,
          ]),
        'GB',
      );
    case 'de':
      return validPhone(
        r,
        () =>
          r.pick([
            `+49 15${r.int(1, 9)} ${d(8)}`,
            `0151 ${d(8)}`,
            `030 ${r.int(2, 9)}${d(7)}`,
            `+49 (0)89 ${r.int(2, 9)}${d(6)}`,
          ]),
        'DE',
      );
    case 'fr':
      return validPhone(
        r,
        () =>
          r.pick([
            `06 ${d(2)} ${d(2)} ${d(2)} ${d(2)}`,
            `+33 6 ${d(2)} ${d(2)} ${d(2)} ${d(2)}`,
            `01 ${d(2)} ${d(2)} ${d(2)} ${d(2)}`,
          ]),
        'FR',
      );
    case 'es':
      return validPhone(
        r,
        () =>
          r.pick([
            `6${d(2)} ${d(3)} ${d(3)}`,
            `+34 6${d(2)} ${d(2)} ${d(2)} ${d(2)}`,
            `91 ${d(3)} ${d(2)} ${d(2)}`,
          ]),
        'ES',
      );
    case 'pt-BR':
      return validPhone(
        r,
        () => r.pick([`(11) 9${d(4)}-${d(4)}`, `+55 21 9${d(4)}-${d(4)}`, `(31) 3${d(3)}-${d(4)}`]),
        'BR',
      );
    case 'vi':
      return validPhone(
        r,
        () =>
          r.pick([
            `09${r.int(0, 8)} ${d(3)} ${d(4)}`,
            `+84 9${r.int(0, 8)} ${d(3)} ${d(4)}`,
            `03${r.int(2, 9)}${d(7)}`,
          ]),
        'VN',
      );
    case 'id':
      return validPhone(
        r,
        () => r.pick([`0812-${d(4)}-${d(4)}`, `+62 812 ${d(4)} ${d(4)}`, `0813${d(8)}`]),
        'ID',
      );
    case 'en-IN':
      return validPhone(r, () => r.pick([`+91 9${d(4)} ${d(5)}`, `9${d(9)}`, `+91-98${d(3)}-${d(5)}`]), 'IN');
  }
}

const CN_ROAD = [
  '人民',
  '中山',
  '解放',
  '建设',
  '文三',
  '延安',
  '长江',
  '黄河',
  '和平',
  '新华',
  '东风',
  '胜利',
  '学院',
  '科技',
  '创业',
  '滨江',
  '湖滨',
  '天目山',
  '环城',
  '金沙',
  '幸福',
  '光明',
];
const CN_COMPOUND = ['阳光', '锦绣', '金色', '碧桂', '翠苑', '绿城', '万科', '华星', '紫金', '世纪'];

function cnAddress(r: g.Rng): string {
  const d = chinaDivisions();
  const counties = [...d.byCode.values()].filter((x) => x.level === 'county' && x.code.length === 6);
  const county = r.pick(counties);
  const city = d.byCode.get(county.parent!)!;
  const prov = d.byCode.get(city.parent!)!;
  const cityName = city.name === '市辖区' || city.name === '县' ? '' : city.name;
  const road = `${r.pick(CN_ROAD)}${r.pick(['路', '路', '街', '大道'])}`;
  let s = `${prov.name}${cityName}${county.name}${road}${r.int(1, 999)}号`;
  if (r.chance(0.6)) s += `${r.pick(CN_COMPOUND)}${r.pick(['小区', '花园', '大厦', '公寓'])}`;
  if (r.chance(0.6)) s += `${r.int(1, 30)}${r.pick(['栋', '幢', '号楼'])}`;
  if (r.chance(0.3)) s += `${r.int(1, 6)}单元`;
  if (r.chance(0.7)) s += `${r.int(1, 32)}${pad(r.int(1, 8), 2)}室`;
  return s;
}

const VN_STREETS = [
  'Lê Lợi',
  'Nguyễn Huệ',
  'Trần Hưng Đạo',
  'Hai Bà Trưng',
  'Lý Thường Kiệt',
  'Điện Biên Phủ',
  'Nguyễn Trãi',
  'Cách Mạng Tháng Tám',
];
const ID_STREETS = [
  'Merdeka',
  'Sudirman',
  'Thamrin',
  'Gatot Subroto',
  'Diponegoro',
  'Ahmad Yani',
  'Pemuda',
  'Asia Afrika',
];

function address(loc: Locale, r: g.Rng, f: Faker): string {
  switch (loc) {
    case 'zh-CN':
      return cnAddress(r);
    case 'ja':
      return `〒${pad(r.int(100, 999), 3)}-${pad(r.int(0, 9999), 4)} ${f.location.state()}${f.location.city()}${f.location.street()}${r.chance(0.5) ? ` ${f.location.secondaryAddress()}` : ''}`;
    case 'ko':
      return `${f.location.state()} ${f.location.city()} ${f.location.street()} ${r.int(1, 300)}${r.chance(0.5) ? `, ${r.int(101, 120)}동 ${r.int(1, 25)}0${r.int(1, 4)}호` : ''}`;
    case 'en-US':
      return `${f.location.streetAddress(r.chance(0.3))}, ${f.location.city()}, ${f.location.state({ abbreviated: true })} ${f.location.zipCode('#####')}`;
    case 'en-GB':
      return `${f.location.streetAddress(r.chance(0.2))}, ${f.location.city()} ${f.location.zipCode()}`;
    case 'de':
      return `${f.location.street()} ${r.int(1, 120)}${r.chance(0.2) ? 'a' : ''}, ${pad(r.int(1067, 99998), 5)} ${f.location.city()}`;
    case 'fr':
      return `${r.int(1, 180)} ${r.pick(['rue', 'avenue', 'boulevard', 'place'])} ${r.pick(['de la Paix', 'Victor Hugo', 'du Général Leclerc', 'Molière', 'de Rivoli', 'Jean Jaurès'])}, ${pad(r.int(1000, 95999), 5)} ${f.location.city()}`;
    case 'es':
      return `${r.pick(['Calle', 'Avenida', 'Plaza', 'Paseo'])} ${f.person.lastName()} ${r.int(1, 150)}, ${r.int(1, 9)}º ${r.pick(['A', 'B', 'C'])}, ${pad(r.int(1000, 52999), 5)} ${f.location.city()}`;
    case 'pt-BR':
      return `${r.pick(['Rua', 'Avenida', 'Travessa', 'Alameda'])} ${f.person.lastName()}, ${r.int(1, 3000)} - ${f.location.city()}, ${pad(r.int(1000, 99999), 5)}-${pad(r.int(0, 999), 3)}`;
    case 'vi':
      return `${r.int(1, 400)} đường ${r.pick(VN_STREETS)}, Phường ${r.int(1, 15)}, Quận ${r.int(1, 12)}, ${r.pick(['TP. Hồ Chí Minh', 'Hà Nội', 'Đà Nẵng'])}`;
    case 'id':
      return `Jl. ${r.pick(ID_STREETS)} No. ${r.int(1, 200)}, ${f.location.city()} ${pad(r.int(10110, 99999), 5)}`;
    case 'en-IN':
      return `${r.int(1, 999)} ${f.location.street()}, ${f.location.city()} ${r.int(110, 855)} ${pad(r.int(1, 999), 3)}`;
  }
}

/** A national identity number of the locale, with its category. */
function nationalId(loc: Locale, r: g.Rng): [string, string] {
  switch (loc) {
    case 'zh-CN':
      return [CATEGORY.cnResidentId, g.cnResidentId(r)];
    case 'ja':
      return [CATEGORY.jpMyNumber, g.myNumber(r, r.chance(0.5))];
    case 'ko':
      return [CATEGORY.krRrn, g.krRrn(r, r.chance(0.8))];
    case 'en-US':
      return [CATEGORY.usSsn, g.ssn(r)];
    case 'en-GB':
      return [CATEGORY.gbNino, r.chance(0.5) ? g.nino(r) : g.nino(r).replace(/ /g, '')];
    case 'de':
      return [CATEGORY.deTaxId, g.deTaxId(r)];
    case 'fr':
      return [CATEGORY.frNir, g.frNir(r, r.chance(0.5))];
    case 'es':
      return [CATEGORY.passport, `PA${r.digits(7)}`];
    case 'pt-BR':
      return [CATEGORY.brCpf, g.cpf(r, r.chance(0.7))];
    case 'vi':
      return [CATEGORY.vnCccd, g.cccd(r)];
    case 'id':
      return [CATEGORY.idNik, g.nik(r)];
    case 'en-IN':
      return r.chance(0.6) ? [CATEGORY.inAadhaar, g.aadhaar(r, r.chance(0.6))] : [CATEGORY.inPan, g.pan(r)];
  }
}

/** Field names of an order in the locale's own language (half the records use English keys). */
const LOCAL_KEYS: Partial<Record<Locale, Record<string, string>>> = {
  'zh-CN': {
    name: '收货人',
    phone: '手机号',
    address: '收货地址',
    email: '邮箱',
    id: '身份证号',
    zip: '邮编',
    order: '订单号',
    waybill: '运单号',
    price: '金额',
    created: '下单时间',
    buyer: '买家姓名',
    dob: '出生日期',
  },
  ja: {
    name: 'お届け先氏名',
    phone: '電話番号',
    address: '住所',
    email: 'メールアドレス',
    id: 'マイナンバー',
    zip: '郵便番号',
    order: '注文番号',
    waybill: '追跡番号',
    price: '金額',
    created: '注文日時',
    buyer: '氏名',
    dob: '生年月日',
  },
  ko: {
    name: '수령인',
    phone: '연락처',
    address: '주소',
    email: '이메일',
    id: '주민등록번호',
    zip: '우편번호',
    order: '주문번호',
    waybill: '운송장번호',
    price: '금액',
    created: '주문일시',
    buyer: '이름',
    dob: '생년월일',
  },
  de: {
    name: 'Empfänger',
    phone: 'Telefon',
    address: 'Lieferadresse',
    email: 'E-Mail',
    id: 'Steuer-ID',
    zip: 'PLZ',
    order: 'Bestellnummer',
    waybill: 'Sendungsnummer',
    price: 'Preis',
    created: 'Bestelldatum',
    buyer: 'Name',
    dob: 'Geburtsdatum',
  },
  fr: {
    name: 'destinataire',
    phone: 'téléphone',
    address: 'adresse',
    email: 'courriel',
    id: 'numéro de sécurité sociale',
    zip: 'code postal',
    order: 'numéro de commande',
    waybill: 'numéro de suivi',
    price: 'prix',
    created: 'date de commande',
    buyer: 'nom',
    dob: 'date de naissance',
  },
  es: {
    name: 'destinatario',
    phone: 'teléfono',
    address: 'dirección',
    email: 'correo',
    id: 'pasaporte',
    zip: 'código postal',
    order: 'número de pedido',
    waybill: 'seguimiento',
    price: 'precio',
    created: 'fecha',
    buyer: 'nombre',
    dob: 'fecha de nacimiento',
  },
  'pt-BR': {
    name: 'destinatario',
    phone: 'telefone',
    address: 'endereço',
    email: 'email',
    id: 'cpf',
    zip: 'cep',
    order: 'pedido',
    waybill: 'rastreio',
    price: 'preço',
    created: 'data',
    buyer: 'nome',
    dob: 'data de nascimento',
  },
  vi: {
    name: 'người nhận',
    phone: 'số điện thoại',
    address: 'địa chỉ',
    email: 'email',
    id: 'số CCCD',
    zip: 'mã bưu chính',
    order: 'mã đơn hàng',
    waybill: 'mã vận đơn',
    price: 'giá',
    created: 'thời gian',
    buyer: 'họ tên',
    dob: 'ngày sinh',
  },
  id: {
    name: 'penerima',
    phone: 'nomor hp',
    address: 'alamat',
    email: 'email',
    id: 'NIK',
    zip: 'kode pos',
    order: 'nomor pesanan',
    waybill: 'resi',
    price: 'harga',
    created: 'waktu',
    buyer: 'nama',
    dob: 'tanggal lahir',
  },
};
const EN_KEYS: Record<string, string> = {
  name: 'name',
  phone: 'phone',
  address: 'address',
  email: 'email',
  id: 'id_number',
  zip: 'postcode',
  order: 'order_id',
  waybill: 'tracking_number',
  price: 'price',
  created: 'created_at',
  buyer: 'full_name',
  dob: 'date_of_birth',
};

const ID_KEYS: Partial<Record<Locale, string>> = {
  'en-US': 'ssn',
  'en-GB': 'national_insurance_number',
  de: 'steuer_id',
  fr: 'nir',
  'pt-BR': 'cpf',
  'en-IN': 'aadhaar_or_pan',
  vi: 'cccd',
  id: 'nik',
  ja: 'my_number',
  ko: 'rrn',
  'zh-CN': 'id_card_no',
  es: 'passport_no',
};

// ------------------------------------------------------------------------------------------------
// Hard negatives

function orderId(r: g.Rng): string {
  return r.pick([
    r.digits(18),
    `${r.int(2023, 2025)}${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}${r.digits(10)}`,
    `ORD-${r.digits(10)}`,
    `1${r.digits(11)}`,
    r.digits(16),
    `${r.int(1, 9)}${r.digits(12)}`,
  ]);
}
const sku = (r: g.Rng) =>
  r.pick([
    `SKU-${r.digits(11)}`,
    `${String.fromCharCode(r.int(65, 90), r.int(65, 90))}${r.digits(6)}-${r.int(1, 9)}`,
    `B0${r.digits(8)}`,
    r.digits(13),
  ]);
const timestamp = (r: g.Rng) =>
  r.pick([
    `2024-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 28), 2)} ${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:${pad(r.int(0, 59), 2)}`,
    `2025-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 28), 2)}T${pad(r.int(0, 23), 2)}:${pad(r.int(0, 59), 2)}:00Z`,
    String(r.int(1_600_000_000, 1_760_000_000)),
    String(r.int(1_600_000_000, 1_760_000_000) * 1000 + r.int(0, 999)),
  ]);
const uuid = (r: g.Rng) => {
  const h = (n: number) => Array.from({ length: n }, () => r.int(0, 15).toString(16)).join('');
  return `${h(8)}-${h(4)}-4${h(3)}-${r.pick(['8', '9', 'a', 'b'])}${h(3)}-${h(12)}`;
};
const hash = (r: g.Rng) =>
  Array.from({ length: r.pick([32, 40, 64]) }, () => r.int(0, 15).toString(16)).join('');
const price = (r: g.Rng, loc: Locale) => {
  const amount = (r.int(100, 999_999) / 100).toFixed(2);
  return r.pick([
    amount,
    `${amount}`,
    `¥${amount}`,
    `$${amount}`,
    `€${amount.replace('.', ',')}`,
    `${Number(amount).toLocaleString('en-US')}`,
    loc === 'ko' ? `${r.int(1, 999)},000원` : `${amount} EUR`,
  ]);
};

function dob(r: g.Rng, loc: Locale): string {
  const y = r.int(1950, 2004);
  const m = r.int(1, 12);
  const d = r.int(1, 28);
  switch (loc) {
    case 'zh-CN':
    case 'ja':
      return r.chance(0.5) ? `${y}年${m}月${d}日` : `${y}-${pad(m, 2)}-${pad(d, 2)}`;
    case 'ko':
      return r.chance(0.5) ? `${y}년 ${m}월 ${d}일` : `${y}.${pad(m, 2)}.${pad(d, 2)}`;
    case 'en-US':
      return r.chance(0.5)
        ? `${pad(m, 2)}/${pad(d, 2)}/${y}`
        : `${['January', 'March', 'July', 'October'][r.int(0, 3)]} ${d}, ${y}`;
    case 'de':
      return `${pad(d, 2)}.${pad(m, 2)}.${y}`;
    default:
      return `${pad(d, 2)}/${pad(m, 2)}/${y}`;
  }
}

// ------------------------------------------------------------------------------------------------
// Records

function recordSample(loc: Locale, r: g.Rng, f: Faker): Sample {
  const local = LOCAL_KEYS[loc] !== undefined && r.chance(0.5);
  const K = local ? LOCAL_KEYS[loc]! : EN_KEYS;
  const labels: Label[] = [];
  const put = (obj: Record<string, unknown>, path: string, key: string, value: string, cat?: string) => {
    obj[key] = value;
    if (cat !== undefined) {
      const p = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*$/.test(key)
        ? `${path}.${key}`
        : `${path}['${key.replace(/'/g, "\\'")}']`;
      labels.push({ path: p, start: 0, end: value.length, category: cat });
    }
  };
  const order: Record<string, unknown> = {};
  put(order, '$', K.order!, orderId(r));
  put(order, '$', K.created!, timestamp(r));
  order.status = r.pick(['paid', 'shipped', 'delivered', 'refunded']);
  const buyer: Record<string, unknown> = {};
  put(buyer, '$.buyer', K.buyer!, f.person.fullName(), CATEGORY.name);
  put(buyer, '$.buyer', K.email!, f.internet.email(), CATEGORY.email);
  put(buyer, '$.buyer', K.phone!, phone(loc, r), CATEGORY.phone);
  if (r.chance(0.5)) {
    const [cat, id] = nationalId(loc, r);
    put(buyer, '$.buyer', local ? K.id! : ID_KEYS[loc]!, id, cat);
  }
  if (r.chance(0.3)) put(buyer, '$.buyer', K.dob!, dob(r, loc), CATEGORY.dateOfBirth);
  buyer.member_level = r.pick(['gold', 'silver', 'vip1']);
  order.buyer = buyer;
  // Consignee block: `shipping` in English records, the locale's consignee words otherwise.
  const ship: Record<string, unknown> = {};
  const shipKey = 'shipping';
  put(ship, `$.${shipKey}`, K.name!, f.person.fullName(), CATEGORY.consigneeName);
  put(ship, `$.${shipKey}`, K.phone!, phone(loc, r), CATEGORY.consigneePhone);
  put(ship, `$.${shipKey}`, K.address!, address(loc, r, f), CATEGORY.consigneeAddress);
  if (r.chance(0.4))
    put(
      ship,
      `$.${shipKey}`,
      K.zip!,
      loc === 'zh-CN' ? String(r.int(100000, 850000)) : f.location.zipCode(),
      CATEGORY.postcode,
    );
  put(ship, `$.${shipKey}`, K.waybill!, r.chance(0.5) ? g.sfWaybill(r) : g.s10(r), CATEGORY.waybill);
  order[shipKey] = ship;
  order.items = Array.from({ length: r.int(1, 3) }, () => ({
    sku: sku(r),
    title: f.commerce.productName(),
    qty: r.int(1, 5),
    [K.price!]: price(r, loc),
  }));
  const payment: Record<string, unknown> = { method: r.pick(['card', 'alipay', 'paypal', 'wechat']) };
  if (r.chance(0.35)) {
    const scheme = loc === 'zh-CN' ? 'unionpay' : r.pick(['visa', 'mastercard', 'amex', 'jcb'] as const);
    put(
      payment,
      '$.payment',
      'card_number',
      g.card(r, scheme, r.chance(0.5)),
      scheme === 'unionpay' ? CATEGORY.unionPay : CATEGORY.bankCard,
    );
  }
  if (r.chance(0.2) && ['de', 'fr', 'es', 'en-GB'].includes(loc))
    put(
      payment,
      '$.payment',
      'iban',
      g.iban(r, { de: 'DE', fr: 'FR', es: 'ES', 'en-GB': 'GB' }[loc as 'de'], r.chance(0.5)),
      CATEGORY.iban,
    );
  if (r.chance(0.2) && loc === 'zh-CN')
    put(
      payment,
      '$.payment',
      r.chance(0.5) ? 'alipay_account' : '支付宝账号',
      r.chance(0.5) ? f.internet.email() : g.cnMobile(r),
      CATEGORY.alipayId,
    );
  payment.transaction_id = hash(r).slice(0, 28);
  order.payment = payment;
  const device: Record<string, unknown> = {};
  put(device, '$.device', 'ip', r.chance(0.8) ? g.ipv4(r) : g.ipv6(r), CATEGORY.ip);
  if (r.chance(0.3)) put(device, '$.device', 'idfa', uuid(r).toUpperCase(), CATEGORY.advertisingId);
  if (r.chance(0.15)) put(device, '$.device', 'imei', g.imei(r), CATEGORY.imei);
  if (r.chance(0.1)) put(device, '$.device', 'mac', g.mac(r), CATEGORY.mac);
  put(device, '$.device', 'request_id', uuid(r));
  put(device, '$.device', 'session_hash', hash(r));
  order.device = device;
  if (r.chance(0.2)) {
    const lat = (r.int(-60_000_000, 60_000_000) / 1_000_000).toFixed(6);
    const lng = (r.int(-170_000_000, 170_000_000) / 1_000_000).toFixed(6);
    const geo = `${lat},${lng}`;
    order.geo = geo;
    labels.push({ path: '$.geo', start: 0, end: geo.length, category: CATEGORY.preciseLocation });
  }
  if (loc === 'zh-CN' && r.chance(0.2))
    put(
      order,
      '$',
      r.chance(0.5) ? '微信号' : 'wechat_id',
      `${r.pick(['wx', 'zhang', 'li', 'xiao'])}_${r.digits(4)}${r.pick(['a', 'b', 'z'])}`,
      CATEGORY.wechatId,
    );
  if (loc === 'zh-CN' && r.chance(0.1)) put(order, '$', '车牌号', g.cnPlate(r), CATEGORY.vehiclePlate);
  return { locale: loc, kind: 'record', value: order, labels };
}

// ------------------------------------------------------------------------------------------------
// Chat

type ChatValues = {
  name: Part;
  phone: Part;
  email: Part;
  address: Part;
  id: Part;
  order: string;
  price: string;
  time: string;
  waybill: Part;
  sku: string;
  dob: Part;
};

const CHATS: Record<Locale, ((v: ChatValues) => Part[])[]> = {
  'zh-CN': [
    (v) => ['你好，我叫', v.name, '，订单', v.order, '到现在还没发货，麻烦尽快处理。电话', v.phone, '。'],
    (v) => ['收货地址改一下：', v.address, '，收货人', v.name, '，手机', v.phone],
    (v) => ['清关需要身份证号：', v.id, '，姓名：', v.name, '。下单时间', v.time, '，金额', v.price, '元'],
    (v) => ['快递单号', v.waybill, '显示已签收，但我没收到。我的邮箱是', v.email, '，SKU ', v.sku],
    (v) => ['亲，订单', v.order, '退款', v.price, '元什么时候到账？我的生日是', v.dob, '，会员优惠还能用吗'],
  ],
  ja: [
    (v) => ['お世話になります。', v.name, '様の注文', v.order, 'の件です。電話番号は', v.phone, 'です。'],
    (v) => ['配送先を変更してください：', v.address, '。メール：', v.email],
    (v) => ['追跡番号', v.waybill, 'の荷物がまだ届きません。注文日時', v.time, '、金額', v.price],
    (v) => ['マイナンバー', v.id, 'を登録しました。生年月日は', v.dob, 'です。'],
  ],
  ko: [
    (v) => ['안녕하세요, ', v.name, '님 주문번호 ', v.order, ' 관련 문의입니다. 연락처 ', v.phone],
    (v) => ['배송지 변경 부탁드립니다: ', v.address, ' 이메일 ', v.email],
    (v) => ['주민등록번호 ', v.id, ' 로 본인인증 했어요. 생년월일 ', v.dob],
    (v) => ['운송장 ', v.waybill, ' 조회가 안 돼요. 결제 금액 ', v.price, ', 주문 시간 ', v.time],
  ],
  'en-US': [
    (v) => [
      'Hi, my name is ',
      v.name,
      '. My order #',
      v.order,
      ' placed on ',
      v.time,
      " hasn't arrived. Call me at ",
      v.phone,
      ' or email ',
      v.email,
      '.',
    ],
    (v) => ['Please ship to ', v.address, ' instead. Thanks,\n', v.name],
    (v) => ['For the tax form my SSN is ', v.id, '. Date of birth: ', v.dob, '. Total was ', v.price, '.'],
    (v) => [
      'Tracking number ',
      v.waybill,
      ' shows delivered but item ',
      v.sku,
      ' never came. Reach me at ',
      v.phone,
    ],
  ],
  'en-GB': [
    (v) => ['Hello, this is ', v.name, ' about order ', v.order, '. My mobile is ', v.phone, '.'],
    (v) => ['Could you deliver to ', v.address, '? Email ', v.email, '. Kind regards,\n', v.name],
    (v) => ['My National Insurance number is ', v.id, ' if you need it for the invoice dated ', v.time, '.'],
    (v) => ['Tracking ', v.waybill, ' has been stuck since ', v.time, '. Paid ', v.price],
  ],
  de: [
    (v) => [
      'Guten Tag, mein Name ist ',
      v.name,
      '. Meine Bestellung ',
      v.order,
      ' ist nicht angekommen. Telefon: ',
      v.phone,
    ],
    (v) => ['Bitte liefern Sie an ', v.address, '. E-Mail: ', v.email, '\nMit freundlichen Grüßen\n', v.name],
    (v) => ['Meine Steuer-ID lautet ', v.id, ', Geburtsdatum ', v.dob, '. Betrag ', v.price],
    (v) => ['Sendungsnummer ', v.waybill, ' seit ', v.time, ' ohne Status. Artikel ', v.sku],
  ],
  fr: [
    (v) => [
      "Bonjour, je m'appelle ",
      v.name,
      '. Ma commande ',
      v.order,
      " n'est pas arrivée. Téléphone : ",
      v.phone,
    ],
    (v) => ['Merci de livrer au ', v.address, '. Courriel : ', v.email, '\nCordialement,\n', v.name],
    (v) => ['Mon numéro de sécurité sociale est ', v.id, ', date de naissance ', v.dob, '.'],
    (v) => ['Numéro de suivi ', v.waybill, ' bloqué depuis le ', v.time, '. Montant ', v.price],
  ],
  es: [
    (v) => ['Hola, me llamo ', v.name, '. Mi pedido ', v.order, ' no ha llegado. Teléfono: ', v.phone],
    (v) => ['Por favor envíen a ', v.address, '. Correo: ', v.email, '\nSaludos,\n', v.name],
    (v) => ['Mi pasaporte es ', v.id, ' y mi fecha de nacimiento ', v.dob, '.'],
    (v) => ['El seguimiento ', v.waybill, ' no se actualiza desde ', v.time, '. Importe ', v.price],
  ],
  'pt-BR': [
    (v) => ['Olá, meu nome é ', v.name, '. Meu pedido ', v.order, ' não chegou. Telefone: ', v.phone],
    (v) => ['Favor entregar na ', v.address, '. Email: ', v.email, '\nAtenciosamente,\n', v.name],
    (v) => ['Meu CPF é ', v.id, ', data de nascimento ', v.dob, '.'],
    (v) => ['O código de rastreio ', v.waybill, ' está parado desde ', v.time, '. Valor ', v.price],
  ],
  vi: [
    (v) => ['Chào shop, tôi tên là ', v.name, '. Đơn hàng ', v.order, ' chưa nhận được. SĐT: ', v.phone],
    (v) => ['Giao hàng đến ', v.address, ' giúp mình. Email: ', v.email],
    (v) => ['Số CCCD của tôi là ', v.id, ', ngày sinh ', v.dob, '.'],
    (v) => ['Mã vận đơn ', v.waybill, ' không cập nhật từ ', v.time, '. Tổng tiền ', v.price],
  ],
  id: [
    (v) => ['Halo kak, nama saya ', v.name, '. Pesanan ', v.order, ' belum sampai. No HP: ', v.phone],
    (v) => ['Tolong kirim ke ', v.address, '. Email: ', v.email],
    (v) => ['NIK saya ', v.id, ', tanggal lahir ', v.dob, '.'],
    (v) => ['Resi ', v.waybill, ' tidak bergerak sejak ', v.time, '. Total ', v.price],
  ],
  'en-IN': [
    (v) => ['Hello, I am ', v.name, '. Order ', v.order, ' not delivered yet. My number is ', v.phone],
    (v) => ['Deliver to ', v.address, '. Mail me at ', v.email, '\nRegards,\n', v.name],
    (v) => ['For KYC: ', v.id, '. DOB ', v.dob, '.'],
    (v) => ['AWB ', v.waybill, ' stuck since ', v.time, '. Paid ', v.price],
  ],
};

function idWithCue(loc: Locale, r: g.Rng): Part {
  const [cat, id] = nationalId(loc, r);
  return pi(cat, id);
}

function chatSample(loc: Locale, r: g.Rng, f: Faker): Sample {
  const v: ChatValues = {
    name: pi(CATEGORY.name, loc === 'ja' ? f.person.lastName() + f.person.firstName() : f.person.fullName()),
    phone: pi(CATEGORY.phone, phone(loc, r)),
    email: pi(CATEGORY.email, f.internet.email()),
    address: pi(CATEGORY.address, address(loc, r, f)),
    id: idWithCue(loc, r),
    order: orderId(r),
    price: price(r, loc),
    time: timestamp(r),
    waybill: pi(CATEGORY.waybill, r.chance(0.5) ? g.sfWaybill(r) : g.s10(r)),
    sku: sku(r),
    dob: pi(CATEGORY.dateOfBirth, dob(r, loc)),
  };
  const parts = r.pick(CHATS[loc])(v);
  if (loc === 'en-IN') {
    // Aadhaar and PAN need their names in text; the KYC template says which.
    const idPart = parts.find(
      (p) =>
        typeof p !== 'string' &&
        p.cat !== CATEGORY.name &&
        (p.cat === CATEGORY.inAadhaar || p.cat === CATEGORY.inPan),
    );
    if (idPart !== undefined) {
      const at = parts.indexOf(idPart);
      parts.splice(at, 0, (idPart as { cat: string }).cat === CATEGORY.inPan ? 'PAN ' : 'Aadhaar ');
    }
  }
  const { text, labels } = assemble(parts);
  return { locale: loc, kind: 'text', value: text, labels };
}

/** Builds the corpus: `records` orders and `chats` messages per locale. */
export function buildCorpus(options: { seed?: number; records?: number; chats?: number } = {}): Sample[] {
  const r = g.rng(options.seed ?? 2026);
  const out: Sample[] = [];
  for (const loc of LOCALES) {
    const f = FAKER[loc];
    f.seed((options.seed ?? 2026) + LOCALES.indexOf(loc));
    for (let i = 0; i < (options.records ?? 200); i++) out.push(recordSample(loc, r, f));
    for (let i = 0; i < (options.chats ?? 150); i++) out.push(chatSample(loc, r, f));
  }
  return out;
}

/**
 * Orders as a shop system exports them (unlabelled; for throughput): the personal data of the
 * labelled orders plus what surrounds it in practice — several line items with titles,
 * descriptions, prices, taxes and weights, totals, statuses, a user agent, tags.
 */
export function buildOrderExport(options: { seed?: number; perLocale?: number } = {}): string[] {
  const r = g.rng((options.seed ?? 2026) + 7);
  const out: string[] = [];
  for (const loc of LOCALES) {
    const f = FAKER[loc];
    for (let i = 0; i < (options.perLocale ?? 200); i++) {
      const base = recordSample(loc, r, f).value as Record<string, unknown>;
      const items = Array.from({ length: r.int(2, 6) }, () => ({
        sku: sku(r),
        title: f.commerce.productName(),
        variant: `${f.color.human()} / ${r.pick(['S', 'M', 'L', 'XL', '38', '42'])}`,
        description: f.commerce.productDescription(),
        category: f.commerce.department(),
        qty: r.int(1, 4),
        unit_price: (r.int(100, 99_999) / 100).toFixed(2),
        tax: (r.int(0, 2_000) / 100).toFixed(2),
        discount: (r.int(0, 500) / 100).toFixed(2),
        weight_g: r.int(50, 5_000),
        image: `https://cdn.example.com/p/${r.digits(8)}.jpg`,
      }));
      out.push(
        JSON.stringify({
          ...base,
          items,
          currency: r.pick(['CNY', 'USD', 'EUR', 'JPY', 'KRW']),
          channel: r.pick(['web', 'app', 'mini-program', 'marketplace']),
          store_id: `st_${r.digits(6)}`,
          totals: {
            subtotal: (r.int(1_000, 999_999) / 100).toFixed(2),
            tax: (r.int(0, 9_999) / 100).toFixed(2),
            shipping: (r.int(0, 3_000) / 100).toFixed(2),
            total: (r.int(1_000, 999_999) / 100).toFixed(2),
          },
          user_agent: f.internet.userAgent(),
          tags: [
            r.pick(['gift', 'vip', 'first-order', 'promo-618', 'black-friday']),
            r.pick(['fragile', 'express', 'standard']),
          ],
          note: r.chance(0.3) ? f.lorem.sentence() : '',
          updated_at: timestamp(r),
        }),
      );
    }
  }
  return out;
}
