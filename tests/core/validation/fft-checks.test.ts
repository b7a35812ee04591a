import { describe, expect, it } from 'vitest';
import { stft, type Spectrum } from '../../../src/core/features/stft.ts';
import { analyseWindowFft, fftChecks } from '../../../src/core/validation/fft-checks.ts';
import { testSignal } from './helpers.ts';

const y = testSignal(22050, 6);
const opts = { nFft: 2048, hop: 512 };
const spec = stft(y, { nFft: 2048, hop: 512 });
const byName = (checks: ReturnType<typeof fftChecks>) => Object.fromEntries(checks.map((c) => [c.name, c]));

describe('FFT checks: Parseval and reference DFT', () => {
  it('pass on the engine STFT at rounding level', () => {
    const checks = fftChecks([analyseWindowFft(y, spec, opts)]);
    expect(checks).toHaveLength(4);
    for (const c of checks) expect(c.pass, `${c.name}: ${c.value}`).toBe(true);
    const c = byName(checks);
    expect(c['Parseval energy, max relative error per frame'].value!).toBeLessThan(1e-6);
    expect(c['STFT vs float64 reference DFT, max error / frame peak'].value!).toBeLessThan(1e-6);
  });

  it('fail with a wrong FFT normalisation (1/sqrt(N), or off by 0.1%)', () => {
    for (const scale of [1 / Math.sqrt(2048), 1.001]) {
      const c = byName(fftChecks([analyseWindowFft(y, spec, { ...opts, spectrumScale: scale })]));
      expect(c['Parseval energy, max relative error per frame'].pass, `scale ${scale}`).toBe(false);
      expect(c['Parseval energy, median relative error per frame'].pass).toBe(false);
      expect(c['STFT vs float64 reference DFT, max error / frame peak'].pass).toBe(false);
    }
  });

  it('catch a conjugated spectrum, which Parseval alone cannot see', () => {
    const conj: Spectrum = { ...spec, im: spec.im.map((v) => -v) };
    const c = byName(fftChecks([analyseWindowFft(y, conj, opts)]));
    expect(c['Parseval energy, max relative error per frame'].pass).toBe(true);
    expect(c['STFT vs float64 reference DFT, max error / frame peak'].pass).toBe(false);
  });

  it('fail when the engine frames the signal differently (zero instead of reflect padding)', () => {
    const zeroPadded = stft(y, { nFft: 2048, hop: 512, padMode: 'constant' });
    const c = byName(fftChecks([analyseWindowFft(y, zeroPadded, opts)]));
    expect(c['STFT vs float64 reference DFT, max error / frame peak'].pass).toBe(false);
  });
});
