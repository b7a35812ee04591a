/**
 * The engine functions the report checks, gathered in one place so the report and the benchmark
 * exercise exactly the code the analysis runs (src/core/features), and so tests can see what is
 * being validated. Units: GTZAN framing (n_fft 2048, hop 512, centered, periodic Hann), Hz.
 */
import { fftFrequencies } from '../features/filters.ts';
import { spectralBandwidth, spectralCentroid } from '../features/spectral.ts';
import { magnitude, stft, type Spectrum } from '../features/stft.ts';
import { rms, zeroCrossingRate } from '../features/time-domain.ts';
import type { EngineFrameFeatures } from './meyda-checks.ts';

export const N_FFT = 2048;
export const HOP = 512;

export function engineStft(y: ArrayLike<number>): Spectrum {
  return stft(y, { nFft: N_FFT, hop: HOP, center: true, padMode: 'reflect', window: 'hann', periodic: true });
}

/** The engine's per-frame features of one window, plus its spectrum (computed once, shared). */
export function engineFrameFeatures(y: ArrayLike<number>, spectrum: Spectrum, sampleRate: number): EngineFrameFeatures {
  const S = { data: magnitude(spectrum), nBins: spectrum.nBins, nFrames: spectrum.nFrames };
  const freqs = fftFrequencies(sampleRate, N_FFT);
  const centroid = spectralCentroid(S, freqs);
  return {
    rms: rms(y, N_FFT, HOP),
    zcr: zeroCrossingRate(y, N_FFT, HOP),
    centroid,
    bandwidth: spectralBandwidth(S, freqs, centroid),
    spectrum,
  };
}
