/**
 * Chromagram, librosa 0.7/0.8 `feature.chroma_stft` at its defaults: power spectrogram |STFT|^2
 * (n_fft 2048, hop 512, centered, reflect padding), tuning estimated from it (tuning.ts), the
 * chroma filter bank (12 bins, ctroct 5, octwidth 2, norm 2, starting at C), each frame divided by
 * its maximum (inf-norm). Output: float32 [frame][chroma], values in [0, 1].
 */
import { chromaFilterBank } from './filters.ts';
import { estimateTuning } from './tuning.ts';

const F32_TINY = 1.1754943508222875e-38;

export interface Chromagram {
  data: Float32Array;
  nChroma: number;
  nFrames: number;
  tuning: number;
}

/** Filter-bank entries at or below this fraction of the largest weight are skipped (exactly 0 in effect). */
const SPARSE_CUTOFF = 1e-12;

export function chromaStft(S: Float32Array, nBins: number, nFrames: number, sr: number, tuning?: number): Chromagram {
  const nFft = 2 * (nBins - 1);
  const tun = tuning ?? estimateTuning(S, nBins, nFrames, { sr, nFft });
  const fb = chromaFilterBank({ sr, nFft, tuning: tun });
  const nChroma = fb.rows;
  // The bank is dense in principle, but most weights are vanishingly small; keep a sparse list.
  let wmax = 0;
  for (let i = 0; i < fb.data.length; i++) wmax = Math.max(wmax, fb.data[i]);
  const idx: number[] = [];
  const wts: number[] = [];
  const rowStart = new Int32Array(nChroma + 1);
  for (let c = 0; c < nChroma; c++) {
    rowStart[c] = idx.length;
    for (let k = 0; k < nBins; k++) {
      const w = fb.data[c * nBins + k];
      if (w > SPARSE_CUTOFF * wmax) {
        idx.push(k);
        wts.push(w);
      }
    }
  }
  rowStart[nChroma] = idx.length;
  const I = Int32Array.from(idx);
  const W = Float64Array.from(wts);
  const data = new Float32Array(nFrames * nChroma);
  const raw = new Float64Array(8 * nChroma);
  const off = new Int32Array(8);
  // Eight frames at a time: eight independent sums per weight keep the CPU's adders busy (one sum
  // is bound by the latency of its additions), and each frame still adds its terms in the same order.
  for (let t0 = 0; t0 < nFrames; t0 += 8) {
    const nt = Math.min(8, nFrames - t0);
    for (let d = 0; d < 8; d++) off[d] = (t0 + (d < nt ? d : 0)) * nBins;
    const o0 = off[0], o1 = off[1], o2 = off[2], o3 = off[3], o4 = off[4], o5 = off[5], o6 = off[6], o7 = off[7];
    for (let c = 0; c < nChroma; c++) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      for (let j = rowStart[c]; j < rowStart[c + 1]; j++) {
        const w = W[j];
        const k = I[j];
        s0 += w * S[o0 + k];
        s1 += w * S[o1 + k];
        s2 += w * S[o2 + k];
        s3 += w * S[o3 + k];
        s4 += w * S[o4 + k];
        s5 += w * S[o5 + k];
        s6 += w * S[o6 + k];
        s7 += w * S[o7 + k];
      }
      raw[c] = Math.fround(s0);
      raw[nChroma + c] = Math.fround(s1);
      raw[2 * nChroma + c] = Math.fround(s2);
      raw[3 * nChroma + c] = Math.fround(s3);
      raw[4 * nChroma + c] = Math.fround(s4);
      raw[5 * nChroma + c] = Math.fround(s5);
      raw[6 * nChroma + c] = Math.fround(s6);
      raw[7 * nChroma + c] = Math.fround(s7);
    }
    for (let d = 0; d < nt; d++) {
      let mx = 0;
      for (let c = 0; c < nChroma; c++) mx = Math.max(mx, Math.abs(raw[d * nChroma + c]));
      const len = mx < F32_TINY ? 1 : mx;
      for (let c = 0; c < nChroma; c++) data[(t0 + d) * nChroma + c] = raw[d * nChroma + c] / len;
    }
  }
  return { data, nChroma, nFrames, tuning: tun };
}
