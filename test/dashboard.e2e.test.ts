// The dashboard in real Chromium against a real `customs serve --demo` (its own process, SQLite, a port
// of its own): transfers sent over HTTP, a checkpoint signed and cosigned by a witness with the CLI, then
// each page checked for the data the API holds. One test proves a receipt's inclusion in the page with
// the browser build of src/ledger, and checks that an edited proof or receipt fails.
//
// Set CUSTOMS_SCREENSHOTS=DIR to keep a PNG of each page.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin', 'customs.js');
const CHROMIUM = process.env.CUSTOMS_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = process.env.CUSTOMS_SCREENSHOTS;

const missing = [
  existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js')) ? null : 'dist/ is missing: run `npm run build`',
  existsSync(join(ROOT, 'dist', 'web', 'index.html')) ? null : 'dist/web is missing: run `npm run build`',
  existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing: apt-get install chromium`,
].filter((x) => x !== null);
if (missing.length > 0 && process.env.CI) throw new Error(`the dashboard test needs: ${missing.join('; ')}`);
if (missing.length > 0) console.warn(`dashboard.e2e: skipped: ${missing.join('; ')}`);

// A flow declared here in two versions (the second with more individuals and a standard contract), and
// a demo flow.
const FLOW = 'cn-analytics';
const DEMO_FLOW = 'cn-ota-guests-to-jp-hotel';
const FLOW_V1 = {
  version: 1,
  id: FLOW,
  date: '2026-11-29',
  exporter: { name: 'Beijing Shop', country: 'CN' },
  recipient: { name: 'US Analytics', country: 'US' },
  subjects: [{ residence: 'CN', kind: 'customer', count: 1000 }],
  categories: ['user.name', 'user.contact.phone_number'],
  purpose: 'analytics.reporting',
};
const FLOW_V2 = {
  ...FLOW_V1,
  subjects: [{ residence: 'CN', kind: 'customer', count: 150_000 }],
  safeguards: ['cn.standard_contract'],
};
const REPEATED = 'guest-repeat';
const dirs: string[] = [];
const children: ChildProcess[] = [];
let url = '';
let adminKey = '';
let auditorKey = '';
let operatorKey = '';
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
const run = promisify(execFile);
/** Runs the `customs` command in its own process; resolves with what it printed. */
const customs = async (args: string[], cwd?: string) =>
  (await run(process.execPath, [BIN, ...args], { encoding: 'utf8', ...(cwd ? { cwd } : {}) })).stdout.trim();

async function startServer(data: string) {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--demo', '--data', data, '--port', '0', '--rate-limit', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let out = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  for (let i = 0; i < 1200; i++) {
    const listening = /listening on (http:\/\/[0-9.:]+)/.exec(out);
    const key = /demo admin key \(tenant default\): (\S+)/.exec(out);
    if (listening?.[1] && key?.[1] && /dashboard at /.test(out))
      return { url: listening[1], key: key[1], out };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`customs serve did not start: ${out}`);
}

async function declare(flow: object) {
  const res = await fetch(`${url}/v1/flows`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(flow),
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

async function sendTransfer(subjects: string[], flow = FLOW) {
  const res = await fetch(`${url}/v1/flows/${flow}/transfers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      subject_field: '$.guest.id',
      fields: { '$.guest.name': 'user.name' },
      records: subjects.map((id) => ({ guest: { id, name: 'Test Guest' } })),
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { ledger_index: number };
}

async function shot(name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

async function open(hash: string) {
  await page.goto(`${url}/ui/${hash}`);
}

async function signIn(key: string) {
  await open('#/flows');
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Use this key' }).click();
  await page.getByTestId('key-label').waitFor();
}

describe.skipIf(missing.length > 0)('the dashboard in Chromium', () => {
  beforeAll(async () => {
    const data = tempDir('customs-dash-');
    const witnessDir = tempDir('customs-dash-witness-');
    // Independent steps run side by side: each `customs` is a process of its own. The witness runs in
    // its own folder, with paths relative to it.
    const [server, witnessKey] = await Promise.all([
      startServer(data),
      customs(['witness', 'keygen', '--name', 'auditor.example/witness', '--out', 'witness.key'], witnessDir),
    ]);
    url = server.url;
    adminKey = server.key;
    const keys = Promise.all(
      ['auditor', 'operator'].map((role) =>
        customs(['keys', 'create', '--role', role, '--tenant', 'default', '--data', data]),
      ),
    );
    await declare(FLOW_V1);
    await declare(FLOW_V2);
    await sendTransfer(['guest-1', 'guest-2', REPEATED]);
    await sendTransfer(['guest-3', REPEATED]);
    await sendTransfer(['guest-4', 'guest-5', 'guest-6'], DEMO_FLOW);
    [auditorKey = '', operatorKey = ''] = await keys;
    // A checkpoint covering the three receipts, signed by the log's key in the data folder, and a
    // witness that cosigns it and posts the cosignature back.
    await Promise.all([
      customs(['ledger', 'checkpoint', '--data', data]),
      customs(['ledger', 'witnesses', '--add', witnessKey, '--data', data]),
    ]);
    await customs(['witness', '--log', url, '--key', 'witness.key', '--state', '.', '--once'], witnessDir);

    context = await chromium.launchPersistentContext(tempDir('customs-chromium-'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1360, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) pageErrors.push(m.text());
    });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('asks for a key, shows the API message for a bad one, and keeps a good one for the tab', async () => {
    await open('#/flows');
    await expect.poll(() => page.getByRole('note').textContent()).toContain('enter an API key');
    await page.getByLabel('API key').fill('dck_000000000000_AAAAAAAAAAAAAAAAAAAAAAAA');
    await page.getByRole('button', { name: 'Use this key' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('the API key is not valid or was revoked');
    await signIn(adminKey);
    expect(await page.evaluate(() => sessionStorage.getItem('data-customs.api-key'))).toBe(adminKey);
    expect(await page.evaluate(() => localStorage.getItem('data-customs.api-key'))).toBeNull();
    await page.reload();
    await page.getByTestId('key-label').waitFor();
    expect(await page.getByTestId('key-label').textContent()).toBe(
      `${adminKey.split('_').slice(0, 2).join('_')}_…`,
    );
  });

  it('lists the flows and shows one flow’s verdict per jurisdiction with mechanisms, obligations and why', async () => {
    await signIn(adminKey);
    const api = (await (
      await fetch(`${url}/v1/flows`, { headers: { authorization: `Bearer ${adminKey}` } })
    ).json()) as { flows: { id: string }[] };
    const table = page.getByRole('table', { name: 'Flows' });
    await table.getByRole('link', { name: FLOW }).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(api.flows.length);
    await shot('flows');
    await table.getByRole('link', { name: FLOW }).click();
    const cn = page.locator('tr[data-jurisdiction="CN"]');
    await cn.waitFor();
    // The latest version (2): a standard contract in place, obligations with the unmet ones marked.
    let text = (await cn.textContent()) ?? '';
    expect(text).toContain('PIPL');
    expect(text).toContain('CN → US');
    expect(text).toContain('cn.standard_contract ✓ in place');
    expect(text).toContain('cn.pipia (not yet met)');
    expect(text).toContain('CAC Order 16 Art. 8');
    expect(await cn.locator('[data-verdict]').getAttribute('data-verdict')).toBe('conditional');
    const versions = page.getByRole('group', { name: 'Versions' });
    expect(await versions.getByRole('radio').count()).toBe(2);
    expect(await versions.getByRole('radio', { name: /v2/ }).isChecked()).toBe(true);
    // Version 1: 1,000 individuals, under the volume exemption.
    await versions.getByRole('radio', { name: /v1/ }).check();
    await expect.poll(async () => (await cn.textContent()) ?? '').toContain('cn.exempt.volume');
    text = (await cn.textContent()) ?? '';
    expect(text).not.toContain('cn.standard_contract');
    await versions.getByRole('radio', { name: /v2/ }).check();
    await expect.poll(async () => (await cn.textContent()) ?? '').toContain('cn.standard_contract');
    await shot('flow');
    // The same verdict in Chinese (the API's `lang=zh`), with Chinese labels.
    await page.getByRole('button', { name: '切换到中文' }).click();
    await expect
      .poll(() => page.locator('tr[data-jurisdiction="CN"] td.why').textContent())
      .toMatch(/[\u4e00-\u9fff]/);
    expect(await page.getByRole('navigation').textContent()).toContain('数据流');
    await shot('flow-zh');
    await page.getByRole('button', { name: 'Switch to English' }).click();
  });

  it('shows the counters against their thresholds with the forecast', async () => {
    await signIn(adminKey);
    const { counters } = (await (
      await fetch(`${url}/v1/counters`, { headers: { authorization: `Bearer ${adminKey}` } })
    ).json()) as { counters: { count: number; threshold: number | null; kind: string }[] };
    expect(counters.length).toBeGreaterThan(0);
    await open('#/counters');
    const table = page.getByRole('table', { name: 'Counters' });
    await table.locator('tbody tr').first().waitFor();
    expect(await table.locator('tbody tr').count()).toBe(counters.length);
    const first = counters[0]!;
    const row = await table.locator('tbody tr').first().textContent();
    expect(row).toContain(first.kind);
    expect(row).toContain(first.count.toLocaleString('en-US'));
    if (first.threshold !== null) expect(row).toContain(first.threshold.toLocaleString('en-US'));
    await shot('counters');
  });

  it('verifies a checkpoint and an inclusion proof in the browser, and fails an edited one', async () => {
    await open('#/ledger');
    const checkpoint = page.locator('[data-checkpoint]');
    await expect.poll(() => checkpoint.getAttribute('data-checkpoint')).toBe('ok');
    expect(await checkpoint.textContent()).toContain('3 entries');
    const signatures = page.getByRole('table', { name: 'signatures' });
    expect(await signatures.locator('tr[data-signer="auditor.example/witness"]').textContent()).toContain(
      'witness',
    );
    const receipts = page.getByRole('table', { name: 'receipts' });
    await receipts.locator('tr[data-index="0"]').waitFor();
    expect(await receipts.locator('tbody tr').count()).toBe(3);
    expect(await receipts.locator('tr[data-index="1"]').textContent()).toContain(FLOW);
    expect(await receipts.locator('tr[data-index="2"]').textContent()).toContain(DEMO_FLOW);
    await shot('ledger');

    await receipts.getByRole('link', { name: 'prove entry 1' }).click();
    const entry = page.getByLabel(/^Entry 1/);
    const proof = page.getByLabel(/^Proof/);
    await proof.waitFor();
    const goodProof = await proof.inputValue();
    const goodEntry = await entry.inputValue();
    expect(goodEntry).toContain(`"id":"${FLOW}"`);
    expect(goodEntry).toContain('"verdict":"conditional"');
    await page.getByText("the receipt's fields").click();
    const fields = (await page.getByRole('table', { name: 'receipt fields' }).textContent()) ?? '';
    expect(fields).toContain(`${FLOW} v2`);
    expect(fields).toContain('user.name');
    const verify = page.getByRole('button', { name: 'Verify in this browser' });
    await verify.click();
    const result = page.locator('[data-proof]');
    await result.waitFor();
    expect(await result.getAttribute('data-proof')).toBe('ok');
    expect(await result.textContent()).toContain('Entry 1 is in the log');
    await shot('ledger-proof');

    // One character of one proof hash changed: the root no longer matches the signed one.
    const lines = goodProof.split('\n');
    const first = lines[0]!;
    lines[0] = `${first[0] === 'A' ? 'B' : 'A'}${first.slice(1)}`;
    await proof.fill(lines.join('\n'));
    await verify.click();
    await result.waitFor();
    expect(await result.getAttribute('data-proof')).toBe('fail');
    expect(await result.textContent()).toContain('DC_LEDGER_INCLUSION');
    await shot('ledger-proof-tampered');

    // The proof restored but the receipt edited (another verdict): fails too.
    await proof.fill(goodProof);
    await entry.fill(goodEntry.replace('"verdict":"conditional"', '"verdict":"allowed"'));
    await verify.click();
    await result.waitFor();
    expect(await result.getAttribute('data-proof')).toBe('fail');
    await entry.fill(goodEntry);
    await verify.click();
    await expect.poll(() => result.getAttribute('data-proof')).toBe('ok');
  });

  it('answers a data-subject lookup for an auditor, and shows an operator the API’s refusal', async () => {
    await signIn(auditorKey);
    await open('#/subjects');
    await page.getByLabel(/Subject identifier/).fill(REPEATED);
    await page.getByRole('button', { name: 'Look up' }).click();
    const table = page.getByRole('table', { name: 'transfers of this person' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(2);
    expect(await table.textContent()).toContain(FLOW);
    expect(await table.textContent()).toContain('#0');
    expect(await table.textContent()).toContain('#1');
    expect(page.url()).not.toContain(REPEATED);
    await shot('subjects');

    await signIn(operatorKey);
    await open('#/subjects');
    await page.getByLabel(/Subject identifier/).fill(REPEATED);
    await page.getByRole('button', { name: 'Look up' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('DC_FORBIDDEN');
    expect(await page.getByRole('alert').textContent()).toContain('role operator may not call');
  });

  it('evaluates a flow in YAML, locates its problems, and refuses an auditor’s declaration with the API’s message', async () => {
    await signIn(auditorKey);
    await open('#/evaluate');
    await page.getByRole('button', { name: 'Evaluate' }).click();
    const overall = page.locator('.overall [data-verdict]');
    await overall.waitFor();
    expect(await overall.getAttribute('data-verdict')).toBeTruthy();
    expect(await page.locator('tr[data-jurisdiction="EU"]').first().textContent()).toContain('GDPR');
    await shot('evaluate');

    const flow = page.getByLabel(/Flow declaration/);
    await flow.fill((await flow.inputValue()).replace('residence: FR', 'residence: UK'));
    await page.getByRole('button', { name: 'Evaluate' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('use GB');
    expect(await page.getByRole('alert').textContent()).toMatch(/line \d+:\d+/);

    await page.getByRole('button', { name: 'reset' }).click();
    await page.getByRole('button', { name: 'Declare this flow' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('role auditor may not call POST /v1/flows');
  });

  it('browses the taxonomy with English and Chinese names, tiers and classes', async () => {
    await open('#/taxonomy');
    const table = page.getByRole('table', { name: 'Categories' });
    await table.locator('tbody tr').first().waitFor();
    await page.getByLabel(/Filter/).fill('身份证');
    await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThan(0);
    const rows = await table.locator('tbody').textContent();
    expect(rows).toContain('user.government_id');
    expect(rows).toContain('core');
    await page.getByLabel(/Filter/).fill('');
    await open('#/taxonomy/user.contact.phone_number');
    const detail = page.getByRole('article', { name: 'user.contact.phone_number' });
    await detail.waitFor();
    expect(await detail.textContent()).toMatch(/[\u4e00-\u9fff]/);
    expect(await detail.textContent()).toContain('PIPL');
    await shot('taxonomy');
  });

  it('loads without script errors or content-security-policy violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
