/**
 * Global tempo as in the GTZAN table: librosa 0.7/0.8 `beat.beat_track(y, sr)[0]`, i.e.
 * `beat.tempo` on an onset envelope aggregated with the MEDIAN over mel bands.
 * Onset envelope: 128-band mel dB spectrogram (power_to_db, top_db 80; n_fft 2048, hop 512,
 * centered, fmax sr/2), first difference along time, negative parts dropped, median over bands,
 * shifted right by 3 frames (1 + n_fft / (2 hop)). Tempo: autocorrelation tempogram over 8-s windows
 * (344 frames at hop 512, periodic Hann, linear-ramp padding), each column divided by its maximum,
 * mean over time, weighted by a log-normal prior (120 BPM, one octave std), BPM below 320.
 * Units: onset strength in dB per frame; tempo in BPM (always 60 * sr / (hop * lag) for an integer lag).
 */
import { fftPlan } from './fft.ts';
import { makeWindow } from './stft.ts';

const F64_TINY = 2.2250738585072014e-308;

export function onsetStrengthMedian(melDb: Float32Array, nMels: number, nFrames: number, nFft = 2048, hop = 512): Float32Array {
  const env = new Float32Array(nFrames);
  const lag = 1 + Math.floor(nFft / (2 * hop));
  const diff = new Float64Array(nMels);
  for (let t = 1; t < nFrames; t++) {
    const dst = t - 1 + lag;
    if (dst >= nFrames) break;
    const a = (t - 1) * nMels;
    const b = t * nMels;
    for (let m = 0; m < nMels; m++) diff[m] = Math.fround(melDb[b + m] - melDb[a + m]);
    env[dst] = medianRectified(diff, nMels);
  }
  return env;
}

/**
 * Median over bands of max(0, d), float32 like numpy's median of a float32 array (mean of the two
 * middle values for an even count). Most frames have more than half their bands at or below zero,
 * which makes the median 0 without sorting.
 */
function medianRectified(d: Float64Array, n: number): number {
  let pos = 0;
  for (let i = 0; i < n; i++) if (d[i] > 0) d[pos++] = d[i];
  const zeros = n - pos;
  const hi = n >> 1;
  const lo = n % 2 === 1 ? hi : hi - 1;
  // order statistic j of the rectified values: 0 for j < zeros, else the (j - zeros)-th positive
  if (hi < zeros) return 0;
  const p = d.subarray(0, pos).sort();
  const at = (j: number) => (j < zeros ? 0 : p[j - zeros]);
  return lo === hi ? at(hi) : Math.fround(at(lo) + at(hi)) / 2;
}

export interface TempoOptions {
  sr?: number;
  hop?: number;
  startBpm?: number;
  stdBpm?: number;
  acSize?: number;
  maxTempo?: number;
}

export function tempoFromOnset(env: Float32Array, opts: TempoOptions = {}): number {
  const sr = opts.sr ?? 22050;
  const hop = opts.hop ?? 512;
  const startBpm = opts.startBpm ?? 120;
  const stdBpm = opts.stdBpm ?? 1;
  const maxTempo = opts.maxTempo ?? 320;
  const win = Math.floor(Math.floor((opts.acSize ?? 8) * sr) / hop);
  const half = win >> 1;
  const n = env.length;
  // linear_ramp padding (end values 0), in the envelope's float32
  const padded = new Float64Array(n + 2 * half);
  for (let i = 0; i < half; i++) padded[i] = Math.fround(i * (env[0] / half));
  for (let i = 0; i < n; i++) padded[half + i] = env[i];
  for (let j = 0; j < half; j++) padded[half + n + j] = Math.fround((half - 1 - j) * (env[n - 1] / half));
  const w = makeWindow('hann', win, true);
  // linear autocorrelation up to lag win-1 needs an FFT of at least 2*win-1 points
  let size = 1;
  while (size < 2 * win - 1) size <<= 1;
  const plan = fftPlan(size);
  const buf = new Float64Array(2 * size);
  const spec = new Float64Array(2 * size);
  const ac = new Float64Array(2 * size);
  const tg = new Float64Array(win);
  // two frames per complex FFT: frame a in the real part, frame b in the imaginary part
  for (let t = 0; t < n; t += 2) {
    const hasB = t + 1 < n;
    buf.fill(0);
    for (let i = 0; i < win; i++) {
      buf[2 * i] = padded[t + i] * w[i];
      if (hasB) buf[2 * i + 1] = padded[t + 1 + i] * w[i];
    }
    plan.forward(buf, spec);
    // the power spectra |A_k|^2 and |B_k|^2 are real and even: pack them as P_a + i P_b, invert once.
    // Bin size - k gives bit for bit the same values as bin k (the same sums, negated differences),
    // so the upper half is mirrored.
    const halfSize = size >> 1;
    for (let k = 0; k <= halfSize; k++) {
      const j = k === 0 ? 0 : size - k;
      const xr = spec[2 * k], xi = spec[2 * k + 1], yr = spec[2 * j], yi = spec[2 * j + 1];
      const ar = 0.5 * (xr + yr), ai = 0.5 * (xi - yi);
      const br = 0.5 * (xi + yi), bi = 0.5 * (yr - xr);
      const pa = ar * ar + ai * ai;
      const pb = -(br * br + bi * bi);
      buf[2 * k] = pa;
      buf[2 * k + 1] = pb;
      buf[2 * j] = pa;
      buf[2 * j + 1] = pb;
    }
    // inverse transform as conj(FFT(conj(P))): the 1/size factor is dropped because every column
    // is divided by its own maximum below; the imaginary part comes out negated
    plan.forward(buf, ac);
    for (let l = 0; l < win; l++) ac[2 * l + 1] = -ac[2 * l + 1];
    for (let part = 0; part < (hasB ? 2 : 1); part++) {
      let mx = 0;
      for (let l = 0; l < win; l++) mx = Math.max(mx, Math.abs(ac[2 * l + part]));
      const len = mx < F64_TINY ? 1 : mx;
      for (let l = 0; l < win; l++) tg[l] += ac[2 * l + part] / len;
    }
  }
  let best = -1;
  let bestScore = -Infinity;
  for (let l = 1; l < win; l++) {
    const bpm = (60 * sr) / (hop * l);
    if (!(bpm < maxTempo)) continue;
    const z = (Math.log2(bpm) - Math.log2(startBpm)) / stdBpm;
    const score = Math.log1p(1e6 * (tg[l] / n)) - 0.5 * z * z;
    if (score > bestScore) {
      bestScore = score;
      best = l;
    }
  }
  return best < 0 ? 0 : (60 * sr) / (hop * best);
}
