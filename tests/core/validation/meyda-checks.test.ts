import { describe, expect, it } from 'vitest';
import { engineFrameFeatures, engineStft } from '../../../src/core/validation/engine.ts';
import { compareWithMeyda, meydaChecks, type AlignedFeature } from '../../../src/core/validation/meyda-checks.ts';
import { testSignal } from './helpers.ts';

const sr = 22050;
const y = testSignal(sr, 8, 3);
const spec = engineStft(y);
const eng = engineFrameFeatures(y, spec, sr);
const run = (featureOffset?: Partial<Record<AlignedFeature, number>>) =>
  meydaChecks(compareWithMeyda(y, eng, { sampleRate: sr, nFft: 2048, hop: 512, maxFrames: 64, featureOffset }), sr, 2048);

describe('engine vs meyda frame features', () => {
  it('agree on every aligned feature (r and max error)', () => {
    const checks = run();
    expect(checks).toHaveLength(12);
    for (const c of checks) expect(c.pass, `${c.name}: ${c.value}`).toBe(true);
  });

  it('a shifted centroid fails the max-error check although r stays 1', () => {
    const checks = run({ centroid: 5 });
    const r = checks.find((c) => c.name.startsWith('meyda spectral centroid: Pearson'))!;
    const err = checks.find((c) => c.name === 'meyda spectral centroid: max relative error')!;
    expect(r.pass).toBe(true);
    expect(err.pass).toBe(false);
    expect(err.value!).toBeGreaterThan(1e-4);
    expect(checks.filter((c) => !c.pass)).toHaveLength(1);
  });

  it('a shifted rms or zcr fails its own check', () => {
    expect(run({ rms: 1e-3 }).find((c) => c.name === 'meyda rms: max relative error')!.pass).toBe(false);
    expect(run({ zcr: 1 / 2048 }).find((c) => c.name === 'meyda zero-crossing rate: max relative error')!.pass).toBe(false);
  });

  it('digital silence: spectral comparisons are marked not applicable, rms and zcr still compared', () => {
    const zeros = new Float32Array(sr * 2);
    const zs = engineStft(zeros);
    const checks = meydaChecks(compareWithMeyda(zeros, engineFrameFeatures(zeros, zs, sr), { sampleRate: sr, nFft: 2048, hop: 512, maxFrames: 16 }), sr, 2048);
    const centroid = checks.filter((c) => c.name.startsWith('meyda spectral centroid'));
    expect(centroid.map((c) => [c.value, c.pass])).toEqual([[null, true], [null, true]]);
    expect(centroid[0].meaning).toMatch(/Not applicable/);
    expect(checks.find((c) => c.name === 'meyda rms: max relative error')!.value).toBe(0);
  });

  it('leaves meyda\'s global settings as they were', async () => {
    const { createRequire } = await import('node:module');
    const meyda = createRequire(import.meta.url)('meyda') as { bufferSize: number; windowingFunction: string };
    const before = { b: meyda.bufferSize, w: meyda.windowingFunction };
    run();
    expect({ b: meyda.bufferSize, w: meyda.windowingFunction }).toEqual(before);
  });
});
