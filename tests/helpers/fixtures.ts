/**
 * Audio fixtures made with the BUNDLED ffmpeg from lavfi sources (sine, noise), shared by all tests.
 *
 *   const fx = await getFixtures();           // generated once, cached across test files and runs
 *   fx.formats.mp3.path, fx.formats.flac …     // 6-s tagged tracks, one per format (see FORMAT_RECIPES)
 *   fx.skippedFormats                          // formats this ffmpeg cannot encode, with the reason
 *   fx.bad.zeroByte / truncatedMp3 / textAsMp3 / wavHeaderOnly
 *   fx.long (2-hour mp3, 8 kHz 8 kb/s: cheap to make, must never be decoded whole)
 *   fx.medium (100-s mp3), fx.multichannel (8 channels, 96 kHz FLAC)
 *   const lib = await buildLibrary(tmpDir)     // a mutable library tree per test (see LibraryTree)
 *
 * The cache lives in os.tmpdir()/genrescope-fixtures-<recipe hash>; it is made under a lock dir by
 * the first test process that needs it (others wait), into a temp folder renamed into place, so a
 * half-made cache is never used. Cached files are read-only by convention: tests that change files
 * (delete, chmod) work on a buildLibrary() copy in their own temp folder.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rename, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { existsSync, openSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { bundledFfmpegPath } from '../../src/core/decode/ffmpeg-path.ts';

const run = promisify(execFile);

/** Bump when any recipe changes: the cache folder name follows it. */
const RECIPE_VERSION = 3;
export const FIXTURE_TAGS = { artist: 'Genrescope Fixtures', album: 'Format Zoo', genre: 'Jazz' } as const;
export const FORMAT_SECONDS = 6;

export type FormatName = 'mp3' | 'flac' | 'ogg' | 'opus' | 'm4a-aac' | 'm4a-alac' | 'wav' | 'aiff' | 'wma' | 'wv';

interface FormatRecipe {
  file: string;
  encoder: string;
  args: string[];
  sampleRate: number;
}

/** One 6-s stereo tagged file per format; the encoder must be listed by `ffmpeg -encoders`. */
export const FORMAT_RECIPES: Record<FormatName, FormatRecipe> = {
  mp3: { file: 'tone.mp3', encoder: 'libmp3lame', args: ['-c:a', 'libmp3lame', '-b:a', '128k', '-id3v2_version', '3'], sampleRate: 44100 },
  flac: { file: 'tone.flac', encoder: 'flac', args: ['-c:a', 'flac'], sampleRate: 44100 },
  ogg: { file: 'tone.ogg', encoder: 'libvorbis', args: ['-c:a', 'libvorbis', '-q:a', '3'], sampleRate: 44100 },
  opus: { file: 'tone.opus', encoder: 'libopus', args: ['-c:a', 'libopus', '-b:a', '64k'], sampleRate: 48000 },
  'm4a-aac': { file: 'tone-aac.m4a', encoder: 'aac', args: ['-c:a', 'aac', '-b:a', '128k'], sampleRate: 44100 },
  'm4a-alac': { file: 'tone-alac.m4a', encoder: 'alac', args: ['-c:a', 'alac'], sampleRate: 44100 },
  wav: { file: 'tone.wav', encoder: 'pcm_s16le', args: ['-c:a', 'pcm_s16le'], sampleRate: 44100 },
  aiff: { file: 'tone.aiff', encoder: 'pcm_s16be', args: ['-c:a', 'pcm_s16be', '-write_id3v2', '1'], sampleRate: 44100 },
  wma: { file: 'tone.wma', encoder: 'wmav2', args: ['-c:a', 'wmav2', '-b:a', '128k'], sampleRate: 44100 },
  wv: { file: 'tone.wv', encoder: 'wavpack', args: ['-c:a', 'wavpack'], sampleRate: 44100 },
};

export interface AudioFixture {
  path: string;
  durationSec: number;
  sampleRate: number;
  channels: number;
  title: string;
}

export interface Fixtures {
  dir: string;
  ffmpeg: string;
  formats: Partial<Record<FormatName, AudioFixture>>;
  skippedFormats: { format: FormatName; reason: string }[];
  /** 100-s mp3, 44.1 kHz stereo */
  medium: AudioFixture;
  /** 2-hour mp3 (8 kHz mono, 8 kb/s, ~7 MB) with a Xing header: only ever decode windows of it */
  long: AudioFixture;
  /** 8 channels, 96 kHz, 24-bit FLAC */
  multichannel: AudioFixture;
  /** Non-ASCII and emoji in folder and file name */
  nonAscii: AudioFixture;
  bad: {
    zeroByte: string;
    /** the first 35 % of a 20-s CBR mp3 whose Xing header still says 20 s */
    truncatedMp3: string;
    truncatedMp3ClaimedSec: number;
    textAsMp3: string;
    /** RIFF/WAVE header with fmt and an empty data chunk */
    wavHeaderOnly: string;
  };
}

async function ffmpeg(bin: string, args: string[]): Promise<void> {
  try {
    await run(bin, ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args], { maxBuffer: 16 << 20 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`fixture ffmpeg ${args.join(' ')} failed: ${err.stderr || err.message}`, { cause: e });
  }
}

async function encoders(bin: string): Promise<Set<string>> {
  const { stdout } = await run(bin, ['-hide_banner', '-encoders'], { maxBuffer: 16 << 20 });
  const names = new Set<string>();
  for (const line of stdout.split('\n')) {
    const m = /^\s*A[.A-Z]{5}\s+(\S+)/.exec(line);
    if (m) names.add(m[1]);
  }
  return names;
}

const meta = (title: string) => ['-metadata', `title=${title}`, '-metadata', `artist=${FIXTURE_TAGS.artist}`, '-metadata', `album=${FIXTURE_TAGS.album}`, '-metadata', `genre=${FIXTURE_TAGS.genre}`];

/** A 44-byte-plus RIFF/WAVE: fmt (PCM 16-bit stereo 44.1 kHz) and a data chunk of 0 bytes. */
function wavHeaderOnly(): Buffer {
  const b = Buffer.alloc(44);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36, 4);
  b.write('WAVE', 8, 'ascii');
  b.write('fmt ', 12, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(2, 22);
  b.writeUInt32LE(44100, 24);
  b.writeUInt32LE(44100 * 4, 28);
  b.writeUInt16LE(4, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(0, 40);
  return b;
}

async function generate(dir: string, bin: string): Promise<Fixtures> {
  const have = await encoders(bin);
  const formats: Fixtures['formats'] = {};
  const skippedFormats: Fixtures['skippedFormats'] = [];
  let freq = 220;
  for (const [name, r] of Object.entries(FORMAT_RECIPES) as [FormatName, FormatRecipe][]) {
    if (!have.has(r.encoder)) {
      skippedFormats.push({ format: name, reason: `this ffmpeg build has no ${r.encoder} encoder` });
      continue;
    }
    freq += 55;
    const title = `Tone ${name}`;
    const out = path.join(dir, r.file);
    // Sine plus a little noise: a pure tone makes some encoders produce near-silent frames.
    await ffmpeg(bin, ['-f', 'lavfi', '-i', `sine=frequency=${freq}:sample_rate=${r.sampleRate}:duration=${FORMAT_SECONDS}`, '-f', 'lavfi', '-i', `anoisesrc=color=pink:amplitude=0.05:sample_rate=${r.sampleRate}:duration=${FORMAT_SECONDS}`, '-filter_complex', 'amix=inputs=2:duration=shortest', '-ac', '2', ...r.args, ...meta(title), out]);
    formats[name] = { path: out, durationSec: FORMAT_SECONDS, sampleRate: r.sampleRate, channels: 2, title };
  }

  const medium = path.join(dir, 'medium-100s.mp3');
  await ffmpeg(bin, ['-f', 'lavfi', '-i', 'sine=frequency=523:sample_rate=44100:duration=100', '-ac', '2', '-c:a', 'libmp3lame', '-b:a', '96k', ...meta('Medium'), medium]);

  // 2 hours: one minute encoded once, its frames repeated 120 times (CBR MP3 frames concatenate),
  // then remuxed with -c copy so the file gets tags and a Xing header giving the exact duration.
  const seg = path.join(dir, 'seg.mp3');
  await ffmpeg(bin, ['-f', 'lavfi', '-i', 'sine=frequency=300:sample_rate=8000:duration=60', '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '8k', '-write_xing', '0', '-id3v2_version', '0', '-write_id3v1', '0', '-map_metadata', '-1', seg]);
  const segBytes = await readFile(seg);
  const raw = path.join(dir, 'long-raw.mp3');
  await writeFile(raw, Buffer.concat(Array.from({ length: 120 }, () => segBytes)));
  const long = path.join(dir, 'long-2h.mp3');
  await ffmpeg(bin, ['-i', raw, '-c', 'copy', ...meta('Two Hours'), long]);
  await rm(raw);
  await rm(seg);
  const longSec = await probeDuration(bin, long);

  const multichannel = path.join(dir, 'surround-8ch-96k.flac');
  await ffmpeg(bin, ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=96000:duration=4', '-ac', '8', '-c:a', 'flac', '-sample_fmt', 's32', ...meta('Surround'), multichannel]);

  const nonAsciiDir = path.join(dir, 'Sigur Rós', 'Ágætis byrjun 🎵');
  await mkdir(nonAsciiDir, { recursive: true });
  const nonAscii = path.join(nonAsciiDir, 'Björk – Jóga 日本 🎶.flac');
  await ffmpeg(bin, ['-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=44100:duration=5', '-c:a', 'flac', ...meta('Jóga 🎶'), nonAscii]);

  const badDir = path.join(dir, 'bad');
  await mkdir(badDir);
  const zeroByte = path.join(badDir, 'zero-byte.mp3');
  await writeFile(zeroByte, '');
  const full = path.join(badDir, 'full-20s.mp3');
  await ffmpeg(bin, ['-f', 'lavfi', '-i', 'sine=frequency=600:sample_rate=44100:duration=20', '-c:a', 'libmp3lame', '-b:a', '128k', ...meta('Truncated'), full]);
  const truncatedMp3 = path.join(badDir, 'truncated.mp3');
  await copyFile(full, truncatedMp3);
  await truncate(truncatedMp3, Math.floor((await stat(full)).size * 0.35));
  await rm(full);
  const textAsMp3 = path.join(badDir, 'not-audio.mp3');
  await writeFile(textAsMp3, 'This is a text file that only pretends to be an MP3.\n'.repeat(200));
  const wavHeader = path.join(badDir, 'header-only.wav');
  await writeFile(wavHeader, wavHeaderOnly());

  return {
    dir,
    ffmpeg: bin,
    formats,
    skippedFormats,
    medium: { path: medium, durationSec: 100, sampleRate: 44100, channels: 2, title: 'Medium' },
    long: { path: long, durationSec: longSec, sampleRate: 8000, channels: 1, title: 'Two Hours' },
    multichannel: { path: multichannel, durationSec: 4, sampleRate: 96000, channels: 8, title: 'Surround' },
    nonAscii: { path: nonAscii, durationSec: 5, sampleRate: 44100, channels: 1, title: 'Jóga 🎶' },
    bad: { zeroByte, truncatedMp3, truncatedMp3ClaimedSec: 20, textAsMp3, wavHeaderOnly: wavHeader },
  };
}

/** Duration as ffmpeg reports it (no ffprobe in the bundle: parse `ffmpeg -i`'s banner). */
async function probeDuration(bin: string, file: string): Promise<number> {
  const r = await run(bin, ['-hide_banner', '-i', file]).catch((e: { stderr?: string }) => ({ stderr: e.stderr ?? '' }));
  const m = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(r.stderr);
  if (!m) throw new Error(`cannot read the duration of ${file} from ffmpeg`);
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

let cached: Promise<Fixtures> | null = null;

/** The shared fixture set (generated on first use in this machine's temp folder, then reused). */
export function getFixtures(): Promise<Fixtures> {
  cached ??= loadOrGenerate();
  return cached;
}

async function loadOrGenerate(): Promise<Fixtures> {
  const bin = bundledFfmpegPath();
  const key = createHash('sha256').update(`${RECIPE_VERSION}\0${bin}\0${JSON.stringify(FORMAT_RECIPES)}`).digest('hex').slice(0, 12);
  const final = path.join(os.tmpdir(), `genrescope-fixtures-${key}`);
  const manifest = path.join(final, 'fixtures.json');
  const lock = `${final}.lock`;
  const deadline = Date.now() + 240_000;
  for (;;) {
    const ready = await readCache(manifest);
    if (ready) return ready;
    try {
      await mkdir(lock);
      break;
    } catch {
      // Another test process is generating; a lock older than 5 minutes is from a killed run.
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs).catch(() => 0);
      if (age > 300_000) await rm(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for fixtures being generated under ${lock}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    const ready = await readCache(manifest);
    if (ready) return ready;
    const tmp = await mkdtemp(`${final}.tmp-`);
    const fx = await generate(tmp, bin);
    // Paths are written for the final location, then the folder is renamed into place atomically.
    const fixed = JSON.parse(JSON.stringify(fx).split(JSON.stringify(tmp).slice(1, -1)).join(JSON.stringify(final).slice(1, -1))) as Fixtures;
    await writeFile(path.join(tmp, 'fixtures.json'), JSON.stringify(fixed, null, 2));
    await rm(final, { recursive: true, force: true });
    await rename(tmp, final);
    // Readable by an unprivileged user too (the unreadable-file test runs a child as 'nobody').
    await chmod(final, 0o755);
    return fixed;
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** The cached set, or null when absent or when a file of it has gone (then it is made again). */
async function readCache(manifest: string): Promise<Fixtures | null> {
  if (!existsSync(manifest)) return null;
  const fx = JSON.parse(await readFile(manifest, 'utf8')) as Fixtures;
  const files = [...Object.values(fx.formats).map((f) => f.path), fx.medium.path, fx.long.path, fx.multichannel.path, fx.nonAscii.path, fx.bad.zeroByte, fx.bad.truncatedMp3, fx.bad.textAsMp3, fx.bad.wavHeaderOnly];
  return files.every((f) => existsSync(f)) ? fx : null;
}

/**
 * A library folder to scan, made fresh per call in `parent` (files are copies or symlinks of the
 * fixtures, so tests may delete or chmod them). Layout, relative to root:
 *   Artist A/Album 1/01 mp3.mp3 … one file per generated format
 *   Sigur Rós/Ágætis byrjun 🎵/Björk – Jóga 日本 🎶.flac        non-ASCII path
 *   album.mp3/inside.flac                                      a folder named like a file
 *   loops/up -> ..   loops/again -> ../Artist A                symlink cycle and duplicate tree
 *   linked-file.mp3 -> Artist A/Album 1/01 mp3.mp3             a second path to one file
 *   .hidden/secret.mp3, ._resource.mp3                         hidden (skipped)
 *   $RECYCLE.BIN/deleted.mp3, System Volume Information/x.flac, .Trash-1000/y.mp3   system (skipped)
 *   cover.jpg, playlist.m3u                                    not audio
 *   locked/ (chmod 000, holds one mp3)                         unreadable folder (not for root)
 *   Artist A/unreadable.mp3 (chmod 000)                        unreadable file (not for root)
 *   to-delete.flac                                             for "deleted between scan and decode"
 *   long/long-2h.mp3 -> the cached 2-hour file (symlink: 7 MB not copied)
 */
export interface LibraryTree {
  root: string;
  formatFiles: Partial<Record<FormatName, string>>;
  nonAscii: string;
  insideDirNamedLikeFile: string;
  dirNamedLikeFile: string;
  linkedFile: string;
  lockedDir: string;
  /** chmod 000 copy of an mp3 */
  unreadableFile: string;
  /** false when running as root: chmod 000 does not stop this process (locked/ and unreadable.mp3 read fine) */
  permissionsEnforced: boolean;
  toDelete: string;
  long: string;
  /** audio files a scan must report (formats, non-ASCII, inside album.mp3/, to-delete, long, unreadable.mp3; locked/'s file when permissions are not enforced) */
  expectedAudio: string[];
}

export async function buildLibrary(parent: string): Promise<LibraryTree> {
  const fx = await getFixtures();
  const root = path.join(parent, 'Library');
  const album = path.join(root, 'Artist A', 'Album 1');
  await mkdir(album, { recursive: true });
  const formatFiles: LibraryTree['formatFiles'] = {};
  let n = 1;
  for (const [name, f] of Object.entries(fx.formats) as [FormatName, AudioFixture][]) {
    const dest = path.join(album, `${String(n++).padStart(2, '0')} ${name}${path.extname(f.path)}`);
    await copyFile(f.path, dest);
    formatFiles[name] = dest;
  }
  const nonAscii = path.join(root, 'Sigur Rós', 'Ágætis byrjun 🎵', path.basename(fx.nonAscii.path));
  await mkdir(path.dirname(nonAscii), { recursive: true });
  await copyFile(fx.nonAscii.path, nonAscii);
  const dirNamedLikeFile = path.join(root, 'album.mp3');
  await mkdir(dirNamedLikeFile);
  const insideDirNamedLikeFile = path.join(dirNamedLikeFile, 'inside.flac');
  await copyFile(fx.formats.flac?.path ?? fx.nonAscii.path, insideDirNamedLikeFile);
  await mkdir(path.join(root, 'loops'));
  await symlink('..', path.join(root, 'loops', 'up'));
  await symlink(path.join('..', 'Artist A'), path.join(root, 'loops', 'again'));
  const firstFormat = Object.values(formatFiles)[0];
  const linkedFile = path.join(root, 'linked-file.mp3');
  if (firstFormat) await symlink(firstFormat, linkedFile);
  const someMp3 = fx.formats.mp3?.path ?? fx.medium.path;
  for (const rel of ['.hidden/secret.mp3', '._resource.mp3', '$RECYCLE.BIN/deleted.mp3', 'System Volume Information/x.flac', '.Trash-1000/y.mp3']) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await copyFile(someMp3, path.join(root, rel));
  }
  await writeFile(path.join(root, 'cover.jpg'), 'not really a jpeg');
  await writeFile(path.join(root, 'playlist.m3u'), '#EXTM3U\n');
  const lockedDir = path.join(root, 'locked');
  await mkdir(lockedDir);
  await copyFile(someMp3, path.join(lockedDir, 'hidden-by-permissions.mp3'));
  await chmod(lockedDir, 0o000);
  const unreadableFile = path.join(root, 'Artist A', 'unreadable.mp3');
  await copyFile(someMp3, unreadableFile);
  await chmod(unreadableFile, 0o000);
  const enforced = permissionsEnforced(unreadableFile);
  const toDelete = path.join(root, 'to-delete.flac');
  await copyFile(fx.nonAscii.path, toDelete);
  const long = path.join(root, 'long', 'long-2h.mp3');
  await mkdir(path.dirname(long));
  await symlink(fx.long.path, long);
  const expectedAudio = [...Object.values(formatFiles), nonAscii, insideDirNamedLikeFile, toDelete, long, unreadableFile];
  if (!enforced) expectedAudio.push(path.join(lockedDir, 'hidden-by-permissions.mp3'));
  return { root, formatFiles, nonAscii, insideDirNamedLikeFile, dirNamedLikeFile, linkedFile, lockedDir, unreadableFile, permissionsEnforced: enforced, toDelete, long, expectedAudio };
}

/** Makes a temp folder (0755 so an unprivileged child can enter it) and returns its path. */
export async function makeTempDir(prefix = 'genrescope-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  await chmod(dir, 0o755);
  return dir;
}

/** Removes a temp folder, first giving back permissions a test took away. */
export async function removeTempDir(dir: string): Promise<void> {
  await chmod(path.join(dir, 'Library', 'locked'), 0o755).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
}

/**
 * Whether chmod 000 actually stops this process from reading (false as root: CAP_DAC_OVERRIDE reads
 * anything). Tests that need an unreadable file run that part as an unprivileged user when root.
 */
export function permissionsEnforced(file: string): boolean {
  try {
    closeSync(openSync(file, 'r'));
    return false;
  } catch {
    return true;
  }
}
