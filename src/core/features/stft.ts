/**
 * Short-time Fourier transform and its inverse, librosa 0.7/0.8 conventions.
 *
 * Units: input samples in [-1, 1); output complex spectrum (no scaling), bins 0..nFft/2 at
 * k * sr / nFft Hz. Defaults: nFft 2048, hop 512, periodic Hann window of length nFft, center=true
 * with `reflect` padding of nFft/2 on each side (librosa <= 0.8; 0.9 switched to zeros).
 * Frames are windowed in float64 and transformed in float64; the result is stored as float32
 * (librosa's complex64), which matters for the rolloff and tuning decisions downstream.
 * Layout is frame-major: value of (frame t, bin k) at index t * nBins + k.
 */
import { FeatureError } from '../errors.ts';
import { fftPlan, packTwoHermitianConj } from './fft.ts';

export type PadMode = 'reflect' | 'constant' | 'edge';
export type WindowType = 'hann' | 'hamming' | 'rect';

export interface StftOptions {
  nFft?: number;
  hop?: number;
  center?: boolean;
  padMode?: PadMode;
  window?: WindowType;
  /** true: scipy get_window(fftbins=True) (DFT-even); false: symmetric. */
  periodic?: boolean;
}

export interface Spectrum {
  re: Float32Array;
  im: Float32Array;
  nBins: number;
  nFrames: number;
}

export interface IstftOptions {
  hop?: number;
  center?: boolean;
  window?: WindowType;
  periodic?: boolean;
  /** Output length (zero-padded or cut, librosa util.fix_length); default: natural length. */
  length?: number;
  /** Scratch for the overlap-add buffers (see workspace.ts); the results are then views into it. */
  scratch?: { ya: Float32Array; yb: Float32Array; wss: Float32Array };
}

/**
 * scipy.signal.get_window for the cosine windows: general_cosine evaluated on
 * linspace(-pi, pi, M) (M = n + 1 and the last point dropped when periodic).
 */
export function makeWindow(type: WindowType, n: number, periodic = true): Float64Array {
  const w = new Float64Array(n);
  if (type === 'rect') return w.fill(1);
  const a0 = type === 'hann' ? 0.5 : 0.54;
  const a1 = 1 - a0;
  const m = periodic ? n + 1 : n;
  if (m === 1) return w.fill(1);
  const step = (2 * Math.PI) / (m - 1);
  for (let k = 0; k < n; k++) {
    const fac = k === m - 1 ? Math.PI : k * step - Math.PI;
    w[k] = a0 + a1 * Math.cos(fac);
  }
  return w;
}

/** Index into a signal of length n for position i outside [0, n) under a numpy pad mode. */
function padIndex(i: number, n: number, mode: PadMode): number {
  if (i >= 0 && i < n) return i;
  if (mode === 'constant') return -1;
  if (mode === 'edge' || n === 1) return i < 0 ? 0 : n - 1;
  // reflect without repeating the edge sample; period 2(n-1)
  const p = 2 * (n - 1);
  let j = ((i % p) + p) % p;
  if (j >= n) j = p - j;
  return j;
}

/**
 * y padded by `pad` samples on both sides (numpy.pad with the given mode), as float32; into `into`
 * (at least n + 2 pad long; the result is a view of it) when given.
 */
export function padSignal(y: ArrayLike<number>, pad: number, mode: PadMode, into?: Float32Array): Float32Array {
  const n = y.length;
  const out = into ? into.subarray(0, n + 2 * pad) : new Float32Array(n + 2 * pad);
  if (y instanceof Float32Array) out.set(y, pad);
  else for (let i = 0; i < n; i++) out[pad + i] = y[i];
  for (let i = 0; i < pad; i++) {
    const l = padIndex(i - pad, n, mode);
    const r = padIndex(n + i, n, mode);
    out[i] = l < 0 ? 0 : y[l];
    out[pad + n + i] = r < 0 ? 0 : y[r];
  }
  return out;
}

export function frameCount(nSamples: number, nFft: number, hop: number, center: boolean): number {
  const len = center ? nSamples + 2 * (nFft >> 1) : nSamples;
  return len < nFft ? 0 : 1 + Math.floor((len - nFft) / hop);
}

/**
 * `out`: optional destination arrays of at least nFrames * nBins values (see workspace.ts); with
 * `mag` (and `pow`) the magnitude (and power) are filled in the same pass, with exactly the values
 * magnitude() and power() give.
 */
export function stft(
  y: ArrayLike<number>,
  opts: StftOptions = {},
  out?: { re: Float32Array; im: Float32Array; mag?: Float32Array; pow?: Float32Array },
): Spectrum {
  const nFft = opts.nFft ?? 2048;
  const hop = opts.hop ?? 512;
  const center = opts.center ?? true;
  const padMode = opts.padMode ?? 'reflect';
  const win = makeWindow(opts.window ?? 'hann', nFft, opts.periodic ?? true);
  const nBins = (nFft >> 1) + 1;
  if (center && padMode === 'reflect' && y.length <= nFft >> 1) {
    throw new FeatureError(`signal of ${y.length} samples is too short for reflect padding of ${nFft >> 1}`);
  }
  const x = center ? padSignal(y, nFft >> 1, padMode) : y;
  const nFrames = frameCount(y.length, nFft, hop, center);
  if (nFrames < 1) throw new FeatureError(`signal of ${y.length} samples is shorter than one frame of ${nFft}`);
  const plan = fftPlan(nFft);
  const buf = new Float64Array(2 * nFft);
  const spec = new Float64Array(2 * nFft);
  const size = nFrames * nBins;
  const re = out ? out.re.subarray(0, size) : new Float32Array(size);
  const im = out ? out.im.subarray(0, size) : new Float32Array(size);
  const mag = out?.mag?.subarray(0, size) ?? new Float32Array(0);
  const pow = out?.pow?.subarray(0, size) ?? new Float32Array(0);
  const withMag = mag.length > 0;
  const withPow = pow.length > 0;
  // Two frames per complex FFT (fft.js: ~14 us for 2048 complex points against ~10 us for one real
  // frame): frame t in the real part, t + 1 in the imaginary part, split with the Hermitian symmetry.
  for (let t = 0; t < nFrames; t += 2) {
    const two = t + 1 < nFrames;
    const sa = t * hop;
    const sb = two ? sa + hop : sa;
    for (let i = 0; i < nFft; i++) {
      buf[2 * i] = win[i] * x[sa + i];
      buf[2 * i + 1] = two ? win[i] * x[sb + i] : 0;
    }
    plan.forward(buf, spec);
    const oa = t * nBins;
    // the second frame of an odd tail is computed (zeros) but not stored
    const ob = two ? oa + nBins : oa;
    for (let k = 0; k < nBins; k++) {
      const j = k === 0 ? 0 : nFft - k;
      const zr = spec[2 * k], zi = spec[2 * k + 1], wr = spec[2 * j], wi = spec[2 * j + 1];
      // A[k] = (Z[k] + conj Z[n-k]) / 2, B[k] = (Z[k] - conj Z[n-k]) / 2i; rounded to float32
      const ar = Math.fround(0.5 * (zr + wr));
      const ai = Math.fround(0.5 * (zi - wi));
      const br = Math.fround(0.5 * (zi + wi));
      const bi = Math.fround(0.5 * (wr - zr));
      re[ob + k] = br;
      im[ob + k] = bi;
      re[oa + k] = ar;
      im[oa + k] = ai;
      if (withMag) {
        const ma = Math.fround(Math.sqrt(ar * ar + ai * ai));
        const mb = Math.fround(Math.sqrt(br * br + bi * bi));
        mag[ob + k] = mb;
        mag[oa + k] = ma;
        if (withPow) {
          pow[ob + k] = mb * mb;
          pow[oa + k] = ma * ma;
        }
      }
    }
  }
  return { re, im, nBins, nFrames };
}

/** |X| per element, rounded to float32 like numpy's abs of complex64. */
export function magnitude(spec: Spectrum, out: Float32Array = new Float32Array(spec.re.length)): Float32Array {
  const { re, im } = spec;
  for (let i = 0; i < re.length; i++) out[i] = Math.sqrt(re[i] * re[i] + im[i] * im[i]);
  return out;
}

/** |X|^2 per element computed as float32(|X|)^2 in float32, as librosa's abs(D)**2 does. */
export function power(spec: Spectrum | Float32Array, out?: Float32Array): Float32Array {
  const mag = spec instanceof Float32Array ? spec : magnitude(spec);
  out ??= new Float32Array(mag.length);
  for (let i = 0; i < mag.length; i++) out[i] = mag[i] * mag[i];
  return out;
}

/** Samples the overlap-add buffers of istftPairWith need for `scratch` (before trimming). */
export function istftScratchSize(nBins: number, nFrames: number, hop: number, length: number, center = true): number {
  const nFft = 2 * (nBins - 1);
  return Math.max(nFft + hop * (nFrames - 1), (center ? nFft >> 1 : 0) + length);
}

/**
 * Inverse STFT of one or two spectra (two real signals share one complex FFT per frame), librosa
 * 0.7/0.8: windowed overlap-add into float32, divided by the window sum-square where it exceeds
 * float32 tiny, the nFft/2 padding trimmed when centered, then fixed to `length` (cut, or padded
 * with zeros: with center=true the last (length mod hop) samples come out as 0, as in librosa).
 */
export function istftPair(a: Spectrum, b: Spectrum | null, opts: IstftOptions = {}): [Float32Array, Float32Array | null] {
  const { nBins, nFrames } = a;
  if (b && (b.nBins !== nBins || b.nFrames !== nFrames)) throw new FeatureError('istftPair: spectra differ in shape');
  const [ya, yb] = istftPairWith(
    nBins,
    nFrames,
    (t, aRe, aIm, bRe, bIm) => {
      const o = t * nBins;
      aRe.set(a.re.subarray(o, o + nBins));
      aIm.set(a.im.subarray(o, o + nBins));
      if (b) {
        bRe.set(b.re.subarray(o, o + nBins));
        bIm.set(b.im.subarray(o, o + nBins));
      }
    },
    opts,
  );
  return [ya, b ? yb : null];
}

/**
 * istftPair with the spectra supplied frame by frame: `fill(t, aRe, aIm, bRe, bIm)` writes frame
 * t's half spectra (nBins values each; b stays zero unless written).
 */
export function istftPairWith(
  nBins: number,
  nFrames: number,
  fill: (t: number, aRe: Float64Array, aIm: Float64Array, bRe: Float64Array, bIm: Float64Array) => void,
  opts: IstftOptions = {},
): [Float32Array, Float32Array] {
  const nFft = 2 * (nBins - 1);
  const aRe = new Float64Array(nBins);
  const aIm = new Float64Array(nBins);
  const bRe = new Float64Array(nBins);
  const bIm = new Float64Array(nBins);
  return istftPackedWith(
    nBins,
    nFrames,
    (t, full) => {
      fill(t, aRe, aIm, bRe, bIm);
      packTwoHermitianConj(aRe, aIm, bRe, bIm, 0, nFft, full);
    },
    opts,
  );
}

/**
 * The core of istftPair: `fillPacked(t, full)` writes frame t of the two spectra already packed
 * as packTwoHermitianConj does (interleaved, 2 nFft values) — lets HPSS compute its masks and pack
 * in one pass instead of materialising masked spectrograms.
 */
export function istftPackedWith(
  nBins: number,
  nFrames: number,
  fillPacked: (t: number, full: Float64Array) => void,
  opts: IstftOptions = {},
): [Float32Array, Float32Array] {
  const nFft = 2 * (nBins - 1);
  const hop = opts.hop ?? nFft >> 2;
  const center = opts.center ?? true;
  const winType = opts.window ?? 'hann';
  const periodic = opts.periodic ?? true;
  const win = makeWindow(winType, nFft, periodic);
  const n = nFft + hop * (nFrames - 1);
  const from = center ? nFft >> 1 : 0;
  const natural = center ? n - 2 * (nFft >> 1) : n;
  const length = opts.length ?? natural;
  // room for the result as a view: [from, from + length) must fit
  const cap = Math.max(n, from + length);
  const sc = opts.scratch;
  if (sc && (sc.ya.length < cap || sc.yb.length < cap || sc.wss.length < n)) {
    throw new RangeError(`istft scratch too small: need ${cap} samples (${n} for wss)`);
  }
  const ya = sc ? sc.ya.subarray(0, cap).fill(0) : new Float32Array(cap);
  const yb = sc ? sc.yb.subarray(0, cap).fill(0) : new Float32Array(cap);
  const wss = windowSumSquare(win, nFrames, hop, n, sc ? sc.wss.subarray(0, n) : new Float32Array(n));
  const plan = fftPlan(nFft);
  const full = new Float64Array(2 * nFft);
  const out = new Float64Array(2 * nFft);
  // window with the inverse transform's 1/n folded in (see packTwoHermitianConj)
  const wn = win.map((v) => v / nFft);
  for (let t = 0; t < nFrames; t++) {
    fillPacked(t, full);
    plan.forward(full, out);
    const s = t * hop;
    for (let i = 0; i < nFft; i++) {
      ya[s + i] += wn[i] * out[2 * i];
      yb[s + i] -= wn[i] * out[2 * i + 1];
    }
  }
  const tiny = 1.1754943508222875e-38;
  for (let i = 0; i < n; i++) {
    if (wss[i] > tiny) {
      ya[i] /= wss[i];
      yb[i] /= wss[i];
    }
  }
  // fix_length: samples past the natural length are zeros
  const end = from + Math.min(length, natural);
  ya.fill(0, end, from + length);
  yb.fill(0, end, from + length);
  return [ya.subarray(from, from + length), yb.subarray(from, from + length)];
}

/**
 * librosa window_sumsquare: win^2 (float64) overlap-added frame after frame into float32. A sample
 * at or after nFft and before the last frame's start is covered by every frame it can be, so it sums
 * the same window positions in the same order as the sample one hop earlier: those values repeat with
 * period `hop`. They are accumulated for one period and copied, which gives exactly the values of the
 * full frame-by-frame accumulation for a fraction of the work.
 */
export function windowSumSquare(win: Float64Array, nFrames: number, hop: number, n: number, wss: Float32Array): Float32Array {
  const nFft = win.length;
  const w2 = win.map((v) => v * v);
  wss.fill(0);
  const steadyLo = nFft;
  const steadyHi = (nFrames - 1) * hop;
  const ranges: [number, number][] = steadyLo + hop <= steadyHi ? [[0, steadyLo + hop], [steadyHi, n]] : [[0, n]];
  for (let t = 0; t < nFrames; t++) {
    const s = t * hop;
    for (const [lo, hi] of ranges) {
      const end = Math.min(nFft, hi - s);
      for (let i = Math.max(0, lo - s); i < end; i++) wss[s + i] += w2[i];
    }
  }
  if (ranges.length === 2) for (let i = steadyLo + hop; i < steadyHi; i++) wss[i] = wss[i - hop];
  return wss;
}

export function istft(spec: Spectrum, opts: IstftOptions = {}): Float32Array {
  return istftPair(spec, null, opts)[0];
}
