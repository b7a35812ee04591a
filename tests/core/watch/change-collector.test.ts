/**
 * ChangeCollector on its own, with the event source injected (the files are real): a file that is
 * still growing after its last event is not handed on until its size and mtime hold still, events
 * for one path are coalesced, and hidden or system paths are ignored.
 */
import { EventEmitter } from 'node:events';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeCollector, isIgnoredRelative, type WatchFn } from '../../../src/core/watch/change-collector.ts';
import { makeTempDir, removeTempDir } from '../../helpers/fixtures.ts';

let tmp: string;

beforeAll(async () => {
  tmp = await makeTempDir('genrescope-collector-');
  await mkdir(path.join(tmp, 'root'));
});

afterAll(async () => {
  await removeTempDir(tmp);
});

/** A watch function whose events the test fires by hand. */
function manualWatch(): { watchFn: WatchFn; fire: (filename: string | null) => void } {
  let listener: ((event: string, filename: string | Buffer | null) => void) | null = null;
  const watchFn: WatchFn = (_root, _opts, l) => {
    listener = l;
    return Object.assign(new EventEmitter(), { close: () => {} }) as unknown as ReturnType<WatchFn>;
  };
  return { watchFn, fire: (f) => listener?.('change', f) };
}

describe('ChangeCollector', () => {
  it('waits until a growing file holds still, and coalesces events per path', async () => {
    const root = path.join(tmp, 'root');
    const file = path.join(root, 'copying.wav');
    await writeFile(file, Buffer.alloc(1000));
    const settled: { paths: string[]; at: number }[] = [];
    const c = new ChangeCollector(root, { debounceMs: 50, stableMs: 150, onSettled: (paths) => settled.push({ paths, at: Date.now() }), onError: () => {} });
    const { watchFn, fire } = manualWatch();
    c.start(watchFn);
    // One event per path, then the copy goes on silently (as on a share that reports only the create).
    for (let i = 0; i < 5; i++) fire('copying.wav');
    const t0 = Date.now();
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await appendFile(file, Buffer.alloc(1000));
    }
    const lastWrite = Date.now();
    await new Promise((r) => setTimeout(r, 600));
    c.close();
    expect(settled).toHaveLength(1);
    expect(settled[0].paths).toEqual([file]);
    expect(settled[0].at).toBeGreaterThanOrEqual(lastWrite);
    expect(lastWrite - t0).toBeGreaterThanOrEqual(500);
  });

  it('reports a deleted path once it stays gone, and the root for an event without a name', async () => {
    const root = path.join(tmp, 'root');
    const settled: string[] = [];
    const c = new ChangeCollector(root, { debounceMs: 20, stableMs: 50, onSettled: (paths) => settled.push(...paths), onError: () => {} });
    const { watchFn, fire } = manualWatch();
    c.start(watchFn);
    fire('never-existed.mp3');
    fire(null);
    fire('.hidden/x.mp3');
    fire('@eaDir/thumb.mp3');
    await new Promise((r) => setTimeout(r, 400));
    c.close();
    expect(settled.sort()).toEqual([root, path.join(root, 'never-existed.mp3')].sort());
  });

  it('knows which relative paths a library walk would skip', () => {
    expect(isIgnoredRelative('a/.git/x.mp3')).toBe(true);
    expect(isIgnoredRelative('$RECYCLE.BIN/x.mp3')).toBe(true);
    expect(isIgnoredRelative('Albums/Björk/x.mp3')).toBe(false);
  });
});

describe('ChangeCollector with folders', () => {
  it('hands on a folder only after what is inside it has settled', async () => {
    const root = path.join(tmp, 'root');
    const album = path.join(root, 'album');
    await mkdir(album);
    await writeFile(path.join(album, 'one.flac'), Buffer.alloc(100));
    const settled: { p: string; at: number }[] = [];
    const c = new ChangeCollector(root, { debounceMs: 30, stableMs: 60, onSettled: (paths) => settled.push(...paths.map((p) => ({ p, at: Date.now() }))), onError: () => {} });
    const { watchFn, fire } = manualWatch();
    c.start(watchFn);
    fire('album');
    // The file inside keeps changing for a while after the folder's only event.
    for (let i = 0; i < 8; i++) {
      fire(path.join('album', 'one.flac'));
      await appendFile(path.join(album, 'one.flac'), Buffer.alloc(100));
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 600));
    c.close();
    const file = settled.find((s) => s.p === path.join(album, 'one.flac'));
    const folder = settled.find((s) => s.p === album);
    expect(file).toBeDefined();
    expect(folder).toBeDefined();
    expect(folder!.at).toBeGreaterThanOrEqual(file!.at);
  });
});
