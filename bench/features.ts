/**
 * `npm run bench:features`: milliseconds per 30-s GTZAN clip for the exact feature extractor, on one
 * thread, in total (wall clock and CPU time) and per stage (CPU time), median over the shared clips.
 * CPU time is the figure to compare on a busy machine: wall time there includes waiting for a core. When
 * python3 with numpy/scipy is present it also times the numpy oracle
 * (../shared/reference/gtzan_features.py, `features()`) on some of the same clips and prints the
 * ratio. Decoding is not timed.
 *
 * Options: --clips N (how many clips, default all), --oracle-clips N (default 8), --no-oracle.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FfmpegDecoder } from '../src/core/decode/ffmpeg-decoder.ts';
import { extractFeatures } from '../src/core/features/extract.ts';
import type { FeatureStage } from '../src/core/features/extract.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const shared = process.env.GENRESCOPE_SHARED ?? path.resolve(repoRoot, '../shared');
const audioDir = path.join(shared, 'data', 'gtzan', 'audio');

const { values } = parseArgs({
  options: { clips: { type: 'string' }, 'oracle-clips': { type: 'string', default: '8' }, 'no-oracle': { type: 'boolean', default: false } },
});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

if (!existsSync(audioDir)) {
  console.error(`bench:features: shared clips not found at ${audioDir} (set GENRESCOPE_SHARED)`);
  process.exit(1);
}
let clips = readdirSync(audioDir)
  .flatMap((g) => readdirSync(path.join(audioDir, g)).map((f) => path.join(audioDir, g, f)))
  .filter((f) => f.endsWith('.flac'))
  .sort();
if (values.clips) clips = clips.slice(0, Number(values.clips));

const decoder = new FfmpegDecoder();
const signals: Float32Array[] = [];
for (const c of clips) signals.push(await decoder.decode(c));

// warm-up so the JIT has compiled the hot loops before timing
for (const y of signals.slice(0, 3)) extractFeatures(y);

const stages: FeatureStage[] = ['stft', 'chroma', 'hpss', 'tempo', 'mfcc', 'other'];
const perStage: Record<FeatureStage, number[]> = { stft: [], chroma: [], hpss: [], tempo: [], mfcc: [], other: [] };
const wall: number[] = [];
const cpu: number[] = [];
for (const y of signals) {
  const timings: Partial<Record<FeatureStage, number>> = {};
  const c0 = cpuMs();
  const t0 = performance.now();
  extractFeatures(y, { timings, clock: cpuMs });
  wall.push(performance.now() - t0);
  cpu.push(cpuMs() - c0);
  for (const s of stages) perStage[s].push(timings[s] ?? 0);
}

const ours = median(wall);
console.log(`exact GTZAN extractor, ${signals.length} clips of ~30 s, one thread (node ${process.version})`);
console.log(`  total   median ${ours.toFixed(1)} ms wall, ${median(cpu).toFixed(1)} ms CPU (min ${Math.min(...wall).toFixed(1)}, max ${Math.max(...wall).toFixed(1)} ms wall)`);
for (const s of stages) console.log(`  ${s.padEnd(7)} median ${median(perStage[s]).toFixed(1)} ms CPU`);
console.log(`  realtime factor ${((30 * 1000) / ours).toFixed(0)}x`);

if (!values['no-oracle']) {
  const ref = path.join(shared, 'reference', 'gtzan_features.py');
  const probe = spawnSync('python3', ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
  if (probe.status !== 0 || !existsSync(ref)) {
    console.log('numpy oracle: skipped (python3 with numpy and scipy, or the reference script, not found)');
  } else {
    const n = Math.min(Number(values['oracle-clips']), clips.length);
    // every n-th clip, so the oracle sees several genres
    const pick = clips.filter((_, i) => i % Math.max(1, Math.floor(clips.length / n)) === 0).slice(0, n);
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const r = spawnSync('python3', [path.join(here, 'oracle_features.py'), ref, decoder.ffmpegPath, ...pick], { encoding: 'utf8', env, maxBuffer: 1 << 20 });
    if (r.status !== 0) {
      console.log(`numpy oracle: failed (${r.stderr.trim().split('\n').slice(-1)[0]})`);
    } else {
      const { ms } = JSON.parse(r.stdout) as { ms: number[] };
      const idx = pick.map((p) => clips.indexOf(p));
      const oursSame = median(idx.map((i) => cpu[i]));
      const theirs = median(ms);
      console.log(`numpy oracle (one BLAS thread), ${ms.length} clips: median ${theirs.toFixed(1)} ms CPU`);
      console.log(`  ours on the same clips ${oursSame.toFixed(1)} ms CPU -> ${(theirs / oursSame).toFixed(1)}x faster`);
    }
  }
}
