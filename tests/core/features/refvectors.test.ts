/**
 * STFT, filter banks, Hz/mel conversions and spectral features against librosa's own reference data
 * (Dan Ellis' MATLAB code, ../shared/data/refvectors). Conventions of librosa's tests: STFT without
 * centering (MATLAB's D is conjugated), centroid/rolloff on |STFT| with a symmetric Hamming window
 * and no centering, bandwidth with p=1 / norm=false against nBins * bw.
 * Tolerance: numpy.allclose with rtol 1e-5 and atol 1e-6 * max|expected| (our spectra are float32).
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeShared } from '../../helpers/shared-data.ts';
import { chromaFilterBank, fftFrequencies, hzToMel, melFilterBank, melToHz } from '../../../src/core/features/filters.ts';
import { spectralBandwidth, spectralCentroid, spectralRolloff } from '../../../src/core/features/spectral.ts';
import { magnitude, stft } from '../../../src/core/features/stft.ts';
import { loadRef, readWavMono, refArray, refDir, refScalar } from './refvectors.ts';

const RTOL = 1e-5;

function expectClose(label: string, expected: ArrayLike<number>, got: ArrayLike<number>, atolScale = 1e-6): void {
  expect(got.length, `${label}: length`).toBe(expected.length);
  let maxAbs = 0;
  for (let i = 0; i < expected.length; i++) maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
  const atol = atolScale * maxAbs;
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const g = got[i];
    if (!(Math.abs(g - e) <= atol + RTOL * Math.abs(e))) bad.push(`[${i}] expected ${e} got ${g}`);
  }
  expect(bad.slice(0, 5), `${label}: ${bad.length} of ${expected.length} values off`).toEqual([]);
}

/** Bank [rows][1 + nFft/2] padded with zeros to the MATLAB layout [rows][nFft]. */
function padBank(data: Float32Array, rows: number, cols: number, nFft: number): Float64Array {
  const full = new Float64Array(rows * nFft);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) full[r * nFft + c] = data[r * cols + c];
  return full;
}

describeShared('features vs librosa reference vectors', () => {
  const audio = () => readWavMono(path.join(refDir(), 'test1_22050.wav'));

  for (const name of ['core-stft-002', 'core-stft-005', 'core-stft-006']) {
    it(`stft ${name}`, () => {
      const j = loadRef(name);
      const D = refArray(j, 'D');
      const nFft = refScalar(j, 'nfft');
      const hop = refScalar(j, 'hop_length');
      const hannW = refScalar(j, 'hann_w');
      const s = stft(audio().y, { nFft, hop, center: false, window: hannW === 0 ? 'rect' : 'hann' });
      const [nb, nf] = D.shape;
      expect([s.nBins, s.nFrames]).toEqual([nb, nf]);
      const gotRe = new Float64Array(nb * nf);
      const gotIm = new Float64Array(nb * nf);
      const expIm = new Float64Array(nb * nf);
      for (let k = 0; k < nb; k++) {
        for (let t = 0; t < nf; t++) {
          gotRe[k * nf + t] = s.re[t * nb + k];
          gotIm[k * nf + t] = s.im[t * nb + k];
          expIm[k * nf + t] = -D.im![k * nf + t];
        }
      }
      expectClose(`${name} re`, D.re!, gotRe);
      expectClose(`${name} im`, expIm, gotIm);
    });
  }

  for (const n of ['003', '004']) {
    it(`hz_to_mel / mel_to_hz ${n}`, () => {
      const a = loadRef(`feature-hz_to_mel-${n}`);
      const htkA = refScalar(a, 'htk') === 1;
      expectClose(`hz_to_mel-${n}`, refArray(a, 'result').data, Array.from(refArray(a, 'f').data, (f) => hzToMel(f, htkA)), 0);
      const b = loadRef(`feature-mel_to_hz-${n}`);
      const htkB = refScalar(b, 'htk') === 1;
      expectClose(`mel_to_hz-${n}`, refArray(b, 'result').data, Array.from(refArray(b, 'f').data, (m) => melToHz(m, htkB)), 0);
    });
  }

  for (const n of ['001', '002']) {
    it(`mel filter bank ${n}`, () => {
      const j = loadRef(`feature-melfb-${n}`);
      const nFft = refScalar(j, 'nfft');
      const fb = melFilterBank({
        sr: refScalar(j, 'sr'),
        nFft,
        nMels: refScalar(j, 'nfilts'),
        fmin: refScalar(j, 'fmin'),
        fmax: refScalar(j, 'fmax'),
        htk: refScalar(j, 'htk') === 1,
      });
      expectClose(`melfb-${n}`, refArray(j, 'wts').data, padBank(fb.data, fb.rows, fb.cols, nFft));
    });
  }

  it('chroma filter bank', () => {
    const j = loadRef('feature-chromafb-001');
    const nFft = refScalar(j, 'nfft');
    const ow = refScalar(j, 'octwidth');
    const fb = chromaFilterBank({
      sr: refScalar(j, 'sr'),
      nFft,
      nChroma: refScalar(j, 'nchroma'),
      a440: refScalar(j, 'a440'),
      ctroct: refScalar(j, 'ctroct'),
      octwidth: ow === 0 ? null : ow,
      norm: 2,
      baseC: false,
    });
    expectClose('chromafb', refArray(j, 'wts').data, padBank(fb.data, fb.rows, fb.cols, nFft));
  });

  it('spectral centroid and rolloff (0.80, 0.90, 0.95)', () => {
    const { y, sr } = audio();
    const nFft = refScalar(loadRef('met-centroid-001'), 'nfft');
    const hop = refScalar(loadRef('met-centroid-001'), 'hop_length');
    const s = stft(y, { nFft, hop, center: false, window: 'hamming', periodic: false });
    const S = { data: magnitude(s), nBins: s.nBins, nFrames: s.nFrames };
    const freqs = fftFrequencies(sr, nFft);
    expectClose('centroid', refArray(loadRef('met-centroid-001'), 'centroid').data, spectralCentroid(S, freqs));
    for (const n of ['001', '002', '003']) {
      const j = loadRef(`met-rolloff-${n}`);
      expectClose(`rolloff-${n}`, refArray(j, 'rolloff').data, spectralRolloff(S, freqs, refScalar(j, 'pct')), 0);
    }
  });

  it('spectral bandwidth', () => {
    const j = loadRef('met-bandwidth-001');
    const Sr = refArray(j, 'S');
    const [nb, nf] = Sr.shape;
    const data = new Float64Array(nb * nf);
    for (let k = 0; k < nb; k++) for (let t = 0; t < nf; t++) data[t * nb + k] = Sr.data[k * nf + t];
    const bw = spectralBandwidth({ data, nBins: nb, nFrames: nf }, fftFrequencies(22050, refScalar(j, 'nfft')), refArray(j, 'centroid').data, 1, false);
    expectClose('bandwidth', refArray(j, 'bw').data.map((v) => v * nb), bw);
  });
});
