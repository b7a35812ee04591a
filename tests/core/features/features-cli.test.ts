/** `genrescope features`: real ffmpeg decode of a shared clip, JSON and table output, usage errors. */
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { describeShared, sharedDir } from '../../helpers/shared-data.ts';
import { featuresCommand } from '../../../src/cli/commands/features.ts';
import { UsageError } from '../../../src/core/errors.ts';
import { FEATURE_COLUMNS } from '../../../src/core/features/columns.ts';

function captureIo() {
  let out = '';
  let err = '';
  const stdout = new Writable({ write: (c, _e, cb) => ((out += String(c)), cb()) });
  const stderr = new Writable({ write: (c, _e, cb) => ((err += String(c)), cb()) });
  return { io: { stdout, stderr, cwd: process.cwd(), env: process.env }, out: () => out, err: () => err };
}

describe('genrescope features: usage', () => {
  it('rejects a missing file and an unknown window mode', async () => {
    await expect(featuresCommand.run([], captureIo().io)).rejects.toThrow(UsageError);
    await expect(featuresCommand.run(['x.flac', '--window', 'bogus'], captureIo().io)).rejects.toThrow(/--window must be one of/);
  });
});

describeShared('genrescope features on a GTZAN clip', () => {
  const clip = path.join(sharedDir(), 'data', 'gtzan', 'audio', 'blues', 'blues.00000.flac');

  it('prints the 3-s windows as JSON with all 57 columns', { timeout: 60_000 }, async () => {
    const c = captureIo();
    expect(await featuresCommand.run([clip, '--window', '3s', '--json'], c.io)).toBe(0);
    const doc = JSON.parse(c.out()) as { samples: number; windows: Record<string, number>[] };
    expect(doc.samples).toBe(661794);
    expect(doc.windows).toHaveLength(10);
    const w = doc.windows[1];
    expect([w.index, w.length]).toEqual([1, 66149]);
    expect(w.start).toBeCloseTo(3, 9);
    for (const col of FEATURE_COLUMNS) expect(typeof w[col], col).toBe('number');
  });

  it('prints a readable table for the whole clip', { timeout: 60_000 }, async () => {
    const c = captureIo();
    expect(await featuresCommand.run([clip], c.io)).toBe(0);
    // blues.00000 in features_30_sec.csv: tempo 123.046875, length 661794
    expect(c.out()).toMatch(/^tempo\s+123\.046875$/m);
    expect(c.out()).toMatch(/^length\s+661794$/m);
  });

  it('fails with ffmpeg\'s reason when the file cannot be decoded (exit 1 via the dispatcher)', async () => {
    const c = captureIo();
    await expect(featuresCommand.run([path.join(sharedDir(), 'no-such-file.flac')], c.io)).rejects.toThrow(/ffmpeg could not decode/);
  });
});
