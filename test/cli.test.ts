import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MINIMAL_FLOW_YAML, runCli } from './helpers.js';

const ROOT = new URL('..', import.meta.url).pathname;
const tmp = () => mkdtempSync(join(tmpdir(), 'customs-cli-'));

describe('customs --help', () => {
  it('lists the commands', async () => {
    const { code, out } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const cmd of ['taxonomy', 'validate', 'serve', 'demo']) expect(out).toContain(cmd);
  });
  it('exits 2 on an unknown command or option, and with no arguments', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli(['validate', '--nope', 'x'])).code).toBe(2);
    expect((await runCli([])).code).toBe(2);
  });
});

describe('customs taxonomy', () => {
  it('prints the tree with tiers and each law', async () => {
    const { code, out } = await runCli(['taxonomy']);
    expect(code).toBe(0);
    expect(out).toMatch(/user\.contact\.phone_number .*\[\w+\] +PIPL: .* GDPR: .* CCPA: .* DOJ: /);
  });
  it('prints JSON objects with key and tier', async () => {
    const { out } = await runCli(['taxonomy', '--json']);
    const list = JSON.parse(out) as { key: string; tier: string }[];
    expect(list.length).toBeGreaterThanOrEqual(80);
    expect(list.every((c) => typeof c.key === 'string' && typeof c.tier === 'string')).toBe(true);
  });
  it('prints Chinese names with --lang zh', async () => {
    const { out } = await runCli(['taxonomy', '--lang', 'zh']);
    expect(out).toMatch(/[\u4e00-\u9fff]/);
  });
  it('shows one category', async () => {
    const { code, out } = await runCli(['taxonomy', 'user.contact.phone_number']);
    expect(code).toBe(0);
    expect(out).toMatch(/^key +user\.contact\.phone_number$/m);
    expect(out).toMatch(/^tier +\w+$/m);
    const json = JSON.parse((await runCli(['taxonomy', 'user.contact.phone_number', '--json'])).out);
    expect(json).toMatchObject({ key: 'user.contact.phone_number', tier: expect.any(String) });
  });
  it('exits 1 with a suggestion for an unknown category', async () => {
    const { code, err } = await runCli(['taxonomy', 'user.contact.phone']);
    expect(code).toBe(1);
    expect(err).toContain('did you mean user.contact.phone_number?');
  });
  it('exits 2 for an unknown language', async () => {
    expect((await runCli(['taxonomy', '--lang', 'fr'])).code).toBe(2);
  });
});

describe('customs validate', () => {
  it('exits 0 for every example flow', async () => {
    const { code, out } = await runCli(['validate', 'examples'], { cwd: ROOT });
    expect(out).toMatch(/(\d+) files: \1 valid, 0 invalid/);
    expect(Number(/(\d+) files/.exec(out)?.[1])).toBeGreaterThanOrEqual(10);
    expect(code).toBe(0);
  });
  it('exits 1 and reports every problem with file, line, column and field path', async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'bad.yaml'),
      MINIMAL_FLOW_YAML.replace('residence: FR', 'residence: UK').replace(
        'user.contact.phone_number]',
        'user.contact.phone]',
      ),
    );
    writeFileSync(join(dir, 'good.yaml'), MINIMAL_FLOW_YAML);
    const { code, out } = await runCli(['validate', 'bad.yaml', 'good.yaml'], { cwd: dir });
    expect(code).toBe(1);
    expect(out).toContain("bad.yaml:14:16: subjects[0].residence: country 'UK' is not ISO 3166-1; use GB");
    expect(out).toMatch(
      /bad\.yaml:17:\d+: categories\[2\]: unknown category user\.contact\.phone — did you mean user\.contact\.phone_number\?/,
    );
    expect(out).toContain('2 files: 1 valid, 1 invalid');
  });
  it('reads standard input for -', async () => {
    expect((await runCli(['validate', '-'], { stdin: MINIMAL_FLOW_YAML })).code).toBe(0);
    const bad = await runCli(['validate', '-'], { stdin: '{"version": 2}' });
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('<stdin>:1:');
  });
  it('reports a missing file and goes on with the rest', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'good.yaml'), MINIMAL_FLOW_YAML);
    const { code, out } = await runCli(['validate', 'missing.yaml', 'good.yaml'], { cwd: dir });
    expect(code).toBe(1);
    expect(out).toContain('missing.yaml: $: no such file or folder');
    expect(out).toContain('valid    good.yaml');
  });
  it('prints JSON with --json', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.json'), '{"version": 1, "exporter": {}}');
    const { code, out } = await runCli(['validate', '--json', 'bad.json'], { cwd: dir });
    expect(code).toBe(1);
    const body = JSON.parse(out);
    expect(body.valid).toBe(false);
    expect(body.files[0].problems[0]).toMatchObject({
      file: 'bad.json',
      line: expect.any(Number),
      column: expect.any(Number),
    });
  });
  it('exits 2 when no flow file is found', async () => {
    expect((await runCli(['validate', '.'], { cwd: tmp() })).code).toBe(2);
  });
});

describe('the installed bin', () => {
  const bin = join(ROOT, 'bin', 'customs.js');
  const built = existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'));
  it.runIf(built)('runs as a process with the documented exit codes and no stack trace', () => {
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('validate');
    const invalid = spawnSync(process.execPath, [bin, 'validate', '-'], {
      input: 'version: [',
      encoding: 'utf8',
    });
    expect(invalid.status).toBe(1);
    expect(invalid.stdout + invalid.stderr).not.toMatch(/\n\s+at /);
    const usage = spawnSync(process.execPath, [bin, 'validate'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
  });
  it.runIf(built)('loads the demo flows into a SQLite store', () => {
    const dir = tmp();
    const out = execFileSync(process.execPath, [bin, 'demo', '--data', join(dir, 'data')], {
      encoding: 'utf8',
      cwd: dir,
    });
    expect(out).toMatch(/demo: \d+ flow versions declared, 0 unchanged \(sqlite store\)/);
    const again = execFileSync(process.execPath, [bin, 'demo', '--data', join(dir, 'data')], {
      encoding: 'utf8',
      cwd: dir,
    });
    expect(again).toMatch(/demo: 0 flow versions declared, \d+ unchanged/);
  });
  it.runIf(built)('takes absolute paths as they are (witness keygen --out)', () => {
    const dir = tmp();
    const elsewhere = tmp();
    execFileSync(
      process.execPath,
      [bin, 'witness', 'keygen', '--name', 'w.example', '--out', join(elsewhere, 'w.key')],
      {
        encoding: 'utf8',
        cwd: dir,
      },
    );
    expect(statSync(join(elsewhere, 'w.key')).mode & 0o777).toBe(0o600);
  });
});
