import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAudioPath, scanRoots } from '../../../src/core/library/scan.ts';
import type { ScanResult } from '../../../src/core/library/types.ts';
import { buildLibrary, makeTempDir, removeTempDir } from '../../helpers/fixtures.ts';
import type { LibraryTree } from '../../helpers/fixtures.ts';
import { runUnprivileged, unprivilegedAvailable } from './unprivileged.ts';

let tmp: string;
let lib: LibraryTree;
let res: ScanResult;

beforeAll(async () => {
  tmp = await makeTempDir();
  lib = await buildLibrary(tmp);
  res = await scanRoots([lib.root]);
});
afterAll(async () => {
  await removeTempDir(tmp);
});

const rel = (p: string) => path.relative(lib.root, p);

describe('scanRoots', () => {
  it('finds every audio file once, in every format, including non-ASCII paths and the inside of album.mp3/', () => {
    expect(res.files.map((f) => f.path).sort()).toEqual([...lib.expectedAudio].sort());
    expect(res.counts.files).toBe(lib.expectedAudio.length);
    const nonAscii = res.files.find((f) => f.path === lib.nonAscii);
    expect(nonAscii?.ext).toBe('flac');
    expect(nonAscii?.sizeBytes).toBeGreaterThan(1000);
    expect(res.files.every((f) => f.root === lib.root && f.mtimeMs > 0)).toBe(true);
  });

  it('does not report a folder named like a file as a track', () => {
    expect(res.files.some((f) => f.path === lib.dirNamedLikeFile)).toBe(false);
    expect(res.files.some((f) => f.path === lib.insideDirNamedLikeFile)).toBe(true);
  });

  it('skips hidden and system folders and files, with the reason', () => {
    const skipped = Object.fromEntries(res.skipped.map((s) => [rel(s.path), s.reason]));
    expect(skipped['.hidden']).toBe('hidden');
    expect(skipped['._resource.mp3']).toBe('hidden');
    expect(skipped['$RECYCLE.BIN']).toBe('system');
    expect(skipped['System Volume Information']).toBe('system');
    expect(skipped['.Trash-1000']).toBe('system');
    expect(res.counts.hidden).toBe(2);
    expect(res.counts.system).toBe(3);
    expect(res.counts.notAudio).toBe(2);
  });

  it('cuts symlink cycles and duplicate trees, and reports a symlinked file once under its own path', () => {
    const skipped = Object.fromEntries(res.skipped.map((s) => [rel(s.path), s.reason]));
    expect(skipped['loops/up']).toBe('symlink-loop');
    expect(skipped['loops/again']).toBe('symlink-loop');
    expect(skipped['linked-file.mp3']).toBe('duplicate');
    expect(new Set(res.files.map((f) => f.realPath)).size).toBe(res.files.length);
    // the 2-hour file is reached only through a symlink: reported under the link, realPath resolved
    const long = res.files.find((f) => f.path === lib.long);
    expect(long?.realPath).not.toBe(lib.long);
  });

  it('reports overlapping roots once', async () => {
    const again = await scanRoots([lib.root, path.join(lib.root, 'Artist A')]);
    expect(again.files.map((f) => f.path).sort()).toEqual(res.files.map((f) => f.path).sort());
  });

  it('gives a per-root problem for a missing root and goes on with the others', async () => {
    const missing = path.join(tmp, 'no-such-folder');
    const r = await scanRoots([missing, lib.root]);
    expect(r.problems).toEqual([expect.objectContaining({ path: missing, kind: 'root-missing' })]);
    expect(r.problems[0].message).toMatch(/no-such-folder.*ENOENT/);
    expect(r.counts.files).toBe(res.counts.files);
  });

  it('streams files through onFile and stops when aborted', async () => {
    const seen: string[] = [];
    const ac = new AbortController();
    ac.abort();
    const r = await scanRoots([lib.root], { signal: ac.signal, onFile: (f) => seen.push(f.path) });
    expect(r.aborted).toBe(true);
    expect(r.files).toEqual([]);
    const r2 = await scanRoots([lib.root], { onFile: (f) => seen.push(f.path) });
    expect(seen).toEqual(r2.files.map((f) => f.path));
  });

  it('matches extensions case-insensitively and not by substring', () => {
    expect(isAudioPath('/a/B.FLAC')).toBe(true);
    expect(isAudioPath('/a/b.aif')).toBe(true);
    expect(isAudioPath('/a/b.mp3.txt')).toBe(false);
    expect(isAudioPath('/a/mp3')).toBe(false);
  });

  it('reports an unreadable folder as a problem, not a crash (as an unprivileged user when run as root)', async () => {
    if (lib.permissionsEnforced) {
      expect(res.problems).toEqual([expect.objectContaining({ path: lib.lockedDir, kind: 'unreadable-dir' })]);
      expect(res.problems[0].message).toMatch(/permission denied \(EACCES\)/);
      return;
    }
    // Root reads a chmod 000 folder anyway (CAP_DAC_OVERRIDE): run the same scan as 'nobody'.
    if (!unprivilegedAvailable()) {
      console.warn('skipped: running as root and cannot switch to an unprivileged user');
      return;
    }
    const out = await runUnprivileged<ScanResult>('scan', lib.root);
    expect(out.problems).toEqual([expect.objectContaining({ path: lib.lockedDir, kind: 'unreadable-dir' })]);
    expect(out.problems[0].message).toMatch(/permission denied \(EACCES\)/);
    expect(out.counts.files).toBe(res.counts.files - 1);
  });
});
