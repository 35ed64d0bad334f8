import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayFixture, type GatewayFixture } from './gateway-fixture.js';

// The recipients registry over HTTP (app.inject), and flows that refer to it: declared, evaluated and
// sent on days when the registry's contracts and certifications are, or are no longer, in force.

let gw: GatewayFixture;
let otherTenant: { authorization: string };
let today = '2026-11-29T10:00:00Z';
const json = { 'content-type': 'application/json' };

const HANGZHOU = {
  id: 'hz-support',
  name: 'Hangzhou Support Centre Ltd',
  country: 'CN',
  role: 'processor',
  relation: 'group_company',
  contracts: [
    {
      mechanism: 'eu.scc',
      signed: '2025-01-10',
      effective: '2025-02-01',
      expires: '2026-12-01',
      reference: 'SCC-7',
    },
  ],
};
const FLOW = {
  version: 1,
  id: 'fr-support-by-ref',
  date: '2026-11-29',
  exporter: { name: 'Example Marketplace SAS', country: 'FR', targets: ['EU'] },
  recipient: { ref: 'hz-support' },
  subjects: [{ residence: 'FR', kind: 'customer', count: 4000 }],
  categories: ['user.name', 'user.contact.address'],
  purpose: 'essential.service.operations.support',
};
const batch = (n: number) => ({
  subject_field: '$.buyer.id',
  fields: { '$.buyer.name': 'user.name', '$.buyer.address': 'user.contact.address' },
  records: Array.from({ length: n }, (_, i) => ({
    buyer: { id: `fr-${i}`, name: 'Test Person', address: 'Rue 1' },
  })),
});

beforeAll(async () => {
  gw = await createGatewayFixture({ clock: { now: () => new Date(today) } });
  const other = await gw.store.gateway.createApiKey({
    tenant: 'other',
    role: 'admin',
    now: '2026-11-29T00:00:00Z',
    random: randomBytes(30),
  });
  otherTenant = { authorization: `Bearer ${other.key}` };
}, 120_000);
afterAll(async () => {
  await gw.close();
});

describe('the recipients registry', () => {
  it('adds a recipient (operator), refuses auditors, and answers 409 for an id that exists', async () => {
    const created = await gw.app.inject({
      method: 'POST',
      url: '/v1/recipients',
      headers: { ...gw.auth('operator'), ...json },
      payload: JSON.stringify(HANGZHOU),
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/v1/recipients/hz-support');
    expect(created.json()).toMatchObject({
      id: 'hz-support',
      version: 1,
      change: 'created',
      created: true,
      entry: { country: 'CN', headquarters: 'CN', covered_person: false, contracts: [{ filed: null }] },
    });
    const auditor = await gw.app.inject({
      method: 'POST',
      url: '/v1/recipients',
      headers: { ...gw.auth('auditor'), ...json },
      payload: JSON.stringify({ ...HANGZHOU, id: 'x' }),
    });
    expect(auditor.statusCode).toBe(403);
    expect(auditor.json().error.code).toBe('DC_FORBIDDEN');
    const again = await gw.app.inject({
      method: 'POST',
      url: '/v1/recipients',
      headers: { ...gw.auth('admin'), ...json },
      payload: JSON.stringify(HANGZHOU),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DC_CONFLICT');
  });

  it('answers 400 with located problems for a bad entry, in JSON and in YAML', async () => {
    const bad = await gw.app.inject({
      method: 'POST',
      url: '/v1/recipients',
      headers: { ...gw.auth('admin'), ...json },
      payload:
        '{\n  "id": "bad",\n  "name": "Bad",\n  "country": "UK",\n  "contracts": [{ "mechanism": "eu.sccs", "signed": "2025-01-01", "effective": "2025-01-01", "reference": "A" }]\n}',
    });
    expect(bad.statusCode).toBe(400);
    const body = bad.json();
    expect(body.error.code).toBe('DC_RECIPIENT_INVALID');
    expect(body.error.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: ['country'], line: 4, suggestion: 'GB' }),
        expect.objectContaining({ path: ['contracts', 0, 'mechanism'], line: 5, suggestion: 'eu.scc' }),
      ]),
    );
    const yaml = await gw.app.inject({
      method: 'POST',
      url: '/v1/recipients',
      headers: { ...gw.auth('admin'), 'content-type': 'application/yaml' },
      payload:
        'id: us-analytics\nname: US Analytics Inc.\ncountry: US\ncertifications:\n  - { id: eu-us-dpf, from: 2024-03-01, until: 2027-03-01 }\n',
    });
    expect(yaml.statusCode).toBe(201);
    const syntax = await gw.app.inject({
      method: 'POST',
      url: '/v1/recipients',
      headers: { ...gw.auth('admin'), ...json },
      payload: '{"id": ',
    });
    expect(syntax.statusCode).toBe(400);
    expect(syntax.json().error.problems[0]).toMatchObject({ line: 1 });
  });

  it('keeps every version with who changed it and when (PUT), and shows the audit trail with history=true', async () => {
    const put = await gw.app.inject({
      method: 'PUT',
      url: '/v1/recipients/hz-support',
      headers: { ...gw.auth('admin'), ...json },
      payload: JSON.stringify({ ...HANGZHOU, id: undefined, owned_by: 'HK' }),
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      version: 2,
      change: 'updated',
      created: true,
      changed_by_role: 'admin',
    });
    const same = await gw.app.inject({
      method: 'PUT',
      url: '/v1/recipients/hz-support',
      headers: { ...gw.auth('operator'), ...json },
      payload: JSON.stringify({ ...HANGZHOU, owned_by: 'HK' }),
    });
    expect(same.json()).toMatchObject({ version: 2, created: false });
    const history = await gw.app.inject({
      method: 'GET',
      url: '/v1/recipients/hz-support?history=true',
      headers: gw.auth('auditor'),
    });
    expect(history.statusCode).toBe(200);
    const h = history.json();
    expect(h.version).toBe(2);
    expect(
      h.versions.map((v: { version: number; changed_by_role: string }) => [v.version, v.changed_by_role]),
    ).toEqual([
      [1, 'operator'],
      [2, 'admin'],
    ]);
    expect(h.versions[0].changed_at).toBe('2026-11-29T10:00:00.000Z');
    const v1 = await gw.app.inject({
      method: 'GET',
      url: '/v1/recipients/hz-support/versions/1',
      headers: gw.auth('regulator'),
    });
    expect(v1.json().entry.owned_by).toBeNull();
  });

  it('refuses a PUT whose body names another id, and a PUT of an id that does not exist', async () => {
    const mismatch = await gw.app.inject({
      method: 'PUT',
      url: '/v1/recipients/hz-support',
      headers: { ...gw.auth('admin'), ...json },
      payload: JSON.stringify({ ...HANGZHOU, id: 'someone-else' }),
    });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().error.problems[0]).toMatchObject({ path: ['id'], line: 1 });
    const missing = await gw.app.inject({
      method: 'PUT',
      url: '/v1/recipients/nobody',
      headers: { ...gw.auth('admin'), ...json },
      payload: JSON.stringify({ ...HANGZHOU, id: 'nobody' }),
    });
    expect(missing.statusCode).toBe(404);
  });

  it('changes an entry only at the version If-Match names (409 otherwise), with the ETag of each read', async () => {
    const read = await gw.app.inject({
      method: 'GET',
      url: '/v1/recipients/hz-support',
      headers: gw.auth('admin'),
    });
    expect(read.headers.etag).toBe('"2"');
    const stale = await gw.app.inject({
      method: 'PUT',
      url: '/v1/recipients/hz-support',
      headers: { ...gw.auth('admin'), ...json, 'if-match': '"1"' },
      payload: JSON.stringify({ ...HANGZHOU, owned_by: 'SG' }),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('DC_CONFLICT');
    const bad = await gw.app.inject({
      method: 'PUT',
      url: '/v1/recipients/hz-support',
      headers: { ...gw.auth('admin'), ...json, 'if-match': 'two' },
      payload: JSON.stringify({ ...HANGZHOU, owned_by: 'HK' }),
    });
    expect(bad.statusCode).toBe(400);
    const current = await gw.app.inject({
      method: 'PUT',
      url: '/v1/recipients/hz-support',
      headers: { ...gw.auth('admin'), ...json, 'if-match': '"2"' },
      payload: JSON.stringify({ ...HANGZHOU, owned_by: 'HK' }),
    });
    expect(current.statusCode).toBe(200);
    expect(current.json()).toMatchObject({ version: 2, created: false });
  });

  it('shows where each contract stands on a day (at=DATE)', async () => {
    const on = await gw.app.inject({
      method: 'GET',
      url: '/v1/recipients/hz-support?at=2026-12-01',
      headers: gw.auth('auditor'),
    });
    expect(on.json().on).toMatchObject({
      date: '2026-12-01',
      contracts: [{ reference: 'SCC-7', status: 'expired' }],
    });
  });

  it('keeps tenants apart', async () => {
    const list = await gw.app.inject({ method: 'GET', url: '/v1/recipients', headers: otherTenant });
    expect(list.json()).toEqual({ recipients: [], next: null });
    const one = await gw.app.inject({
      method: 'GET',
      url: '/v1/recipients/hz-support',
      headers: otherTenant,
    });
    expect(one.statusCode).toBe(404);
    const mine = await gw.app.inject({
      method: 'GET',
      url: '/v1/recipients?limit=1',
      headers: gw.auth('auditor'),
    });
    expect(mine.json()).toMatchObject({ recipients: [{ id: 'hz-support' }], next: 'hz-support' });
  });
});

describe('a flow whose recipient is a registry reference', () => {
  it('is declared with the verdict saying the SCCs came from the registry, with their dates', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v1/flows',
      headers: { ...gw.auth('operator'), ...json },
      payload: JSON.stringify(FLOW),
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.flow).toMatchObject({
      recipient_ref: 'hz-support',
      recipient: { country: 'CN', owned_by: 'HK' },
    });
    const eu = body.verdict.jurisdictions.find((j: { jurisdiction: string }) => j.jurisdiction === 'EU');
    expect(eu.mechanisms.satisfied_by).toBe('eu.scc');
    expect(eu.why).toContain('eu.scc from the recipients registry: contract SCC-7 with hz-support');
    expect(body.verdict.registry).toMatchObject({ recipient: 'hz-support', version: 2 });
  });

  it('is refused with the path when the reference is unknown, or made without a key', async () => {
    const unknown = await gw.app.inject({
      method: 'POST',
      url: '/v1/flows',
      headers: { ...gw.auth('operator'), ...json },
      payload: JSON.stringify({ ...FLOW, recipient: { ref: 'hz-suport' } }),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.problems[0]).toMatchObject({ path: ['recipient', 'ref'], line: 1 });
    const otherSees = await gw.app.inject({
      method: 'POST',
      url: '/v1/flows/validate',
      headers: { ...otherTenant, ...json },
      payload: JSON.stringify(FLOW),
    });
    expect(otherSees.statusCode).toBe(400);
    const anonymous = await gw.app.inject({
      method: 'POST',
      url: '/v1/evaluate',
      headers: json,
      payload: JSON.stringify(FLOW),
    });
    expect(anonymous.statusCode).toBe(400);
    expect(anonymous.json().error.problems[0].message).toMatch(/none was given/);
  });

  it('is evaluated (POST /v1/evaluate with a key) for its date: the expired contract changes the verdict on its own', async () => {
    const evaluateOn = async (date: string) =>
      (
        await gw.app.inject({
          method: 'POST',
          url: '/v1/evaluate?what_if=false',
          headers: { ...gw.auth('auditor'), ...json },
          payload: JSON.stringify({ ...FLOW, date }),
        })
      ).json();
    const before = await evaluateOn('2026-11-30');
    expect(before.verdict).toBe('conditional'); // SCCs in place; the transfer impact assessment is the condition
    expect(
      before.jurisdictions.find((j: { jurisdiction: string }) => j.jurisdiction === 'EU').mechanisms
        .satisfied_by,
    ).toBe('eu.scc');
    const after = await evaluateOn('2026-12-01');
    expect(after.verdict).toBe('mechanism_required');
    const eu = after.jurisdictions.find((j: { jurisdiction: string }) => j.jurisdiction === 'EU');
    expect(eu.why).toContain('eu.scc with hz-support (SCC-7) expired on 2026-12-01');
    expect(after.registry.notes).toEqual(['eu.scc with hz-support (SCC-7) expired on 2026-12-01']);
  });

  it('sends transfers while the contract is in force, and refuses them from the day it expires, naming it', async () => {
    today = '2026-11-30T10:00:00Z';
    const ok = await gw.app.inject({
      method: 'POST',
      url: '/v1/flows/fr-support-by-ref/transfers',
      headers: { ...gw.auth('operator'), ...json },
      payload: JSON.stringify(batch(3)),
    });
    expect(ok.statusCode).toBe(201);
    const eu = ok.json().verdict.jurisdictions.find((j: { jurisdiction: string }) => j.jurisdiction === 'EU');
    expect(eu.why).toContain('in force 2025-02-01 to 2026-12-01');
    expect(ok.json().receipt.mechanisms).toContain('eu.scc');

    today = '2026-12-01T10:00:00Z';
    const refused = await gw.app.inject({
      method: 'POST',
      url: '/v1/flows/fr-support-by-ref/transfers',
      headers: { ...gw.auth('operator'), ...json },
      payload: JSON.stringify(batch(3)),
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('DC_TRANSFER_REFUSED');
    expect(refused.json().error.message).toContain('eu.scc with hz-support (SCC-7) expired on 2026-12-01');

    // A renewed contract in the registry, and the same flow goes again: no edit to the flow.
    const renewed = await gw.app.inject({
      method: 'PUT',
      url: '/v1/recipients/hz-support',
      headers: { ...gw.auth('admin'), ...json },
      payload: JSON.stringify({
        ...HANGZHOU,
        owned_by: 'HK',
        contracts: [
          ...HANGZHOU.contracts,
          { mechanism: 'eu.scc', signed: '2026-11-20', effective: '2026-12-01', reference: 'SCC-8' },
        ],
      }),
    });
    expect(renewed.json().version).toBe(3);
    const again = await gw.app.inject({
      method: 'POST',
      url: '/v1/flows/fr-support-by-ref/transfers',
      headers: { ...gw.auth('operator'), ...json },
      payload: JSON.stringify(batch(3)),
    });
    expect(again.statusCode).toBe(201);
    expect(JSON.stringify(again.json().verdict)).toContain('contract SCC-8 with hz-support');
    today = '2026-11-29T10:00:00Z';
  });

  it('says in each transfer which certification from the registry the verdict relies on (found once a day)', async () => {
    const flowUs = { ...FLOW, id: 'fr-analytics-by-ref', recipient: { ref: 'us-analytics' } };
    expect(
      (
        await gw.app.inject({
          method: 'POST',
          url: '/v1/flows',
          headers: { ...gw.auth('operator'), ...json },
          payload: JSON.stringify(flowUs),
        })
      ).statusCode,
    ).toBe(201);
    for (let i = 0; i < 2; i++) {
      const res = await gw.app.inject({
        method: 'POST',
        url: '/v1/flows/fr-analytics-by-ref/transfers',
        headers: { ...gw.auth('operator'), ...json },
        payload: JSON.stringify(batch(2)),
      });
      expect(res.statusCode).toBe(201);
      const eu = res
        .json()
        .verdict.jurisdictions.find((j: { jurisdiction: string }) => j.jurisdiction === 'EU');
      expect(eu.why).toContain(
        'relies on certifications of us-analytics in the recipients registry: eu-us-dpf (2024-03-01 to 2027-03-01)',
      );
    }
  });
});
