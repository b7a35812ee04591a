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
 * is computed once. Same values as spectralCentroid / spectralBandwidth. Four frames are processed
 * together so that four independent sums share each loop (one sum alone waits on the latency of
 * its additions); every frame still adds its terms in the same order.
 */
export function spectralCentroidBandwidth(S: Spectrogram, freqs: ArrayLike<number>): { centroid: Float64Array; bandwidth: Float64Array } {
  const { data, nBins, nFrames } = S;
  const centroid = new Float64Array(nFrames);
  const bandwidth = new Float64Array(nFrames);
  const sn = new Float64Array(4 * nBins);
  const f = Float64Array.from({ length: nBins }, (_, k) => freqs[k]);
  for (let t0 = 0; t0 < nFrames; t0 += 4) {
    const nt = Math.min(4, nFrames - t0);
    const o0 = t0 * nBins;
    const o1 = nt > 1 ? o0 + nBins : o0;
    const o2 = nt > 2 ? o0 + 2 * nBins : o0;
    const o3 = nt > 3 ? o0 + 3 * nBins : o0;
    let l0 = 0, l1 = 0, l2 = 0, l3 = 0;
    for (let k = 0; k < nBins; k++) {
      l0 += Math.abs(data[o0 + k]);
      l1 += Math.abs(data[o1 + k]);
      l2 += Math.abs(data[o2 + k]);
      l3 += Math.abs(data[o3 + k]);
    }
    // librosa util.normalize (fill=None): frames with an L1 norm below float32 tiny stay as they are
    if (l0 < F32_TINY) l0 = 1;
    if (l1 < F32_TINY) l1 = 1;
    if (l2 < F32_TINY) l2 = 1;
    if (l3 < F32_TINY) l3 = 1;
    let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
    for (let k = 0; k < nBins; k++) {
      // the normalised frame is rounded to float32 as librosa stores it
      const v0 = Math.fround(data[o0 + k] / l0);
      const v1 = Math.fround(data[o1 + k] / l1);
      const v2 = Math.fround(data[o2 + k] / l2);
      const v3 = Math.fround(data[o3 + k] / l3);
      sn[k] = v0;
      sn[nBins + k] = v1;
      sn[2 * nBins + k] = v2;
      sn[3 * nBins + k] = v3;
      const fk = f[k];
      c0 += fk * v0;
      c1 += fk * v1;
      c2 += fk * v2;
      c3 += fk * v3;
    }
    let b0 = 0, b1 = 0, b2 = 0, b3 = 0;
    for (let k = 0; k < nBins; k++) {
      const fk = f[k];
      const d0 = fk - c0, d1 = fk - c1, d2 = fk - c2, d3 = fk - c3;
      b0 += sn[k] * (d0 * d0);
      b1 += sn[nBins + k] * (d1 * d1);
      b2 += sn[2 * nBins + k] * (d2 * d2);
      b3 += sn[3 * nBins + k] * (d3 * d3);
    }
    const cs = [c0, c1, c2, c3];
    const bs = [b0, b1, b2, b3];
    for (let d = 0; d < nt; d++) {
      centroid[t0 + d] = cs[d];
      bandwidth[t0 + d] = Math.sqrt(bs[d]);
    }
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
  const cs = new Float32Array(4 * nBins);
  const pct = Math.fround(rollPercent);
  const f32 = Math.fround;
  // four frames at a time: four independent float32 running sums (see spectralCentroidBandwidth)
  for (let t0 = 0; t0 < nFrames; t0 += 4) {
    const nt = Math.min(4, nFrames - t0);
    const o0 = t0 * nBins;
    const o1 = nt > 1 ? o0 + nBins : o0;
    const o2 = nt > 2 ? o0 + 2 * nBins : o0;
    const o3 = nt > 3 ? o0 + 3 * nBins : o0;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let k = 0; k < nBins; k++) {
      a0 = f32(a0 + data[o0 + k]);
      a1 = f32(a1 + data[o1 + k]);
      a2 = f32(a2 + data[o2 + k]);
      a3 = f32(a3 + data[o3 + k]);
      cs[k] = a0;
      cs[nBins + k] = a1;
      cs[2 * nBins + k] = a2;
      cs[3 * nBins + k] = a3;
    }
    const totals = [a0, a1, a2, a3];
    for (let d = 0; d < nt; d++) {
      const thr = f32(pct * totals[d]);
      const o = d * nBins;
      let hz = Number.NaN;
      for (let k = 0; k < nBins; k++) {
        if (cs[o + k] >= thr) {
          hz = freqs[k];
          break;
        }
      }
      out[t0 + d] = hz;
    }
  }
  return out;
}
