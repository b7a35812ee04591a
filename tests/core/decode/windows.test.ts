import { copyFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FfmpegDecoder } from '../../../src/core/decode/ffmpeg-decoder.ts';
import { decodeTrackWindows, decodeWindows, planAnalysisWindows } from '../../../src/core/decode/windows.ts';
import { DecodeError, UsageError } from '../../../src/core/errors.ts';
import { SAMPLE_RATE } from '../../../src/core/features/columns.ts';
import { scanRoots } from '../../../src/core/library/scan.ts';
import { buildLibrary, getFixtures, makeTempDir, removeTempDir } from '../../helpers/fixtures.ts';
import type { Fixtures, LibraryTree } from '../../helpers/fixtures.ts';
import { runUnprivileged, unprivilegedAvailable } from '../library/unprivileged.ts';

let fx: Fixtures;
let tmp: string;
let lib: LibraryTree;
const decoder = new FfmpegDecoder();

beforeAll(async () => {
  fx = await getFixtures();
  tmp = await makeTempDir();
  lib = await buildLibrary(tmp);
});
afterAll(async () => {
  await removeTempDir(tmp);
});

function rms(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / x.length);
}

async function decodeError(p: Promise<unknown>): Promise<DecodeError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DecodeError);
  return err as DecodeError;
}

describe('planAnalysisWindows', () => {
  it('centres count windows in equal segments of the track', () => {
    expect(planAnalysisWindows(180)).toEqual([
      { index: 0, startSec: 15, durationSec: 30 },
      { index: 1, startSec: 75, durationSec: 30 },
      { index: 2, startSec: 135, durationSec: 30 },
    ]);
    const long = planAnalysisWindows(7200, { count: 4, lengthSec: 10 });
    expect(long.map((w) => w.startSec)).toEqual([895, 2695, 4495, 6295]);
  });

  it('uses fewer windows when the track has no room for count of them, never overlapping', () => {
    expect(planAnalysisWindows(75)).toEqual([
      { index: 0, startSec: 3.75, durationSec: 30 },
      { index: 1, startSec: 41.25, durationSec: 30 },
    ]);
    for (const d of [30.5, 59, 61, 89.9, 90, 91, 1000]) {
      const w = planAnalysisWindows(d);
      for (let i = 0; i < w.length; i++) {
        expect(w[i].startSec).toBeGreaterThanOrEqual(0);
        expect(w[i].startSec + w[i].durationSec).toBeLessThanOrEqual(d + 1e-9);
        if (i > 0) expect(w[i].startSec).toBeGreaterThanOrEqual(w[i - 1].startSec + w[i - 1].durationSec);
      }
    }
  });

  it('takes the whole file when it is no longer than one window, and the start when the duration is unknown', () => {
    expect(planAnalysisWindows(12.5)).toEqual([{ index: 0, startSec: 0, durationSec: 12.5 }]);
    for (const d of [null, 0, NaN, Infinity, -3]) expect(planAnalysisWindows(d, { lengthSec: 20 })).toEqual([{ index: 0, startSec: 0, durationSec: 20 }]);
  });

  it('rejects nonsense options', () => {
    expect(() => planAnalysisWindows(100, { count: 0 })).toThrow(UsageError);
    expect(() => planAnalysisWindows(100, { lengthSec: -1 })).toThrow(UsageError);
    expect(() => planAnalysisWindows(100, { count: 1.5 })).toThrow(UsageError);
  });
});

describe('decodeWindows', () => {
  it('costs the same for a 2-hour file as for a 100-s one: exactly the window samples are decoded', async () => {
    const opts = { count: 3, lengthSec: 10 };
    const long = await decodeTrackWindows(decoder, fx.long.path, fx.long.durationSec, opts);
    const medium = await decodeTrackWindows(decoder, fx.medium.path, 100, opts);
    const n = 10 * SAMPLE_RATE;
    expect(long.windows.map((w) => w.samples.length)).toEqual([n, n, n]);
    expect(medium.windows.map((w) => w.samples.length)).toEqual([n, n, n]);
    expect(long.windows.map((w) => w.startSec)).toEqual(planAnalysisWindows(fx.long.durationSec, opts).map((w) => w.startSec));
    expect(long.notes).toEqual([]);
    // the windows hold audio (the long fixture's 300 Hz sine at amplitude 1/8: RMS 0.088), not silence
    for (const w of long.windows) expect(rms(w.samples)).toBeGreaterThan(0.07);
  });

  it('decodes every format, the 8-channel 96 kHz file and a non-ASCII path to mono 22050 Hz', async () => {
    for (const f of [...Object.values(fx.formats), fx.multichannel]) {
      const r = await decodeTrackWindows(decoder, f!.path, f!.durationSec, { lengthSec: 30 });
      expect(r.windows, f!.path).toHaveLength(1);
      expect(Math.abs(r.windows[0].samples.length - f!.durationSec * SAMPLE_RATE), f!.path).toBeLessThan(0.05 * SAMPLE_RATE);
    }
    const na = await decodeTrackWindows(decoder, lib.nonAscii, 5);
    expect(na.windows[0].samples.length).toBe(5 * SAMPLE_RATE);
  });

  it('falls back to the first window when the duration is unknown, and says so', async () => {
    const r = await decodeTrackWindows(decoder, fx.medium.path, null, { lengthSec: 8 });
    expect(r.durationKnown).toBe(false);
    expect(r.windows.map((w) => [w.startSec, w.samples.length])).toEqual([[0, 8 * SAMPLE_RATE]]);
    expect(r.notes[0]).toMatch(/duration unknown/);
  });

  it('keeps what a truncated MP3 holds and notes the shortfall', async () => {
    const r = await decodeTrackWindows(decoder, fx.bad.truncatedMp3, fx.bad.truncatedMp3ClaimedSec, { count: 3, lengthSec: 5 });
    expect(r.windows.length).toBeGreaterThanOrEqual(1);
    expect(r.windows.length).toBeLessThan(3);
    expect(r.notes.join('\n')).toMatch(/past the real end|ends early/);
  });

  it('gives each bad input a clear error that keeps ffmpeg\'s message', async () => {
    const zero = await decodeError(decodeTrackWindows(decoder, fx.bad.zeroByte, null));
    expect([zero.code, zero.path]).toEqual(['FILE_EMPTY', fx.bad.zeroByte]);
    const text = await decodeError(decodeTrackWindows(decoder, fx.bad.textAsMp3, null));
    expect(text.code).toBe('DECODE_FAILED');
    expect(text.message).toMatch(/ffmpeg could not decode: .*(Invalid|frame|header)/i);
    const header = await decodeError(decodeTrackWindows(decoder, fx.bad.wavHeaderOnly, null));
    expect(header.code).toBe('DECODE_EMPTY');
    const dir = await decodeError(decodeTrackWindows(decoder, lib.dirNamedLikeFile, 10));
    expect(dir.code).toBe('NOT_A_FILE');
  });

  it('reports a file deleted between scan and decode as not found', async () => {
    const scanned = await scanRoots([lib.root]);
    const victim = scanned.files.find((f) => f.path === lib.toDelete);
    expect(victim).toBeDefined();
    await rm(lib.toDelete);
    const err = await decodeError(decodeTrackWindows(decoder, victim!.path, 5));
    expect(err.code).toBe('FILE_NOT_FOUND');
    expect(err.message).toMatch(/moved or deleted/);
    // and ffmpeg's own wording survives when the file vanishes after the check
    const raw = await decodeError(decoder.decode(victim!.path, { durationSec: 1 }));
    expect(raw.message).toMatch(/No such file or directory/);
  });

  it('enforces the per-file time budget', async () => {
    const err = await decodeError(decodeWindows(decoder, fx.long.path, planAnalysisWindows(fx.long.durationSec), { timeoutMs: 1 }));
    expect(err.code).toBe('DECODE_TIMEOUT');
  });

  it('aborts a decode whose output exceeds the cap', async () => {
    const err = await decodeError(decoder.decode(fx.medium.path, { maxSamples: SAMPLE_RATE }));
    expect(err.code).toBe('DECODE_TOO_LARGE');
    const plan = await decodeError(decodeWindows(decoder, fx.medium.path, [{ index: 0, startSec: 0, durationSec: 60 }], { maxSamplesPerWindow: 30 * SAMPLE_RATE }));
    expect(plan.code).toBe('DECODE_TOO_LARGE');
  });

  it('is cancelled by its signal', async () => {
    const ac = new AbortController();
    ac.abort();
    const err = await decodeError(decodeTrackWindows(decoder, fx.medium.path, 100, { signal: ac.signal }));
    expect(err.code).toBe('DECODE_CANCELLED');
  });

  it('says permission denied for an unreadable file (as an unprivileged user when run as root)', async () => {
    if (lib.permissionsEnforced) {
      expect((await decodeError(decodeTrackWindows(decoder, lib.unreadableFile, 6))).message).toMatch(/Permission denied/i);
      return;
    }
    if (!unprivilegedAvailable()) return console.warn('skipped: root without a way to drop privileges');
    const copy = path.join(tmp, 'readable.mp3');
    await copyFile(fx.formats.mp3!.path, copy);
    expect(await runUnprivileged<number>('decode', copy)).toBe(1);
    const r = await runUnprivileged<{ error?: { name: string; message: string } }>('decode', lib.unreadableFile);
    expect(r.error?.name).toBe('DecodeError');
    expect(r.error?.message).toMatch(/Permission denied/i);
  });
});
