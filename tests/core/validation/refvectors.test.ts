import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWav16Mono, runRefvectorSuite } from '../../../src/core/validation/refvectors.ts';
import { describeShared, sharedDir } from '../../helpers/shared-data.ts';

describeShared("librosa's reference vectors through the engine", () => {
  const dir = () => path.join(sharedDir(), 'data', 'refvectors');

  it('reads the stereo test WAV as librosa does (mono mean, /32768)', () => {
    const { y, sr } = readWav16Mono(path.join(dir(), 'test1_22050.wav'));
    expect(sr).toBe(22050);
    expect(y.length).toBe(101155);
  });

  it('every comparison passes (STFT, centroid, rolloff, bandwidth, mel and chroma banks, mel scale)', () => {
    const s = runRefvectorSuite(dir(), { appVersion: 'test', featureVersion: 'test' });
    expect(s.status).toBe('ok');
    expect(s.checks.length).toBe(15);
    for (const c of s.checks) expect(c.pass, `${c.name}: ${c.value}`).toBe(true);
  });
});

describe('reference vectors absent', () => {
  it('says so instead of failing', () => {
    const s = runRefvectorSuite('/nonexistent/refvectors', { appVersion: 'test', featureVersion: 'test' });
    expect(s.status).toBe('absent');
    expect(s.checks).toEqual([]);
    expect(s.message).toMatch(/not found/);
  });
});
