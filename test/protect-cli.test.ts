import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/io.js';
import { loadKeyRing, runKeysRetire, runKeysRotate, writeKeyFile } from '../src/cli/keys-command.js';
import { runProtect } from '../src/cli/protect-command.js';
import { runVault } from '../src/cli/vault-command.js';
import { rotateKeyRing } from '../src/protect/index.js';

const ROOT = new URL('..', import.meta.url).pathname;
const FIXTURE = join(ROOT, 'bench/protect/orders.ndjson');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function workdir(): string {
  const d = mkdtempSync(join(tmpdir(), 'customs-protect-'));
  dirs.push(d);
  return d;
}

function capture(cwd: string): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
      readStdin: async () => '',
      isTty: false,
      cwd,
      today: () => '2026-11-29',
    },
    out: () => out,
    err: () => err,
  };
}

const base = { profile: 'default', fields: 'order', data: '.customs' };

describe('customs protect', () => {
  it('writes protected NDJSON and explains each field on standard error', async () => {
    const cwd = workdir();
    const c = capture(cwd);
    const code = await runProtect(
      FIXTURE,
      { ...base, to: 'vn', purpose: 'essential.service.fulfilment.delivery', explain: true },
      c.io,
    );
    expect(code).toBe(0);
    const lines = c.out().trim().split('\n');
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0]!) as { customer: { id_number: string }; shipping: { phone: string } };
    expect(first.customer.id_number).toMatch(/^tok_[a-z2-7]{26}$/);
    expect(first.shipping.phone).toBe('+86 138 0013 8000');
    expect(c.err()).toMatch(
      /\$\.customer\.id_number\s+user\.government_id\.national_identification_number\.cn_resident_id\s+core\s+tokenise\s+core-tokenised \(line \d+\)\s+2/,
    );
    expect(c.err()).toMatch(/\$\.items\[\*\]\.title/);
    expect(c.err()).toContain('tokenise: reversible by the vault only');
    expect(c.err()).toContain('protect: 2 records protected with profile default for VN');
    expect(c.err()).not.toContain('Li Wei');
    // the key file was created, readable by its owner only
    expect(statSync(join(cwd, '.customs', 'keys.json')).mode & 0o777).toBe(0o600);
  });

  it('reports malformed lines with their numbers, skips them, and exits 1', async () => {
    const cwd = workdir();
    const file = join(cwd, 'mixed.ndjson');
    const good = readFileSync(FIXTURE, 'utf8').trim().split('\n');
    writeFileSync(file, `${good[0]}\n{"name": "Li Wei", oops\n\n[1,2]\n${good[1]}\n`);
    const c = capture(cwd);
    expect(await runProtect('mixed.ndjson', { ...base, to: 'US' }, c.io)).toBe(1);
    expect(c.out().trim().split('\n')).toHaveLength(2);
    expect(c.err()).toContain('mixed.ndjson:2: malformed JSON; line skipped');
    expect(c.err()).toContain('mixed.ndjson:4: not a JSON object; line skipped');
    expect(c.err()).not.toContain('Li Wei');
  });

  it('says what is wrong with its arguments', async () => {
    const cwd = workdir();
    const c = capture(cwd);
    expect(await runProtect(FIXTURE, { ...base, to: 'UK' }, c.io)).toBe(2);
    expect(c.err()).toContain('--to: `UK` is not ISO 3166-1; use GB');
    const d = capture(cwd);
    expect(await runProtect(FIXTURE, { ...base, profile: 'nope', to: 'US' }, d.io)).toBe(1);
    expect(d.err()).toContain('no profile `nope` (the package ships: default)');
    const bad = join(cwd, 'bad.yaml');
    writeFileSync(bad, 'version: 1\nname: bad\nrules:\n  - { id: a, operator: mask, options: { as: x } }\n');
    const e = capture(cwd);
    expect(await runProtect(FIXTURE, { ...base, profile: 'bad.yaml', to: 'US' }, e.io)).toBe(1);
    expect(e.err()).toContain('bad.yaml:4:45: rules[0].options.as: operator `mask`: must be one of');
  });
});

describe('customs vault and customs keys rotate', () => {
  it('detokenises for a granted role in the country, refuses otherwise, forgets a subject, survives rotation', async () => {
    const cwd = workdir();
    const p = capture(cwd);
    expect(
      await runProtect(FIXTURE, { ...base, to: 'US', purpose: 'essential.service.fulfilment' }, p.io),
    ).toBe(0);
    const records = p
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { customer: { id_number: string } });
    const token = records[0]!.customer.id_number;
    const other = records[1]!.customer.id_number;
    const vault = (
      args: Omit<Parameters<typeof runVault>[2], 'data'>,
      action: 'detokenize' | 'forget' = 'detokenize',
      arg = token,
    ) => {
      const c = capture(cwd);
      return runVault(action, arg, { ...args, data: '.customs' }, c.io, {}).then((code) => ({
        code,
        out: c.out(),
        err: c.err(),
      }));
    };
    const granted = {
      purpose: 'essential.service.customs_clearance',
      role: 'customs_broker',
      actor: 'broker-1',
    };
    expect(await vault(granted)).toEqual({ code: 0, out: '11010519491231002X\n', err: '' });
    const denied = await vault({ ...granted, role: 'marketing' });
    expect(denied.code).toBe(1);
    expect(denied.err).toContain('(DC_VAULT_DENIED)');
    const abroad = await vault({ ...granted, from: 'US' });
    expect(abroad.err).toContain(
      'detokenisation is only allowed in CN; the caller is in US (DC_VAULT_LOCATION)',
    );
    expect((await vault({ role: 'customs_broker' })).code).toBe(2);

    const early = capture(cwd);
    expect(await runKeysRetire({ data: '.customs', version: ['1'] }, early.io)).not.toBe(0);
    expect(early.err()).toContain('--version 1: it is the current version; run `customs keys rotate` first');
    // a new version in the file but nothing re-wrapped yet (a rotation cut short): version 1 is still needed
    const dataDir = join(cwd, '.customs');
    writeKeyFile(dataDir, rotateKeyRing(loadKeyRing({ dataDir }), new Uint8Array(32).fill(9), 'now'));
    const inUse = capture(cwd);
    expect(await runKeysRetire({ data: '.customs' }, inUse.io)).toBe(1);
    expect(inUse.err()).toContain(
      'version 1 still wraps 3 data keys; run `customs keys rotate` to re-wrap them, then retire',
    );

    const r = capture(cwd);
    expect(await runKeysRotate({ data: '.customs' }, r.io)).toBe(0);
    expect(r.out()).toContain('master key: version 3 is current (versions kept: 1, 2, 3)');
    expect(r.out()).toMatch(/data keys: 3 re-wrapped under version 3; by version: 3: 3/);
    expect((await vault(granted)).out).toBe('11010519491231002X\n');

    // the old master key goes once nothing is wrapped by it; tokens keep resolving without it
    const retire = capture(cwd);
    expect(await runKeysRetire({ data: '.customs' }, retire.io)).toBe(0);
    expect(retire.out()).toBe('master key: retired versions 1, 2 (versions kept: 3)\n');
    expect(JSON.parse(readFileSync(join(cwd, '.customs', 'keys.json'), 'utf8')).keys).toHaveLength(1);
    expect((await vault(granted)).out).toBe('11010519491231002X\n');
    const again = capture(cwd);
    expect(await runKeysRetire({ data: '.customs' }, again.io)).toBe(0);
    expect(again.out()).toBe('master key: nothing to retire (versions kept: 3)\n');
    const unknown = capture(cwd);
    expect(await runKeysRetire({ data: '.customs', version: ['1'] }, unknown.io)).toBe(2);
    expect(unknown.err()).toContain('--version 1: no such master key version (versions: 3)');

    const f = await vault({}, 'forget', 'C-88231');
    expect(f.out).toContain('data key deleted; 2 tokens no longer resolve');
    expect((await vault(granted)).err).toContain('DC_VAULT_NOT_FOUND');
    expect((await vault(granted, 'detokenize', other)).out).toBe('330106198503150027\n');
  });
});
