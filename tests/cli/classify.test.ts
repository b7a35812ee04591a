/**
 * `genrescope classify` as a real CLI process on shared GTZAN clips: the --json schema, the human
 * output, a failing file among good ones (exit 1), and that no database is created without --db.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { ClassifyResultSchema } from '../../src/shared/dto.ts';
import { makeTempDir, removeTempDir } from '../helpers/fixtures.ts';
import { describeShared, repoRoot, sharedDir } from '../helpers/shared-data.ts';

const run = promisify(execFile);
const CLI = path.join(repoRoot, 'src', 'cli', 'main.ts');

const LineSchema = ClassifyResultSchema.extend({ errorKind: z.string().nullable() }).strict();

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, maxBuffer: 16 << 20 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

let tmp: string;
beforeAll(async () => {
  tmp = await makeTempDir('genrescope-cli-classify-');
});
afterAll(async () => {
  await removeTempDir(tmp);
});

describeShared('genrescope classify', () => {
  const clip = (genre: string, n: number) => path.join(sharedDir(), 'data', 'gtzan', 'audio', genre, `${genre}.${String(n).padStart(5, '0')}.flac`);

  it('prints one JSON object per file in the given order, errors included, and exits 1 on a failure', async () => {
    const files = [clip('classical', 1), clip('metal', 2), path.join(tmp, 'missing.mp3'), clip('reggae', 3)];
    const env = { XDG_DATA_HOME: path.join(tmp, 'xdg'), HOME: tmp, GENRESCOPE_DB: '' };
    const r = await cli(['classify', '--json', '--workers', '2', ...files], env);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => LineSchema.parse(JSON.parse(l)));
    expect(lines.map((l) => l.path)).toEqual(files);
    for (const l of [lines[0], lines[1], lines[3]]) {
      expect(l.error).toBeNull();
      expect(l.errorKind).toBeNull();
      expect(l.model).toBe('gtzan-genre-v1');
      expect(l.provider).toBe('cpu');
      expect(l.top3).toHaveLength(3);
      expect(l.top3[0].p).toBeGreaterThanOrEqual(l.top3[1].p);
      expect(l.confidence).toBe(l.top3[0].p);
      expect(l.genre === 'unknown' || l.genre === l.top3[0].genre).toBe(true);
    }
    expect(lines[2]).toMatchObject({ genre: null, confidence: null, top3: [], errorKind: 'io', error: expect.stringMatching(/not found/) });
    // No --db: nothing written anywhere.
    expect(existsSync(path.join(tmp, 'xdg'))).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.endsWith('.sqlite'))).toEqual([]);
  });

  it('prints genre, confidence and top-3 for people', async () => {
    const r = await cli(['classify', clip('classical', 1)], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/classical\.00001\.flac\n {2}\S+ {2}confidence 0\.\d\d {3}top-3: \w+ 0\.\d\d, \w+ 0\.\d\d, \w+ 0\.\d\d\n/);
  });
});
