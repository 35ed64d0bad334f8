import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

// `customs check FLOW --recipients FILE`: the registry resolution of the gateway, offline.

let dir: string;
const FLOW = (date: string) => `version: 1
id: fr-support-by-ref
date: ${date}
exporter: { name: Example Marketplace SAS, country: FR, targets: [EU] }
recipient:
  ref: hz-support
subjects: [{ residence: FR, kind: customer, count: 4000 }]
categories: [user.name, user.contact.address]
purpose: essential.service.operations.support
`;
const RECIPIENTS = `- id: hz-support
  name: Hangzhou Support Centre Ltd
  country: CN
  role: processor
  contracts:
    - { mechanism: eu.scc, signed: 2025-01-10, effective: 2025-02-01, expires: 2026-06-30, reference: SCC-7 }
- id: us-analytics
  name: US Analytics Inc.
  country: US
  certifications: [{ id: eu-us-dpf, from: 2024-03-01, until: 2027-03-01 }]
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'customs-recipients-'));
  writeFileSync(join(dir, 'before.yaml'), FLOW('2026-06-29'));
  writeFileSync(join(dir, 'after.yaml'), FLOW('2026-06-30'));
  writeFileSync(join(dir, 'recipients.yaml'), RECIPIENTS);
  writeFileSync(
    join(dir, 'bad.yaml'),
    RECIPIENTS.replace('country: CN', 'country: China').replace('eu.scc,', 'eu.sccs,'),
  );
  writeFileSync(
    join(dir, 'recipients.json'),
    JSON.stringify([{ id: 'hz-support', name: 'H', country: 'CN' }]),
  );
});

describe('customs check --recipients', () => {
  it('resolves the reference for the flow date: allowed under the SCCs, then missing a mechanism once they expired', async () => {
    const before = await runCli(['check', 'before.yaml', '--recipients', 'recipients.yaml', '--no-what-if'], {
      cwd: dir,
    });
    expect(before.code).toBe(0);
    expect(before.out).toContain('eu.scc from the recipients registry: contract SCC-7 with hz-support');
    const after = await runCli(['check', 'after.yaml', '--recipients', 'recipients.yaml', '--no-what-if'], {
      cwd: dir,
    });
    expect(after.code).toBe(3);
    expect(after.out).toContain('eu.scc with hz-support (SCC-7) expired on 2026-06-30');
    expect(after.out).toContain('Recipients registry: hz-support (2026-06-30)');
    const asJson = await runCli(['check', 'after.yaml', '--recipients', 'recipients.yaml', '--json'], {
      cwd: dir,
    });
    expect(JSON.parse(asJson.out).registry).toMatchObject({ recipient: 'hz-support', version: null });
  });

  it('reports each problem of the recipients file as file:line:col: path: message', async () => {
    const res = await runCli(['check', 'before.yaml', '--recipients', 'bad.yaml'], { cwd: dir });
    expect(res.code).toBe(1);
    const lines = res.out.trim().split('\n');
    expect(lines).toContain("bad.yaml:3:12: [0].country: country 'China' is a name, not a code; use CN");
    expect(
      lines.some((l) => /^bad\.yaml:6:20: \[0\]\.contracts\[0\]\.mechanism: eu\.sccs is not a known/.test(l)),
    ).toBe(true);
  });

  it('refuses a reference without a registry, or one the registry does not hold, at the line of the reference', async () => {
    const none = await runCli(['check', 'before.yaml'], { cwd: dir });
    expect(none.code).toBe(1);
    expect(none.out).toMatch(
      /^before\.yaml:6:8: recipient\.ref: recipient `hz-support` refers to the recipients registry/,
    );
    const other = await runCli(['check', 'before.yaml', '--recipients', 'recipients.json'], { cwd: dir });
    expect(other.code).toBe(3); // the JSON file's entry has no contract
    const missing = await runCli(['check', 'before.yaml', '--recipients', 'nowhere.yaml'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('--recipients nowhere.yaml: no such file');
  });

  it('lets customs validate check references too', async () => {
    const res = await runCli(['validate', 'before.yaml', '--recipients', 'recipients.yaml'], { cwd: dir });
    expect(res.code).toBe(0);
  });
});
