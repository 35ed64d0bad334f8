import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBundledTaxonomy } from '../src/bundled/bundled-data.js';
import { buildTaxonomy, CLASSED_LAWS, TIERS } from '../src/taxonomy/index.js';

const taxonomy = loadBundledTaxonomy();
const fideslang = JSON.parse(
  readFileSync(new URL('./fixtures/fideslang-keys.json', import.meta.url), 'utf8'),
) as { categories: string[]; uses: string[] };

describe('the bundled taxonomy', () => {
  it('has at least 80 categories, each with a tier, names in English and Chinese, and a class under each law', () => {
    expect(taxonomy.categories.length).toBeGreaterThanOrEqual(80);
    for (const c of taxonomy.categories) {
      expect(TIERS).toContain(c.tier);
      expect(c.name.en.length * c.name.zh.length * c.description.en.length).toBeGreaterThan(0);
      for (const law of CLASSED_LAWS)
        expect(c.classes[law].basis.length, `${c.key}: ${law}`).toBeGreaterThan(2);
    }
  });

  it('makes every fideslang data category and data use a valid key', () => {
    for (const key of fideslang.categories) expect(taxonomy.getCategory(key), key).toBeDefined();
    for (const key of fideslang.uses) expect(taxonomy.getPurpose(key), key).toBeDefined();
  });

  it('has the e-commerce categories the foundation issue names', () => {
    for (const key of [
      'user.government_id.national_identification_number.cn_resident_id',
      'user.government_id.travel_permit.hk_macau_resident',
      'user.government_id.travel_permit.taiwan_resident',
      'user.consignee.name',
      'user.consignee.phone_number',
      'user.consignee.address',
      'user.shipment.waybill_number',
      'user.shipment.tracking_number',
      'user.account.marketplace_buyer_id',
      'user.account.wechat_id',
      'user.account.alipay_id',
      'user.financial.bank_card.unionpay',
      'user.government_id.customs_declaration',
      'user.location.precise',
      'user.device.device_id',
      'user.behavior.purchase_history',
    ]) {
      expect(taxonomy.getCategory(key), key).toBeDefined();
    }
  });

  it('has the purposes of the 2024 Chinese necessity exemptions, and the e-commerce ones', () => {
    for (const key of [
      'essential.service.fulfilment',
      'essential.service.fulfilment.delivery',
      'essential.service.payment_processing',
      'essential.service.account_opening',
      'essential.service.travel_booking',
      'essential.service.visa',
      'essential.service.exam',
      'essential.service.customs_clearance',
      'essential.vital_interests',
      'essential.service.operations.support',
      'essential.fraud_detection',
      'marketing',
      'analytics',
      'employment',
    ]) {
      expect(taxonomy.getPurpose(key), key).toBeDefined();
    }
    expect(taxonomy.getPurpose('essential.service.fulfilment.delivery')?.cn_necessity).toBe('contract');
  });

  it('has the subject kinds customer, employee and child, a child being a minor', () => {
    expect(taxonomy.getSubjectKind('customer')).toBeDefined();
    expect(taxonomy.getSubjectKind('employee')).toBeDefined();
    expect(taxonomy.getSubjectKind('child')?.minor).toBe(true);
  });

  it('classes children under 14 as PIPL sensitive personal information (PIPL Art. 28) and core tier', () => {
    for (const key of [
      'user.children',
      'user.children.under_fourteen',
      'user.children.children_under_thirteen',
    ]) {
      expect(taxonomy.getCategory(key)?.classes.pipl.sensitive, key).toBe(true);
      expect(taxonomy.getCategory(key)?.tier, key).toBe('core');
    }
  });

  it('classes biometrics as GDPR special category and core tier', () => {
    const face = taxonomy.getCategory('user.biometrics.face');
    expect(face?.classes.gdpr.special).toBe(true);
    expect(face?.tier).toBe('core');
    expect(face?.classes.doj.kind).toBe('biometric_identifier');
  });

  it('keeps system data out of personal data', () => {
    for (const c of taxonomy.categories.filter((x) => x.key.startsWith('system'))) {
      expect(c.tier).toBe('none');
      expect(c.classes.gdpr.personal).toBe(false);
    }
  });

  it('expands a parent into itself and all its descendants', () => {
    const all = taxonomy.expandCategory('user.contact' as never);
    expect(all).toContain('user.contact.address.city');
    expect(all[0]).toBe('user.contact');
  });
});

describe('buildTaxonomy', () => {
  const good = {
    key: 'user',
    name: { en: 'User', zh: '用户' },
    description: { en: 'd', zh: 'd' },
    tier: 'general',
    source: 'data-customs',
    classes: {
      pipl: { personal: true, sensitive: false, sensitive_conservative: false, basis: 'PIPL Art. 4' },
      gdpr: { personal: true, special: false, criminal: false, basis: 'GDPR Art. 4(1)' },
      ccpa: { personal: true, sensitive: false, basis: 'CCPA' },
      doj: { kind: 'none', basis: 'n/a' },
    },
  };
  const purposes = [
    {
      key: 'marketing',
      name: { en: 'M', zh: 'M' },
      description: { en: 'd', zh: 'd' },
      source: 'fideslang',
      cn_necessity: null,
    },
  ];
  const subjects = [
    { key: 'customer', name: { en: 'C', zh: 'C' }, description: { en: 'd', zh: 'd' }, minor: false },
  ];

  it('rejects a category without a class under a law, naming the field', () => {
    const { pipl: _drop, ...classes } = good.classes;
    const built = buildTaxonomy({ categories: [{ ...good, classes }], purposes, subjects });
    expect(built.ok).toBe(false);
    expect(!built.ok && built.problems[0]?.path).toEqual(['categories', 0, 'classes']);
  });
  it('rejects a child more protected than its parent', () => {
    const child = { ...good, key: 'user.biometrics', tier: 'core' };
    const built = buildTaxonomy({ categories: [good, child], purposes, subjects });
    expect(!built.ok && built.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('below the tier `core`'),
    ]);
  });
  it('rejects duplicate keys and missing parents', () => {
    const built = buildTaxonomy({
      categories: [good, good, { ...good, key: 'user.x.y' }],
      purposes,
      subjects,
    });
    expect(!built.ok && built.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('duplicate key'),
      expect.stringContaining('parent `user.x`'),
    ]);
  });
});
