/**
 * Tuning estimation, librosa 0.7/0.8 `estimate_tuning(S=power)` -> `piptrack` -> `pitch_tuning`.
 * Input: power spectrogram |STFT|^2 (float32, frame-major, n_fft 2048 / hop 512 for GTZAN).
 * Output: deviation from A440 in fractions of a chroma bin, a multiple of `resolution` in
 * [-0.5, 0.5). Every intermediate is rounded to float32 where librosa keeps float32, because the
 * result is the argmax of a histogram and a value crossing a bin edge changes it.
 */
import { fftFrequencies, linspace } from './filters.ts';

const F32_TINY = 1.1754943508222875e-38;
const f32 = Math.fround;

export interface TuningOptions {
  sr: number;
  nFft: number;
  fmin?: number;
  fmax?: number;
  threshold?: number;
  resolution?: number;
  binsPerOctave?: number;
}

export function estimateTuning(S: Float32Array, nBins: number, nFrames: number, opts: TuningOptions): number {
  const { sr, nFft } = opts;
  const fmin = opts.fmin ?? 150;
  const fmax = opts.fmax ?? 4000;
  const thr = f32(opts.threshold ?? 0.1);
  const resolution = opts.resolution ?? 0.01;
  const bpo = opts.binsPerOctave ?? 12;
  const freqs = fftFrequencies(sr, nFft);
  let k0 = 0;
  while (k0 < nBins && !(freqs[k0] >= fmin)) k0++;
  let k1 = k0;
  while (k1 < nBins && freqs[k1] < fmax) k1++;
  // peaks are only looked for inside [k0, k1), and need both neighbours for the parabolic shift
  const lo = Math.max(k0, 1);
  const hi = Math.min(k1, nBins - 1);
  const pitches: number[] = [];
  const mags: number[] = [];
  const masked = (o: number, k: number, ref: number) => (S[o + k] > ref ? S[o + k] : 0);
  for (let t = 0; t < nFrames; t++) {
    const o = t * nBins;
    let mx = -Infinity;
    for (let k = 0; k < nBins; k++) if (S[o + k] > mx) mx = S[o + k];
    const ref = f32(thr * mx);
    for (let k = lo; k < hi; k++) {
      const x = masked(o, k, ref);
      if (!(x > masked(o, k - 1, ref) && x >= masked(o, k + 1, ref))) continue;
      const sm = S[o + k - 1], s0 = S[o + k], sp = S[o + k + 1];
      const avg = f32(0.5 * f32(sp - sm));
      let sh = f32(f32(2 * s0 - sp) - sm);
      sh = f32(avg / (sh + (Math.abs(sh) < F32_TINY ? 1 : 0)));
      const dskew = f32(f32(0.5 * avg) * sh);
      const pitch = f32(((k + sh) * sr) / nFft);
      if (pitch > 0) {
        pitches.push(pitch);
        mags.push(f32(s0 + dskew));
      }
    }
  }
  if (pitches.length === 0) return 0;
  const sorted = Float64Array.from(mags).sort();
  const m = sorted.length;
  const threshold = m % 2 === 1 ? sorted[(m - 1) >> 1] : f32(sorted[m / 2 - 1] + sorted[m / 2]) / 2;
  const nEdges = Math.ceil(1 / resolution) + 1;
  const edges = linspace(-0.5, 0.5, nEdges);
  const counts = new Int32Array(nEdges - 1);
  const a = f32(440 / 16);
  for (let i = 0; i < pitches.length; i++) {
    if (!(mags[i] >= threshold)) continue;
    const l = f32(Math.log2(f32(pitches[i] / a)));
    const v = f32(bpo * l);
    let r = v % 1;
    if (r !== 0 && r < 0) r = f32(r + 1);
    if (r >= 0.5) r = f32(r - 1);
    if (r < edges[0] || r > edges[nEdges - 1]) continue;
    let b = Math.min(nEdges - 2, Math.max(0, Math.floor((r - edges[0]) / resolution)));
    while (b > 0 && r < edges[b]) b--;
    while (b < nEdges - 2 && r >= edges[b + 1]) b++;
    counts[b]++;
  }
  let best = 0;
  for (let b = 1; b < counts.length; b++) if (counts[b] > counts[best]) best = b;
  return edges[best];
}
