/**
 * Per-frame views of the same analysis the extractor does, for display and the validation report.
 * Frames: n_fft 2048, hop 512, centered with reflect padding (frame t is centred on t * 512 / 22050 s).
 * All matrices are frame-major ([frame][bin] / [frame][band]):
 * - magnitudeDb: 20 log10(|STFT|) relative to the loudest bin, floored at -80 dB (amin 1e-5).
 * - melDb: the 128-band Slaney mel power spectrogram in dB (ref 1, top_db 80), as fed to the MFCCs
 *   and the onset envelope.
 * - perFrame: rms (full scale 1), zcr (crossings per sample), centroid / bandwidth / rolloff (Hz).
 */
import { SAMPLE_RATE } from './columns.ts';
import { fftFrequencies } from './filters.ts';
import { HOP, N_FFT, N_MELS, validateSignal } from './extract.ts';
import { melSpectrogram, powerToDb } from './mfcc.ts';
import { spectralCentroidBandwidth, spectralRolloff } from './spectral.ts';
import { magnitude, power, stft } from './stft.ts';
import { rms, zeroCrossingRate } from './time-domain.ts';

export interface FrameData {
  sr: number;
  nFft: number;
  hop: number;
  nFrames: number;
  nBins: number;
  nMels: number;
  magnitudeDb: Float32Array;
  melDb: Float32Array;
  perFrame: {
    rms: Float32Array;
    zcr: Float32Array;
    centroid: Float32Array;
    bandwidth: Float32Array;
    rolloff: Float32Array;
  };
  timesSec: Float32Array;
}

export function amplitudeToDbRefMax(mag: Float32Array, amin = 1e-5, topDb = 80): Float32Array {
  let mx = 0;
  for (let i = 0; i < mag.length; i++) if (mag[i] > mx) mx = mag[i];
  const ref = 20 * Math.log10(Math.max(amin, mx));
  const out = new Float32Array(mag.length);
  for (let i = 0; i < mag.length; i++) out[i] = Math.max(20 * Math.log10(Math.max(amin, mag[i])) - ref, -topDb);
  return out;
}

export function frameData(y: Float32Array): FrameData {
  validateSignal(y);
  const sr = SAMPLE_RATE;
  const D = stft(y, { nFft: N_FFT, hop: HOP });
  const { nBins, nFrames } = D;
  const mag = magnitude(D);
  const S = { data: mag, nBins, nFrames };
  const freqs = fftFrequencies(sr, N_FFT);
  const shape = spectralCentroidBandwidth(S, freqs);
  const timesSec = new Float32Array(nFrames);
  for (let t = 0; t < nFrames; t++) timesSec[t] = (t * HOP) / sr;
  return {
    sr,
    nFft: N_FFT,
    hop: HOP,
    nFrames,
    nBins,
    nMels: N_MELS,
    magnitudeDb: amplitudeToDbRefMax(mag),
    melDb: powerToDb(melSpectrogram(power(mag), nBins, nFrames, sr, N_MELS), 80),
    perFrame: {
      rms: Float32Array.from(rms(y, N_FFT, HOP)),
      zcr: Float32Array.from(zeroCrossingRate(y, N_FFT, HOP)),
      centroid: Float32Array.from(shape.centroid),
      bandwidth: Float32Array.from(shape.bandwidth),
      rolloff: Float32Array.from(spectralRolloff(S, freqs, 0.85)),
    },
    timesSec,
  };
}
