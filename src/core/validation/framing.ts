/**
 * The validation's own framing, written independently of the engine's: it rebuilds the exact frames
 * librosa 0.7/0.8 analysed (center=True, n_fft/2 padding each side) so the reference FFT and meyda see
 * the same samples the engine should have seen. Units: samples; frame t starts at t * hop in the
 * padded signal.
 */

export type PadMode = 'reflect' | 'edge' | 'constant';

/** numpy.pad(y, n, mode) for 'reflect' (mirror without the edge sample), 'edge' and 'constant'. */
export function padSignal(y: ArrayLike<number>, pad: number, mode: PadMode): Float64Array {
  const n = y.length;
  const out = new Float64Array(n + 2 * pad);
  for (let i = 0; i < n; i++) out[pad + i] = y[i];
  for (let i = 1; i <= pad; i++) {
    let left: number;
    let right: number;
    if (mode === 'constant') {
      left = 0;
      right = 0;
    } else if (mode === 'edge') {
      left = y[0];
      right = y[n - 1];
    } else {
      left = y[reflectIndex(-i, n)];
      right = y[reflectIndex(n - 1 + i, n)];
    }
    out[pad - i] = left;
    out[pad + n - 1 + i] = right;
  }
  return out;
}

/** Index into a signal of length n mirrored about its end samples (numpy 'reflect'), any distance. */
function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let k = ((i % period) + period) % period;
  if (k >= n) k = period - k;
  return k;
}

export function frameCount(nSamples: number, nFft: number, hop: number, center: boolean): number {
  const len = center ? nSamples + 2 * Math.floor(nFft / 2) : nSamples;
  return len < nFft ? 0 : 1 + Math.floor((len - nFft) / hop);
}

/** Frame t of an already padded signal, copied (length nFft). */
export function frameAt(padded: Float64Array, t: number, nFft: number, hop: number): Float64Array {
  return padded.slice(t * hop, t * hop + nFft);
}

/** Periodic (DFT-even) or symmetric Hann, float64. */
export function hannWindow(n: number, periodic: boolean): Float64Array {
  const w = new Float64Array(n);
  const d = periodic ? n : n - 1;
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / d);
  return w;
}
