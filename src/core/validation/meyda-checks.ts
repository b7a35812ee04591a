/**
 * Check (c): the engine's per-frame features against meyda 5 (an independent JS implementation) on
 * the same frames. Units: frames of nFft samples every hop, center=True; rms/zcr/centroid/spread in
 * the engine's units (amplitude, crossings per sample, Hz, Hz).
 *
 * Alignment (meyda's conventions differ from librosa's; each is undone here, never in the engine):
 *  - meyda is a global singleton: bufferSize and sampleRate are set before the first extract (it
 *    caches filter banks by size) and restored afterwards.
 *  - meyda's windowingFunction applies to every feature, rms and zcr included, and its 'hanning' is
 *    the symmetric window; so windowing is 'rect' and the frames are prepared here: raw
 *    reflect-padded frames for rms, raw edge-padded frames for zcr (librosa pads zcr with the edge
 *    value), frames times the engine's periodic Hann for the spectral features.
 *  - zcr: meyda counts sign changes (x >= 0 vs x < 0) over N-1 pairs; librosa first zeroes
 *    |x| <= 1e-10 and divides by N. Samples that small are zeroed before meyda, its count / N.
 *  - centroid and spread: meyda returns bin indices over bins 0..N/2-1 (its amplitude spectrum has no
 *    Nyquist bin). The Nyquist magnitude is added back from meyda's own complex spectrum, then
 *    indices are multiplied by sr / N. Spread = sqrt(mu2 - mu1^2) is librosa's bandwidth with p=2.
 *  - rolloff: meyda's threshold is fixed at 99% (librosa's is 85%) and its Hz scale is
 *    (n+1) * sr / (2 (N/2 - 1)), not k * sr / N. So meyda's value is turned back into a bin index and
 *    compared with a 99% rolloff computed by meyda's rule on the ENGINE's magnitude spectrum
 *    (bins 0..N/2-1): this checks the engine's spectrum, not the engine's 85% rolloff feature.
 *  - flatness: meyda uses magnitudes (not power) over bins 0..N/2-1; the engine has no flatness
 *    feature, so it is computed by that formula on the engine's magnitude spectrum (spectrum check).
 *  - not compared: MFCC (meyda: HTK-like 1125*ln(1+f/700) mel scale, filter edges floored to bins, no
 *    area normalisation, log(x+1) instead of power_to_db with a clip-wide 80 dB floor, unscaled DCT);
 *    no parameter of meyda reproduces librosa's, so any agreement would be by construction.
 *
 * `featureOffset` adds a constant to an engine feature before comparing: 0 in reports; the tests use
 * it to prove a shifted feature fails.
 */
import { createRequire } from 'node:module';
import type { Spectrum } from '../features/stft.ts';
import { DEFAULT_COMPARE_FRAMES } from './fft-checks.ts';
import { frameAt, hannWindow, padSignal } from './framing.ts';
import { maxOf, pearson } from './stats.ts';
import { check, type Check } from './types.ts';

// Not named `require`: electron-vite puts its own top-level `require` shim into every ESM chunk.
const requireCjs = createRequire(import.meta.url);

interface MeydaComplex {
  real: ArrayLike<number>;
  imag: ArrayLike<number>;
}

interface MeydaLike {
  bufferSize: number;
  sampleRate: number;
  windowingFunction: string;
  extract(features: string[], signal: ArrayLike<number>): Record<string, unknown>;
}

let meydaInstance: MeydaLike | null = null;
function meyda(): MeydaLike {
  meydaInstance ??= requireCjs('meyda') as MeydaLike;
  return meydaInstance;
}

export const ALIGNED_FEATURES = ['rms', 'zcr', 'centroid', 'spread', 'rolloff99', 'flatness'] as const;
export type AlignedFeature = (typeof ALIGNED_FEATURES)[number];

export interface EngineFrameFeatures {
  rms: ArrayLike<number>;
  zcr: ArrayLike<number>;
  centroid: ArrayLike<number>;
  bandwidth: ArrayLike<number>;
  /** the engine's complex spectrum of the same window (rolloff99 and flatness are computed on it) */
  spectrum: Spectrum;
}

export interface MeydaCompareOptions {
  sampleRate: number;
  nFft: number;
  hop: number;
  /** frames compared per window, evenly spaced (meyda costs ~0.4 ms a frame) */
  maxFrames?: number;
  featureOffset?: Partial<Record<AlignedFeature, number>>;
}

export type FeaturePairs = Record<AlignedFeature, { engine: number[]; meyda: number[] }>;

export function emptyPairs(): FeaturePairs {
  const p = {} as FeaturePairs;
  for (const f of ALIGNED_FEATURES) p[f] = { engine: [], meyda: [] };
  return p;
}

export function mergePairs(parts: readonly FeaturePairs[]): FeaturePairs {
  const out = emptyPairs();
  for (const part of parts) for (const f of ALIGNED_FEATURES) {
    out[f].engine.push(...part[f].engine);
    out[f].meyda.push(...part[f].meyda);
  }
  return out;
}

export function compareWithMeyda(y: ArrayLike<number>, eng: EngineFrameFeatures, opts: MeydaCompareOptions): FeaturePairs {
  const { sampleRate: sr } = opts;
  const m = meyda();
  const saved = { bufferSize: m.bufferSize, sampleRate: m.sampleRate, windowingFunction: m.windowingFunction };
  m.bufferSize = opts.nFft;
  m.sampleRate = sr;
  m.windowingFunction = 'rect';
  try {
    return compare(m, y, eng, opts);
  } finally {
    m.bufferSize = saved.bufferSize;
    m.sampleRate = saved.sampleRate;
    m.windowingFunction = saved.windowingFunction;
  }
}

function compare(m: MeydaLike, y: ArrayLike<number>, eng: EngineFrameFeatures, opts: MeydaCompareOptions): FeaturePairs {
  const { sampleRate: sr, nFft, hop } = opts;
  const off = opts.featureOffset ?? {};
  const half = nFft >> 1;
  const nBins = half + 1;
  const binHz = sr / nFft;
  const meydaRolloffHz = sr / (2 * (half - 1));
  const nFrames = eng.spectrum.nFrames;
  const reflect = padSignal(y, half, 'reflect');
  const edge = padSignal(y, half, 'edge');
  const win = hannWindow(nFft, true);
  const pairs = emptyPairs();
  const maxFrames = opts.maxFrames ?? DEFAULT_COMPARE_FRAMES;
  const step = Math.max(1, nFrames / maxFrames);
  const windowed = new Float64Array(nFft);
  const add = (f: AlignedFeature, e: number, v: number) => {
    pairs[f].engine.push(e + (off[f] ?? 0));
    pairs[f].meyda.push(v);
  };
  for (let x = 0; x < nFrames; x += step) {
    const t = Math.floor(x);
    const rawR = frameAt(reflect, t, nFft, hop);
    // Away from the padding both frames are the same samples: one meyda call (one FFT) serves both,
    // unless some sample needs librosa's |x| <= 1e-10 zeroing for zcr.
    const interior = t * hop >= half && t * hop + nFft <= half + y.length;
    let tiny = false;
    for (let i = 0; i < nFft && !tiny; i++) tiny = rawR[i] !== 0 && Math.abs(rawR[i]) <= 1e-10;
    if (interior && !tiny) {
      const out = m.extract(['rms', 'zcr'], rawR);
      add('rms', eng.rms[t], out.rms as number);
      add('zcr', eng.zcr[t], (out.zcr as number) / nFft);
    } else {
      const rawE = frameAt(edge, t, nFft, hop);
      for (let i = 0; i < nFft; i++) if (Math.abs(rawE[i]) <= 1e-10) rawE[i] = 0;
      add('rms', eng.rms[t], m.extract(['rms'], rawR).rms as number);
      add('zcr', eng.zcr[t], (m.extract(['zcr'], rawE).zcr as number) / nFft);
    }

    for (let i = 0; i < nFft; i++) windowed[i] = rawR[i] * win[i];
    const sp = m.extract(['amplitudeSpectrum', 'complexSpectrum', 'spectralCentroid', 'spectralSpread', 'spectralRolloff', 'spectralFlatness'], windowed);
    const amp = sp.amplitudeSpectrum as ArrayLike<number>;
    let sumA = 0;
    for (let k = 0; k < half; k++) sumA += amp[k];
    if (!(sumA > 0)) continue; // silent frame: centroid etc. are 0/0 in meyda, nothing to compare
    const cx = sp.complexSpectrum as MeydaComplex;
    const aNyq = Math.hypot(cx.real[half], cx.imag[half]);
    const mu1 = sp.spectralCentroid as number;
    const spread = sp.spectralSpread as number;
    const mu2 = spread * spread + mu1 * mu1;
    const tot = sumA + aNyq;
    const mu1n = (mu1 * sumA + half * aNyq) / tot;
    const mu2n = (mu2 * sumA + half * half * aNyq) / tot;
    add('centroid', eng.centroid[t], mu1n * binHz);
    add('spread', eng.bandwidth[t], Math.sqrt(Math.max(0, mu2n - mu1n * mu1n)) * binHz);

    // engine magnitudes over bins 0..N/2-1 for the spectrum-level comparisons
    const o = t * nBins;
    let total = 0;
    let logSum = 0;
    const mag = new Float64Array(half);
    for (let k = 0; k < half; k++) {
      const a = Math.fround(Math.hypot(eng.spectrum.re[o + k], eng.spectrum.im[o + k]));
      mag[k] = a;
      total += a;
      logSum += Math.log(a);
    }
    const thr = 0.99 * total;
    let cum = 0;
    let bin = half;
    for (let k = 0; k < half; k++) {
      cum += mag[k];
      if (cum > thr) {
        bin = k;
        break;
      }
    }
    const meydaBin = Math.round((sp.spectralRolloff as number) / meydaRolloffHz);
    add('rolloff99', bin * binHz, meydaBin * binHz);
    add('flatness', total > 0 ? (Math.exp(logSum / half) * half) / total : 0, sp.spectralFlatness as number);
  }
  return pairs;
}

interface Rule {
  label: string;
  minR: number;
  /** 'rel': max |e-m| / max(|m|, floor); 'bins': max |e-m| in STFT bins */
  errKind: 'rel' | 'bins';
  maxErr: number;
  meaning: string;
}

const RULES: Record<AlignedFeature, Rule> = {
  rms: { label: 'rms', minR: 0.99999, errKind: 'rel', maxErr: 1e-6, meaning: 'Frame rms (reflect-padded frames, no window) matches meyda to float rounding.' },
  zcr: { label: 'zero-crossing rate', minR: 0.99999, errKind: 'rel', maxErr: 1e-9, meaning: 'Zero crossings per sample (edge-padded frames, |x| <= 1e-10 as zero) match meyda exactly.' },
  centroid: { label: 'spectral centroid', minR: 0.99999, errKind: 'rel', maxErr: 1e-6, meaning: "The centroid in Hz equals meyda's (bin index x sr/N, Nyquist bin restored) on Hann-windowed frames." },
  spread: { label: 'spectral bandwidth / spread', minR: 0.99999, errKind: 'rel', maxErr: 1e-6, meaning: "The engine's bandwidth (p=2) equals meyda's spread converted to Hz." },
  rolloff99: { label: 'rolloff 99% of engine spectrum', minR: 0.999, errKind: 'bins', maxErr: 1, meaning: "The engine spectrum's 99% rolloff lands within one bin of meyda's (meyda has no 85% rolloff)." },
  flatness: { label: 'flatness of engine spectrum', minR: 0.9999, errKind: 'rel', maxErr: 1e-5, meaning: "Geometric over arithmetic mean of the engine's magnitudes equals meyda's flatness: sensitive to errors in quiet bins." },
};

export function meydaChecks(pairs: FeaturePairs, sampleRate: number, nFft: number): Check[] {
  const out: Check[] = [];
  for (const f of ALIGNED_FEATURES) {
    const rule = RULES[f];
    const { engine, meyda: ref } = pairs[f];
    const n = engine.length;
    if (n === 0) {
      // Only spectral features skip frames (digital silence has no centroid): nothing to compare is
      // not a disagreement. Both entries say so rather than pass silently.
      const why = `Not applicable: every compared frame is digital silence, so meyda's ${rule.label} is 0/0.`;
      out.push(check('features', `meyda ${rule.label}: Pearson r (0 frames)`, null, `>= ${rule.minR}`, true, why));
      out.push(check('features', `meyda ${rule.label}: max ${rule.errKind === 'bins' ? 'error (bins)' : 'relative error'}`, null, rule.maxErr, true, why));
      continue;
    }
    const r = pearson(engine, ref);
    out.push(check('features', `meyda ${rule.label}: Pearson r (${n} frames)`, r, `>= ${rule.minR}`, r >= rule.minR, rule.meaning));
    let err: number;
    let threshold: number | string;
    if (rule.errKind === 'bins') {
      const binHz = sampleRate / nFft;
      err = n ? maxOf(engine.map((e, i) => Math.abs(e - ref[i]) / binHz)) : NaN;
      threshold = rule.maxErr;
      out.push(check('features', `meyda ${rule.label}: max error (bins)`, err, threshold, err <= rule.maxErr, rule.meaning));
    } else {
      const peak = n ? maxOf(ref.map(Math.abs)) : 0;
      const floor = Math.max(peak * 1e-6, f === 'zcr' ? 1 / nFft : 1e-12);
      err = n ? maxRel(engine, ref, floor) : NaN;
      threshold = rule.maxErr;
      out.push(check('features', `meyda ${rule.label}: max relative error`, err, threshold, err <= rule.maxErr, rule.meaning));
    }
  }
  return out;
}

function maxRel(a: readonly number[], b: readonly number[], floor: number): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const r = Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor);
    if (!(r <= m)) m = r;
  }
  return m;
}
