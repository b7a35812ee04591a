/**
 * `node bench/engine.ts`: the analysis engine on a realistic library.
 *
 * Library: ≥ 200 tracks of 3–5 minutes in mixed formats (MP3, FLAC, AAC/M4A, Ogg Vorbis, 44.1 kHz
 * stereo), each a different sequence of 6–10 shared GTZAN clips. Every clip is encoded once per
 * format and the tracks are concatenated from those segments with the bundled ffmpeg (concat
 * demuxer; stream copy for MP3/AAC, re-encoded FLAC/Ogg), so building the library costs a few minutes once; it is cached under
 * os.tmpdir()/genrescope-bench-library-v2 (outside the repo) and reused.
 *
 * Prints:
 *   - cold scan (fresh database): tracks/s, wall time, mean per-stage milliseconds per track
 *     (worker timings: decode, features.<stage>, inference);
 *   - a bare ffmpeg decode of the same windows with the same parallelism, and the ratio;
 *   - warm rescan of the same library (nothing changed);
 *   - unchanged rescan of a synthetic 10k-track index: 10 000 small distinct files on disk, each
 *     registered in a fresh database with the current model's hash and a one-window analysis, as a
 *     scan would have left them (built in one transaction; only the rescan is timed);
 *   - peak RSS of the main process and of each worker (workers report process.resourceUsage()).
 *
 * Options: --tracks N (default 200), --workers N (default: CPU cores - 1), --skip-10k, --json,
 * --build-only (make the cached library and stop), --only-10k (just the synthetic 10k rescan).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { FfmpegDecoder } from '../src/core/decode/ffmpeg-decoder.ts';
import { resolveFfmpegPath } from '../src/core/decode/ffmpeg-path.ts';
import { planAnalysisWindows } from '../src/core/decode/windows.ts';
import { FEATURE_COLUMNS, FEATURE_VERSION } from '../src/core/features/columns.ts';
import { defaultWorkerCount } from '../src/core/jobs/analysis-pool.ts';
import { GenrescopeService } from '../src/core/service/genrescope-service.ts';
import { readModelIdentity, type ModelIdentity } from '../src/core/service/model-identity.ts';
import { Store } from '../src/core/store/store.ts';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const shared = process.env.GENRESCOPE_SHARED ?? path.resolve(here, '../../shared');
const audioDir = path.join(shared, 'data', 'gtzan', 'audio');

const { values } = parseArgs({
  options: {
    tracks: { type: 'string', default: '200' },
    workers: { type: 'string' },
    'skip-10k': { type: 'boolean', default: false },
    'build-only': { type: 'boolean', default: false },
    'only-10k': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const TRACKS = Math.max(1, Number(values.tracks));
const WORKERS = values.workers ? Math.max(1, Number(values.workers)) : defaultWorkerCount();
const LIBRARY_VERSION = 2;
// Segments (one encode per clip and format) did not change with the library version.
const SEGMENT_VERSION = 1;

const FORMATS = [
  { ext: 'mp3', args: ['-c:a', 'libmp3lame', '-b:a', '192k', '-write_xing', '0', '-id3v2_version', '0'] },
  { ext: 'flac', args: ['-c:a', 'flac'] },
  { ext: 'm4a', args: ['-c:a', 'aac', '-b:a', '160k'] },
  { ext: 'ogg', args: ['-c:a', 'libvorbis', '-q:a', '4'] },
] as const;

const log = (msg: string) => {
  if (!values.json) console.log(msg);
};

async function ffmpeg(args: string[]): Promise<void> {
  await run(resolveFfmpegPath(), ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args], { maxBuffer: 16 << 20 });
}

async function parallel<T>(items: T[], n: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

function clips(): string[] {
  if (!existsSync(audioDir)) throw new Error(`shared GTZAN clips not found at ${audioDir} (set GENRESCOPE_SHARED)`);
  return readdirSync(audioDir)
    .sort()
    .flatMap((g) => readdirSync(path.join(audioDir, g)).filter((f) => f.endsWith('.flac')).sort().map((f) => path.join(audioDir, g, f)));
}

/** The cached library: <dir>/tracks/<nnn> <genre mix>.<ext>, built once (into a temp dir renamed into place). */
async function buildLibrary(count: number): Promise<{ dir: string; tracks: string[] }> {
  const dir = path.join(os.tmpdir(), `genrescope-bench-library-v${LIBRARY_VERSION}-${count}`);
  const manifest = path.join(dir, 'library.json');
  if (existsSync(manifest)) return { dir, tracks: JSON.parse(await readFile(manifest, 'utf8')) as string[] };
  const src = clips();
  const tmp = await mkdtemp(`${dir}.tmp-`);
  // Encoded clips are shared by libraries of any size (and kept): only the pairs used are made.
  const segDir = path.join(os.tmpdir(), `genrescope-bench-segments-v${SEGMENT_VERSION}`);
  const trackDir = path.join(tmp, 'tracks');
  await mkdir(segDir, { recursive: true });
  await mkdir(trackDir);
  const t0 = Date.now();
  log(`building the bench library (${count} tracks from ${src.length} clips) in ${dir} …`);
  const plans = Array.from({ length: count }, (_, t) => {
    const f = FORMATS[t % FORMATS.length];
    const n = 6 + (t % 5); // 6–10 clips of 30 s: 3–5 minutes
    const parts = Array.from({ length: n }, (_, k) => (t * 7 + k * 13 + Math.floor(t / 96)) % src.length);
    return { t, f, parts };
  });
  const seg = (ext: string, i: number) => path.join(segDir, `${ext}-${i}.${ext}`);
  const needed = new Map<string, { f: (typeof FORMATS)[number]; i: number }>();
  for (const p of plans) for (const i of p.parts) needed.set(seg(p.f.ext, i), { f: p.f, i });
  await parallel([...needed].filter(([file]) => !existsSync(file)), 2, async ([file, { f, i }]) => {
    await ffmpeg(['-i', src[i], '-ar', '44100', '-ac', '2', ...f.args, `${file}.part.${f.ext}`]);
    await rename(`${file}.part.${f.ext}`, file);
  });
  const tracks: string[] = [];
  await parallel(plans, 2, async ({ t, f, parts }) => {
    const list = path.join(tmp, `list-${t}.txt`);
    await writeFile(list, parts.map((p) => `file '${seg(f.ext, p)}'`).join('\n'));
    const name = `${String(t).padStart(3, '0')} ${path.basename(src[parts[0]], '.flac')} mix.${f.ext}`;
    // Stream copy is fine for MP3 and AAC, but joined FLAC/Ogg streams keep the first part's header
    // and restart their timestamps (not what real libraries hold): those are re-encoded.
    const codec = f.ext === 'flac' || f.ext === 'ogg' ? f.args : ['-c', 'copy'];
    await ffmpeg(['-f', 'concat', '-safe', '0', '-i', list, ...codec, '-metadata', `title=Bench ${t}`, '-metadata', 'artist=Genrescope Bench', path.join(trackDir, name)]);
    await rm(list);
    tracks[t] = path.join(dir, 'tracks', name);
  });
  await writeFile(path.join(tmp, 'library.json'), JSON.stringify(tracks));
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  log(`  built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return { dir, tracks };
}

/** 10 000 distinct small files and a database that already holds each as analysed with the current model. */
async function build10k(root: string, dbPath: string, modelHash: string, modelName: string, labels: string[]): Promise<string> {
  const dir = path.join(root, 'lib10k');
  for (let d = 0; d < 100; d++) {
    const sub = path.join(dir, `artist ${d}`);
    await mkdir(sub, { recursive: true });
    await Promise.all(Array.from({ length: 100 }, (_, i) => writeFile(path.join(sub, `track ${i}.mp3`), `synthetic ${d}/${i}\n`)));
  }
  const store = Store.open(dbPath);
  const probs = Object.fromEntries(labels.map((l, i) => [l, i === 0 ? 0.9 : 0.1 / (labels.length - 1)]));
  const { statSync } = await import('node:fs');
  store.addRoot(dir);
  store.db.transaction(() => {
    for (let d = 0; d < 100; d++) {
      for (let i = 0; i < 100; i++) {
        const p = path.join(dir, `artist ${d}`, `track ${i}.mp3`);
        const st = statSync(p);
        const up = store.upsertScannedTrack({ path: p, sizeBytes: st.size, mtimeMs: st.mtimeMs, quickHash: null }, { durationSec: 200, title: `t${i}`, artist: `a${d}`, album: null, genre: [], sampleRate: 44100, channels: 2, codec: 'MPEG 1 Layer 3' });
        store.saveAnalysis(up.id, {
          modelName,
          modelHash,
          featureVersion: FEATURE_VERSION,
          genre: labels[0],
          confidence: 0.9,
          unknown: false,
          probabilities: probs,
          top3: [{ genre: labels[0], p: 0.9 }],
          provider: 'cpu',
          timingsMs: {},
          windows: [{ index: 0, startSec: 85, endSec: 115, features: new Array(FEATURE_COLUMNS.length).fill(0), probabilities: probs }],
        });
      }
    }
  })();
  store.close();
  return dir;
}

async function rescan10k(work: string, model: ModelIdentity): Promise<Record<string, unknown>> {
  const db10k = path.join(work, '10k.sqlite');
  const tb = performance.now();
  const lib10k = await build10k(work, db10k, model.modelHash, model.modelName, model.labels);
  const buildSec = (performance.now() - tb) / 1000;
  const s10 = new GenrescopeService({ dbPath: db10k, workers: WORKERS, providers: ['cpu'] });
  const tr = performance.now();
  const r10 = await s10.scan([lib10k], { keepResults: false });
  const rescanSec = (performance.now() - tr) / 1000;
  await s10.close();
  log(`unchanged rescan of a synthetic 10k-track index: ${rescanSec.toFixed(2)} s (target < 3 s; ${r10.counts.unchanged} unchanged, ${r10.counts.analysed} analysed; index built in ${buildSec.toFixed(1)} s)`);
  return { seconds: rescanSec, counts: r10.counts, buildSeconds: buildSec, targetSeconds: 3 };
}

const mb = (bytes: number) => (bytes / (1 << 20)).toFixed(0);

async function main(): Promise<void> {
  if (values['only-10k']) {
    const work = await mkdtemp(path.join(os.tmpdir(), 'genrescope-bench-engine-'));
    try {
      const model = readModelIdentity();
      await rescan10k(work, model);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    return;
  }
  const { dir, tracks } = await buildLibrary(TRACKS);
  if (values['build-only']) {
    log(`library ready: ${tracks.length} tracks in ${dir}`);
    return;
  }
  const work = await mkdtemp(path.join(os.tmpdir(), 'genrescope-bench-engine-'));
  const results: Record<string, unknown> = { tracks: tracks.length, workers: WORKERS, cpus: os.availableParallelism(), loadavg: os.loadavg() };
  try {
    log(`\nengine bench: ${tracks.length} tracks (3–5 min, mp3/flac/m4a/ogg), ${WORKERS} worker(s), ${os.availableParallelism()} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    const dbPath = path.join(work, 'cold.sqlite');
    const service = new GenrescopeService({ dbPath, workers: WORKERS, providers: ['cpu'] });
    const windows = (await service.getSettings()).windows;
    const t0 = performance.now();
    const cold = await service.scan([path.join(dir, 'tracks')], { keepResults: true });
    const coldSec = (performance.now() - t0) / 1000;
    const analysed = cold.counts.analysed;
    const perTrack = Object.fromEntries(Object.entries(cold.stageTotalsMs).map(([k, v]) => [k, v / Math.max(1, analysed)]));
    const { pool } = await service.engine();
    const workerRss = pool.workerStats().map((w) => w.maxRssBytes);
    // Before the bare-decode pass below, which decodes in this process.
    const mainRss = process.resourceUsage().maxRSS * 1024;
    results.cold = { seconds: coldSec, tracksPerSec: analysed / coldSec, counts: cold.counts, meanStageMsPerTrack: perTrack, provider: cold.model.provider };
    log(`cold scan: ${analysed} analysed, ${cold.counts.failed} failed in ${coldSec.toFixed(1)} s → ${(analysed / coldSec).toFixed(2)} tracks/s`);
    log('  mean ms per track (inside a worker):');
    for (const [k, v] of Object.entries(perTrack).sort()) log(`    ${k.padEnd(18)} ${v.toFixed(1)}`);

    // The same windows, decoded by bare ffmpeg runs with the same parallelism.
    const decoder = new FfmpegDecoder();
    const plan = cold.results
      .filter((r) => r.status === 'analysed' && r.trackId !== null)
      .map((r) => ({ path: r.path, windows: planAnalysisWindows(service.store.getTrack(r.trackId!)?.durationSec ?? null, windows) }));
    const td = performance.now();
    await parallel(plan, WORKERS, async (p) => {
      for (const w of p.windows) await decoder.decode(p.path, { startSec: w.startSec, durationSec: w.durationSec });
    });
    const decodeSec = (performance.now() - td) / 1000;
    results.bareDecode = { seconds: decodeSec, ratio: coldSec / decodeSec };
    log(`bare ffmpeg decode of the same windows: ${decodeSec.toFixed(1)} s → the full analysis takes ${(coldSec / decodeSec).toFixed(1)}× as long`);

    const tw = performance.now();
    const warm = await service.scan([path.join(dir, 'tracks')], { keepResults: false });
    const warmSec = (performance.now() - tw) / 1000;
    results.warmRescan = { seconds: warmSec, counts: warm.counts };
    log(`warm rescan (nothing changed): ${warmSec.toFixed(2)} s, ${warm.counts.unchanged} unchanged, ${warm.counts.analysed} analysed`);
    const model = service.model();
    await service.close();

    results.peakRss = { mainBytes: mainRss, workerBytes: workerRss };
    log(`peak RSS during the cold scan: main ${mb(mainRss)} MB; workers ${workerRss.map(mb).join(', ')} MB`);

    if (!values['skip-10k']) results.rescan10k = await rescan10k(work, model);
    results.targets = { coldTracksPerSecOn2Cores: 5, rescan10kSeconds: 3 };
    if (values.json) console.log(JSON.stringify(results, null, 2));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
