/**
 * Builds the demo library in .sample/library: with ../shared present, six real GTZAN clips of different
 * genres transcoded to mixed formats (mp3, ogg, m4a, flac, wav, opus); without it, synthetic
 * lavfi signals in the same formats (they show the pipeline working, not meaningful genres).
 * Uses the bundled ffmpeg, like the engine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveFfmpegPath } from '../src/core/decode/ffmpeg-path.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, '.sample', 'library'));
const shared = process.env.GENRESCOPE_SHARED ?? path.resolve(root, '../shared');
const ffmpeg = resolveFfmpegPath();

const plan: { genre: string; ext: string; codec: string[] }[] = [
  { genre: 'classical', ext: 'flac', codec: ['-c:a', 'flac'] },
  { genre: 'metal', ext: 'mp3', codec: ['-c:a', 'libmp3lame', '-b:a', '192k'] },
  { genre: 'jazz', ext: 'm4a', codec: ['-c:a', 'aac', '-b:a', '160k'] },
  { genre: 'reggae', ext: 'ogg', codec: ['-c:a', 'libvorbis', '-q:a', '5'] },
  { genre: 'disco', ext: 'wav', codec: ['-c:a', 'pcm_s16le'] },
  { genre: 'country', ext: 'opus', codec: ['-c:a', 'libopus', '-b:a', '128k'] },
];

function pickClip(genre: string): string | undefined {
  const files = readdirSync(path.join(shared, 'data/gtzan/audio', genre)).filter((f) => f.endsWith('.flac')).sort();
  const validFile = path.join(shared, 'data/gtzan/splits/valid.txt');
  const valid = new Set(existsSync(validFile) ? readFileSync(validFile, 'utf8').split(/\s+/) : []);
  return files.find((f) => valid.has(f.replace(/\.flac$/, ''))) ?? files[0];
}

mkdirSync(out, { recursive: true });
const real = existsSync(path.join(shared, 'data/gtzan/audio'));
plan.forEach((p, i) => {
  // Prefer clips from the valid split: the model never trained on them, so the demo is honest.
  const clip = real ? pickClip(p.genre) : undefined;
  const name = clip ? clip.replace(/\.flac$/, '') : `synthetic-${i + 1}`;
  const dest = path.join(out, `${name}.${p.ext}`);
  if (existsSync(dest)) return;
  const input = clip
    ? ['-i', path.join(shared, 'data/gtzan/audio', p.genre, clip)]
    : ['-f', 'lavfi', '-i', `aevalsrc=0.3*sin(2*PI*${110 * (i + 1)}*t)*(0.6+0.4*sin(2*PI*${i + 1}*t))+0.05*random(0):s=44100:d=30`];
  execFileSync(ffmpeg, ['-nostdin', '-loglevel', 'error', '-y', ...input, '-metadata', `title=${name}`, '-metadata', 'artist=Genrescope sample', ...p.codec, dest]);
});
process.stdout.write(`${out}\n`);
