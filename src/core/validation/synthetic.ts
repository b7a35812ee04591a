/**
 * Check (d): signals with known content through the engine's STFT and centroid, run with every
 * report. Units: Hz, seconds, STFT bins of sr / n_fft Hz (10.77 Hz at 22050 / 2048).
 *
 *  - tone mix: four sines (220.5, 1000, 3150.7, 7777.7 Hz; amplitudes 0.4, 0.25, 0.15, 0.05), 2 s.
 *    Each tone's spectral peak (mean magnitude over the interior frames, parabolic interpolation on
 *    log magnitude) must lie within half a bin of its frequency, and the mean power read off the
 *    spectrum (Parseval energy / sum(w^2)) must equal sum(A^2/2).
 *  - linear sweep 100 -> 4100 Hz over 4 s, amplitude 0.5: in every interior frame the interpolated
 *    peak must be within half a bin of the instantaneous frequency at the frame's centre (frame t is
 *    centred on sample t * hop), which also pins the engine's frame timing.
 *  - a tone exactly on bin 50: the engine's spectral centroid must be that bin's frequency (the Hann
 *    leakage is symmetric), to 1e-4 relative.
 * Edge frames (the first and last n_fft / hop) see reflect padding and are left out.
 *
 * `spectrumScale` scales the engine's spectrum (fault injection, as in fft-checks.ts).
 */
import { fftFrequencies } from '../features/filters.ts';
import { spectralCentroid } from '../features/spectral.ts';
import { magnitude, type Spectrum } from '../features/stft.ts';
import { engineStft, HOP, N_FFT } from './engine.ts';
import { hannWindow } from './framing.ts';
import { maxOf } from './stats.ts';
import { check, type Check } from './types.ts';

export const TONES = [
  { hz: 220.5, amp: 0.4 },
  { hz: 1000, amp: 0.25 },
  { hz: 3150.7, amp: 0.15 },
  { hz: 7777.7, amp: 0.05 },
];
export const SWEEP = { fromHz: 100, toHz: 4100, seconds: 4, amp: 0.5 };

export interface SyntheticOptions {
  sampleRate: number;
  spectrumScale?: number;
  /** replaces the engine STFT (tests) */
  stftFn?: (y: Float32Array) => Spectrum;
}

export interface SyntheticResult {
  checks: Check[];
  /** mean magnitude spectrum of the tone mix, for the plot */
  toneSpectrum: Float64Array;
  /** per interior frame: expected and measured sweep frequency, Hz */
  sweep: { expectedHz: number[]; measuredHz: number[] };
}

export function toneMix(sr: number, seconds = 2): Float32Array {
  const n = Math.round(sr * seconds);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    TONES.forEach((t, j) => (v += t.amp * Math.sin(2 * Math.PI * t.hz * (i / sr) + 0.3 * j)));
    y[i] = v;
  }
  return y;
}

export function linearSweep(sr: number): Float32Array {
  const { fromHz, toHz, seconds, amp } = SWEEP;
  const n = Math.round(sr * seconds);
  const k = (toHz - fromHz) / (2 * seconds);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / sr;
    y[i] = amp * Math.sin(2 * Math.PI * (fromHz * t + k * t * t));
  }
  return y;
}

/** Peak position in bins near `guess` (+-3 bins), refined by a parabola through log magnitudes. */
export function peakBin(mag: ArrayLike<number>, offset: number, nBins: number, lo: number, hi: number): number {
  let best = Math.max(1, lo);
  const end = Math.min(nBins - 2, hi);
  for (let k = best; k <= end; k++) if (mag[offset + k] > mag[offset + best]) best = k;
  const a = Math.log(Math.max(mag[offset + best - 1], 1e-30));
  const b = Math.log(Math.max(mag[offset + best], 1e-30));
  const c = Math.log(Math.max(mag[offset + best + 1], 1e-30));
  const den = a - 2 * b + c;
  const delta = den < 0 ? (0.5 * (a - c)) / den : 0;
  return best + Math.max(-0.5, Math.min(0.5, delta));
}

export function runSyntheticChecks(opts: SyntheticOptions): SyntheticResult {
  const sr = opts.sampleRate;
  const scale = opts.spectrumScale ?? 1;
  const stftFn = opts.stftFn ?? engineStft;
  const binHz = sr / N_FFT;
  const edge = N_FFT / HOP;
  const win = hannWindow(N_FFT, true);
  let wss = 0;
  for (const w of win) wss += w * w;

  // tone mix
  const mix = stftFn(toneMix(sr));
  const mixMag = scaled(magnitude(mix), scale);
  const nb = mix.nBins;
  const mean = new Float64Array(nb);
  let frames = 0;
  let powerSum = 0;
  for (let t = edge; t < mix.nFrames - edge; t++) {
    frames++;
    let e = 0;
    for (let k = 0; k < nb; k++) {
      const m = mixMag[t * nb + k];
      mean[k] += m;
      e += (k === 0 || k === nb - 1 ? 1 : 2) * m * m;
    }
    powerSum += e / N_FFT / wss;
  }
  for (let k = 0; k < nb; k++) mean[k] /= Math.max(frames, 1);
  const toneErr = TONES.map((tone) => {
    const g = tone.hz / binHz;
    return Math.abs(peakBin(mean, 0, nb, Math.floor(g) - 3, Math.ceil(g) + 3) - g);
  });
  const expectedPower = TONES.reduce((s, t) => s + (t.amp * t.amp) / 2, 0);
  const measuredPower = powerSum / Math.max(frames, 1);
  const powerErr = Math.abs(measuredPower - expectedPower) / expectedPower;

  // sweep
  const sw = stftFn(linearSweep(sr));
  const swMag = scaled(magnitude(sw), scale);
  const expectedHz: number[] = [];
  const measuredHz: number[] = [];
  const rate = (SWEEP.toHz - SWEEP.fromHz) / SWEEP.seconds;
  for (let t = edge; t < sw.nFrames - edge; t++) {
    const f = SWEEP.fromHz + (rate * t * HOP) / sr;
    if (f > SWEEP.toHz) break;
    const g = f / binHz;
    expectedHz.push(f);
    measuredHz.push(peakBin(swMag, t * sw.nBins, sw.nBins, Math.floor(g) - 3, Math.ceil(g) + 3) * binHz);
  }
  const sweepErr = maxOf(expectedHz.map((f, i) => Math.abs(measuredHz[i] - f) / binHz));

  // bin-centred tone through the engine's centroid
  const bin = 50;
  const toneHz = (bin * sr) / N_FFT;
  const pure = new Float32Array(Math.round(sr / 2));
  for (let i = 0; i < pure.length; i++) pure[i] = 0.5 * Math.sin((2 * Math.PI * toneHz * i) / sr);
  const ps = stftFn(pure);
  const S = { data: scaled(magnitude(ps), scale), nBins: ps.nBins, nFrames: ps.nFrames };
  const cent = spectralCentroid(S, fftFrequencies(sr, N_FFT));
  const centErr = maxOf(Array.from(cent.slice(edge, cent.length - edge), (c) => Math.abs(c - toneHz) / toneHz));

  const toneMax = maxOf(toneErr);
  const checks = [
    check('synthetic', 'tone mix: peak frequency error (bins)', toneMax, 0.5, toneMax <= 0.5,
      `Four known tones (${TONES.map((t) => t.hz).join(', ')} Hz) appear at their frequencies, within half an STFT bin (${(binHz / 2).toFixed(2)} Hz).`),
    check('synthetic', 'tone mix: power from spectrum, relative error', powerErr, 1e-4, powerErr <= 1e-4,
      'The mean power read off the spectrum equals the tones\' known power sum(A^2/2): energy is conserved through window and FFT.'),
    check('synthetic', 'sweep: peak frequency error (bins)', sweepErr, 0.5, sweepErr <= 0.5,
      `A ${SWEEP.fromHz}-${SWEEP.toHz} Hz linear sweep peaks at the instantaneous frequency of each frame's centre, within half a bin, so frame timing and frequency axis agree.`),
    check('synthetic', 'bin-centred tone: centroid relative error', centErr, 1e-4, centErr <= 1e-4,
      `The engine's spectral centroid of a ${toneHz.toFixed(2)} Hz tone (exactly bin ${bin}) is that frequency.`),
  ];
  return { checks, toneSpectrum: mean, sweep: { expectedHz, measuredHz } };
}

function scaled(a: Float32Array, s: number): Float32Array {
  if (s === 1) return a;
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] * s;
  return out;
}
