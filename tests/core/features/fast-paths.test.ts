/**
 * The extractor's speed-ups must give exactly what the straightforward computations give: each test
 * compares a fast path with a plain reference written here (brute force, or the same function on
 * one frame at a time), bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { chromaStft } from '../../../src/core/features/chroma.ts';
import { medianFilterRows, medianFilterStrided } from '../../../src/core/features/median-filter.ts';
import { melSpectrogram, mfccFromMelDb } from '../../../src/core/features/mfcc.ts';
import { spectralBandwidth, spectralCentroid, spectralCentroidBandwidth, spectralRolloff } from '../../../src/core/features/spectral.ts';
import { magnitude, makeWindow, padSignal, power, stft, windowSumSquare } from '../../../src/core/features/stft.ts';
import { rms, rmsOfPadded, zeroCrossingRate } from '../../../src/core/features/time-domain.ts';
import { rng } from '../../helpers/rng.ts';


function bruteMedian(line: ArrayLike<number>, width: number): number[] {
  const n = line.length;
  const h = width >> 1;
  const out: number[] = [];
  for (let c = 0; c < n; c++) {
    const win: number[] = [];
    for (let d = -h; d <= h; d++) {
      // scipy 'reflect': mirror including the edge sample, period 2n
      let j = (((c + d) % (2 * n)) + 2 * n) % (2 * n);
      if (j >= n) j = 2 * n - 1 - j;
      win.push(line[j]);
    }
    win.sort((a, b) => a - b);
    out.push(win[h]);
  }
  return out;
}

describe('median filter on int32 keys', () => {
  it('handles negative values, -0, infinities and every odd width like a brute-force median', () => {
    const r = rng(3);
    for (const width of [1, 3, 7, 31]) {
      for (const cols of [1, 2, 5, 16, 40, 97]) {
        const rows = 3;
        const src = Float32Array.from({ length: rows * cols }, (_, i) => {
          const u = r();
          if (i % 17 === 3) return -0;
          if (i % 29 === 5) return -Infinity;
          if (i % 31 === 7) return Infinity;
          return u < 0.3 ? -Math.exp(10 * u - 5) : u < 0.5 ? Math.floor(u * 8) / 4 : Math.exp(20 * u - 10);
        });
        const got = medianFilterRows(src, rows, cols, width);
        for (let rr = 0; rr < rows; rr++) {
          const want = bruteMedian(src.subarray(rr * cols, (rr + 1) * cols), width);
          // toEqual tells -0 from +0: with ties the bit pattern may be either zero, so compare values
          for (let c = 0; c < cols; c++) expect(got[rr * cols + c] === want[c], `w${width} c${cols} [${rr},${c}]`).toBe(true);
        }
      }
    }
  });

  it('filters strided lines in place (out = src)', () => {
    const r = rng(9);
    const lines = 5;
    const cols = 50;
    const m = Float32Array.from({ length: lines * cols }, () => r());
    const want = medianFilterRows(m, lines, cols, 31);
    const strided = new Float32Array(lines * cols);
    for (let i = 0; i < lines; i++) for (let c = 0; c < cols; c++) strided[c * lines + i] = m[i * cols + c];
    medianFilterStrided(strided, lines, cols, 1, lines, 31, strided);
    for (let i = 0; i < lines; i++) for (let c = 0; c < cols; c++) expect(strided[c * lines + i]).toBe(want[i * cols + c]);
  });
});

describe('window sum-square', () => {
  it('equals the full frame-by-frame float32 accumulation', () => {
    for (const [nFft, hop, nFrames] of [
      [2048, 512, 1293],
      [2048, 512, 130],
      [2048, 512, 7],
      [2048, 512, 1],
      [16, 4, 40],
      [16, 3, 40],
      [8, 8, 5],
    ]) {
      const win = makeWindow('hann', nFft, true);
      const n = nFft + hop * (nFrames - 1);
      const want = new Float32Array(n);
      for (let t = 0; t < nFrames; t++) for (let i = 0; i < nFft; i++) want[t * hop + i] += win[i] * win[i];
      const got = windowSumSquare(win, nFrames, hop, n, new Float32Array(n).fill(7));
      let differ = 0;
      for (let i = 0; i < n; i++) if (got[i] !== want[i]) differ++;
      expect(got.length).toBe(n);
      expect(differ, `${nFft}/${hop}/${nFrames}`).toBe(0);
    }
  });
});

describe('time-domain features without padded copies', () => {
  it('zero-crossing rate equals counting on the edge-padded signal', () => {
    const r = rng(21);
    const signals: ArrayLike<number>[] = [
      Float32Array.from({ length: 5000 }, (_, i) => (i % 13 === 0 ? -5e-11 : r() - 0.5)),
      // float64 values near the threshold: rounded to float32 first, as the padded copy did
      Array.from({ length: 700 }, (_, i) => (i % 3 === 0 ? -1.00000001e-10 : i % 3 === 1 ? 0.25 : -0.3)),
      [0.5, -0.2, 3, -1, 2, 2, -5],
    ];
    for (const y of signals) {
      for (const [frameLength, hop] of [[2048, 512], [256, 64], [300, 7], [4, 1], [2, 1]]) {
        const x = padSignal(y, frameLength >> 1, 'edge');
        const thr = -Math.fround(1e-10);
        const n = 1 + Math.floor((x.length - frameLength) / hop);
        const want: number[] = [];
        for (let t = 0; t < n; t++) {
          let c = 0;
          for (let i = t * hop + 1; i < t * hop + frameLength; i++) if (x[i] < thr !== x[i - 1] < thr) c++;
          want.push(c / frameLength);
        }
        expect(Array.from(zeroCrossingRate(y, frameLength, hop)), `${y.length} ${frameLength}/${hop}`).toEqual(want);
      }
    }
  });

  it('rms (four frames at a time) equals the per-frame root mean square', () => {
    const r = rng(4);
    const y = Float32Array.from({ length: 9000 }, () => r() - 0.5);
    const x = padSignal(y, 1024, 'reflect');
    const got = rms(y, 2048, 512);
    expect(Array.from(rmsOfPadded(x, got.length, 2048, 512))).toEqual(Array.from(got));
    for (let t = 0; t < got.length; t++) {
      let acc = 0;
      for (let i = 0; i < 2048; i++) acc += x[t * 512 + i] * x[t * 512 + i];
      expect(got[t]).toBe(Math.sqrt(acc / 2048));
    }
  });
});

describe('frame-grouped spectral computations', () => {
  const r = rng(77);
  const nBins = 1025;
  // 11 frames: full groups of four (eight for chroma) and a partial group of three
  const y = Float32Array.from({ length: 10 * 512 }, (_, i) => Math.sin(i * 0.05) * 0.3 + (r() - 0.5) * 0.1);
  const D = stft(y);
  const nFrames = D.nFrames;
  const mag = magnitude(D);
  const pow = power(mag);
  const frame = (a: Float32Array, t: number, w: number) => a.slice(t * w, (t + 1) * w);

  it('stft (two frames per complex FFT) matches a direct DFT of each windowed frame', () => {
    const nFft = 64;
    const hop = 16;
    const sig = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i * 0.3) + 0.1 * (r() - 0.5));
    const X = stft(sig, { nFft, hop, center: false });
    expect(X.nFrames % 2).toBe(1);
    const win = makeWindow('hann', nFft, true);
    for (let t = 0; t < X.nFrames; t++) {
      for (let k = 0; k <= nFft / 2; k++) {
        let sr = 0;
        let si = 0;
        for (let i = 0; i < nFft; i++) {
          const v = win[i] * sig[t * hop + i];
          sr += v * Math.cos((2 * Math.PI * k * i) / nFft);
          si -= v * Math.sin((2 * Math.PI * k * i) / nFft);
        }
        expect(Math.abs(X.re[t * X.nBins + k] - sr)).toBeLessThan(1e-5);
        expect(Math.abs(X.im[t * X.nBins + k] - si)).toBeLessThan(1e-5);
      }
    }
  });

  it('stft fills magnitude and power exactly as magnitude() and power()', () => {
    const m = new Float32Array(mag.length);
    const p = new Float32Array(mag.length);
    const both = stft(y, {}, { re: new Float32Array(mag.length), im: new Float32Array(mag.length), mag: m, pow: p });
    expect(Array.from(both.re)).toEqual(Array.from(D.re));
    expect(Array.from(m)).toEqual(Array.from(mag));
    expect(Array.from(p)).toEqual(Array.from(pow));
  });

  it('chroma, mel and MFCC of many frames equal those of each frame alone', () => {
    expect(nFrames % 4).not.toBe(0);
    const chroma = chromaStft(pow, nBins, nFrames, 22050, 0.03).data;
    const mel = melSpectrogram(pow, nBins, nFrames, 22050);
    const mf = mfccFromMelDb(mel, 128, nFrames, 20);
    for (let t = 0; t < nFrames; t++) {
      const p1 = frame(pow, t, nBins);
      expect(Array.from(chromaStft(p1, nBins, 1, 22050, 0.03).data)).toEqual(Array.from(frame(chroma, t, 12)));
      const m1 = melSpectrogram(p1, nBins, 1, 22050);
      expect(Array.from(m1)).toEqual(Array.from(frame(mel, t, 128)));
      expect(Array.from(mfccFromMelDb(m1, 128, 1, 20))).toEqual(Array.from(mf.slice(t * 20, (t + 1) * 20)));
    }
  });

  it('centroid, bandwidth and rolloff equal the one-frame-at-a-time versions', () => {
    const freqs = Float64Array.from({ length: nBins }, (_, k) => (k * 22050) / 2048);
    const S = { data: mag, nBins, nFrames };
    const cb = spectralCentroidBandwidth(S, freqs);
    expect(Array.from(cb.centroid)).toEqual(Array.from(spectralCentroid(S, freqs)));
    expect(Array.from(cb.bandwidth)).toEqual(Array.from(spectralBandwidth(S, freqs)));
    const roll = spectralRolloff(S, freqs, 0.85);
    for (let t = 0; t < nFrames; t++) {
      let acc = 0;
      const cs: number[] = [];
      for (let k = 0; k < nBins; k++) cs.push((acc = Math.fround(acc + mag[t * nBins + k])));
      const thr = Math.fround(Math.fround(0.85) * acc);
      expect(roll[t]).toBe(freqs[cs.findIndex((v) => v >= thr)]);
    }
  });
});
