/**
 * Harmonic/percussive source separation, librosa 0.7/0.8 `effects.hpss(y)` at its defaults:
 * magnitude of the STFT (n_fft 2048, hop 512, periodic Hann, centered, reflect padding), median
 * filters of 31 along time (harmonic) and along frequency (percussive) with scipy 'reflect' edges,
 * soft masks with power 2 (margin 1; 0.5 each where both medians are below float32 tiny), masked
 * spectra inverted with window-sum-square normalisation and trimmed/padded to the input length.
 * Output: the two waveforms, float32, same units and length as the input.
 */
import { medianFilterRows, medianFilterStrided } from './median-filter.ts';
import { istftPackedWith, istftScratchSize } from './stft.ts';
import type { Workspace } from './workspace.ts';
import type { Spectrum } from './stft.ts';

const F32_TINY = 1.1754943508222875e-38;
const HOP = 512;

function scratch(ws: Workspace, n: number) {
  return { ya: ws.float32('istft.a', n), yb: ws.float32('istft.b', n), wss: ws.float32('istft.wss', n) };
}

export interface HpssResult {
  harmonic: Float32Array;
  percussive: Float32Array;
}

export function hpssMedians(mag: Float32Array, nBins: number, nFrames: number, kernel = 31, ws?: Workspace): { harm: Float32Array; perc: Float32Array } {
  const size = nBins * nFrames;
  // harmonic: median along time (bin k's values sit nBins apart in the frame-major layout)
  const harm = medianFilterStrided(mag, nBins, nFrames, 1, nBins, kernel, ws ? ws.float32('hpss.harm', size) : undefined);
  const perc = medianFilterRows(mag, nFrames, nBins, kernel, ws ? ws.float32('hpss.perc', size) : undefined);
  return { harm, perc };
}

/**
 * With a workspace the returned waveforms are views into it: read them before the next extraction.
 */
export function hpss(D: Spectrum, mag: Float32Array, length: number, kernel = 31, ws?: Workspace): HpssResult {
  const { harm, perc } = hpssMedians(mag, D.nBins, D.nFrames, kernel, ws);
  return hpssFromMedians(D, harm, perc, length, ws);
}

/** The waveforms from the two median-filtered magnitudes (soft masks + inverse STFT). */
export function hpssFromMedians(D: Spectrum, harm: Float32Array, perc: Float32Array, length: number, ws?: Workspace): HpssResult {
  const { nBins, nFrames, re, im } = D;
  const nFft = 2 * (nBins - 1);
  const half = nFft >> 1;
  // Soft masks of power 2, rounded to float32 as librosa's softmask returns them; the percussive
  // mask is 1 - the harmonic one (0.5 each where both medians are ~0). The masked spectra are packed
  // straight into the combined inverse transform (packTwoHermitianConj's layout: X = H + i P,
  // conjugated), harmonic in the real part and percussive in the imaginary part.
  const [harmonic, percussive] = istftPackedWith(nBins, nFrames, (t, full) => {
    const o = t * nBins;
    for (let k = 0; k <= half; k++) {
      const h = harm[o + k];
      const p = perc[o + k];
      let m = 0.5;
      if ((h > p ? h : p) >= F32_TINY) {
        const h2 = h * h;
        m = Math.fround(h2 / (h2 + p * p));
      }
      const r = re[o + k];
      const i = im[o + k];
      const ar = m * r;
      const ai = m * i;
      const br = r - ar;
      const bi = i - ai;
      if (k === 0 || k === half) {
        // bins 0 and n/2: imaginary parts ignored, as numpy's irfft does
        full[2 * k] = ar;
        full[2 * k + 1] = -br;
      } else {
        full[2 * k] = ar - bi;
        full[2 * k + 1] = -(ai + br);
        full[2 * (nFft - k)] = ar + bi;
        full[2 * (nFft - k) + 1] = ai - br;
      }
    }
  }, { hop: HOP, length, scratch: ws ? scratch(ws, istftScratchSize(nBins, nFrames, HOP, length)) : undefined });
  return { harmonic, percussive };
}
