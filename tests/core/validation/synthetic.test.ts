import { describe, expect, it } from 'vitest';
import { stft } from '../../../src/core/features/stft.ts';
import { runSyntheticChecks } from '../../../src/core/validation/synthetic.ts';

describe('synthetic tone mix and sweep', () => {
  it('find known frequencies within half a bin and conserve energy', () => {
    const r = runSyntheticChecks({ sampleRate: 22050 });
    for (const c of r.checks) expect(c.pass, `${c.name}: ${c.value}`).toBe(true);
    expect(r.sweep.expectedHz.length).toBeGreaterThan(100);
  });

  it('fail when the spectrum is scaled (energy) or frames are mistimed (sweep)', () => {
    const scaled = runSyntheticChecks({ sampleRate: 22050, spectrumScale: 2 });
    expect(scaled.checks.find((c) => c.name.startsWith('tone mix: power'))!.pass).toBe(false);
    // an engine whose hop is 500 instead of 512 puts each frame at the wrong time in the sweep
    const wrongHop = runSyntheticChecks({ sampleRate: 22050, stftFn: (y) => stft(y, { hop: 500 }) });
    expect(wrongHop.checks.find((c) => c.name.startsWith('sweep'))!.pass).toBe(false);
  });
});
