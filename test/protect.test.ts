import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadBundledTaxonomy } from '../src/bundled/bundled-data.js';
import {
  createKeyRing,
  createLocalKeyProvider,
  createMemoryVaultStorage,
  createProtector,
  createVault,
  deriveTenantKeys,
  deterministicOpaqueToken,
  deterministicPreservedToken,
  type FieldExplanation,
  fpeField,
  generaliseValue,
  hmacSha256,
  isProtectError,
  keyedHash,
  maskValue,
  type Profile,
  type ProtectRequest,
  parseProfile,
  parseProfileOrThrow,
  randomOpaqueToken,
  randomPreservedToken,
} from '../src/protect/index.js';
import type { CategoryKey } from '../src/taxonomy/index.js';

const ROOT = new URL('..', import.meta.url).pathname;
const taxonomy = loadBundledTaxonomy();
const defaultProfile = parseProfileOrThrow(readFileSync(`${ROOT}profiles/default.yaml`, 'utf8'), {
  taxonomy,
  file: 'profiles/default.yaml',
});
const orderFields = parseYaml(readFileSync(`${ROOT}profiles/fields/order.yaml`, 'utf8')) as Record<
  string,
  string
>;
const orders = readFileSync(`${ROOT}bench/protect/orders.ndjson`, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, unknown>);

/** A deterministic random source for tests (xorshift), so that failures replay. */
function seededRandom(seed = 1): (n: number) => Uint8Array {
  let x = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = x & 0xff;
    }
    return out;
  };
}

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function memoryVault(profile: Profile = defaultProfile, seed = 7) {
  const random = seededRandom(seed);
  const ring = createKeyRing(random(32), '2026-11-29T00:00:00Z');
  return createVault({
    storage: createMemoryVaultStorage(),
    keys: createLocalKeyProvider({ load: () => ring, random }),
    random,
    clock: { now: () => new Date('2026-11-29T10:00:00Z') },
    policy: (name) => (name === profile.name ? profile.vault : undefined),
  });
}

async function protectWith(
  request: Omit<ProtectRequest, 'date'>,
  records: readonly unknown[] = orders,
  profile: Profile = defaultProfile,
  extra: Partial<Parameters<typeof createProtector>[0]> = {},
) {
  const vault = memoryVault(profile);
  const protector = createProtector({
    profile,
    taxonomy,
    request: { ...request, date: '2026-11-29' },
    keys: await vault.tenantKeys('acme'),
    tokens: vault.tokeniser('acme', profile.name),
    fields: orderFields,
    ...extra,
  });
  return { vault, out: await protector.protect(records), protector };
}

describe('hmacSha256', () => {
  // RFC 4231 section 4: the HMAC-SHA-256 outputs of test cases 1 to 7 (case 5 is truncated to 128 bits).
  const cases: [string, string, string, number?][] = [
    [
      '0b'.repeat(20),
      toHex(Buffer.from('Hi There')),
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    ],
    [
      toHex(Buffer.from('Jefe')),
      toHex(Buffer.from('what do ya want for nothing?')),
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    ],
    ['aa'.repeat(20), 'dd'.repeat(50), '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe'],
    [
      '0102030405060708090a0b0c0d0e0f10111213141516171819',
      'cd'.repeat(50),
      '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
    ],
    ['0c'.repeat(20), toHex(Buffer.from('Test With Truncation')), 'a3b6167473100ee06e0c796c2955552b', 16],
    [
      'aa'.repeat(131),
      toHex(Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First')),
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    ],
    [
      'aa'.repeat(131),
      toHex(
        Buffer.from(
          'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
        ),
      ),
      '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    ],
  ];
  it.each(cases.map((c, i) => [i + 1, ...c] as const))(
    'matches RFC 4231 test case %i',
    (_n, key, data, mac, truncate) => {
      const out = hmacSha256(hex(key), hex(data));
      expect(toHex(truncate ? out.slice(0, truncate) : out)).toBe(mac);
    },
  );
});

describe('maskValue', () => {
  it('keeps what each rule says', () => {
    expect(maskValue('+86 138 0013 8000', 'phone')).toBe('+86 *** **** 8000');
    expect(maskValue('0044 20 7946 0958', 'phone')).toBe('0044 ** **** 0958');
    expect(maskValue('13800138000', 'phone')).toBe('*******8000');
    expect(maskValue('6222 0212 3456 7890 123', 'card')).toBe('6222 02** **** ***0 123');
    expect(maskValue('li.wei@example.cn', 'email')).toBe('***@example.cn');
    expect(maskValue('Li Wei', 'name')).toBe('L* W**');
    expect(maskValue('王芳', 'name')).toBe('王*');
    expect(maskValue('浙江省杭州市西湖区文三路90号', 'address')).toBe('浙江省杭州市***');
    expect(maskValue('Room 1203, 88 Xueyuan Road, Hangzhou, Zhejiang 310012, CN', 'address')).toBe(
      '***, Hangzhou, Zhejiang, CN',
    );
    expect(
      maskValue('11010519491231002X', 'id', {
        category: 'user.government_id.national_identification_number.cn_resident_id',
      }),
    ).toBe('110105************');
    expect(maskValue('E12345678', 'id')).toBe('******678');
  });

  const digitsOf = (s: string) => [...s].filter((c) => /[0-9]/.test(c)).length;
  const revealed = (a: string, b: string) =>
    [...a].filter((c, i) => /[\p{L}\p{N}]/u.test(c) && b[i] === c).length;

  it('never shows more of a phone than its country code and last four digits', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('+', '00', ''),
        fc.stringMatching(/^[0-9][0-9 -]{3,18}[0-9]$/),
        (prefix, body) => {
          const value = prefix + body;
          const masked = maskValue(value, 'phone');
          expect(masked.length).toBe(value.length);
          // the country code (`00` and at most three digits) and the last four digits; a national number
          // (no `+` or `00`) shows its last four digits at most
          const international = value.startsWith('+') ? 3 : value.startsWith('00') ? 5 : 0;
          expect(digitsOf(masked)).toBeLessThanOrEqual(international + 4);
        },
      ),
    );
  });

  it('never shows more of a card than its first six and last four digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{8,19}$/), (card) => {
        const masked = maskValue(card, 'card');
        expect(digitsOf(masked)).toBeLessThanOrEqual(card.length >= 13 ? 10 : 4);
        expect(masked.slice(6, -4)).toMatch(/^\**$/);
      }),
    );
  });

  it('never shows the local part of an email', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const masked = maskValue(email, 'email');
        expect(masked).toBe(`***${email.slice(email.lastIndexOf('@'))}`);
      }),
    );
  });

  it('never shows more of a name than one character per word, nor of other values than two', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'B', '王', ' ', '-', '3') }), (name) => {
        const words = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean).length;
        expect(revealed(name, maskValue(name, 'name'))).toBeLessThanOrEqual(words);
        expect(revealed(name, maskValue(name, 'generic'))).toBeLessThanOrEqual(2 + revealedByChance(name));
      }),
    );
    function revealedByChance(_: string) {
      return 0;
    }
  });
});

describe('keyedHash', () => {
  it('is HMAC-SHA-256 under the tenant key: stable per key, different across keys, never a plain hash', () => {
    const a = new Uint8Array(32).fill(1);
    const b = new Uint8Array(32).fill(2);
    expect(keyedHash('13800138000', a)).toBe(toHex(hmacSha256(a, Buffer.from('13800138000'))));
    expect(keyedHash('13800138000', a)).not.toBe(keyedHash('13800138000', b));
    expect(keyedHash('x', a, { length: 16 })).toHaveLength(16);
    expect(keyedHash('x', a, { scope: 'email' })).not.toBe(keyedHash('x', a));
  });
});

describe('fpeField', () => {
  const key = new Uint8Array(32).fill(9);
  it('round-trips and keeps length, alphabet and separators (FF1 and FF3-1)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('ff1', 'ff3-1') as fc.Arbitrary<'ff1' | 'ff3-1'>,
        fc.stringMatching(/^\+?[0-9]{3}(?:[ -]?[0-9]){3,12}$/),
        (algorithm, value) => {
          const field = fpeField(key, { algorithm }, 'user.contact.phone_number');
          const enc = field.encrypt(value);
          expect(enc).toHaveLength(value.length);
          expect(enc.replace(/[0-9]/g, '9')).toBe(value.replace(/[0-9]/g, '9'));
          expect(field.decrypt(enc)).toBe(value);
        },
      ),
    );
  });
  it('keeps letters and digits in their classes with the alnum alphabet', () => {
    const field = fpeField(key, { alphabet: 'alnum' }, 'user.government_id.passport_number');
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9]{6,20}$/), (v) => {
        const enc = field.encrypt(v);
        expect(enc).toMatch(/^[A-Za-z0-9]+$/);
        expect(field.decrypt(enc)).toBe(v);
      }),
    );
  });
});

describe('tokens', () => {
  it('deterministic tokens are stable per key and differ across tenants', () => {
    const root = new Uint8Array(32).fill(3);
    const acme = deriveTenantKeys('acme', root);
    const other = deriveTenantKeys('other', root);
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.stringMatching(/^[0-9]{6,19}$/), (value, card) => {
        expect(deterministicOpaqueToken(value, acme.token)).toBe(deterministicOpaqueToken(value, acme.token));
        expect(deterministicOpaqueToken(value, acme.token)).not.toBe(
          deterministicOpaqueToken(value, other.token),
        );
        const t = deterministicPreservedToken(card, acme.token);
        expect(t).toBe(deterministicPreservedToken(card, acme.token));
        expect(t).toMatch(new RegExp(`^[0-9]{${card.length}}$`));
        if (card.length >= 8) expect(t).not.toBe(deterministicPreservedToken(card, other.token));
      }),
    );
  });
  it('random tokens are not linkable: the same value gets different tokens, in the same format when asked', () => {
    const random = seededRandom(42);
    expect(randomOpaqueToken(random)).toMatch(/^tok_[a-z2-7]{26}$/);
    expect(randomOpaqueToken(random)).not.toBe(randomOpaqueToken(random));
    fc.assert(
      fc.property(fc.stringMatching(/^\+[0-9]{2} [0-9]{3}-[0-9]{4}-[0-9]{4}$/), (phone) => {
        const a = randomPreservedToken(phone, random);
        expect(a.replace(/[0-9]/g, '9')).toBe(phone.replace(/[0-9]/g, '9'));
        expect(a).not.toBe(randomPreservedToken(phone, random));
      }),
    );
  });
});

describe('generaliseValue', () => {
  it('coarsens dates, addresses, coordinates and amounts', () => {
    expect(generaliseValue('1988-04-12', { to: 'year' })).toBe('1988');
    expect(generaliseValue('1988-04-12', { to: 'age_band', asOf: '2026-11-29' })).toBe('30-39');
    expect(generaliseValue('1988-12-12', { to: 'age_band', asOf: '2026-11-29', band: 5 })).toBe('35-39');
    expect(generaliseValue('1920-01-01', { to: 'age_band', asOf: '2026-11-29' })).toBe('90+');
    expect(generaliseValue('浙江省杭州市西湖区文三路90号', { to: 'province' })).toBe('浙江省');
    expect(generaliseValue('1600 Amphitheatre Pkwy, Mountain View, CA 94043, USA', { to: 'city' })).toBe(
      'Mountain View, CA, USA',
    );
    expect(generaliseValue('30.2741,120.1551', { to: 'grid', cell: 0.1 })).toBe('30.25,120.15');
    expect(generaliseValue(129.9, { to: 'range', step: 100 })).toBe('100-200');
    expect(generaliseValue(129.9, { to: 'range', bounds: [0, 50, 100, 500] })).toBe('100-500');
    expect(generaliseValue('not a date', { to: 'year' })).toBeUndefined();
  });
});

describe('parseProfile', () => {
  it('reads the default profile without problems', () => {
    const read = parseProfile(readFileSync(`${ROOT}profiles/default.yaml`, 'utf8'), { taxonomy });
    expect(read.ok).toBe(true);
    expect(read.problems).toEqual([]);
  });

  it('reports every problem with its line, column and path', () => {
    const text = `version: 1
name: broken
home: CN
fields:
  $.phone: user.contact.phone
rules:
  - id: a
    when: { tier: core, purpose: essential.service.fulfillment }
    operator: mask
    options: { as: passport }
  - id: a
    operator: hash
    options: { length: 8 }
  - id: b
    operator: shred
`;
    const read = parseProfile(text, { taxonomy, file: 'broken.yaml' });
    expect(read.ok).toBe(false);
    // The schema is checked first; fix the operator name and the other problems appear.
    expect(read.problems.map((p) => [p.line, p.message])).toEqual([
      [15, 'must be one of `keep`, `drop`, `redact`, `mask`, `hash`, `tokenise`, `fpe`, `generalise`'],
    ]);
    const read2 = parseProfile(text.replace('shred', 'drop'), { taxonomy, file: 'broken.yaml' });
    expect(read2.ok).toBe(false);
    const lines = read2.problems.map(
      (p) => `${p.file}:${p.line}:${p.column}: ${p.message}${p.suggestion ? ` (${p.suggestion})` : ''}`,
    );
    expect(lines).toEqual([
      'broken.yaml:5:12: unknown category `user.contact.phone` (did you mean `user.contact.phone_number`?)',
      'broken.yaml:8:34: unknown purpose `essential.service.fulfillment` (did you mean `essential.service.fulfilment`?)',
      'broken.yaml:10:20: operator `mask`: must be one of `phone`, `card`, `account`, `email`, `address`, `id`, `name`, `generic`',
      'broken.yaml:11:9: rule id `a` repeats rule 1',
      'broken.yaml:13:24: operator `hash`: must be >= 16',
    ]);
  });

  it('reports YAML syntax errors located, and rejects a fallback that keeps', () => {
    const bad = parseProfile('version: 1\nname: x\nrules: [\n', { taxonomy, file: 'x.yaml' });
    expect(bad.ok).toBe(false);
    expect(bad.problems[0]?.line).toBeGreaterThan(0);
    const keeps = parseProfile(
      'version: 1\nname: x\nfallback: { operator: keep }\nrules:\n  - { id: a, operator: keep }\n',
      {
        taxonomy,
      },
    );
    expect(keeps.ok).toBe(false);
    expect(keeps.problems.map((p) => p.message)).toContain(
      '`fallback` cannot be `keep`: it must protect the value',
    );
  });
});

describe('createProtector with the default profile', () => {
  const us = { to: 'US', purpose: 'essential.service.fulfilment', recipient: 'Example Fulfilment LLC' };
  const jp = {
    to: 'JP',
    purpose: 'essential.service.operations.support',
    recipient: 'Example Marketplace KK',
  };
  const vn = { to: 'VN', purpose: 'essential.service.fulfilment.delivery', recipient: 'Example Express VN' };

  it('transforms the same order differently for a US warehouse, a Japanese marketplace and a Vietnamese courier', async () => {
    const [a, b, c] = await Promise.all([us, jp, vn].map((r) => protectWith(r)));
    const pick = (o: unknown) => {
      const r = o as { customer: Record<string, unknown>; shipping: Record<string, unknown> };
      return { email: r.customer.email, phone: r.shipping.phone, address: r.shipping.address };
    };
    const first = orders[0] as { customer: { email: string; phone: string }; shipping: { address: string } };
    // warehouse: ships to the address; phone masked, email pseudonymised
    expect(pick(a!.out[0]!.record)).toEqual({
      email: expect.stringMatching(/^[0-9a-f]{32}$/),
      phone: '+86 *** **** 8000',
      address: first.shipping.address,
    });
    // marketplace customer support: needs the email; address down to the city
    expect(pick(b!.out[0]!.record)).toEqual({
      email: first.customer.email,
      phone: '+86 *** **** 8000',
      address: 'Hangzhou, Zhejiang, CN',
    });
    // courier: delivers and calls
    expect(pick(c!.out[0]!.record)).toEqual({
      email: expect.stringMatching(/^[0-9a-f]{32}$/),
      phone: first.customer.phone,
      address: first.shipping.address,
    });
    const json = [a, b, c].map((x) => JSON.stringify(x!.out.map((r) => r.record)));
    expect(new Set(json).size).toBe(3);
  });

  it('never sends the ID number or the card in clear abroad, and keeps everything at home', async () => {
    for (const request of [us, jp, vn]) {
      const { out } = await protectWith(request);
      const text = JSON.stringify(out.map((r) => r.record));
      for (const o of orders) {
        const c = o as { customer: { id_number: string }; payment: { card_number: string } };
        expect(text).not.toContain(c.customer.id_number);
        expect(text).not.toContain(c.payment.card_number);
      }
      const card = (out[0]!.record as { payment: { card_number: string } }).payment.card_number;
      expect(card).toMatch(/^[0-9]{19}$/);
    }
    const home = await protectWith({ to: 'CN' });
    expect((home.out[0]!.record as { customer: unknown }).customer).toEqual(orders[0]!.customer);
  });

  it('explains each field: category, tier, operator and the rule with its line', async () => {
    const { out } = await protectWith(vn);
    const byPath = new Map(out[0]!.explanation.map((e) => [e.path, e]));
    expect(byPath.get('$.customer.id_number')).toEqual({
      path: '$.customer.id_number',
      category: 'user.government_id.national_identification_number.cn_resident_id',
      tier: 'core',
      operator: 'tokenise',
      rule: 'core-tokenised',
      line: expect.any(Number),
      source: 'mapping',
    } satisfies FieldExplanation);
    expect(byPath.get('$.shipping.address')).toMatchObject({ operator: 'keep', rule: 'needed' });
    expect(byPath.get('$.items[0].title')).toMatchObject({
      tier: 'general',
      operator: 'keep',
      rule: 'general',
    });
    expect(byPath.get('$.notes')).toMatchObject({ category: null, operator: 'redact', rule: '(unmapped)' });
    expect(JSON.stringify(out[0]!.explanation)).not.toContain('Li Wei');
  });

  it('tokens resolve back to the original in the vault for a granted role (round trip)', async () => {
    const { out, vault } = await protectWith(vn);
    const token = (out[0]!.record as { customer: { id_number: string } }).customer.id_number;
    const back = await vault.detokenize({
      tenant: 'acme',
      token,
      purpose: 'essential.service.customs_clearance',
      role: 'customs_broker',
      actor: 'test',
    });
    expect(back.value).toBe((orders[0] as { customer: { id_number: string } }).customer.id_number);
  });

  it('replaces the spans the detector finds in text, and uses the classifier for unmapped fields', async () => {
    const scanner = (record: unknown) => {
      const notes = (record as { notes?: string }).notes ?? '';
      const at = notes.indexOf('13800138000');
      return at < 0
        ? []
        : [{ path: '$.notes', start: at, end: at + 11, category: 'user.contact.phone_number' }];
    };
    const classifier = (path: string) =>
      path === '$.extra' ? ('user.contact.email' as CategoryKey) : undefined;
    const records = [{ ...orders[0], extra: 'x@example.com', also: 'not personal' }];
    const { out } = await protectWith(us, records, defaultProfile, { scanner, classifier });
    const r = out[0]!.record as Record<string, unknown>;
    expect(r.notes).toBe('Please call *******8000 before delivery');
    expect(r.extra).toMatch(/^[0-9a-f]{32}$/);
    expect(r.also).toBe('not personal');
    expect(out[0]!.explanation.find((e) => e.path === '$.notes')).toMatchObject({
      spans: 1,
      source: 'scanner',
      operator: 'mask',
    });
  });

  it('handles nested arrays, structured addresses and coordinates, and drops what must not leave', async () => {
    const record = {
      customer: { id: 'C-1' },
      addresses: [
        {
          street: '88 Xueyuan Road',
          city: 'Hangzhou',
          province: 'Zhejiang',
          country: 'CN',
          postcode: '310012',
        },
      ],
      gps: { lat: 30.2741, lng: 120.1551 },
      passwords: ['hunter2', 'letmein'],
    };
    const { out } = await protectWith(vn, [record], defaultProfile, {
      fields: {
        'customer.id': 'system.operations',
        '$.addresses[*]': 'user.contact.address',
        gps: 'user.location.precise',
        'passwords[]': 'user.authorization.password',
      },
    });
    expect(out[0]!.record).toEqual({
      customer: { id: 'C-1' },
      addresses: [record.addresses[0]],
      gps: { lat: 30.25, lng: 120.15 },
      passwords: [],
    });
    const us2 = await protectWith(us, [record], defaultProfile, {
      fields: { '$.addresses[*]': 'user.contact.address', 'customer.id': 'system.operations' },
    });
    expect((us2.out[0]!.record as { addresses: unknown[] }).addresses).toEqual([record.addresses[0]]);
    const jp2 = await protectWith(jp, [record], defaultProfile, {
      fields: {
        '$.addresses[*]': 'user.contact.address',
        'customer.id': 'system.operations',
        gps: 'scan',
        passwords: 'scan',
      },
    });
    expect((jp2.out[0]!.record as { addresses: unknown[] }).addresses).toEqual([
      { city: 'Hangzhou', province: 'Zhejiang', country: 'CN' },
    ]);
  });

  it('falls back (redact) when an operator cannot apply, and says why', async () => {
    const profile = parseProfileOrThrow(
      `version: 1
name: fpe-phones
rules:
  - id: fpe
    when: { category: user.contact.phone_number }
    operator: fpe
  - id: rest
    operator: keep
`,
      { taxonomy },
    );
    const { out } = await protectWith({ to: 'US' }, [{ p: '12345', q: '+1 650 253 0000' }], profile, {
      fields: { p: 'user.contact.phone_number', q: 'user.contact.phone_number' },
    });
    const r = out[0]!.record as { p: string; q: string };
    expect(r.p).toBe('[redacted]');
    expect(r.q).toMatch(/^\+[0-9] [0-9]{3} [0-9]{3} [0-9]{4}$/);
    expect(out[0]!.explanation.find((e) => e.path === '$.p')).toMatchObject({
      operator: 'redact',
      note: 'fell back from fpe: DC_FPE_DOMAIN',
    });
  });
});

describe('the core-data guard', () => {
  const coreCategories = taxonomy.categories.filter((c) => c.tier === 'core').map((c) => c.key);
  const purposes = taxonomy.purposes.map((p) => p.key);
  const countries = ['US', 'JP', 'VN', 'DE', 'SG', 'GB', 'KR', 'BR'];

  it('the default profile never emits a core category in clear to a foreign destination', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...countries),
        fc.option(fc.constantFrom(...purposes), { nil: undefined }),
        fc.option(fc.constantFrom('cn.standard_contract', 'cn.exempt.contract_necessity'), {
          nil: undefined,
        }),
        (to, purpose, mechanism) => {
          const { protector } = { protector: selectorFor(defaultProfile, { to, purpose, mechanism }) };
          for (const c of coreCategories) expect(protector.choose(c).spec.operator).not.toBe('keep');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('no profile does, unless a rule says `core_in_clear`', () => {
    const keepAll = parseProfileOrThrow(
      'version: 1\nname: keep-all\nhome: CN\nrules:\n  - { id: all, operator: keep }\n',
      { taxonomy },
    );
    const p = selectorFor(keepAll, { to: 'US' });
    for (const c of coreCategories) {
      const choice = p.choose(c);
      expect(choice.spec.operator).toBe('tokenise');
      expect(choice.guard).toBe('core data never leaves in clear');
    }
    const explicit = parseProfileOrThrow(
      'version: 1\nname: visa\nhome: CN\nrules:\n  - { id: visa, when: { purpose: essential.service.visa }, operator: keep, core_in_clear: true }\n  - { id: all, operator: drop }\n',
      { taxonomy },
    );
    expect(
      selectorFor(explicit, { to: 'US', purpose: 'essential.service.visa' }).choose(coreCategories[0]!).spec
        .operator,
    ).toBe('keep');
  });

  function selectorFor(profile: Profile, request: { to: string; purpose?: string; mechanism?: string }) {
    return createProtector({
      profile,
      taxonomy,
      request: { ...request, date: '2026-11-29' },
      keys: deriveTenantKeys('t', new Uint8Array(32)),
    });
  }
});

describe('rules on destinations by list, recipient and mechanism', () => {
  const profile = parseProfileOrThrow(
    `version: 1
name: eu-exporter
home: FR
rules:
  - id: adequate
    when: { to: list:eu.adequacy, tier: sensitive }
    operator: hash
  - id: certified-recipient
    when: { recipient: [Example DPF Inc], mechanism: eu.dpf }
    operator: mask
  - id: rest
    when: { tier: [sensitive, core] }
    operator: drop
  - id: general
    operator: keep
`,
    { taxonomy },
  );
  const lists = {
    entriesAt: (name: string) => (name === 'eu.adequacy' ? [{ key: 'JP' }, { key: 'KR' }] : []),
  };
  const choose = (request: Omit<ProtectRequest, 'date'>, withLists = true) =>
    createProtector({
      profile,
      taxonomy,
      request: { ...request, date: '2026-11-29' },
      keys: deriveTenantKeys('t', new Uint8Array(32)),
      ...(withLists ? { lists } : {}),
    }).choose('user.contact.email' as CategoryKey).rule;

  it('chooses by list membership, recipient and mechanism', () => {
    expect(choose({ to: 'JP' })).toBe('adequate');
    expect(choose({ to: 'US', recipient: 'example dpf inc', mechanism: 'eu.dpf' })).toBe(
      'certified-recipient',
    );
    expect(choose({ to: 'US', recipient: 'Example DPF Inc' })).toBe('rest');
  });

  it('refuses to decide without the lists it consults', () => {
    try {
      choose({ to: 'JP' }, false);
      expect.unreachable();
    } catch (err) {
      expect(isProtectError(err, 'DC_PROTECT_CONTEXT')).toBe(true);
    }
  });
});
