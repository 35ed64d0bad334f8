import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanRecord } from '../src/detect/index.js';
import { CN_FLOW, createGatewayFixture, type GatewayFixture } from './gateway-fixture.js';

// A flow's `on_undeclared`: refuse (the default) or quarantine the records of a batch that carry a
// category the flow does not declare, over HTTP (app.inject).

let gw: GatewayFixture;
let otherTenant: { authorization: string };
const json = { 'content-type': 'application/json' };
const ID_CARD = 'user.government_id.national_identification_number.cn_resident_id';
const SECRET_ID = '11010519491231002X';

const flow = (id: string, extra: Record<string, unknown> = {}) => ({ ...CN_FLOW, id, ...extra });
/** `n` records; those whose index is in `carrying` also carry a resident ID the flow does not declare. */
const batch = (n: number, carrying: number[], prefix = 'q') => ({
  subject_field: '$.buyer.id',
  fields: {
    '$.buyer.name': 'user.name',
    '$.buyer.phone': 'user.contact.phone_number',
    '$.buyer.idcard': ID_CARD,
  },
  records: Array.from({ length: n }, (_, i) => ({
    buyer: {
      id: `${prefix}-${i}`,
      name: 'Test Person',
      phone: '+8613800138000',
      ...(carrying.includes(i) ? { idcard: SECRET_ID } : {}),
    },
  })),
});
const declare = async (body: unknown) =>
  gw.app.inject({
    method: 'POST',
    url: '/v1/flows',
    headers: { ...gw.auth('operator'), ...json },
    payload: JSON.stringify(body),
  });
const send = (flowId: string, body: unknown, headers: Record<string, string> = {}) =>
  gw.app.inject({
    method: 'POST',
    url: `/v1/flows/${flowId}/transfers`,
    headers: { ...gw.auth('operator'), ...json, ...headers },
    payload: JSON.stringify(body),
  });

beforeAll(async () => {
  gw = await createGatewayFixture({ scanner: (record) => scanRecord(record) });
  const other = await gw.store.gateway.createApiKey({
    tenant: 'other',
    role: 'admin',
    now: '2026-11-29T00:00:00Z',
    random: randomBytes(30),
  });
  otherTenant = { authorization: `Bearer ${other.key}` };
  expect((await declare(flow('cn-refuse'))).statusCode).toBe(201);
  expect((await declare(flow('cn-quarantine', { on_undeclared: 'quarantine' }))).statusCode).toBe(201);
}, 120_000);
afterAll(async () => {
  await gw.close();
});

describe('on_undeclared', () => {
  it('refuses the whole batch by default, naming the category', async () => {
    const res = await send('cn-refuse', batch(4, [1]));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain(ID_CARD);
  });

  it('rejects a value other than refuse or quarantine, with its path', async () => {
    const res = await declare(flow('cn-bad', { on_undeclared: 'hold' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.problems[0]).toMatchObject({ path: ['on_undeclared'] });
  });

  it('quarantines the offending records, sends the rest, and names the held records and fields', async () => {
    const res = await send('cn-quarantine', batch(4, [1, 3]));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.records).toHaveLength(2);
    expect(body.records.map((r: { buyer: { id: string } }) => r.buyer.id)).toEqual(['q-0', 'q-2']);
    expect(body.quarantined.map((q: { index: number; fields: string[]; categories: string[] }) => q)).toEqual(
      [
        expect.objectContaining({ index: 1, fields: ['$.buyer.idcard'], categories: [ID_CARD] }),
        expect.objectContaining({ index: 3, fields: ['$.buyer.idcard'], categories: [ID_CARD] }),
      ],
    );
    expect(body.receipt.counts).toEqual({ records: 2, subjects: 2 });
    expect(body.receipt.categories).not.toContain(ID_CARD);
    expect(JSON.stringify(body)).not.toContain(SECRET_ID);
    expect(typeof body.ledger_index).toBe('number');

    const list = await gw.app.inject({ method: 'GET', url: '/v1/quarantine', headers: gw.auth('operator') });
    expect(list.statusCode).toBe(200);
    const held = list
      .json()
      .quarantined.sort((a: { index: number }, b: { index: number }) => a.index - b.index);
    expect(held).toHaveLength(2);
    expect(held[0]).toMatchObject({
      flow: { id: 'cn-quarantine', version: 1 },
      transfer_id: body.transfer_id,
      index: 1,
      fields: ['$.buyer.idcard'],
      status: 'held',
    });
    expect(held[0].digest).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(list.json())).not.toContain(SECRET_ID);
  });

  it('answers 202 with nothing sent when every record is held, and holds them once across retries', async () => {
    const all = batch(2, [0, 1], 'all');
    const first = await send('cn-quarantine', all, { 'idempotency-key': 'k-all' });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ transfer_id: null, records: [], verdict: null, receipt: null });
    expect(first.json().quarantined).toHaveLength(2);
    const again = await send('cn-quarantine', all, { 'idempotency-key': 'k-all' });
    expect(again.json().quarantined).toEqual(first.json().quarantined);
    const list = await gw.app.inject({
      method: 'GET',
      url: '/v1/quarantine?flow=cn-quarantine',
      headers: gw.auth('admin'),
    });
    expect(
      list.json().quarantined.filter((q: { transfer_id: string | null }) => q.transfer_id === null),
    ).toHaveLength(2);
  });

  it('replays a partly held batch with the same answer and no second hold', async () => {
    const b = batch(3, [2], 'idem');
    const first = await send('cn-quarantine', b, { 'idempotency-key': 'k-part' });
    const again = await send('cn-quarantine', b, { 'idempotency-key': 'k-part' });
    expect(again.headers['idempotent-replay']).toBe('true');
    expect(again.json().quarantined).toEqual(first.json().quarantined);
    const list = await gw.app.inject({
      method: 'GET',
      url: '/v1/quarantine?limit=1000',
      headers: gw.auth('admin'),
    });
    const ofIt = list
      .json()
      .quarantined.filter((q: { transfer_id: string }) => q.transfer_id === first.json().transfer_id);
    expect(ofIt).toHaveLength(1);
  });

  it('holds records where detection finds an undeclared category in a field the mapping does not name', async () => {
    const res = await send('cn-quarantine', {
      subject_field: '$.buyer.id',
      fields: { '$.buyer.name': 'user.name' },
      records: [
        { buyer: { id: 'd-1', name: 'Test Person' } },
        { buyer: { id: 'd-2', name: 'Test Person' }, note: { email: 'someone@example.com' } },
      ],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().records).toHaveLength(1);
    expect(res.json().quarantined[0]).toMatchObject({ index: 1, fields: ['$.note.email'] });
  });

  it('lists held records to operators and admins of the tenant only, by pages', async () => {
    const auditor = await gw.app.inject({
      method: 'GET',
      url: '/v1/quarantine',
      headers: gw.auth('auditor'),
    });
    expect(auditor.statusCode).toBe(403);
    const other = await gw.app.inject({ method: 'GET', url: '/v1/quarantine', headers: otherTenant });
    expect(other.json()).toEqual({ quarantined: [], next: null });
    const page1 = await gw.app.inject({
      method: 'GET',
      url: '/v1/quarantine?limit=2',
      headers: gw.auth('admin'),
    });
    const next = page1.json().next;
    expect(typeof next).toBe('string');
    const page2 = await gw.app.inject({
      method: 'GET',
      url: `/v1/quarantine?limit=2&after=${encodeURIComponent(next)}`,
      headers: gw.auth('admin'),
    });
    const ids = [...page1.json().quarantined, ...page2.json().quarantined].map((q: { id: string }) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
