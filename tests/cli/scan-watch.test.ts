/**
 * `genrescope scan --watch --json` as a real process (real fs.watch, ffmpeg, SQLite, ONNX): the
 * first scan, then a file copied in shows up as an item line, a deleted one as a missing line, and
 * SIGINT ends it cleanly with exit code 0.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFixtures, makeTempDir, removeTempDir, type Fixtures } from '../helpers/fixtures.ts';
import { repoRoot } from '../helpers/shared-data.ts';

const CLI = path.join(repoRoot, 'src', 'cli', 'main.ts');
let fx: Fixtures;
let tmp: string;

beforeAll(async () => {
  fx = await getFixtures();
  tmp = await makeTempDir('genrescope-scan-watch-');
});

afterAll(async () => {
  await removeTempDir(tmp);
});

type Line = Record<string, unknown> & { type: string };

describe('genrescope scan --watch', () => {
  it('prints a JSON line per change and stops on SIGINT with exit code 0', async () => {
    const lib = path.join(tmp, 'lib');
    await mkdir(lib, { recursive: true });
    await copyFile(fx.formats.wav!.path, path.join(lib, 'first.wav'));
    const child = spawn(process.execPath, [CLI, 'scan', lib, '--watch', '--json', '--db', path.join(tmp, 'db.sqlite'), '--workers', '1', '--provider', 'cpu'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Line[] = [];
    let stderr = '';
    let buf = '';
    const waiters: { test: (l: Line) => boolean; resolve: (l: Line) => void }[] = [];
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const l = JSON.parse(buf.slice(0, i)) as Line;
        buf = buf.slice(i + 1);
        lines.push(l);
        for (const w of waiters.splice(0)) {
          if (w.test(l)) w.resolve(l);
          else waiters.push(w);
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const next = (what: string, test: (l: Line) => boolean, ms = 30_000) =>
      new Promise<Line>((resolve, reject) => {
        const found = lines.find(test);
        if (found) return resolve(found);
        const t = setTimeout(() => reject(new Error(`no ${what} line within ${ms} ms; stdout: ${JSON.stringify(lines)}; stderr: ${stderr}`)), ms);
        waiters.push({ test, resolve: (l) => (clearTimeout(t), resolve(l)) });
      });
    try {
      const summary = await next('summary', (l) => l.type === 'summary');
      expect(summary.counts).toMatchObject({ analysed: 1, failed: 0 });
      const watching = await next('watch', (l) => l.type === 'watch' && l.state === 'watching');
      expect(watching.roots).toEqual([{ path: lib, mode: 'events', reason: null }]);

      const added = path.join(lib, 'added.mp3');
      await copyFile(fx.formats.mp3!.path, added);
      const item = await next('item for the new file', (l) => l.type === 'item' && l.path === added);
      expect(item).toMatchObject({ status: 'analysed', trigger: 'change' });
      expect(item.error ?? null).toBeNull();
      expect(typeof item.genre).toBe('string');
      expect(item.trackId).toEqual(expect.any(Number));

      await rm(path.join(lib, 'first.wav'));
      await next('missing line for the deleted file', (l) => l.type === 'missing' && l.path === path.join(lib, 'first.wav'));

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(lines.at(-1)).toEqual({ type: 'watch', state: 'stopped' });
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);
});
