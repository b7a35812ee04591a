/**
 * Bad input, each on a real file: the write is refused with a specific error code and message, the file
 * is byte-identical afterwards, and no temp file is left behind.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, utimesSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../../src/core/store/index.ts';
import { lockHolders } from '../../../src/core/tags/safe-file.ts';
import { Tagger } from '../../../src/core/tags/tagger.ts';
import type { ApplyResult, TagCandidate } from '../../../src/core/tags/tagger.ts';
import { makeAudio, makeBrokenEncodingMp3, sha256File, tempDir } from './fixtures.ts';

const tmp = tempDir();
let store: Store;
let tagger: Tagger;

beforeAll(() => {
  store = Store.openInMemory();
  tagger = new Tagger({ db: store.db, backupDir: path.join(tmp.dir, 'backups') });
});

afterAll(() => {
  store.close();
  tmp.cleanup();
});

const candidate = (p: string): TagCandidate => ({ trackId: null, path: p, label: 'jazz', confidence: 0.9, unknown: false });

function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.includes('.genrescope-'));
}

/** Preview, then `between` (the world changing), then apply; returns the single file result. */
async function previewThenApply(p: string, between: () => void = () => {}): Promise<ApplyResult['results'][number]> {
  const preview = tagger.preview([candidate(p)], { policy: 'replace', minConfidence: 0.5, taxonomy: {} });
  expect(preview.items[0].action, preview.items[0].reason ?? '').toBe('write');
  between();
  const r = await tagger.apply({ previewId: preview.previewId });
  expect(r.results).toHaveLength(1);
  expect(r.counts.failed).toBe(1);
  return r.results[0];
}

function tryMount(args: string[]): boolean {
  try {
    execFileSync('mount', args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('refusals leave the file byte-identical', () => {
  it('read-only file', async () => {
    const p = makeAudio(tmp.dir, 'mp3-v24', 'readonly', { genre: 'Rock' });
    chmodSync(p, 0o444);
    const sha = sha256File(p);
    const r = await previewThenApply(p);
    expect(r.code).toBe('READ_ONLY');
    expect(r.error).toMatch(/read-only/);
    expect(sha256File(p)).toBe(sha);
    expect(statSync(p).mode & 0o777).toBe(0o444);
    expect(leftovers(tmp.dir)).toEqual([]);
  });

  it('file changed on disk between preview and write (another tagger rewrote it)', async () => {
    const p = makeAudio(tmp.dir, 'flac', 'changed', { genre: 'Rock' });
    const other = makeAudio(tmp.dir, 'flac', 'changed-other', { genre: 'Metal' });
    const r = await previewThenApply(p, () => copyFileSync(other, p));
    expect(r.code).toBe('CHANGED_SINCE_PREVIEW');
    expect(r.error).toMatch(/preview again/);
    expect(readFileSync(p).equals(readFileSync(other))).toBe(true);
  });

  it('file changed with the same size and its mtime put back (ctime still tells)', async () => {
    const p = makeAudio(tmp.dir, 'wav', 'sneaky', { genre: 'Rock' });
    const st = statSync(p);
    const r = await previewThenApply(p, () => {
      const b = readFileSync(p);
      b[b.length - 1] ^= 0xff; // one PCM byte
      writeFileSync(p, b);
      utimesSync(p, st.atime, st.mtime);
    });
    expect(r.code).toBe('CHANGED_SINCE_PREVIEW');
  });

  it('file locked by another process (exclusive flock)', async () => {
    const p = makeAudio(tmp.dir, 'ogg', 'locked', { genre: 'Rock' });
    const sha = sha256File(p);
    let holder: ChildProcess | null = null;
    try {
      const r = await previewThenApply(p, () => {
        holder = spawn('flock', ['-x', p, 'sleep', '30'], { stdio: 'ignore' });
        const until = Date.now() + 5000;
        while (lockHolders(p).length === 0 && Date.now() < until) execFileSync('sleep', ['0.05']);
        expect(lockHolders(p)).toContain(holder.pid);
      });
      expect(r.code).toBe('FILE_LOCKED');
      expect(r.error).toMatch(/lock/);
    } finally {
      (holder as ChildProcess | null)?.kill();
    }
    expect(sha256File(p)).toBe(sha);
    expect(leftovers(tmp.dir)).toEqual([]);
  });

  it("file the OS refuses to replace because it is in use (EBUSY, Windows' sharing violation)", async (ctx) => {
    // A bind mount makes rename() over the file fail with EBUSY, as Windows does for an open file.
    const dir = path.join(tmp.dir, 'busy');
    mkdirSync(dir);
    const target = makeAudio(dir, 'm4a', 'busy', { genre: 'Rock' });
    const source = makeAudio(tmp.dir, 'm4a', 'busy-source', { genre: 'Rock' });
    const shaTarget = sha256File(target);
    const shaSource = sha256File(source);
    if (!tryMount(['--bind', source, target])) {
      ctx.skip('bind mounts need root (CAP_SYS_ADMIN); see docs/tagging.md');
      return;
    }
    try {
      const r = await previewThenApply(target);
      expect(r.code).toBe('FILE_LOCKED');
      expect(r.error).toMatch(/busy|in use/);
    } finally {
      execFileSync('umount', [target]);
    }
    expect(sha256File(target)).toBe(shaTarget);
    expect(sha256File(source)).toBe(shaSource);
    expect(leftovers(dir)).toEqual([]);
  });

  it('disk full (small tmpfs)', async (ctx) => {
    const dir = path.join(tmp.dir, 'full');
    mkdirSync(dir);
    if (!tryMount(['-t', 'tmpfs', '-o', 'size=300k', 'tmpfs', dir])) {
      ctx.skip('mounting a tmpfs needs root; see docs/tagging.md');
      return;
    }
    try {
      const src = makeAudio(tmp.dir, 'wav', 'full-src', { genre: 'Rock' }); // ~176 KB: no room for a second copy
      const p = path.join(dir, 'full.wav');
      copyFileSync(src, p);
      const sha = sha256File(p);
      const r = await previewThenApply(p);
      expect(r.code).toBe('DISK_FULL');
      expect(r.error).toMatch(/disk full/);
      expect(sha256File(p)).toBe(sha);
      expect(leftovers(dir)).toEqual([]);
    } finally {
      execFileSync('umount', [dir]);
    }
  });
});

describe('files that are never written', () => {
  it('unsupported container (raw ADTS AAC) gets a clear reason in the preview', async () => {
    const p = makeAudio(tmp.dir, 'aac-adts', 'adts', { genre: 'Rock' });
    const sha = sha256File(p);
    const preview = tagger.preview([candidate(p)], { policy: 'replace', minConfidence: 0.5, taxonomy: {} });
    expect(preview.items[0]).toMatchObject({ action: 'skip', code: 'UNSUPPORTED_CONTAINER' });
    expect(preview.items[0].reason).toMatch(/unsupported container.*supported: MP3, FLAC/);
    const r = await tagger.apply({ previewId: preview.previewId });
    expect(r.counts).toEqual({ ok: 0, failed: 0, skipped: 1 });
    expect(sha256File(p)).toBe(sha);
  });

  it('a renamed file is judged by its content, not its name', () => {
    const flac = makeAudio(tmp.dir, 'flac', 'really-flac');
    const renamed = path.join(tmp.dir, 'really-flac.mp3');
    copyFileSync(flac, renamed);
    const preview = tagger.preview([candidate(renamed)], { policy: 'replace', minConfidence: 0.5, taxonomy: {} });
    expect(preview.items[0]).toMatchObject({ action: 'write', container: 'flac' });
  });

  it('existing tags with a broken text encoding', async () => {
    const p = makeBrokenEncodingMp3(tmp.dir, 'broken');
    const sha = sha256File(p);
    const preview = tagger.preview([candidate(p)], { policy: 'replace', minConfidence: 0.5, taxonomy: {} });
    expect(preview.items[0]).toMatchObject({ action: 'skip', code: 'BROKEN_TAGS' });
    expect(preview.items[0].reason).toMatch(/not valid in its declared encoding/);
    await tagger.apply({ previewId: preview.previewId });
    expect(sha256File(p)).toBe(sha);
  });

  it('missing file', () => {
    const preview = tagger.preview([candidate(path.join(tmp.dir, 'nope.mp3'))], { policy: 'replace', minConfidence: 0.5, taxonomy: {} });
    expect(preview.items[0]).toMatchObject({ action: 'skip', code: 'NOT_FOUND' });
  });
});
