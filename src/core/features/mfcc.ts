/**
 * Mel spectrogram, dB scaling and MFCCs, librosa 0.7/0.8 `feature.melspectrogram`, `power_to_db`,
 * `feature.mfcc` at their defaults: 128 Slaney mel bands (area-normalised, 0 .. sr/2) applied to the
 * power spectrogram |STFT|^2 (n_fft 2048, hop 512, centered), 10*log10(max(1e-10, S)) with ref 1 and
 * the floor top_db = 80 dB below the maximum of the WHOLE input, then DCT-II with orthonormal
 * scaling, first 20 coefficients. Layouts are frame-major: [frame][band] and [frame][coefficient].
 */
import { melFilterBank } from './filters.ts';
import type { FilterBank } from './filters.ts';

/** Sparse rows of a filter bank: each mel row is one contiguous run of nonzero weights. */
interface BankRows {
  rows: number;
  start: Int32Array;
  end: Int32Array;
  bank: FilterBank;
}

const bankCache = new Map<string, BankRows>();

function melRows(sr: number, nFft: number, nMels: number): BankRows {
  const key = `${sr}/${nFft}/${nMels}`;
  let r = bankCache.get(key);
  if (r) return r;
  const bank = melFilterBank({ sr, nFft, nMels });
  const start = new Int32Array(nMels);
  const end = new Int32Array(nMels);
  for (let m = 0; m < nMels; m++) {
    let a = 0;
    while (a < bank.cols && bank.data[m * bank.cols + a] === 0) a++;
    let b = bank.cols;
    while (b > a && bank.data[m * bank.cols + b - 1] === 0) b--;
    start[m] = a;
    end[m] = b;
  }
  r = { rows: nMels, start, end, bank };
  bankCache.set(key, r);
  return r;
}

/** Mel power spectrogram, float32 [frame][band]. */
export function melSpectrogram(S: Float32Array, nBins: number, nFrames: number, sr: number, nMels = 128): Float32Array {
  const nFft = 2 * (nBins - 1);
  const { start, end, bank } = melRows(sr, nFft, nMels);
  const out = new Float32Array(nFrames * nMels);
  const w = bank.data;
  // four frames at a time (independent sums, each in the same order as one frame alone)
  for (let t0 = 0; t0 < nFrames; t0 += 4) {
    const nt = Math.min(4, nFrames - t0);
    const o0 = t0 * nBins;
    const o1 = nt > 1 ? o0 + nBins : o0;
    const o2 = nt > 2 ? o0 + 2 * nBins : o0;
    const o3 = nt > 3 ? o0 + 3 * nBins : o0;
    for (let m = 0; m < nMels; m++) {
      const wo = m * nBins;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = start[m]; k < end[m]; k++) {
        const wk = w[wo + k];
        s0 += wk * S[o0 + k];
        s1 += wk * S[o1 + k];
        s2 += wk * S[o2 + k];
        s3 += wk * S[o3 + k];
      }
      const base = t0 * nMels + m;
      out[base] = s0;
      if (nt > 1) out[base + nMels] = s1;
      if (nt > 2) out[base + 2 * nMels] = s2;
      if (nt > 3) out[base + 3 * nMels] = s3;
    }
  }
  return out;
}

/** power_to_db(S, ref=1, amin=1e-10, top_db): the floor is relative to the maximum over all of S. */
export function powerToDb(S: Float32Array, topDb: number | null = 80, amin = 1e-10): Float32Array {
  const out = new Float32Array(S.length);
  let mx = -Infinity;
  for (let i = 0; i < S.length; i++) {
    const v = 10 * Math.log10(Math.max(amin, S[i]));
    out[i] = v;
    if (out[i] > mx) mx = out[i];
  }
  if (topDb !== null) {
    const floor = mx - topDb;
    for (let i = 0; i < out.length; i++) if (out[i] < floor) out[i] = floor;
  }
  return out;
}

const dctCache = new Map<string, Float64Array>();

/** Orthonormal DCT-II matrix [coefficient][input] (scipy.fftpack.dct type 2, norm='ortho'). */
export function dctMatrix(nOut: number, nIn: number): Float64Array {
  const key = `${nOut}/${nIn}`;
  let m = dctCache.get(key);
  if (m) return m;
  m = new Float64Array(nOut * nIn);
  for (let j = 0; j < nOut; j++) {
    const scale = j === 0 ? Math.sqrt(1 / nIn) : Math.sqrt(2 / nIn);
    for (let i = 0; i < nIn; i++) m[j * nIn + i] = scale * Math.cos((Math.PI * j * (2 * i + 1)) / (2 * nIn));
  }
  dctCache.set(key, m);
  return m;
}

/** MFCCs from a dB mel spectrogram [frame][band]; output [frame][coefficient] in float64. */
export function mfccFromMelDb(melDb: Float32Array, nMels: number, nFrames: number, nMfcc = 20): Float64Array {
  const D = dctMatrix(nMfcc, nMels);
  const out = new Float64Array(nFrames * nMfcc);
  // four frames at a time, as in melSpectrogram
  for (let t0 = 0; t0 < nFrames; t0 += 4) {
    const nt = Math.min(4, nFrames - t0);
    const o0 = t0 * nMels;
    const o1 = nt > 1 ? o0 + nMels : o0;
    const o2 = nt > 2 ? o0 + 2 * nMels : o0;
    const o3 = nt > 3 ? o0 + 3 * nMels : o0;
    for (let j = 0; j < nMfcc; j++) {
      const r = j * nMels;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let i = 0; i < nMels; i++) {
        const d = D[r + i];
        s0 += d * melDb[o0 + i];
        s1 += d * melDb[o1 + i];
        s2 += d * melDb[o2 + i];
        s3 += d * melDb[o3 + i];
      }
      const base = t0 * nMfcc + j;
      out[base] = s0;
      if (nt > 1) out[base + nMfcc] = s1;
      if (nt > 2) out[base + 2 * nMfcc] = s2;
      if (nt > 3) out[base + 3 * nMfcc] = s3;
    }
  }
  return out;
}
