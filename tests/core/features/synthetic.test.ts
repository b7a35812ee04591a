/** Unit tests of the feature extractor on synthetic signals with known answers. */
import { describe, expect, it } from 'vitest';
import { FeatureError } from '../../../src/core/errors.ts';
import { FEATURE_COLUMNS, SAMPLE_RATE } from '../../../src/core/features/columns.ts';
import { extractFeatures, MIN_SAMPLES } from '../../../src/core/features/extract.ts';
import { fftFrequencies } from '../../../src/core/features/filters.ts';
import { frameData } from '../../../src/core/features/frames.ts';
import { medianFilterRows, medianFilterRowsSimple, medianFilterStrided } from '../../../src/core/features/median-filter.ts';
import { spectralCentroid } from '../../../src/core/features/spectral.ts';
import { istft, magnitude, stft } from '../../../src/core/features/stft.ts';
import { planWindows } from '../../../src/core/features/windows.ts';
import { rng } from '../../helpers/rng.ts';

const sr = SAMPLE_RATE;

function sine(freq: number, seconds: number, amp = 0.5): Float32Array {
  const y = new Float32Array(Math.round(seconds * sr));
  for (let i = 0; i < y.length; i++) y[i] = amp * Math.sin((2 * Math.PI * freq * i) / sr);
  return y;
}


describe('stft / istft', () => {
  it('round-trips a signal through the centered STFT', () => {
    const r = rng(7);
    const y = Float32Array.from({ length: 10_000 }, () => r() - 0.5);
    const back = istft(stft(y), { hop: 512, length: y.length });
    // librosa 0.7/0.8: the last frame ends before the signal does, so the tail past
    // (nFrames - 1) * hop is zero-filled by fix_length
    const covered = 512 * Math.floor(y.length / 512);
    let worst = 0;
    for (let i = 0; i < covered; i++) worst = Math.max(worst, Math.abs(back[i] - y[i]));
    expect(worst).toBeLessThan(1e-6);
    for (let i = covered; i < y.length; i++) expect(back[i]).toBe(0);
  });

  it('puts a bin-centred sine in its bin', () => {
    const k = 100;
    const y = sine((k * sr) / 2048, 1);
    const s = stft(y);
    const mag = magnitude(s);
    const t = 10;
    let best = 0;
    for (let b = 0; b < s.nBins; b++) if (mag[t * s.nBins + b] > mag[t * s.nBins + best]) best = b;
    expect(best).toBe(k);
  });
});

describe('spectral centroid', () => {
  it('sits at the frequency of a pure tone', () => {
    for (const f of [440, 1000, 3000]) {
      const s = stft(sine(f, 1));
      const cent = spectralCentroid({ data: magnitude(s), nBins: s.nBins, nFrames: s.nFrames }, fftFrequencies(sr, 2048));
      const mid = cent[Math.floor(cent.length / 2)];
      expect(Math.abs(mid - f) / f).toBeLessThan(0.02);
    }
  });
});

describe('median filter', () => {
  it('matches the sorted-window version and a brute-force median, ties included', () => {
    const r = rng(11);
    for (const [rows, cols] of [[3, 200], [2, 31], [4, 5], [1, 1]]) {
      // few distinct values so ties are frequent
      const src = Float32Array.from({ length: rows * cols }, () => Math.floor(r() * 7) / 4);
      const fast = medianFilterRows(src, rows, cols, 31);
      const simple = medianFilterRowsSimple(src, rows, cols, 31);
      expect(Array.from(fast)).toEqual(Array.from(simple));
      for (let rr = 0; rr < rows; rr++) {
        for (let c = 0; c < cols; c++) {
          const win: number[] = [];
          for (let d = -15; d <= 15; d++) {
            // scipy 'reflect': mirror including the edge sample, period 2*cols
            let j = (((c + d) % (2 * cols)) + 2 * cols) % (2 * cols);
            if (j >= cols) j = 2 * cols - 1 - j;
            win.push(src[rr * cols + j]);
          }
          win.sort((a, b) => a - b);
          expect(fast[rr * cols + c]).toBe(win[15]);
        }
      }
    }
  });

  it('filters strided lines (columns of a row-major matrix) like rows of its transpose', () => {
    const r = rng(5);
    const rows = 37; // lines
    const cols = 90; // samples per line
    const m = Float32Array.from({ length: rows * cols }, () => r());
    // column-major copy: line r's samples sit `rows` apart
    const strided = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let c = 0; c < cols; c++) strided[c * rows + i] = m[i * cols + c];
    const got = medianFilterStrided(strided, rows, cols, 1, rows, 31);
    const want = medianFilterRows(m, rows, cols, 31);
    for (let i = 0; i < rows; i++) for (let c = 0; c < cols; c++) expect(got[c * rows + i]).toBe(want[i * cols + c]);
  });
});

describe('extractFeatures', () => {
  it('gives all 57 finite columns for a tone, with centroid and tempo in range', () => {
    const y = sine(1000, 5, 0.3);
    const f = extractFeatures(y);
    for (const c of FEATURE_COLUMNS) expect(Number.isFinite(f[c]), c).toBe(true);
    expect(Math.abs(f.spectral_centroid_mean - 1000)).toBeLessThan(30);
    expect(f.rms_mean).toBeGreaterThan(0.2);
    expect(f.rms_mean).toBeLessThan(0.22);
    expect(Math.abs(f.zero_crossing_rate_mean - 2000 / sr) / (2000 / sr)).toBeLessThan(0.01);
  });

  it('handles silence and the shortest accepted input without NaN', () => {
    const silent = extractFeatures(new Float32Array(3 * sr));
    for (const c of FEATURE_COLUMNS) expect(Number.isFinite(silent[c]), c).toBe(true);
    expect([silent.rms_mean, silent.spectral_centroid_mean, silent.harmony_var, silent.zero_crossing_rate_mean]).toEqual([0, 0, 0, 0]);
    const r = rng(9);
    const shortest = extractFeatures(Float32Array.from({ length: MIN_SAMPLES }, () => r() - 0.5));
    for (const c of FEATURE_COLUMNS) expect(Number.isFinite(shortest[c]), c).toBe(true);
  });

  it('finds 120 BPM in a click track', () => {
    const y = new Float32Array(20 * sr);
    const period = Math.round((60 / 120) * sr);
    for (let s = 0; s < y.length; s += period) for (let i = 0; i < 200 && s + i < y.length; i++) y[s + i] = Math.exp(-i / 30) * (i % 2 ? 0.8 : -0.8);
    const { tempo } = extractFeatures(y);
    expect(Math.abs(tempo - 120) / 120).toBeLessThan(0.05);
  });

  it('gives the same answer again after other inputs reused its scratch buffers', () => {
    const r = rng(3);
    const a = Float32Array.from({ length: 3 * sr }, (_, i) => 0.3 * Math.sin(i / 9) + 0.1 * (r() - 0.5));
    const b = Float32Array.from({ length: 5 * sr }, () => r() - 0.5);
    const first = extractFeatures(a);
    extractFeatures(b);
    extractFeatures(a.subarray(0, 2 * sr));
    expect(extractFeatures(a)).toEqual(first);
  });

  it('fills per-stage timings', () => {
    const timings: Record<string, number> = {};
    extractFeatures(sine(440, 3), { timings });
    expect(Object.keys(timings).sort()).toEqual(['chroma', 'hpss', 'mfcc', 'other', 'stft', 'tempo']);
  });

  it('rejects input that is too short with a FeatureError naming the length', () => {
    expect(() => extractFeatures(new Float32Array(MIN_SAMPLES - 1))).toThrow(FeatureError);
    expect(() => extractFeatures(new Float32Array(100))).toThrow(/too short.*100 samples/);
  });

  it('rejects non-finite samples', () => {
    const y = sine(440, 1);
    y[500] = Number.NaN;
    expect(() => extractFeatures(y)).toThrow(/non-finite sample .* index 500/);
  });

  it('frameData shapes agree', () => {
    const fd = frameData(sine(440, 2));
    expect(fd.nFrames).toBe(1 + Math.floor((2 * sr) / 512));
    expect(fd.magnitudeDb.length).toBe(fd.nFrames * fd.nBins);
    expect(fd.melDb.length).toBe(fd.nFrames * 128);
    expect(fd.perFrame.rolloff.length).toBe(fd.nFrames);
    expect(fd.timesSec[1]).toBeCloseTo(512 / sr, 9);
  });
});

describe('planWindows', () => {
  it('cuts 3-s segments exactly like the Kaggle table', () => {
    expect(planWindows(661794, '3s').length).toBe(10);
    expect(planWindows(661500, '3s').length).toBe(9);
    const w = planWindows(661794, '3s')[3];
    expect([w.start, w.end]).toEqual([3 * 66150, 3 * 66150 + 66149]);
  });

  it('auto: one window up to 31 s, then 30-s windows plus a tail window', () => {
    expect(planWindows(661794, 'auto')).toHaveLength(1);
    const long = planWindows(100 * sr, 'auto');
    expect(long.map((w) => w.startSec)).toEqual([0, 30, 60, 70]);
    expect(long.every((w) => w.end - w.start === 30 * sr)).toBe(true);
    expect(planWindows(65 * sr, 'auto').map((w) => w.startSec)).toEqual([0, 30]);
  });
});
