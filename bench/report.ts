/**
 * `node bench/report.ts`: time of one validation report for a 3-window track (target < 1 s on one
 * core). The track is made once: four shared GTZAN clips concatenated with the bundled ffmpeg into a
 * 120-s FLAC (a synthetic 120-s WAV when ../shared is absent), so the engine plans 3 windows of 30 s.
 *
 * Prints, for a cold first report and the median of the warm ones: wall time in total, the decode
 * part (two ffmpeg runs per window, in separate processes) and the in-process compute part, plus
 * CPU time of node and of the ffmpeg children (Linux /proc): their sum is what one dedicated core
 * needs, and is the number to read on a busy machine. The reference-vector suite runs in the cold report and is read from
 * the (in-memory) database afterwards, as in the app. For a one-core figure run it under
 * `taskset -c 0 node bench/report.ts`.
 *
 * Options: --runs N (warm reports, default 5), --file <path> (report on this file instead).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { resolveFfmpegPath } from '../src/core/decode/ffmpeg-path.ts';
import { migrate } from '../src/core/store/migrate.ts';
import { MIGRATIONS } from '../src/core/store/migrations.ts';
import { buildReport } from '../src/core/validation/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const shared = process.env.GENRESCOPE_SHARED ?? path.resolve(here, '../../shared');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, file: { type: 'string' } } });
const runs = Math.max(1, Number(values.runs));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** CPU time of finished child processes (the ffmpeg decodes), from /proc on Linux; NaN elsewhere. */
function childCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields 16 and 17 (cutime, cstime) are at 13 and 14 after the command name; clock ticks of 10 ms
    return (Number(f[13]) + Number(f[14])) * 10;
  } catch {
    return NaN;
  }
}

function makeTrack(dir: string): string {
  const ffmpeg = resolveFfmpegPath();
  const audio = path.join(shared, 'data', 'gtzan', 'audio');
  const clips = ['rock/rock.00001.flac', 'jazz/jazz.00001.flac', 'metal/metal.00001.flac', 'classical/classical.00001.flac'].map((c) => path.join(audio, c));
  if (clips.every((c) => existsSync(c))) {
    const out = path.join(dir, 'track-120s.flac');
    const inputs = clips.flatMap((c) => ['-i', c]);
    execFileSync(ffmpeg, ['-nostdin', '-v', 'error', '-y', ...inputs, '-filter_complex', `concat=n=${clips.length}:v=0:a=1`, '-c:a', 'flac', out]);
    return out;
  }
  // no shared clips: 120 s of tones and noise
  const sr = 22050;
  const n = sr * 120;
  const data = Buffer.alloc(44 + 2 * n);
  let seed = 1;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const t = i / sr;
    const v = 0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.1 * Math.sin(2 * Math.PI * 3300 * t) + 0.05 * (seed / 2 ** 32 - 0.5);
    data.writeInt16LE(Math.round(v * 32767), 44 + 2 * i);
  }
  data.write('RIFF', 0, 'ascii');
  data.writeUInt32LE(36 + 2 * n, 4);
  data.write('WAVEfmt ', 8, 'ascii');
  data.writeUInt32LE(16, 16);
  data.writeUInt16LE(1, 20);
  data.writeUInt16LE(1, 22);
  data.writeUInt32LE(sr, 24);
  data.writeUInt32LE(2 * sr, 28);
  data.writeUInt16LE(2, 32);
  data.writeUInt16LE(16, 34);
  data.write('data', 36, 'ascii');
  data.writeUInt32LE(2 * n, 40);
  const out = path.join(dir, 'track-120s.wav');
  writeFileSync(out, data);
  return out;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'gs-bench-report-'));
try {
  const file = values.file ? path.resolve(values.file) : makeTrack(dir);
  const db = new Database(':memory:');
  migrate(db, MIGRATIONS);
  const one = async () => {
    const c0 = cpuMs();
    const k0 = childCpuMs();
    const t0 = performance.now();
    const r = await buildReport(file, { db });
    const wall = performance.now() - t0;
    const cpu = cpuMs() - c0;
    return { r, wall, cpu, ffmpegCpu: childCpuMs() - k0, decode: r.timingsMs.decode, compute: wall - r.timingsMs.decode };
  };
  const cold = await one();
  const warm: Awaited<ReturnType<typeof one>>[] = [];
  for (let i = 0; i < runs; i++) warm.push(await one());
  const r = cold.r;
  console.log(`file: ${file}`);
  console.log(`windows: ${r.windows.length} (${r.windows.map((w) => `${w.startSec}+${w.durationSec}s`).join(', ')}), checks: ${r.checks.length}, all pass: ${r.allPass}`);
  const row = (name: string, x: { wall: number; decode: number; compute: number; cpu: number; ffmpegCpu: number }) =>
    console.log(
      `${name.padEnd(16)} wall ${x.wall.toFixed(0).padStart(5)} ms   decode ${x.decode.toFixed(0).padStart(4)} ms   compute ${x.compute.toFixed(0).padStart(5)} ms   ` +
        `CPU: node ${x.cpu.toFixed(0).padStart(4)} ms + ffmpeg ${x.ffmpegCpu.toFixed(0).padStart(4)} ms = ${(x.cpu + x.ffmpegCpu).toFixed(0)} ms`,
    );
  const med = (k: 'wall' | 'decode' | 'compute' | 'cpu' | 'ffmpegCpu') => median(warm.map((w) => w[k]));
  row('cold (1st)', cold);
  row(`warm (median ${runs})`, { wall: med('wall'), decode: med('decode'), compute: med('compute'), cpu: med('cpu'), ffmpegCpu: med('ffmpegCpu') });
  const stages = Object.keys(warm[0].r.timingsMs);
  console.log('warm stages (median ms): ' + stages.map((s) => `${s} ${median(warm.map((w) => w.r.timingsMs[s])).toFixed(0)}`).join(', '));
  // On a busy machine wall time measures the neighbours; total CPU time is what one dedicated core needs.
  const cpuTotal = med('cpu') + med('ffmpegCpu');
  console.log(`target: one report < 1000 ms on one core -> warm wall ${med('wall').toFixed(0)} ms, total CPU ${cpuTotal.toFixed(0)} ms: ${cpuTotal < 1000 ? 'MEETS' : 'MISSES'} it on CPU time${med('wall') < 1000 ? ' and wall time' : ' (wall time includes waiting for a busy CPU)'}`);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
