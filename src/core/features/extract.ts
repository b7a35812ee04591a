/**
 * The 57 GTZAN columns for one window of audio, reproducing the Kaggle `features_30_sec.csv` /
 * `features_3_sec.csv` (librosa 0.7/0.8 defaults; see docs/features.md and ../shared/FEATURES.md).
 * Input: mono float32 at 22050 Hz, full scale 1. One centered STFT (n_fft 2048, hop 512, periodic
 * Hann, reflect padding) feeds chroma, spectral shape, MFCC, HPSS and the onset envelope.
 * Every *_mean / *_var is the mean / population variance over frames (or samples for harmony and
 * perceptr).
 */
import { FeatureError } from '../errors.ts';
import { FEATURE_COLUMNS, SAMPLE_RATE } from './columns.ts';
import type { FeatureVector } from './columns.ts';
import { chromaStft } from './chroma.ts';
import { fftFrequencies } from './filters.ts';
import { hpss } from './hpss.ts';
import { melSpectrogram, mfccFromMelDb, powerToDb } from './mfcc.ts';
import { spectralCentroidBandwidth, spectralRolloff } from './spectral.ts';
import { meanVar } from './stats.ts';
import { padSignal, stft } from './stft.ts';
import { onsetStrengthMedian, tempoFromOnset } from './tempo.ts';
import { rmsOfPadded, zeroCrossingRate } from './time-domain.ts';
import { Workspace } from './workspace.ts';

export const N_FFT = 2048;
export const HOP = 512;
export const N_MELS = 128;
export const N_MFCC = 20;
/** Shortest input accepted: one full analysis frame. */
export const MIN_SAMPLES = N_FFT;

export type FeatureStage = 'stft' | 'chroma' | 'hpss' | 'tempo' | 'mfcc' | 'other';

export interface ExtractOptions {
  /** Filled with milliseconds spent per stage (added to existing values). */
  timings?: Partial<Record<FeatureStage, number>>;
  /** Clock for `timings` in ms (default performance.now; the benchmark passes CPU time). */
  clock?: () => number;
}

/**
 * Scratch buffers shared by successive calls (see workspace.ts): ~42 MB kept after a 30-s window.
 * Windows longer than SHARED_MAX_SAMPLES get throw-away buffers so that one long window does not
 * pin hundreds of MB for the life of the process.
 */
const sharedWorkspace = new Workspace();
const SHARED_MAX_SAMPLES = 35 * SAMPLE_RATE;

/** Frees the extractor's scratch buffers (they are reallocated on the next call). */
export function releaseFeatureBuffers(): void {
  sharedWorkspace.clear();
}

export function validateSignal(y: Float32Array): void {
  if (!(y instanceof Float32Array)) throw new FeatureError('audio must be a Float32Array of mono samples at 22050 Hz');
  if (y.length < MIN_SAMPLES) {
    throw new FeatureError(`audio too short for feature extraction: ${y.length} samples (${(y.length / SAMPLE_RATE).toFixed(3)} s); at least ${MIN_SAMPLES} samples are needed`);
  }
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) throw new FeatureError(`audio has a non-finite sample (${y[i]}) at index ${i}`);
  }
}

export function extractFeatures(y: Float32Array, opts: ExtractOptions = {}): FeatureVector {
  validateSignal(y);
  const timings = opts.timings;
  const clock = opts.clock ?? (() => performance.now());
  let t0 = timings ? clock() : 0;
  const lap = (stage: FeatureStage) => {
    if (!timings) return;
    const t1 = clock();
    timings[stage] = (timings[stage] ?? 0) + (t1 - t0);
    t0 = t1;
  };
  const sr = SAMPLE_RATE;
  const out: Partial<FeatureVector> = {};
  const put = (prefix: string, v: ArrayLike<number>) => {
    const mv = meanVar(v);
    out[`${prefix}_mean` as keyof FeatureVector] = mv.mean;
    out[`${prefix}_var` as keyof FeatureVector] = mv.var;
  };

  const ws = y.length <= SHARED_MAX_SAMPLES ? sharedWorkspace : new Workspace();
  const nBins = N_FFT / 2 + 1;
  const size = nBins * (1 + Math.floor(y.length / HOP));
  const mag = ws.float32('mag', size);
  const pow = ws.float32('pow', size);
  // the reflect-padded signal is shared by the STFT (framed without centering) and rms
  const padded = padSignal(y, N_FFT >> 1, 'reflect', ws.float32('padded', y.length + N_FFT));
  const D = stft(padded, { nFft: N_FFT, hop: HOP, center: false }, { re: ws.float32('stft.re', size), im: ws.float32('stft.im', size), mag, pow });
  const { nFrames } = D;
  lap('stft');

  put('chroma_stft', chromaStft(pow, nBins, nFrames, sr).data);
  lap('chroma');

  const freqs = fftFrequencies(sr, N_FFT);
  const S = { data: mag, nBins, nFrames };
  const shape = spectralCentroidBandwidth(S, freqs);
  put('rms', rmsOfPadded(padded, nFrames, N_FFT, HOP));
  put('spectral_centroid', shape.centroid);
  put('spectral_bandwidth', shape.bandwidth);
  put('rolloff', spectralRolloff(S, freqs, 0.85));
  put('zero_crossing_rate', zeroCrossingRate(y, N_FFT, HOP));
  lap('other');

  const melDb = powerToDb(melSpectrogram(pow, nBins, nFrames, sr, N_MELS), 80);
  const mf = mfccFromMelDb(melDb, N_MELS, nFrames, N_MFCC);
  const coef = new Float64Array(nFrames);
  for (let j = 0; j < N_MFCC; j++) {
    for (let t = 0; t < nFrames; t++) coef[t] = mf[t * N_MFCC + j];
    put(`mfcc${j + 1}`, coef);
  }
  lap('mfcc');

  const { harmonic, percussive } = hpss(D, mag, y.length, 31, ws);
  put('harmony', harmonic);
  put('perceptr', percussive);
  lap('hpss');

  out.tempo = tempoFromOnset(onsetStrengthMedian(melDb, N_MELS, nFrames, N_FFT, HOP), { sr, hop: HOP });
  lap('tempo');

  for (const c of FEATURE_COLUMNS) {
    if (typeof out[c] !== 'number') throw new FeatureError(`internal error: column ${c} was not computed`);
  }
  return out as FeatureVector;
}
