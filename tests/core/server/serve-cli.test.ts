/** `genrescope serve` as a user runs it: a real process, the URL parsed from its first line. */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/shared-data.ts';

let dir: string;
const cli = path.join(repoRoot, 'src', 'cli', 'main.ts');

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gs-serve-cli-'));
  mkdirSync(path.join(dir, 'ui'));
  writeFileSync(path.join(dir, 'ui', 'index.html'), '<!doctype html><title>Genrescope</title>');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  const child = spawn(process.execPath, [cli, 'serve', ...args], { cwd: dir, env: { ...process.env, GENRESCOPE_DB: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exit, out: () => stdout, err: () => stderr };
}

describe('genrescope serve (CLI)', () => {
  it('prints the URL first, serves, and stops cleanly on SIGTERM', async () => {
    const p = run(['--port', '0', '--db', path.join(dir, 'lib.sqlite'), '--ui', path.join(dir, 'ui')]);
    const deadline = Date.now() + 20_000;
    while (!p.out().includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const first = p.out().split('\n')[0];
    const m = /^Genrescope is serving at (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)$/.exec(first);
    expect(m, `stdout: ${p.out()} stderr: ${p.err()}`).not.toBeNull();
    const res = await fetch(m![1]);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Genrescope</title>');
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
  });

  it('tells the user to build the UI when it is missing', async () => {
    const p = run(['--port', '0', '--db', path.join(dir, 'lib2.sqlite'), '--ui', path.join(dir, 'nothing-here')]);
    expect(await p.exit).toBe(1);
    expect(p.err()).toContain('npm run build');
  });

  it('rejects a bad port as a usage error', async () => {
    const p = run(['--port', 'eighty']);
    expect(await p.exit).toBe(2);
    expect(p.err()).toContain('--port');
  });
});
