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
  const n = frameCount(y.length, frameLength, hop, true);
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const s = t * hop;
    let acc = 0;
    for (let i = 0; i < frameLength; i++) acc += x[s + i] * x[s + i];
    out[t] = Math.sqrt(acc / frameLength);
  }
  return out;
}

/**
 * Zero-crossing rate: the sign bit changes between consecutive samples of a frame (values with
 * |x| <= 1e-10 count as +0); the first sample of a frame is never a crossing; divided by the frame
 * length.
 */
export function zeroCrossingRate(y: ArrayLike<number>, frameLength = 2048, hop = 512): Float64Array {
  const x = padSignal(y, frameLength >> 1, 'edge');
  // |x| <= 1e-10 is set to +0 first, so the sign bit is set exactly where x < -1e-10 (float32)
  const threshold = -Math.fround(1e-10);
  // prefix[i] = number of crossings between positions j-1 and j for j <= i
  const prefix = new Int32Array(x.length);
  let prev = x[0] < threshold;
  for (let i = 1; i < x.length; i++) {
    const neg = x[i] < threshold;
    prefix[i] = prefix[i - 1] + (neg !== prev ? 1 : 0);
    prev = neg;
  }
  const n = frameCount(y.length, frameLength, hop, true);
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const s = t * hop;
    out[t] = (prefix[s + frameLength - 1] - prefix[s]) / frameLength;
  }
  return out;
}
