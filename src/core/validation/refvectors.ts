/**
 * Check (e): librosa's own reference vectors (Dan Ellis's MATLAB outputs from librosa's test data,
 * converted to JSON in ../shared/data/refvectors), run through the engine's functions with the
 * parameters librosa's tests use. Run once per app / feature / report version; the result is stored
 * (report-store.ts) and shown in every report.
 *
 * Conventions reproduced from librosa's tests:
 *  - core-stft-*: mono mean of test1_22050.wav (16-bit / 32768), center=False, n_fft 128; hann_w 0
 *    means a rectangular window, else periodic Hann. The MATLAB spectra use e^{+i}: compared with
 *    conj(D).
 *  - met-centroid / met-rolloff: |STFT| with a SYMMETRIC Hamming of n_fft, center=False, each frame
 *    divided by S[0] + 2 sum S[1:] (MATLAB's normalisation).
 *  - met-bandwidth: the stored S and centroid, p = 1, no normalisation, against n_bins * bw (MATLAB
 *    takes the mean, not the sum).
 *  - melfb / chromafb: banks over bins 0..n_fft/2 against the MATLAB matrices' first n_fft/2+1
 *    columns (the rest is zero there); chroma tuning = n_chroma * log2(a440 / 440), base A.
 *  - met-contrast is listed but skipped: the engine has no spectral-contrast feature.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromaFilterBank, fftFrequencies, hzToMel, melFilterBank, melToHz } from '../features/filters.ts';
import { spectralBandwidth, spectralCentroid, spectralRolloff } from '../features/spectral.ts';
import { magnitude, stft } from '../features/stft.ts';
import { FeatureError } from '../errors.ts';
import { check, REPORT_VERSION, type Check, type RefvectorSuite } from './types.ts';

interface JsonArray {
  shape: number[];
  order: string;
  data?: number[];
  re?: number[];
  im?: number[];
}

type RefFile = Record<string, unknown>;

function num(f: RefFile, key: string): number {
  const v = f[key];
  if (typeof v !== 'number') throw new FeatureError(`reference vector field ${key} is not a number`);
  return v;
}

function arr(f: RefFile, key: string): JsonArray {
  const v = f[key] as JsonArray | undefined;
  if (!v || !Array.isArray(v.shape)) throw new FeatureError(`reference vector field ${key} is not an array`);
  return v;
}

/** RIFF/WAVE 16-bit PCM reader: mono mean of the channels, samples / 32768 (librosa.load, sr=None). */
export function readWav16Mono(file: string): { y: Float32Array; sr: number } {
  const b = readFileSync(file);
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') throw new FeatureError(`${file} is not a RIFF/WAVE file`);
  let pos = 12;
  let channels = 0;
  let sr = 0;
  let bits = 0;
  while (pos + 8 <= b.length) {
    const id = b.toString('ascii', pos, pos + 4);
    const size = b.readUInt32LE(pos + 4);
    const body = pos + 8;
    if (id === 'fmt ') {
      if (b.readUInt16LE(body) !== 1) throw new FeatureError(`${file}: only PCM WAV is supported`);
      channels = b.readUInt16LE(body + 2);
      sr = b.readUInt32LE(body + 4);
      bits = b.readUInt16LE(body + 14);
    } else if (id === 'data') {
      if (bits !== 16 || channels < 1) throw new FeatureError(`${file}: expected 16-bit PCM, got ${bits}-bit, ${channels} channels`);
      const frames = Math.floor(Math.min(size, b.length - body) / (2 * channels));
      const y = new Float32Array(frames);
      for (let i = 0; i < frames; i++) {
        let s = 0;
        for (let c = 0; c < channels; c++) s += b.readInt16LE(body + 2 * (i * channels + c)) / 32768;
        y[i] = s / channels;
      }
      return { y, sr };
    }
    pos = body + size + (size & 1);
  }
  throw new FeatureError(`${file}: no data chunk`);
}

/** max |a - b| / max |b| */
function relToPeak(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let p = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    p = Math.max(p, Math.abs(b[i]));
  }
  return p === 0 ? d : d / p;
}

export const REFVECTOR_FILES = ['core-stft-002', 'core-stft-005', 'core-stft-006', 'met-centroid-001', 'met-rolloff-001', 'met-rolloff-002', 'met-rolloff-003', 'met-bandwidth-001', 'feature-melfb-001', 'feature-melfb-002', 'feature-chromafb-001', 'feature-hz_to_mel-003', 'feature-hz_to_mel-004', 'feature-mel_to_hz-003', 'feature-mel_to_hz-004'];

export interface RefvectorRunInfo {
  appVersion: string;
  featureVersion: string;
}

export function runRefvectorSuite(dir: string, info: RefvectorRunInfo): RefvectorSuite {
  const base = { dir, appVersion: info.appVersion, featureVersion: info.featureVersion, reportVersion: REPORT_VERSION, createdAt: new Date().toISOString() };
  const wavPath = path.join(dir, 'test1_22050.wav');
  const missing = REFVECTOR_FILES.filter((f) => !existsSync(path.join(dir, `${f}.json`)));
  if (!existsSync(wavPath) || missing.length === REFVECTOR_FILES.length) {
    return { ...base, status: 'absent', checks: [], message: `librosa reference vectors not found in ${dir}: check (e) was not run` };
  }
  const load = (name: string): RefFile | null => {
    const p = path.join(dir, `${name}.json`);
    return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as RefFile) : null;
  };
  const { y, sr } = readWav16Mono(wavPath);
  const checks: Check[] = [];

  for (const name of ['core-stft-002', 'core-stft-005', 'core-stft-006']) {
    const f = load(name);
    if (!f) continue;
    const nFft = num(f, 'nfft');
    const hop = num(f, 'hop_length');
    const rect = num(f, 'hann_w') === 0;
    const D = arr(f, 'D');
    const [nBins, nFrames] = D.shape;
    const spec = stft(y, { nFft, hop, center: false, window: rect ? 'rect' : 'hann', periodic: true });
    let err = 0;
    let peak = 0;
    const shapeOk = spec.nBins === nBins && spec.nFrames === nFrames;
    if (shapeOk) {
      for (let k = 0; k < nBins; k++) {
        for (let t = 0; t < nFrames; t++) {
          const rr = D.re![k * nFrames + t];
          const ri = -D.im![k * nFrames + t]; // conj: MATLAB's sign convention
          const i = t * nBins + k;
          err = Math.max(err, Math.hypot(spec.re[i] - rr, spec.im[i] - ri));
          peak = Math.max(peak, Math.hypot(rr, ri));
        }
      }
    }
    const v = shapeOk ? err / peak : null;
    checks.push(check('refvectors', `librosa ${name}: STFT (n_fft ${nFft}, hop ${hop}, ${rect ? 'rect' : 'Hann'}) max error / peak`, v, 1e-6, v !== null && v <= 1e-6,
      shapeOk ? "The engine's STFT reproduces the reference spectrogram from librosa's test data to float32 rounding." : `shape ${spec.nBins}x${spec.nFrames} differs from the reference ${nBins}x${nFrames}.`));
  }

  const ellis = (nFft: number, hop: number) => {
    const spec = stft(y, { nFft, hop, center: false, window: 'hamming', periodic: false });
    const m = magnitude(spec);
    const data = new Float64Array(m.length);
    for (let t = 0; t < spec.nFrames; t++) {
      const o = t * spec.nBins;
      let s = m[o];
      for (let k = 1; k < spec.nBins; k++) s += 2 * m[o + k];
      for (let k = 0; k < spec.nBins; k++) data[o + k] = s > 0 ? m[o + k] / s : 0;
    }
    return { data, nBins: spec.nBins, nFrames: spec.nFrames };
  };

  const cf = load('met-centroid-001');
  if (cf) {
    const nFft = num(cf, 'nfft');
    const S = ellis(nFft, num(cf, 'hop_length'));
    const c = spectralCentroid(S, fftFrequencies(sr, nFft));
    const ref = arr(cf, 'centroid').data!;
    const v = c.length === ref.length ? relToPeak(c, ref) : null;
    checks.push(check('refvectors', 'librosa met-centroid-001: spectral centroid max error / max', v, 1e-5, v !== null && v <= 1e-5,
      "The engine's spectral centroid matches the MATLAB reference values."));
  }
  for (const name of ['met-rolloff-001', 'met-rolloff-002', 'met-rolloff-003']) {
    const f = load(name);
    if (!f) continue;
    const nFft = num(f, 'nfft');
    const pct = num(f, 'pct');
    const S = ellis(nFft, num(f, 'hop_length'));
    const r = spectralRolloff(S, fftFrequencies(sr, nFft), pct);
    const ref = arr(f, 'rolloff').data!;
    let v: number | null = null;
    if (r.length === ref.length) {
      v = 0;
      for (let i = 0; i < ref.length; i++) v = Math.max(v, Math.abs(r[i] - ref[i]));
    }
    checks.push(check('refvectors', `librosa ${name}: rolloff ${pct} max abs error (Hz)`, v, 1, v !== null && v <= 1,
      `Every frame's ${Math.round(pct * 100)}% rolloff lands on the reference bin (bins are ${(sr / nFft).toFixed(1)} Hz apart).`));
  }
  const bf = load('met-bandwidth-001');
  if (bf) {
    const Sa = arr(bf, 'S');
    const [nBins, nFrames] = Sa.shape;
    const data = new Float64Array(nBins * nFrames);
    for (let k = 0; k < nBins; k++) for (let t = 0; t < nFrames; t++) data[t * nBins + k] = Sa.data![k * nFrames + t];
    const bw = spectralBandwidth({ data, nBins, nFrames }, fftFrequencies(sr, num(bf, 'nfft')), arr(bf, 'centroid').data!, 1, false);
    const ref = arr(bf, 'bw').data!.map((v) => v * nBins);
    const v = relToPeak(bw, ref);
    checks.push(check('refvectors', 'librosa met-bandwidth-001: bandwidth (p=1) max error / max', v, 1e-6, v <= 1e-6,
      "The engine's bandwidth formula reproduces the reference on the reference spectrum."));
  }
  for (const name of ['feature-melfb-001', 'feature-melfb-002']) {
    const f = load(name);
    if (!f) continue;
    const nFft = num(f, 'nfft');
    const htk = num(f, 'htk') === 1;
    const fb = melFilterBank({ sr: num(f, 'sr'), nFft, nMels: num(f, 'nfilts'), fmin: num(f, 'fmin'), fmax: num(f, 'fmax'), htk });
    const W = arr(f, 'wts');
    const v = bankError(fb.data, fb.rows, fb.cols, W);
    checks.push(check('refvectors', `librosa ${name}: mel filter bank (${htk ? 'HTK' : 'Slaney'}) max error / max`, v, 1e-6, v !== null && v <= 1e-6,
      "The engine's mel filter bank equals the reference weights (float32 storage)."));
  }
  const chf = load('feature-chromafb-001');
  if (chf) {
    const nChroma = num(chf, 'nchroma');
    const octwidth = num(chf, 'octwidth');
    const fb = chromaFilterBank({ sr: num(chf, 'sr'), nFft: num(chf, 'nfft'), nChroma, tuning: nChroma * Math.log2(num(chf, 'a440') / 440), ctroct: num(chf, 'ctroct'), octwidth: octwidth === 0 ? null : octwidth, norm: 2, baseC: false });
    const v = bankError(fb.data, fb.rows, fb.cols, arr(chf, 'wts'));
    checks.push(check('refvectors', 'librosa feature-chromafb-001: chroma filter bank max error / max', v, 1e-6, v !== null && v <= 1e-6,
      "The engine's chroma filter bank equals the reference weights (float32 storage)."));
  }
  for (const name of ['feature-hz_to_mel-003', 'feature-hz_to_mel-004', 'feature-mel_to_hz-003', 'feature-mel_to_hz-004']) {
    const f = load(name);
    if (!f) continue;
    const htk = num(f, 'htk') === 1;
    const conv = name.includes('hz_to_mel') ? hzToMel : melToHz;
    const input = arr(f, 'f').data!;
    const ref = arr(f, 'result').data!;
    let v = 0;
    input.forEach((x, i) => (v = Math.max(v, Math.abs(conv(x, htk) - ref[i]) / Math.max(Math.abs(ref[i]), 1e-12))));
    checks.push(check('refvectors', `librosa ${name}: ${name.includes('hz_to_mel') ? 'Hz to mel' : 'mel to Hz'} (${htk ? 'HTK' : 'Slaney'}) max relative error`, v, 1e-9, v <= 1e-9,
      'The frequency-scale conversion behind the mel features matches the reference.'));
  }
  const note = missing.length ? ` Missing files: ${missing.join(', ')}.` : '';
  return { ...base, status: 'ok', checks, message: `${checks.length} comparisons on librosa's test data from ${dir}; met-contrast skipped (the engine has no spectral contrast).${note}` };
}

function bankError(data: Float32Array, rows: number, cols: number, W: JsonArray): number | null {
  const [wr, wc] = W.shape;
  if (wr !== rows || wc < cols) return null;
  let d = 0;
  let p = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < wc; c++) {
      const ref = W.data![r * wc + c];
      const got = c < cols ? data[r * cols + c] : 0;
      d = Math.max(d, Math.abs(got - ref));
      p = Math.max(p, Math.abs(ref));
    }
  }
  return p === 0 ? d : d / p;
}
