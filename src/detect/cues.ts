// Cues: what a field name, or the words just before a value in text, say the value is. Field names
// are matched in English, Chinese, Japanese, Korean, German, French, Spanish, Portuguese, Vietnamese
// and Indonesian; a cue alone never makes a finding, it raises or lowers the value's own evidence.

/** What a field name or nearby words suggest a value is. */
export type Cue =
  // personal data
  | 'phone'
  | 'email'
  | 'name'
  | 'first_name'
  | 'last_name'
  | 'address'
  | 'street'
  | 'city'
  | 'state'
  | 'postcode'
  | 'id'
  | 'cn_id'
  | 'hk_id'
  | 'mo_id'
  | 'tw_id'
  | 'ssn'
  | 'nino'
  | 'de_tax'
  | 'nir'
  | 'my_number'
  | 'rrn'
  | 'nric'
  | 'aadhaar'
  | 'pan'
  | 'cccd'
  | 'nik'
  | 'cpf'
  | 'th_id'
  | 'passport'
  | 'permit_hk_macau'
  | 'permit_home_return'
  | 'permit_taiwan'
  | 'plate'
  | 'card'
  | 'iban'
  | 'bank_account'
  | 'bic'
  | 'ip'
  | 'mac'
  | 'imei'
  | 'device'
  | 'adid'
  | 'gps'
  | 'lat'
  | 'lng'
  | 'dob'
  | 'wechat'
  | 'alipay'
  | 'waybill'
  // not personal: values under these names must stay quiet unless their own evidence is strong
  | 'order'
  | 'sku'
  | 'price'
  | 'time'
  | 'hash'
  | 'uuid'
  | 'quantity'
  | 'other';

/** Cues that name something that is not personal data. */
export const NEGATIVE_CUES: ReadonlySet<Cue> = new Set<Cue>([
  'order',
  'sku',
  'price',
  'time',
  'hash',
  'uuid',
  'quantity',
  'other',
]);

/** True for a cue that names something not personal (same as `NEGATIVE_CUES.has`, without hashing). */
export function isNegativeCue(cue: Cue | null): boolean {
  switch (cue) {
    case 'order':
    case 'sku':
    case 'price':
    case 'time':
    case 'hash':
    case 'uuid':
    case 'quantity':
    case 'other':
      return true;
    default:
      return false;
  }
}

/**
 * Cues for government identity numbers of any kind: the one list that the scanner's fast path, the
 * field-name detector and the number classifier all use.
 */
export const ID_CUE_LIST = [
  'id',
  'cn_id',
  'hk_id',
  'mo_id',
  'tw_id',
  'ssn',
  'nino',
  'de_tax',
  'nir',
  'my_number',
  'rrn',
  'nric',
  'aadhaar',
  'pan',
  'cccd',
  'nik',
  'cpf',
  'th_id',
] as const satisfies readonly Cue[];

/** A cue for a government identity number. */
export type IdCue = (typeof ID_CUE_LIST)[number];

/** Cues for government identity numbers of any kind (`ID_CUE_LIST` as a set). */
export const ID_CUES: ReadonlySet<Cue> = new Set<Cue>(ID_CUE_LIST);

/** True for a cue for a government identity number. */
export function isIdCue(cue: Cue | null | undefined): cue is IdCue {
  return cue != null && ID_CUES.has(cue);
}

/** What a field name says about its values. */
export interface FieldHint {
  /** What the name says the value is, or null when it only marks consignee data. */
  readonly cue: Cue | null;
  /** The field is about the person receiving a parcel (consignee), not the buyer. */
  readonly consignee: boolean;
}

// Field-name rules, first match wins: negatives and specific identifiers before generic words.
// Keys are lower-cased with camelCase, `_`, `-` and `.` turned into spaces before matching.
const FIELD_RULES: readonly (readonly [RegExp, Cue])[] = [
  [
    /birth|\bdob\b|生日|出生|生年月日|誕生日|생년월일|생일|geburt|naissance|nacimiento|nascimento|ngày sinh|ngay sinh|tanggal lahir|tgl lahir|\blahir\b/,
    'dob',
  ],
  [
    /waybill|tracking|运单|運單|快递单|快遞單|物流单|物流單号|追跡番号|送り状|운송장|송장|sendungsnummer|sendungs|numéro de suivi|\bsuivi\b|seguimiento|rastreio|vận đơn|van don|\bresi\b|\bawb\b|express no|courier no/,
    'waybill',
  ],
  [
    /\border\b.*\b(?:id|no|number|num|nr|ref|code|sn)\b|订单|訂單|注文番号|주문 ?번호|bestellnummer|auftragsnummer|num[ée]ro de commande|n[uú]mero de pedido|mã đơn|ma don|nomor pesanan|^order$|\btransaction id\b|\btrade no\b|交易号|流水号|invoice|发票|請求書|receipt no/,
    'order',
  ],
  [
    /\bsku\b|\bspu\b|product ?id|item ?id|goods ?id|商品编号|商品編號|货号|貨號|商品id|\basin\b|\bean\b|\bupc\b|\bjan\b|barcode|条码|條碼|品番|상품 ?번호|artikelnummer|référence|\bref\b|\bmodel\b|型号|型番/,
    'sku',
  ],
  [
    /price|amount|total|\bcost\b|\bfee\b|金额|金額|价格|價格|单价|單價|运费|運費|価格|料金|가격|금액|preis|betrag|\bprix\b|montant|precio|importe|preço|valor|\bgiá\b|thành tiền|harga|subtotal|discount|\btax\b|currency|币种/,
    'price',
  ],
  [
    /qty|quantity|\bcount\b|数量|數量|個数|수량|\bmenge\b|anzahl|quantité|cantidad|quantidade|số lượng|jumlah|weight|重量|\bsize\b|尺码/,
    'quantity',
  ],
  [/hash|\bmd5\b|\bsha\d*\b|checksum|signature|签名|簽名|\btoken\b|secret|nonce|\bsalt\b/, 'hash'],
  [
    /request id|trace id|span id|correlation|session ?id|idempotency|message id|\buuid\b|\bguid\b|event id/,
    'uuid',
  ],
  [/idfa|gaid|\badid\b|\boaid\b|advertis|ad id|广告标识|広告id|광고 ?id/, 'adid'],
  [/\bimei\b|\bmeid\b/, 'imei'],
  [/\bmac\b|mac ?addr|mac地址|物理地址/, 'mac'],
  [/\bip\b|ip ?addr|\bipv[46]\b|client ip|remote ?addr|ip地址|ip位址|ip주소/, 'ip'],
  [
    /device|\budid\b|android id|设备|設備|端末|기기|디바이스|gerät|appareil|dispositivo|thiết bị|perangkat/,
    'device',
  ],
  [
    /created|updated|modified|deleted|\bpaid at\b|shipped at|delivered at|timestamp|\btime\b|\bdate\b|时间|時間|日期|日時|日付|시간|일시|날짜|\bzeit\b|datum|\bheure\b|\bfecha\b|thời gian|\bngày\b|waktu|tanggal/,
    'time',
  ],
  [/e ?mail|邮箱|郵箱|邮件|郵件|电子邮|メール|이메일|메일|courriel|correo|\bemail\b/, 'email'],
  [/wechat|weixin|微信|\bwx\b|\bvx\b/, 'wechat'],
  [/alipay|支付宝|支付寶/, 'alipay'],
  [
    /passport|护照|護照|旅券|여권|reisepass|passeport|pasaporte|passaporte|hộ chiếu|ho chieu|paspor/,
    'passport',
  ],
  [/港澳通行证|往来港澳|往來港澳|双程证/, 'permit_hk_macau'],
  [/回乡证|回鄉證|港澳居民来往内地|港澳居民來往內地/, 'permit_home_return'],
  [/台胞证|台胞證|台湾居民来往大陆|臺灣居民來往大陸/, 'permit_taiwan'],
  [/身份证|身份證|居民身份|\bsfz\b|\bsfzh\b/, 'cn_id'],
  [/\bhkid\b|香港身份/, 'hk_id'],
  [/澳门身份|澳門身份|\bbir\b/, 'mo_id'],
  [/台湾身分|臺灣身分|國民身分|身分證/, 'tw_id'],
  [/\bssn\b|social security|社会保障号|社會安全/, 'ssn'],
  [/\bnino\b|national insurance/, 'nino'],
  [/steuer ?id|steueridentifikationsnummer|\bidnr\b|steuer ?nummer|tax ?id|\btin\b/, 'de_tax'],
  [/\bnir\b|s[ée]curit[ée] sociale|\binsee\b|num[ée]ro de s[ée]cu/, 'nir'],
  [/my ?number|マイナンバー|個人番号/, 'my_number'],
  [/주민등록|\brrn\b|resident registration/, 'rrn'],
  [/\bnric\b|\bfin\b|\buin\b/, 'nric'],
  [/aadha+r|\buidai\b/, 'aadhaar'],
  [/\bpan\b|pan card|permanent account/, 'pan'],
  [/\bcccd\b|căn cước|can cuoc|\bcmnd\b|chứng minh/, 'cccd'],
  [/\bnik\b|\bktp\b|nomor induk/, 'nik'],
  [/\bcpf\b/, 'cpf'],
  [/thai id|เลขประจำตัวประชาชน|บัตรประชาชน/, 'th_id'],
  [
    /id ?number|\bid ?no\b|id ?card|national id|identity|证件|證件|身元|身分|신분증|ausweis|personalausweis|carte d.identit|identit[ée]|\bdni\b|documento|identificaci[oó]n|giấy tờ|identitas|cert(?:ificate)? ?no/,
    'id',
  ],
  [
    /plate|车牌|車牌|ナンバー|번호판|차량번호|kennzeichen|immatriculation|matr[ií]cula|\bplaca\b|biển số|plat nomor/,
    'plate',
  ],
  [/\biban\b/, 'iban'],
  [/\bbic\b|swift/, 'bic'],
  [
    /card|卡号|卡號|银行卡|銀行卡|信用卡|カード|카드|karte|\bcarte\b|tarjeta|cartão|cartao|\bthẻ\b|kartu/,
    'card',
  ],
  [
    /account ?(?:no|number|num)|bank ?account|账号|賬號|帐号|银行账户|口座|계좌|konto|compte|cuenta|\bconta\b|tài khoản|rekening/,
    'bank_account',
  ],
  [/\blat\b|latitude|纬度|緯度|위도|breitengrad/, 'lat'],
  [/\blng\b|\blon\b|\blong\b|longitude|经度|經度|경도|längengrad/, 'lng'],
  [
    /\bgps\b|coordinates|\bcoords?\b|\bgeo\b|location|坐标|座標|定位|좌표|standort|localisation|ubicaci[oó]n|localiza[cç][aã]o|vị trí|lokasi/,
    'gps',
  ],
  [
    /phone|\btel\b|telephone|mobile|\bcell\b|手机|手機|电话|電話|联系方式|聯繫方式|聯絡電話|携帯|연락처|전화|휴대폰|핸드폰|telefon|\bhandy\b|t[ée]l[ée]phone|portable|tel[ée]fono|m[oó]vil|celular|telefone|điện thoại|dien thoai|\bsdt\b|sđt|nomor hp|\bno hp\b|\bhp\b|whatsapp|\bfax\b/,
    'phone',
  ],
  [
    /zip|postcode|postal|post code|邮编|郵編|邮政编码|郵便番号|우편번호|\bplz\b|postleitzahl|code postal|c[oó]digo postal|\bcep\b|mã bưu|kode ?pos/,
    'postcode',
  ],
  [/street|address ?line|straße|strasse|\bstr\b|\brue\b|\bcalle\b|\brua\b|\bđường\b|\bjalan\b/, 'street'],
  [
    /address|\baddr\b|地址|住址|住所|주소|adresse|direcci[oó]n|endere[cç]o|địa chỉ|dia chi|alamat|indirizzo/,
    'address',
  ],
  [
    /\bcity\b|\btown\b|城市|市区町村|도시|\bstadt\b|\bort\b|\bville\b|ciudad|cidade|thành phố|\bkota\b/,
    'city',
  ],
  [
    /\bstate\b|province|prefecture|\bregion\b|省份|都道府県|시도|bundesland|r[ée]gion|provincia|\bestado\b|\btỉnh\b|provinsi/,
    'state',
  ],
  [
    /user ?name|login|nick ?name|昵称|暱稱|file ?name|product|item|goods|商品|品名|company|\bshop\b|store|brand|店铺|店舗|category|\btitle\b|\blabel\b|\bcarrier\b|快递公司|\bsku\b/,
    'other',
  ],
  [
    /first ?name|given ?name|forename|\bfname\b|下の名前|vorname|pr[ée]nom|primer nombre|primeiro nome|\btên\b/,
    'first_name',
  ],
  [
    /last ?name|surname|family ?name|\blname\b|^姓$|苗字|nachname|nom de famille|apellido|sobrenome|^họ$/,
    'last_name',
  ],
  [/\b(?:id|no|number|num|nr|code|key|uid|sn|seq|index|status|type|flag)$/, 'other'],
  [
    /name|姓名|名字|名前|氏名|お名前|이름|성명|\bnom\b|nombre|\bnome\b|họ tên|ho ten|\bnama\b|收货人|收貨人|收件人|联系人|聯繫人|寄件人|consignee|recipient|receiver|customer|buyer|宛名|受取人|받는 ?분|수령인|수취인|empfänger|destinataire|destinatario|người nhận|penerima/,
    'name',
  ],
];

const CONSIGNEE =
  /consignee|recipient|receiver|ship(?:ping)? ?to|shipping|deliver|收货|收貨|收件|届け先|お届け|受取|宛先|받는|수령|수취|배송|empfänger|liefer|destinataire|livraison|destinatario|env[ií]o|entrega|người nhận|giao hàng|penerima|pengiriman/;

/** Lower-cases a field name and turns camelCase, `_`, `-` and `.` into spaces. */
export function normaliseKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[_\-.\s]+/g, ' ')
    .trim();
}

const hintCache = new Map<string, FieldHint | null>();

/** What a field name says about its values, or null when it says nothing (cached per name). */
export function hintForKey(key: string): FieldHint | null {
  const hit = hintCache.get(key);
  if (hit !== undefined) return hit;
  const norm = normaliseKey(key);
  let cue: Cue | null = null;
  for (const [re, c] of FIELD_RULES) {
    if (re.test(norm)) {
      cue = c;
      break;
    }
  }
  const consignee = CONSIGNEE.test(norm);
  // A consignee word alone (`receiver: "张三"`, `收货人`) names the consignee: its value is a name.
  const hint: FieldHint | null = cue === null && !consignee ? null : { cue: cue ?? 'name', consignee };
  if (hintCache.size > 10_000) hintCache.clear();
  hintCache.set(key, hint);
  return hint;
}

const inheritedCache = new Map<string, FieldHint>();

/**
 * The hint for a field inside a consignee block (`receiver: { phone }`): the field's own cue, marked
 * as consignee data. Cached per name.
 */
export function hintInConsigneeBlock(key: string): FieldHint {
  const hit = inheritedCache.get(key);
  if (hit !== undefined) return hit;
  const own = hintForKey(key);
  const hint: FieldHint = { cue: own?.cue ?? null, consignee: true };
  if (inheritedCache.size > 10_000) inheritedCache.clear();
  inheritedCache.set(key, hint);
  return hint;
}

// Words that announce a value in running text, nearest one wins. Shorter and stricter than field
// names: `hp` or `no` alone mean too many things in prose. Matched on the lower-cased text; words of
// Latin letters only count at word boundaries.
const TEXT_CUES: readonly (readonly [Cue, readonly string[]])[] = [
  [
    'dob',
    [
      '生日',
      '出生日期',
      '出生于',
      '出生於',
      '生于',
      'birthday',
      'date of birth',
      'dob',
      'born',
      '生年月日',
      '誕生日',
      '생년월일',
      '생일',
      'geburtsdatum',
      'geboren',
      'né le',
      'née le',
      'date de naissance',
      'fecha de nacimiento',
      'nació',
      'nacido',
      'nacida',
      'data de nascimento',
      'nascido',
      'nascida',
      'ngày sinh',
      'sinh ngày',
      'tanggal lahir',
      'lahir',
    ],
  ],
  [
    'waybill',
    [
      '运单',
      '運單',
      '快递单',
      '快遞單',
      '单号',
      '單號',
      'waybill',
      'tracking',
      '追跡番号',
      'お問い合わせ番号',
      '운송장',
      '송장',
      'sendungsnummer',
      'numéro de suivi',
      'numero de suivi',
      'seguimiento',
      'rastreio',
      'vận đơn',
      'resi',
      'awb',
    ],
  ],
  [
    'order',
    [
      '订单',
      '訂單',
      'order',
      '注文',
      '주문',
      'bestellung',
      'bestellnummer',
      'commande',
      'pedido',
      'đơn hàng',
      'pesanan',
    ],
  ],
  [
    'passport',
    [
      'passport',
      '护照',
      '護照',
      '旅券',
      '여권',
      'reisepass',
      'passeport',
      'pasaporte',
      'passaporte',
      'hộ chiếu',
      'paspor',
    ],
  ],
  ['permit_hk_macau', ['港澳通行证', '往来港澳']],
  ['permit_home_return', ['回乡证', '回鄉證', '来往内地通行证']],
  ['permit_taiwan', ['台胞证', '台胞證', '来往大陆通行证']],
  ['cn_id', ['身份证', '身份證', '居民身份']],
  ['hk_id', ['hkid', '香港身份']],
  ['mo_id', ['澳门身份', '澳門身份']],
  ['tw_id', ['身分證', '國民身分']],
  ['ssn', ['ssn', 'social security']],
  ['nino', ['nino', 'national insurance']],
  [
    'de_tax',
    ['steuer-id', 'steuerid', 'steuer id', 'steueridentifikationsnummer', 'idnr', 'steuernummer', 'tax id'],
  ],
  ['nir', ['nir', 'sécurité sociale', 'securite sociale', 'numéro de sécu', 'insee']],
  ['my_number', ['my number', 'mynumber', 'マイナンバー', '個人番号']],
  ['rrn', ['주민등록', 'rrn', 'resident registration']],
  ['nric', ['nric', 'fin']],
  ['aadhaar', ['aadhaar', 'aadhar']],
  ['pan', ['pan']],
  ['cccd', ['cccd', 'căn cước', 'can cuoc', 'cmnd', 'chứng minh']],
  ['nik', ['nik', 'ktp']],
  ['cpf', ['cpf']],
  ['th_id', ['บัตรประชาชน', 'เลขประจำตัวประชาชน', 'thai id']],
  [
    'id',
    [
      'id',
      'id number',
      'id card',
      'identity',
      '证件',
      '證件',
      '身元',
      '신분증',
      'ausweis',
      "carte d'identité",
      'dni',
      'documento',
      'giấy tờ',
    ],
  ],
  [
    'plate',
    [
      '车牌',
      '車牌',
      'plate',
      'ナンバー',
      '번호판',
      'kennzeichen',
      'immatriculation',
      'matrícula',
      'biển số',
      'plat nomor',
    ],
  ],
  ['iban', ['iban']],
  ['bic', ['bic', 'swift']],
  [
    'card',
    [
      '卡号',
      '卡號',
      '银行卡',
      '銀行卡',
      '信用卡',
      '储蓄卡',
      '借记卡',
      'card',
      'カード',
      '카드',
      'karte',
      'carte',
      'tarjeta',
      'cartão',
      'cartao',
      'thẻ',
      'kartu',
      'visa',
      'mastercard',
      'unionpay',
      '银联',
    ],
  ],
  [
    'bank_account',
    [
      '账号',
      '賬號',
      '帐号',
      '账户',
      '口座',
      '계좌',
      'konto',
      'compte',
      'cuenta',
      'conta',
      'tài khoản',
      'rekening',
      'account',
    ],
  ],
  ['imei', ['imei']],
  ['mac', ['mac']],
  ['ip', ['ip']],
  ['adid', ['idfa', 'gaid', 'oaid', 'advertising id']],
  ['device', ['device id', '设备号', '设备id', 'udid', 'android id']],
  ['gps', ['gps', '坐标', '座標', '定位', 'coordinates', 'location', '좌표', 'standort', 'vị trí', 'lokasi']],
  ['wechat', ['微信', 'wechat', 'weixin', 'wx', 'vx', 'v信']],
  ['alipay', ['支付宝', '支付寶', 'alipay']],
  ['email', ['邮箱', '郵箱', 'email', 'e-mail', 'メール', '이메일', 'courriel', 'correo']],
  [
    'phone',
    [
      '电话',
      '電話',
      '手机',
      '手機',
      '联系方式',
      '聯絡',
      '致电',
      'call',
      'phone',
      'tel',
      'mobile',
      'whatsapp',
      '携帯',
      '전화',
      '휴대폰',
      '핸드폰',
      '연락처',
      'telefon',
      'handy',
      'téléphone',
      'telephone',
      'tél',
      'portable',
      'teléfono',
      'telefono',
      'móvil',
      'movil',
      'celular',
      'telefone',
      'điện thoại',
      'sđt',
      'sdt',
      'hp',
      'wa',
      'nomor',
    ],
  ],
  [
    'postcode',
    [
      '邮编',
      '郵編',
      '邮政编码',
      '郵便番号',
      '우편번호',
      'zip',
      'postcode',
      'postal code',
      'plz',
      'code postal',
      'código postal',
      'codigo postal',
      'cep',
      'kode pos',
      'mã bưu',
    ],
  ],
  [
    'address',
    [
      '地址',
      '住址',
      '住所',
      '주소',
      'address',
      'adresse',
      'dirección',
      'direccion',
      'endereço',
      'endereco',
      'địa chỉ',
      'alamat',
    ],
  ],
  ['time', ['时间', '時間', 'time', '下单于', 'timestamp']],
  ['price', ['价格', '價格', '金额', '金額', 'price', 'total', '¥', '￥', '$', '€', '£', '₩', '元']],
];

const CUE_OF = new Map<string, Cue>();
for (const [cue, words] of TEXT_CUES) for (const w of words) if (!CUE_OF.has(w)) CUE_OF.set(w, cue);
const LATIN_WORD = /^[a-z][a-z -]*$/;
const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);

// The cue words by their first two UTF-16 units, longest first: at each position the longest word
// that starts there is the match (what an alternation of the words sorted by length would find), and
// the search goes on after it. A table of first units and a map of second units make the positions
// where no word starts cost one or two look-ups each.
interface CueWord {
  readonly word: string;
  readonly cue: Cue;
  /** Made of Latin letters (and spaces, hyphens): counts only at word boundaries. */
  readonly latin: boolean;
}
interface Bucket {
  /** Words of two units or more, by their second unit, longest first. */
  readonly bySecond: Map<number, CueWord[]>;
  /** The one-unit word, if any (`$`, `¥`, `元`). */
  single: CueWord | null;
}
const BUCKETS: Bucket[] = [{ bySecond: new Map(), single: null }];
const BUCKET_OF = new Uint16Array(65_536);
for (const word of [...CUE_OF.keys()].sort((a, b) => b.length - a.length)) {
  const c = word.charCodeAt(0);
  if (BUCKET_OF[c] === 0) {
    BUCKET_OF[c] = BUCKETS.length;
    BUCKETS.push({ bySecond: new Map(), single: null });
  }
  const bucket = BUCKETS[BUCKET_OF[c]!]!;
  const w: CueWord = { word, cue: CUE_OF.get(word)!, latin: LATIN_WORD.test(word) };
  if (word.length === 1) bucket.single = w;
  else {
    const second = word.charCodeAt(1);
    const list = bucket.bySecond.get(second);
    if (list === undefined) bucket.bySecond.set(second, [w]);
    else list.push(w);
  }
}

/** The longest cue word of the lower-cased `text` starting at `i` and ending by `to`, or null. */
function cueWordAt(text: string, i: number, to: number): CueWord | null {
  const b = BUCKET_OF[text.charCodeAt(i)]!;
  if (b === 0) return null;
  const bucket = BUCKETS[b]!;
  if (i + 1 < to) {
    const list = bucket.bySecond.get(text.charCodeAt(i + 1));
    if (list !== undefined) {
      for (const w of list) {
        const word = w.word;
        const len = word.length;
        if (i + len > to) continue;
        let k = 2;
        while (k < len && text.charCodeAt(i + k) === word.charCodeAt(k)) k++;
        if (k === len) return w;
      }
    }
  }
  return bucket.single;
}

/**
 * Calls `found` for each cue word of the lower-cased `text` in [from, to), left to right, without
 * overlaps; Latin words glued to letters or digits are skipped.
 */
function eachCue(text: string, from: number, to: number, found: (start: number, w: CueWord) => void): void {
  let i = from;
  while (i < to) {
    const hit = cueWordAt(text, i, to);
    if (hit === null) {
      i++;
      continue;
    }
    const end = i + hit.word.length;
    if (hit.latin) {
      const a = i > from ? text.charCodeAt(i - 1) : 32;
      const z = end < to ? text.charCodeAt(end) : 32;
      if (isWordChar(a) || isWordChar(z)) {
        i++;
        continue;
      }
    }
    found(i, hit);
    i = end;
  }
}

/** How far before a value, in UTF-16 units, words still announce it. */
export const CUE_WINDOW = 28;

/**
 * The cue nearest before `start` in `text` (within CUE_WINDOW characters and on the same line), or
 * null. `floor` bounds the look-back.
 */
export function cueBefore(text: string, start: number, floor = 0): Cue | null {
  let from = Math.max(floor, start - CUE_WINDOW);
  const nl = text.lastIndexOf('\n', start - 1);
  if (nl >= from) from = nl + 1;
  if (from >= start) return null;
  const window = text.slice(from, start).toLowerCase();
  let best: Cue | null = null;
  eachCue(window, 0, window.length, (_, w) => {
    best = w.cue;
  });
  return best;
}

/** A cue word found in a text: where it is and what it announces. */
export interface CueHit {
  readonly start: number;
  readonly end: number;
  readonly cue: Cue;
}

/**
 * Every cue word of a text, in order (one pass over the whole text, instead of one per value found
 * in it). Null when lower-casing changes the text's length (then positions would not line up).
 */
export function cueHits(text: string): CueHit[] | null {
  const lower = text.toLowerCase();
  if (lower.length !== text.length) return null;
  const hits: CueHit[] = [];
  eachCue(lower, 0, lower.length, (start, w) => {
    hits.push({ start, end: start + w.word.length, cue: w.cue });
  });
  return hits;
}

/** The cue nearest before `start` among `hits` (same rules as `cueBefore`). */
export function nearestCue(hits: readonly CueHit[], text: string, start: number): Cue | null {
  let from = Math.max(0, start - CUE_WINDOW);
  const nl = text.lastIndexOf('\n', start - 1);
  if (nl >= from) from = nl + 1;
  if (from >= start || hits.length === 0) return null;
  // The last hit ending at or before `start` (hits are ordered and do not overlap).
  let lo = 0;
  let hi = hits.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (hits[mid]!.end <= start) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return null;
  const h = hits[found]!;
  return h.start >= from ? h.cue : null;
}
