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
  const raw = new Float64Array(nChroma);
  for (let t = 0; t < nFrames; t++) {
    const o = t * nBins;
    let mx = 0;
    for (let c = 0; c < nChroma; c++) {
      let s = 0;
      for (let j = rowStart[c]; j < rowStart[c + 1]; j++) s += W[j] * S[o + I[j]];
      const v = Math.fround(s);
      raw[c] = v;
      if (Math.abs(v) > mx) mx = Math.abs(v);
    }
    const len = mx < F32_TINY ? 1 : mx;
    for (let c = 0; c < nChroma; c++) data[t * nChroma + c] = raw[c] / len;
  }
  return { data, nChroma, nFrames, tuning: tun };
}
