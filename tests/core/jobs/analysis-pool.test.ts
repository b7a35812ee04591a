/**
 * The worker pool with real worker processes (child_process.fork), real ffmpeg, real ONNX sessions
 * on the fixture audio. The crash test uses the worker's test-only crash action, which the worker
 * honours only when started with GENRESCOPE_TEST_CRASH=1.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelError } from '../../../src/core/errors.ts';
import { FEATURE_COLUMNS, SAMPLE_RATE } from '../../../src/core/features/columns.ts';
import { AnalysisPool, type JobOutcome } from '../../../src/core/jobs/analysis-pool.ts';
import { runJobs } from '../../../src/core/jobs/run-jobs.ts';
import { TEST_CRASH_ENV } from '../../../src/worker/protocol.ts';
import { getFixtures, type Fixtures } from '../../helpers/fixtures.ts';

let fx: Fixtures;
let tmp: string;
let pool: AnalysisPool;

beforeAll(async () => {
  fx = await getFixtures();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'genrescope-pool-'));
  pool = new AnalysisPool({ size: 1, providers: ['cpu'] });
  await pool.start();
});

afterAll(async () => {
  await pool?.close();
  await rm(tmp, { recursive: true, force: true });
});

function failed(o: JobOutcome) {
  if (o.ok) throw new Error(`expected a failure, got a result for ${o.path}`);
  return o;
}

describe('AnalysisPool', () => {
  it('decodes only the planned windows, extracts 57 features each and batches inference', async () => {
    const info = pool.info!;
    expect(info.provider).toBe('cpu');
    expect(info.modelHash).toMatch(/^[0-9a-f]{64}$/);
    const windows = [
      { index: 0, startSec: 10, durationSec: 4 },
      { index: 1, startSec: 60, durationSec: 4 },
    ];
    const o = await pool.analyse({ path: fx.medium.path, windows, durationSec: fx.medium.durationSec });
    if (!o.ok) throw new Error(`analysis failed: ${o.error.kind}: ${o.error.message}`);
    const r = o.result;
    expect(r.windows.map((w) => w.index)).toEqual([0, 1]);
    // 100-s file, two 4-s windows: the decoder produced 8 s of audio, not 100.
    expect(r.decodedSamples).toBeGreaterThanOrEqual(2 * 4 * SAMPLE_RATE - 2 * 1152);
    expect(r.decodedSamples).toBeLessThanOrEqual(2 * 4 * SAMPLE_RATE + 2 * 1152);
    for (const w of r.windows) {
      expect(w.features).toHaveLength(FEATURE_COLUMNS.length);
      expect(w.features.every(Number.isFinite)).toBe(true);
      expect(w.probabilities).toHaveLength(info.labels.length);
      expect(w.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
    expect(r.windows[1].startSec).toBe(60);
    expect(r.windows[1].endSec).toBeCloseTo(64, 1);
    for (const k of ['decode', 'features', 'inference', 'total']) expect(r.timingsMs[k]).toBeGreaterThan(0);
    expect(Object.keys(r.timingsMs).some((k) => k.startsWith('features.'))).toBe(true);
    expect(r.provider).toBe('cpu');
    expect(r.maxRssBytes).toBeGreaterThan(10 << 20);
  });

  it('plans windows itself from the analysis settings when given none', async () => {
    const o = await pool.analyse({ path: fx.medium.path, analysis: { count: 2, lengthSec: 3 } });
    if (!o.ok) throw new Error(`${o.error.kind}: ${o.error.message}`);
    expect(o.result.windows).toHaveLength(2);
    expect(o.result.durationSec).toBeCloseTo(100, 0);
    expect(o.result.windows[0].startSec).toBeGreaterThan(10);
  });

  it('skips a window too short to analyse and keeps the others', async () => {
    const f = fx.formats.flac ?? fx.nonAscii;
    // The second window starts 50 ms before the end: ~1100 samples, less than one 2048-sample frame.
    const windows = [
      { index: 0, startSec: 0, durationSec: 3 },
      { index: 1, startSec: f.durationSec - 0.05, durationSec: 3 },
    ];
    const o = await pool.analyse({ path: f.path, windows });
    if (!o.ok) throw new Error(`${o.error.kind}: ${o.error.message}`);
    expect(o.result.windows.map((w) => w.index)).toEqual([0]);
    const only = failed(await pool.analyse({ path: f.path, windows: [windows[1]] }));
    expect(only.error).toMatchObject({ kind: 'features', message: expect.stringMatching(/too short/) });
  });

  it('answers bad input with a structured error per file', async () => {
    const [missing, empty, dir, text] = await Promise.all([
      pool.analyse({ path: path.join(tmp, 'gone.mp3'), analysis: { count: 1, lengthSec: 5 } }),
      pool.analyse({ path: fx.bad.zeroByte, analysis: { count: 1, lengthSec: 5 } }),
      pool.analyse({ path: tmp, analysis: { count: 1, lengthSec: 5 } }),
      pool.analyse({ path: fx.bad.textAsMp3, analysis: { count: 1, lengthSec: 5 } }),
    ]);
    expect(failed(missing).error).toEqual({ kind: 'io', message: expect.stringContaining('not found') });
    expect(failed(empty).error).toEqual({ kind: 'decode', message: expect.stringContaining('empty') });
    expect(failed(dir).error).toEqual({ kind: 'io', message: expect.stringContaining('directory') });
    expect(failed(text).error.kind).toBe('decode');
  });

  it('cancels a queued job without running it', async () => {
    const ac = new AbortController();
    pool.pause();
    const p = pool.analyse({ path: fx.medium.path, analysis: { count: 1, lengthSec: 5 } }, ac.signal);
    ac.abort();
    expect(failed(await p).error.kind).toBe('cancelled');
    pool.resume();
  });

  it('pause holds jobs back and resume runs them', async () => {
    pool.pause();
    let settled = false;
    const p = pool.analyse({ path: fx.formats.flac?.path ?? fx.nonAscii.path, analysis: { count: 1, lengthSec: 5 } }).then((o) => {
      settled = true;
      return o;
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(settled).toBe(false);
    expect(pool.load).toBe(1);
    pool.resume();
    expect((await p).ok).toBe(true);
  });

  it('feeds a long source with bounded memory (runJobs)', async () => {
    let pulled = 0;
    let done = 0;
    let maxAhead = 0;
    function* source() {
      for (let i = 0; i < 6; i++) {
        pulled++;
        maxAhead = Math.max(maxAhead, pulled - done);
        yield i;
      }
    }
    const outcomes: boolean[] = [];
    await runJobs(
      pool,
      source(),
      () => ({ path: fx.nonAscii.path, windows: [{ index: 0, startSec: 0, durationSec: 1 }] }),
      (_i, o) => {
        done++;
        outcomes.push(o.ok);
      },
      { concurrency: 2 },
    );
    expect(outcomes).toEqual([true, true, true, true, true, true]);
    expect(maxAhead).toBeLessThanOrEqual(3);
  });
});

describe('AnalysisPool crash handling', () => {
  it('retries a track once on a fresh worker, then records it as a crash; the pool keeps working', async () => {
    const p = new AnalysisPool({ size: 1, providers: ['cpu'], env: { [TEST_CRASH_ENV]: '1' } });
    try {
      const first = await p.start();
      const o = failed(await p.analyse({ path: fx.nonAscii.path, analysis: { count: 1, lengthSec: 2 }, testAction: 'crash' }));
      expect(o.error.kind).toBe('crash');
      expect(o.error.message).toMatch(/crashed twice/);
      expect(o.attempts).toBe(2);
      expect(p.respawns).toBe(2);
      const after = await p.analyse({ path: fx.nonAscii.path, analysis: { count: 1, lengthSec: 2 } });
      expect(after.ok).toBe(true);
      if (after.ok) expect(after.workerPid).not.toBe(first.pid);
    } finally {
      await p.close();
    }
  });

  it('stops a job that never answers with its watchdog, as a timeout, without a retry', async () => {
    const p = new AnalysisPool({ size: 1, providers: ['cpu'], env: { [TEST_CRASH_ENV]: '1' }, watchdogSlackMs: 300 });
    try {
      await p.start();
      const t0 = Date.now();
      const o = failed(await p.analyse({ path: fx.nonAscii.path, windows: [{ index: 0, startSec: 0, durationSec: 1 }], timeoutMs: 200, testAction: 'hang' }));
      expect(o.error.kind).toBe('timeout');
      expect(o.attempts).toBe(1);
      expect(Date.now() - t0).toBeLessThan(5000);
      expect((await p.analyse({ path: fx.nonAscii.path, windows: [{ index: 0, startSec: 0, durationSec: 1 }] })).ok).toBe(true);
    } finally {
      await p.close();
    }
  });

  it('ignores the crash action unless the worker was started with the test switch', async () => {
    const o = await pool.analyse({ path: fx.nonAscii.path, analysis: { count: 1, lengthSec: 2 }, testAction: 'crash' });
    expect(o.ok).toBe(true);
    expect(pool.respawns).toBe(0);
  });

  it('rejects with a ModelError when the workers cannot load the model', async () => {
    const p = new AnalysisPool({ size: 1, modelManifestPath: path.join(tmp, 'no-such-model.json') });
    try {
      await expect(p.start()).rejects.toThrow(ModelError);
      await expect(p.analyse({ path: fx.nonAscii.path })).rejects.toThrow(/could not load the model/);
    } finally {
      await p.close();
    }
  });
});
