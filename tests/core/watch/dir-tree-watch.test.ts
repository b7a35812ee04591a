/**
 * dirTreeWatch (the Linux default) on a real folder tree: events from existing subfolders, from a
 * folder created after the start, none from inside hidden folders, and a root that cannot be watched
 * throws at once (what the fallback to rescans relies on).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dirTreeWatch } from '../../../src/core/watch/dir-tree-watch.ts';
import { makeTempDir, removeTempDir } from '../../helpers/fixtures.ts';

let tmp: string;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  tmp = await makeTempDir('genrescope-dirtree-');
});

afterAll(async () => {
  await removeTempDir(tmp);
});

async function until(fn: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(20);
  }
}

describe('dirTreeWatch', () => {
  it('reports changes anywhere below the root, including new folders, but not inside hidden ones', async () => {
    const root = path.join(tmp, 'root');
    await mkdir(path.join(root, 'a', 'b'), { recursive: true });
    await mkdir(path.join(root, '.hidden'));
    const events: string[] = [];
    const w = dirTreeWatch(root, { recursive: true }, (_e, f) => events.push(f === null ? '' : String(f)));
    try {
      await sleep(200); // subfolder watches are added asynchronously
      await writeFile(path.join(root, 'a', 'b', 'x.mp3'), 'x');
      await until(() => events.includes(path.join('a', 'b', 'x.mp3')));
      await mkdir(path.join(root, 'new'));
      await until(() => events.includes('new'));
      await sleep(200);
      await writeFile(path.join(root, 'new', 'y.mp3'), 'y');
      await until(() => events.includes(path.join('new', 'y.mp3')));
      await writeFile(path.join(root, '.hidden', 'z.mp3'), 'z');
      await sleep(300);
      expect(events.some((e) => e.startsWith('.hidden' + path.sep))).toBe(false);
    } finally {
      w.close();
    }
  });

  it('throws when the root cannot be watched', () => {
    expect(() => dirTreeWatch(path.join(tmp, 'nope'), { recursive: true }, () => {})).toThrow(/ENOENT/);
  });
});
