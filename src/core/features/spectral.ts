/**
 * Per-frame spectral shape features, librosa 0.7/0.8 `spectral_centroid`, `spectral_bandwidth`,
 * `spectral_rolloff`. Input: a magnitude spectrogram (|STFT|, power 1), frame-major
 * [frame][bin] with bins at `freqs` Hz (GTZAN: n_fft 2048, hop 512, centered, see stft.ts).
 * Output: one value per frame, in Hz.
 */
const F32_TINY = 1.1754943508222875e-38;

export interface Spectrogram {
  data: ArrayLike<number>;
  nBins: number;
  nFrames: number;
}

/** L1 norm of one frame, or 1 when below float32 tiny (librosa util.normalize, fill=None). */
function l1(data: ArrayLike<number>, o: number, nBins: number): number {
  let s = 0;
  for (let k = 0; k < nBins; k++) s += Math.abs(data[o + k]);
  return s < F32_TINY ? 1 : s;
}

/** Centroid sum(f * S / sum(S)); the normalised frame is rounded to float32 as librosa stores it. */
export function spectralCentroid(S: Spectrogram, freqs: ArrayLike<number>): Float64Array {
  const { data, nBins, nFrames } = S;
  const out = new Float64Array(nFrames);
  for (let t = 0; t < nFrames; t++) {
    const o = t * nBins;
    const len = l1(data, o, nBins);
    let c = 0;
    for (let k = 0; k < nBins; k++) c += freqs[k] * Math.fround(data[o + k] / len);
    out[t] = c;
  }
  return out;
}

/**
 * Centroid and bandwidth (p = 2, norm = true) in one pass over the spectrogram: the normalised frame
 * is computed once. Same values as spectralCentroid / spectralBandwidth.
 */
export function spectralCentroidBandwidth(S: Spectrogram, freqs: ArrayLike<number>): { centroid: Float64Array; bandwidth: Float64Array } {
  const { data, nBins, nFrames } = S;
  const centroid = new Float64Array(nFrames);
  const bandwidth = new Float64Array(nFrames);
  const sn = new Float64Array(nBins);
  for (let t = 0; t < nFrames; t++) {
    const o = t * nBins;
    const len = l1(data, o, nBins);
    let c = 0;
    for (let k = 0; k < nBins; k++) {
      const v = Math.fround(data[o + k] / len);
      sn[k] = v;
      c += freqs[k] * v;
    }
    let b = 0;
    for (let k = 0; k < nBins; k++) {
      const d = freqs[k] - c;
      b += sn[k] * (d * d);
    }
    centroid[t] = c;
    bandwidth[t] = Math.sqrt(b);
  }
  return { centroid, bandwidth };
}

/** Bandwidth (sum(S_norm * |f - centroid|^p))^(1/p), p = 2 and norm = true by default. */
export function spectralBandwidth(
  S: Spectrogram,
  freqs: ArrayLike<number>,
  centroid?: ArrayLike<number>,
  p = 2,
  norm = true,
): Float64Array {
  const { data, nBins, nFrames } = S;
  const cent = centroid ?? spectralCentroid(S, freqs);
  const out = new Float64Array(nFrames);
  for (let t = 0; t < nFrames; t++) {
    const o = t * nBins;
    const len = norm ? l1(data, o, nBins) : 1;
    const c = cent[t];
    let s = 0;
    for (let k = 0; k < nBins; k++) {
      const sn = norm ? Math.fround(data[o + k] / len) : data[o + k];
      const d = Math.abs(freqs[k] - c);
      s += sn * (p === 2 ? d * d : Math.pow(d, p));
    }
    out[t] = Math.pow(s, 1 / p);
  }
  return out;
}

/**
 * Rolloff: the lowest bin frequency where the cumulative magnitude reaches rollPercent of the
 * frame's total. The cumulative sum and the threshold are float32, as in librosa: with float64 the
 * chosen bin flips on some frames of the GTZAN clips.
 */
export function spectralRolloff(S: Spectrogram, freqs: ArrayLike<number>, rollPercent = 0.85): Float64Array {
  const { data, nBins, nFrames } = S;
  const out = new Float64Array(nFrames);
  const cs = new Float32Array(nBins);
  const pct = Math.fround(rollPercent);
  for (let t = 0; t < nFrames; t++) {
    const o = t * nBins;
    let acc = 0;
    for (let k = 0; k < nBins; k++) {
      acc = Math.fround(acc + data[o + k]);
      cs[k] = acc;
    }
    const thr = Math.fround(pct * acc);
    let f = Number.NaN;
    for (let k = 0; k < nBins; k++) {
      if (cs[k] >= thr) {
        f = freqs[k];
        break;
      }
    }
    out[t] = f;
  }
  return out;
}
