import { appendFile, copyFile, open, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetadataError } from '../../../src/core/errors.ts';
import { readTrackMeta } from '../../../src/core/library/metadata.ts';
import { QUICK_HASH_CHUNK, quickHash } from '../../../src/core/library/quick-hash.ts';
import type { TrackMeta } from '../../../src/core/library/types.ts';
import { FIXTURE_TAGS, FORMAT_SECONDS, buildLibrary, getFixtures, makeTempDir, removeTempDir } from '../../helpers/fixtures.ts';
import type { Fixtures, FormatName, LibraryTree } from '../../helpers/fixtures.ts';
import { runUnprivileged, unprivilegedAvailable } from './unprivileged.ts';

let fx: Fixtures;
let tmp: string;
let lib: LibraryTree;

beforeAll(async () => {
  fx = await getFixtures();
  tmp = await makeTempDir();
  lib = await buildLibrary(tmp);
});
afterAll(async () => {
  await removeTempDir(tmp);
});

async function metaError(p: string): Promise<MetadataError> {
  const err = await readTrackMeta(p).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MetadataError);
  return err as MetadataError;
}

const CODECS: Record<FormatName, RegExp> = {
  mp3: /MPEG 1 Layer 3/,
  flac: /^FLAC$/,
  ogg: /Vorbis/,
  opus: /^Opus$/,
  'm4a-aac': /AAC/,
  'm4a-alac': /^ALAC$/,
  wav: /^PCM$/,
  aiff: /^PCM$/,
  wma: /Windows Media Audio/,
  wv: /PCM|WavPack/,
};

describe('readTrackMeta', () => {
  it('reads tags and stream info of every generated format', async () => {
    expect(fx.skippedFormats).toEqual([]);
    for (const [name, f] of Object.entries(fx.formats) as [FormatName, NonNullable<Fixtures['formats'][FormatName]>][]) {
      const m = await readTrackMeta(f.path);
      expect({ name, title: m.title, artist: m.artist, album: m.album, genre: m.genre }).toEqual({ name, title: f.title, artist: FIXTURE_TAGS.artist, album: FIXTURE_TAGS.album, genre: [FIXTURE_TAGS.genre] });
      expect(m.durationSec, name).toBeGreaterThan(FORMAT_SECONDS - 0.1);
      expect(m.durationSec, name).toBeLessThan(FORMAT_SECONDS + 0.1);
      expect(m.sampleRate, name).toBe(f.sampleRate);
      expect(m.channels, name).toBe(2);
      expect(m.codec, name).toMatch(CODECS[name]);
      expect(m.container, name).toBeTruthy();
    }
  });

  it('reads the 8-channel 96 kHz file, the 2-hour file and a non-ASCII path', async () => {
    const mc = await readTrackMeta(fx.multichannel.path);
    expect([mc.channels, mc.sampleRate, mc.durationSec]).toEqual([8, 96000, 4]);
    const long = await readTrackMeta(fx.long.path);
    expect(long.durationSec).toBeCloseTo(fx.long.durationSec, 0);
    expect(long.durationSec).toBeGreaterThan(7199);
    const na = await readTrackMeta(lib.nonAscii);
    expect(na.title).toBe('Jóga 🎶');
  });

  it('gives each bad input its own clear error', async () => {
    const zero = await metaError(fx.bad.zeroByte);
    expect([zero.code, zero.path]).toEqual(['FILE_EMPTY', fx.bad.zeroByte]);
    expect(zero.message).toMatch(/empty \(0 bytes\)/);
    const text = await metaError(fx.bad.textAsMp3);
    expect(text.code).toBe('META_NO_AUDIO');
    expect(text.message).toMatch(/no audio stream/);
    const missing = await metaError(path.join(tmp, 'nope.flac'));
    expect(missing.code).toBe('FILE_NOT_FOUND');
    const dir = await metaError(lib.dirNamedLikeFile);
    expect(dir.code).toBe('NOT_A_FILE');
    expect(dir.message).toMatch(/directory/);
  });

  it('reports what a header-only WAV and a truncated MP3 claim (decode finds out the rest)', async () => {
    const header: TrackMeta = await readTrackMeta(fx.bad.wavHeaderOnly);
    expect(header.durationSec).toBeNull();
    expect(header.codec).toBe('PCM');
    const trunc = await readTrackMeta(fx.bad.truncatedMp3);
    expect(trunc.durationSec).toBeCloseTo(fx.bad.truncatedMp3ClaimedSec, 0);
  });

  it('gives FILE_UNREADABLE for a chmod 000 file (as an unprivileged user when run as root)', async () => {
    if (lib.permissionsEnforced) {
      expect((await metaError(lib.unreadableFile)).code).toBe('FILE_UNREADABLE');
      return;
    }
    if (!unprivilegedAvailable()) return console.warn('skipped: root without a way to drop privileges');
    const meta = await runUnprivileged<{ error?: { name: string; code: string; message: string } }>('meta', lib.unreadableFile);
    expect(meta.error).toEqual({ name: 'MetadataError', code: 'FILE_UNREADABLE', message: expect.stringMatching(/permission denied/) });
    const hash = await runUnprivileged<{ error?: { code: string } }>('hash', lib.unreadableFile);
    expect(hash.error?.code).toBe('FILE_UNREADABLE');
    // and a readable file works in the same child, so the failure above is the permission, not the setup
    expect(await runUnprivileged<string>('hash', lib.nonAscii)).toBe(await quickHash(lib.nonAscii));
  });
});

describe('quickHash', () => {
  it('follows content, not name or mtime', async () => {
    const src = lib.formatFiles.flac!;
    const h = await quickHash(src);
    expect(h).toMatch(/^q1:[0-9a-f]{64}$/);
    const moved = path.join(tmp, 'renamed elsewhere.flac');
    await rename(src, moved);
    await utimes(moved, new Date(), new Date(2001, 0, 1));
    expect(await quickHash(moved)).toBe(h);
    await rename(moved, src);
    const copy = path.join(tmp, 'copy.flac');
    await copyFile(src, copy);
    await appendFile(copy, Buffer.from([0]));
    expect(await quickHash(copy)).not.toBe(h);
    await rm(copy);
  });

  it('reads only start, middle and end: a byte changed there changes it, one elsewhere does not', async () => {
    const copy = path.join(tmp, 'medium-copy.mp3');
    await copyFile(fx.medium.path, copy);
    const size = (await stat(copy)).size;
    expect(size).toBeGreaterThan(4 * QUICK_HASH_CHUNK);
    const h = await quickHash(copy);
    const flip = async (offset: number) => {
      const fh = await open(copy, 'r+');
      const b = Buffer.alloc(1);
      await fh.read(b, 0, 1, offset);
      b[0] ^= 0xff;
      await fh.write(b, 0, 1, offset);
      await fh.close();
    };
    await flip(Math.floor(size / 4));
    expect(await quickHash(copy)).toBe(h);
    await flip(Math.floor(size / 2));
    expect(await quickHash(copy)).not.toBe(h);
    await rm(copy);
  });

  it('fails per file with a clear error', async () => {
    await expect(quickHash(path.join(tmp, 'gone.mp3'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(quickHash(lib.dirNamedLikeFile)).rejects.toMatchObject({ name: 'MetadataError' });
    expect(await quickHash(fx.bad.zeroByte)).toMatch(/^q1:/);
  });
});
