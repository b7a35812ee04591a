/**
 * Time-domain frame features, librosa 0.7/0.8 `feature.rms` and `feature.zero_crossing_rate`.
 * Frames of `frameLength` (2048) samples every `hop` (512), centered: rms pads frameLength/2 on each
 * side with `reflect` (librosa <= 0.8), zcr pads with `edge`. Output: one value per frame;
 * rms in signal units (full scale 1), zcr as crossings per sample (count / frameLength).
 */
import { padSignal, frameCount } from './stft.ts';
import type { PadMode } from './stft.ts';

export function rms(y: ArrayLike<number>, frameLength = 2048, hop = 512, padMode: PadMode = 'reflect'): Float64Array {
  const x = padSignal(y, frameLength >> 1, padMode);
  return rmsOfPadded(x, frameCount(y.length, frameLength, hop, true), frameLength, hop);
}

/** rms of the first nFrames frames of an already padded signal (the extractor shares the STFT's). */
export function rmsOfPadded(x: Float32Array, n: number, frameLength = 2048, hop = 512): Float64Array {
  const out = new Float64Array(n);
  // four frames at a time: independent sums, each in the order of one frame alone
  for (let t0 = 0; t0 < n; t0 += 4) {
    const nt = Math.min(4, n - t0);
    const s0 = t0 * hop;
    const s1 = nt > 1 ? s0 + hop : s0;
    const s2 = nt > 2 ? s0 + 2 * hop : s0;
    const s3 = nt > 3 ? s0 + 3 * hop : s0;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let i = 0; i < frameLength; i++) {
      const x0 = x[s0 + i], x1 = x[s1 + i], x2 = x[s2 + i], x3 = x[s3 + i];
      a0 += x0 * x0;
      a1 += x1 * x1;
      a2 += x2 * x2;
      a3 += x3 * x3;
    }
    const acc = [a0, a1, a2, a3];
    for (let d = 0; d < nt; d++) out[t0 + d] = Math.sqrt(acc[d] / frameLength);
  }
  return out;
}

/**
 * Zero-crossing rate: the sign bit changes between consecutive samples of a frame (values with
 * |x| <= 1e-10 count as +0); the first sample of a frame is never a crossing; divided by the frame
 * length. The edge padding repeats the end samples, which adds no crossing, so the padded signal is
 * not built: frame t counts the crossings at signal positions (s - pad, s - pad + frameLength - 1]
 * (s = t hop), read off a running count C recorded at the two positions per hop where frames
 * start and end.
 */
export function zeroCrossingRate(y: ArrayLike<number>, frameLength = 2048, hop = 512): Float64Array {
  const len = y.length;
  const pad = frameLength >> 1;
  const n = frameCount(len, frameLength, hop, true);
  // |x| <= 1e-10 is set to +0 first, so the sign bit is set exactly where x < -1e-10 (float32)
  const threshold = -Math.fround(1e-10);
  // frame t needs C(t hop - pad) and C(t hop - pad + frameLength - 1), with C(i) the number of
  // crossings at positions 1..i (clamped to [0, len - 1]); positions of one residue mod hop each
  const rLo = (((-pad) % hop) + hop) % hop;
  const rHi = (((frameLength - 1 - pad) % hop) + hop) % hop;
  const nq = Math.floor(len / hop) + 2;
  const cLo = new Float64Array(nq);
  const cHi = new Float64Array(nq);
  let c = 0;
  let prev = Math.fround(y[0]) < threshold;
  let r = 0; // j mod hop
  let q = 0; // floor(j / hop)
  if (rLo === 0) cLo[0] = 0;
  if (rHi === 0) cHi[0] = 0;
  for (let j = 1; j < len; j++) {
    if (++r === hop) {
      r = 0;
      q++;
    }
    const neg = Math.fround(y[j]) < threshold;
    c += neg !== prev ? 1 : 0;
    prev = neg;
    if (r === rLo) cLo[q] = c;
    if (r === rHi) cHi[q] = c;
  }
  const total = c;
  const at = (i: number, table: Float64Array, res: number) => (i <= 0 ? 0 : i >= len - 1 ? total : table[(i - res) / hop]);
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const lo = t * hop - pad;
    const hi = lo + frameLength - 1;
    out[t] = (at(hi, cHi, rHi) - at(lo, cLo, rLo)) / frameLength;
  }
  return out;
}
