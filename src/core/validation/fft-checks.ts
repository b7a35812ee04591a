/**
 * Checks (a) and (b) of the report: Parseval per frame and the engine STFT against the float64
 * reference DFT. Units: frames of nFft samples every hop samples, center=True with reflect padding,
 * periodic Hann (the engine's defaults, rebuilt here by framing.ts, not taken from the engine).
 *
 * Parseval for a real frame x of even length N and its one-sided spectrum X[0..N/2]:
 *   sum_n x[n]^2 = (|X0|^2 + |X_{N/2}|^2 + 2 * sum_{k=1}^{N/2-1} |Xk|^2) / N
 * (odd N: no Nyquist term). The engine stores X as float32, each |Xk|^2 carries a relative rounding
 * of at most ~2^-23, so a correct transform meets this to ~1e-7; thresholds are set at 1e-6.
 *
 * `spectrumScale` multiplies the engine's spectrum before checking: 1 in reports; the tests pass a
 * wrong normalisation (e.g. 1/sqrt(N)) to prove the checks catch it.
 */
import type { Spectrum } from '../features/stft.ts';
import { frameAt, frameCount, hannWindow, padSignal } from './framing.ts';
import { rfft64 } from './reference-fft.ts';
import { maxOf, median } from './stats.ts';
import { check, type Check } from './types.ts';

export const PARSEVAL_MAX_THRESHOLD = 1e-6;
export const PARSEVAL_MEDIAN_THRESHOLD = 1e-7;
export const REFERENCE_REL_THRESHOLD = 1e-6;
/** frames per window compared with the reference DFT and with meyda (spread evenly, ~0.5 s apart) */
export const DEFAULT_COMPARE_FRAMES = 96;

export interface FftCheckOptions {
  nFft: number;
  hop: number;
  /** engine spectrum multiplier (fault injection); default 1 */
  spectrumScale?: number;
  /** frames compared against the reference DFT per window, evenly spaced (the loudest always) */
  maxReferenceFrames?: number;
}

export interface WindowFftResult {
  frames: number;
  /** |E_time - E_freq| / E_time per frame */
  parsevalRelErr: Float64Array;
  /** frames compared with the reference DFT */
  refFrames: number[];
  refMaxAbs: number[];
  /** max_k |X_engine - X_ref| / max_k |X_ref| per compared frame */
  refRelToPeak: number[];
  /** largest reference magnitude of the compared frames */
  peakMag: number;
  /** the loudest compared frame, for the overlay plot (magnitudes, linear) */
  example: { frame: number; engine: Float64Array; reference: Float64Array };
}

export function analyseWindowFft(y: ArrayLike<number>, spec: Spectrum, opts: FftCheckOptions): WindowFftResult {
  const { nFft, hop } = opts;
  const scale = opts.spectrumScale ?? 1;
  const nBins = (nFft >> 1) + 1;
  const frames = frameCount(y.length, nFft, hop, true);
  if (spec.nBins !== nBins || spec.nFrames !== frames) {
    // A shape mismatch is itself a finding: report it as total disagreement rather than throw.
    const bad = new Float64Array(Math.max(frames, 1)).fill(Infinity);
    return { frames, parsevalRelErr: bad, refFrames: [], refMaxAbs: [Infinity], refRelToPeak: [Infinity], peakMag: 0, example: { frame: 0, engine: new Float64Array(nBins), reference: new Float64Array(nBins) } };
  }
  const padded = padSignal(y, nFft >> 1, 'reflect');
  const win = hannWindow(nFft, true);
  const parsevalRelErr = new Float64Array(frames);
  const energy = new Float64Array(frames);
  const even = nFft % 2 === 0;
  for (let t = 0; t < frames; t++) {
    const s = t * hop;
    let et = 0;
    for (let i = 0; i < nFft; i++) {
      const v = win[i] * padded[s + i];
      et += v * v;
    }
    const o = t * nBins;
    let ef = 0;
    for (let k = 0; k < nBins; k++) {
      const re = spec.re[o + k] * scale;
      const im = spec.im[o + k] * scale;
      const p = re * re + im * im;
      ef += k === 0 || (even && k === nBins - 1) ? p : 2 * p;
    }
    ef /= nFft;
    energy[t] = et;
    parsevalRelErr[t] = et === 0 ? (ef === 0 ? 0 : Infinity) : Math.abs(et - ef) / et;
  }

  const maxRef = opts.maxReferenceFrames ?? DEFAULT_COMPARE_FRAMES;
  let loudest = 0;
  for (let t = 1; t < frames; t++) if (energy[t] > energy[loudest]) loudest = t;
  const pick = new Set<number>([loudest]);
  const step = Math.max(1, frames / maxRef);
  for (let x = 0; x < frames && pick.size < maxRef + 1; x += step) pick.add(Math.floor(x));
  const refFrames = [...pick].sort((a, b) => a - b);
  const refMaxAbs: number[] = [];
  const refRelToPeak: number[] = [];
  let peakMag = 0;
  let example = { frame: loudest, engine: new Float64Array(nBins), reference: new Float64Array(nBins) };
  const frame = new Float64Array(nFft);
  for (const t of refFrames) {
    const raw = frameAt(padded, t, nFft, hop);
    for (let i = 0; i < nFft; i++) frame[i] = raw[i] * win[i];
    const ref = rfft64(frame);
    const o = t * nBins;
    let maxAbs = 0;
    let peak = 0;
    const engMag = new Float64Array(nBins);
    const refMag = new Float64Array(nBins);
    for (let k = 0; k < nBins; k++) {
      const er = spec.re[o + k] * scale;
      const ei = spec.im[o + k] * scale;
      const d = Math.hypot(er - ref.re[k], ei - ref.im[k]);
      if (!(d <= maxAbs)) maxAbs = d;
      refMag[k] = Math.hypot(ref.re[k], ref.im[k]);
      engMag[k] = Math.hypot(er, ei);
      if (refMag[k] > peak) peak = refMag[k];
    }
    refMaxAbs.push(maxAbs);
    refRelToPeak.push(peak === 0 ? (maxAbs === 0 ? 0 : Infinity) : maxAbs / peak);
    if (peak > peakMag) peakMag = peak;
    if (t === loudest) example = { frame: t, engine: engMag, reference: refMag };
  }
  return { frames, parsevalRelErr, refFrames, refMaxAbs, refRelToPeak, peakMag, example };
}

export function fftChecks(results: readonly WindowFftResult[]): Check[] {
  const all = concat(results.map((r) => r.parsevalRelErr));
  const pMax = maxOf(all);
  const pMed = median(all);
  const absMax = maxOf(results.flatMap((r) => r.refMaxAbs));
  const relMax = maxOf(results.flatMap((r) => r.refRelToPeak));
  const peak = maxOf(results.map((r) => r.peakMag));
  const absThreshold = REFERENCE_REL_THRESHOLD * peak;
  const nRef = results.reduce((s, r) => s + r.refFrames.length, 0);
  return [
    check('fft', 'Parseval energy, max relative error per frame', pMax, PARSEVAL_MAX_THRESHOLD, pMax <= PARSEVAL_MAX_THRESHOLD,
      `Each windowed frame's energy equals its one-sided spectrum's energy (bins 1..N/2-1 counted twice, divided by N) to float32 rounding over all ${all.length} frames, so the FFT is complete and correctly scaled.`),
    check('fft', 'Parseval energy, median relative error per frame', pMed, PARSEVAL_MEDIAN_THRESHOLD, pMed <= PARSEVAL_MEDIAN_THRESHOLD,
      'The typical frame conserves energy to rounding level, not only the worst one.'),
    check('fft', 'STFT vs float64 reference DFT, max abs error', absMax, Number(absThreshold.toPrecision(3)), absMax <= absThreshold,
      `On ${nRef} frames the engine's complex spectrum differs from an independent float64 DFT by no more than 1e-6 of the largest magnitude seen.`),
    check('fft', 'STFT vs float64 reference DFT, max error / frame peak', relMax, REFERENCE_REL_THRESHOLD, relMax <= REFERENCE_REL_THRESHOLD,
      "In every compared frame the worst complex difference is below 1e-6 of that frame's peak magnitude (float32 storage of a float64 transform)."),
  ];
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
