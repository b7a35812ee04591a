/**
 * Frequency conversions and filter banks, librosa 0.7/0.8 (`filters.mel`, `filters.chroma`,
 * `hz_to_mel`, `mel_to_hz`, `fft_frequencies`). Units: Hz, mels (Slaney by default, HTK optional).
 * Banks are row-major [band][bin] over bins 0..nFft/2, stored as float32 like librosa's.
 */
export interface FilterBank {
  /** rows x cols, row-major */
  data: Float32Array;
  rows: number;
  cols: number;
}

/** numpy.linspace(start, stop, num) with numpy's rounding: k * step + start, last = stop. */
export function linspace(start: number, stop: number, num: number, endpoint = true): Float64Array {
  const out = new Float64Array(num);
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  for (let k = 0; k < num; k++) out[k] = k * step + start;
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}

/** Centre frequency of each STFT bin: linspace(0, sr/2, 1 + nFft/2). */
export function fftFrequencies(sr: number, nFft: number): Float64Array {
  return linspace(0, sr / 2, 1 + (nFft >> 1));
}

const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOGSTEP = Math.log(6.4) / 27;

export function hzToMel(f: number, htk = false): number {
  if (htk) return 2595 * Math.log10(1 + f / 700);
  if (f >= MIN_LOG_HZ) return MIN_LOG_MEL + Math.log(f / MIN_LOG_HZ) / LOGSTEP;
  return f / F_SP;
}

export function melToHz(m: number, htk = false): number {
  if (htk) return 700 * (Math.pow(10, m / 2595) - 1);
  if (m >= MIN_LOG_MEL) return MIN_LOG_HZ * Math.exp(LOGSTEP * (m - MIN_LOG_MEL));
  return F_SP * m;
}

export function melFrequencies(nMels: number, fmin: number, fmax: number, htk = false): Float64Array {
  const mels = linspace(hzToMel(fmin, htk), hzToMel(fmax, htk), nMels);
  return mels.map((m) => melToHz(m, htk));
}

export interface MelOptions {
  sr: number;
  nFft: number;
  nMels?: number;
  fmin?: number;
  fmax?: number;
  htk?: boolean;
  /** 'slaney': area normalisation (librosa norm=1 / 'slaney'); null: peak 1. */
  norm?: 'slaney' | null;
}

/** librosa.filters.mel: triangular filters on the mel scale, Slaney area-normalised. */
export function melFilterBank(opts: MelOptions): FilterBank {
  const nMels = opts.nMels ?? 128;
  const fmin = opts.fmin ?? 0;
  const fmax = opts.fmax ?? opts.sr / 2;
  const htk = opts.htk ?? false;
  const norm = opts.norm === undefined ? 'slaney' : opts.norm;
  const freqs = fftFrequencies(opts.sr, opts.nFft);
  const cols = freqs.length;
  const melF = melFrequencies(nMels + 2, fmin, fmax, htk);
  const data = new Float32Array(nMels * cols);
  for (let i = 0; i < nMels; i++) {
    const fd0 = melF[i + 1] - melF[i];
    const fd1 = melF[i + 2] - melF[i + 1];
    const enorm = norm === 'slaney' ? 2 / (melF[i + 2] - melF[i]) : 1;
    for (let k = 0; k < cols; k++) {
      const lower = -(melF[i] - freqs[k]) / fd0;
      const upper = (melF[i + 2] - freqs[k]) / fd1;
      // librosa stores the ramp in float32 first, then scales it (in float64) and stores again
      const w = Math.fround(Math.max(0, Math.min(lower, upper)));
      data[i * cols + k] = w * enorm;
    }
  }
  return { data, rows: nMels, cols };
}

export interface ChromaOptions {
  sr: number;
  nFft: number;
  nChroma?: number;
  /** Reference pitch; default 440 * 2^(tuning / nChroma). */
  a440?: number;
  /** Tuning deviation in fractions of a chroma bin (estimateTuning's output). */
  tuning?: number;
  ctroct?: number;
  /** Width of the Gaussian octave weighting, null for none. */
  octwidth?: number | null;
  /** Column norm of the Gaussian bumps before octave weighting (2 by default), null for none. */
  norm?: number | null;
  /** Start at C (librosa default) instead of A. */
  baseC?: boolean;
}

/** librosa.filters.chroma (Ellis' fft2chromamx): Gaussian bumps per chroma bin over log frequency. */
export function chromaFilterBank(opts: ChromaOptions): FilterBank {
  const { sr, nFft } = opts;
  const nChroma = opts.nChroma ?? 12;
  const a440 = opts.a440 ?? 440 * Math.pow(2, (opts.tuning ?? 0) / nChroma);
  const ctroct = opts.ctroct ?? 5;
  const octwidth = opts.octwidth === undefined ? 2 : opts.octwidth;
  const norm = opts.norm === undefined ? 2 : opts.norm;
  const baseC = opts.baseC ?? true;
  // frequencies 1..nFft-1 of linspace(0, sr, nFft, endpoint=False); bin 0 gets a fake value
  const freqs = linspace(0, sr, nFft, false);
  const frq = new Float64Array(nFft);
  for (let k = 1; k < nFft; k++) frq[k] = nChroma * Math.log2(freqs[k] / (a440 / 16));
  frq[0] = frq[1] - 1.5 * nChroma;
  const bw = new Float64Array(nFft);
  for (let k = 0; k < nFft - 1; k++) bw[k] = Math.max(frq[k + 1] - frq[k], 1);
  bw[nFft - 1] = 1;
  const half = Math.round(nChroma / 2);
  const w = new Float64Array(nChroma * nFft);
  for (let c = 0; c < nChroma; c++) {
    for (let k = 0; k < nFft; k++) {
      const v = frq[k] - c + half + 10 * nChroma;
      // numpy.remainder: result has the sign of the divisor
      let r = v % nChroma;
      if (r !== 0 && r < 0) r += nChroma;
      const d = r - half;
      const z = (2 * d) / bw[k];
      w[c * nFft + k] = Math.exp(-0.5 * z * z);
    }
  }
  if (norm !== null) {
    for (let k = 0; k < nFft; k++) {
      let s = 0;
      for (let c = 0; c < nChroma; c++) s += Math.pow(Math.abs(w[c * nFft + k]), norm);
      let len = Math.pow(s, 1 / norm);
      if (len < 2.2250738585072014e-308) len = 1;
      for (let c = 0; c < nChroma; c++) w[c * nFft + k] /= len;
    }
  }
  if (octwidth !== null) {
    for (let k = 0; k < nFft; k++) {
      const z = (frq[k] / nChroma - ctroct) / octwidth;
      const g = Math.exp(-0.5 * z * z);
      for (let c = 0; c < nChroma; c++) w[c * nFft + k] *= g;
    }
  }
  const cols = 1 + (nFft >> 1);
  const shift = baseC ? 3 * Math.floor(nChroma / 12) : 0;
  const data = new Float32Array(nChroma * cols);
  for (let c = 0; c < nChroma; c++) {
    const src = (c + shift) % nChroma; // np.roll(wts, -shift, axis=0)
    for (let k = 0; k < cols; k++) data[c * cols + k] = w[src * nFft + k];
  }
  return { data, rows: nChroma, cols };
}
