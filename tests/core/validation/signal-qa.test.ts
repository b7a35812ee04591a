import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpegPath } from '../../../src/core/decode/ffmpeg-path.ts';
import { clippingAndDc, decodeNative, findCutoff, parseFfmpegStreamLine, readFileInfo, signalQa, silenceRatio } from '../../../src/core/validation/signal-qa.ts';
import { describeShared, sharedDir } from '../../helpers/shared-data.ts';

describe('signal QA on arrays', () => {
  const sine = (n: number, amp: number, dc = 0) => Float32Array.from({ length: n }, (_, i) => dc + amp * Math.sin(i * 0.05));

  it('counts only flat full-scale runs as clipping, and measures DC per channel', () => {
    const clean = clippingAndDc([{ samples: sine(44100, 0.999999), channels: 1, sampleRate: 44100 }]);
    expect(clean.clippingRatio).toBe(0); // peaks touch full scale once per cycle: not clipping
    const hard = sine(44100, 2).map((v) => Math.max(-1, Math.min(1, v)));
    const clipped = clippingAndDc([{ samples: hard, channels: 1, sampleRate: 44100 }]);
    expect(clipped.clippingRatio).toBeGreaterThan(0.3);
    // stereo: DC only on the right channel
    const st = new Float32Array(2 * 1000);
    for (let i = 0; i < 1000; i++) st[2 * i + 1] = 0.05;
    expect(clippingAndDc([{ samples: st, channels: 2, sampleRate: 44100 }]).dcOffset).toBeCloseTo(0.05, 6);
  });

  it("reads rate, channels and codec from ffmpeg's stream line when music-metadata cannot", () => {
    expect(parseFfmpegStreamLine('  Stream #0:0: Audio: mp3, 44100 Hz, stereo, fltp, 128 kb/s\n')).toEqual({ sampleRate: 44100, channels: 2, codec: 'mp3' });
    expect(parseFfmpegStreamLine('  Stream #0:1(eng): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, 5.1, fltp')).toEqual({ sampleRate: 48000, channels: 6, codec: 'aac' });
    expect(parseFfmpegStreamLine('no audio here')).toEqual({ sampleRate: null, channels: null, codec: null });
  });

  it('silence ratio counts frames below -60 dBFS', () => {
    expect(silenceRatio([0, 0.0005, 0.01, 0.2])).toBe(0.5);
  });

  it('finds a brick wall but not a gradual roll-off', () => {
    const wall = Float64Array.from({ length: 64 }, (_, b) => (b < 40 ? -10 - b * 0.3 : -80));
    expect(findCutoff(wall).cutoffBand).toBe(39);
    const gradual = Float64Array.from({ length: 64 }, (_, b) => -10 - b * 1.2);
    expect(findCutoff(gradual).cutoffBand).toBeNull();
  });
});

describeShared('signal QA on real files made with the bundled ffmpeg', () => {
  let dir = '';
  const ffmpeg = resolveFfmpegPath();
  const clip = () => path.join(sharedDir(), 'data', 'gtzan', 'audio', 'rock', 'rock.00001.flac');
  const qaOf = async (file: string) => {
    const info = await readFileInfo(file);
    const native = await decodeNative(ffmpeg, file, info, 0, 30);
    return signalQa({ info, native: [native], analysisRms: [0.1], analysisRate: 22050 });
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gs-qa-'));
    const ff = (...args: string[]) => execFileSync(ffmpeg, ['-nostdin', '-v', 'error', '-y', ...args]);
    ff('-i', clip(), '-af', 'volume=4', '-c:a', 'flac', path.join(dir, 'clipped.flac'));
    // the usual 128 kbps stereo MP3 (LAME lowpass ~17 kHz), decoded back into a 44.1 kHz FLAC
    ff('-i', clip(), '-ar', '44100', '-ac', '2', '-c:a', 'libmp3lame', '-b:a', '128k', path.join(dir, 'lossy.mp3'));
    ff('-i', path.join(dir, 'lossy.mp3'), '-c:a', 'flac', path.join(dir, 'from-mp3.flac'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a clean GTZAN clip is not flagged', async () => {
    const r = await qaOf(clip());
    expect(r.flags).toEqual([]);
    expect(r.qa.sampleRateHz).toBe(22050);
    expect(r.qa.channels).toBe(1);
    expect(r.qa.lossless).toBe(true);
    expect(r.qa.effectiveBandwidthHz).toBeGreaterThan(10_000);
  });

  it('a clipped file is flagged', async () => {
    const r = await qaOf(path.join(dir, 'clipped.flac'));
    expect(r.qa.clipping).toBe(true);
    expect(r.qa.clippingRatio as number).toBeGreaterThan(0.01);
    expect(r.flags.some((f) => f.startsWith('clipping'))).toBe(true);
  });

  it('an MP3 transcoded to FLAC is flagged, with its cutoff seen at the native 44.1 kHz', async () => {
    const r = await qaOf(path.join(dir, 'from-mp3.flac'));
    expect(r.qa.sampleRateHz).toBe(44100);
    expect(r.qa.qaDecodeSampleRateHz).toBe(44100);
    expect(r.qa.lossless).toBe(true);
    expect(r.qa.likelyUpsampledOrLossy).toBe(true);
    expect(r.flags.some((f) => f.startsWith('likely'))).toBe(true);
    // the lowpass sits far above the analysis decode's 11025 Hz Nyquist: only the native decode sees it
    expect(r.qa.effectiveBandwidthHz as number).toBeGreaterThan(11025);
  });
});
