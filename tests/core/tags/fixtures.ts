/**
 * Real audio files for the tagging tests, made with the bundled ffmpeg (1 s of a sine, stereo), plus
 * readers that are NOT the library under test: ffprobe (@ffprobe-installer) and ffmpeg's audio MD5.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { bundledFfmpegPath } from '../../../src/core/decode/ffmpeg-path.ts';

const require = createRequire(import.meta.url);

export const ffmpeg = bundledFfmpegPath();
export const ffprobe = (require('@ffprobe-installer/ffprobe') as { path: string }).path;

export type FixtureKind = 'mp3-v24' | 'mp3-v23' | 'mp3-v23-v1' | 'flac' | 'ogg' | 'opus' | 'm4a' | 'wav' | 'aiff' | 'aac-adts';

const ARGS: Record<FixtureKind, { ext: string; args: string[] }> = {
  'mp3-v24': { ext: 'mp3', args: ['-c:a', 'libmp3lame', '-id3v2_version', '4'] },
  'mp3-v23': { ext: 'mp3', args: ['-c:a', 'libmp3lame', '-id3v2_version', '3'] },
  'mp3-v23-v1': { ext: 'mp3', args: ['-c:a', 'libmp3lame', '-id3v2_version', '3', '-write_id3v1', '1'] },
  flac: { ext: 'flac', args: ['-c:a', 'flac'] },
  ogg: { ext: 'ogg', args: ['-c:a', 'libvorbis'] },
  opus: { ext: 'opus', args: ['-c:a', 'libopus'] },
  m4a: { ext: 'm4a', args: ['-c:a', 'aac'] },
  wav: { ext: 'wav', args: ['-c:a', 'pcm_s16le'] },
  aiff: { ext: 'aiff', args: ['-c:a', 'pcm_s16be'] },
  'aac-adts': { ext: 'aac', args: ['-c:a', 'aac', '-f', 'adts'] },
};

export function tempDir(prefix = 'gs-tags-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Makes a 1 s file; `genre` (if given) is written by ffmpeg itself, as a user's existing tag. */
export function makeAudio(dir: string, kind: FixtureKind, name: string, tags: { genre?: string; title?: string } = {}): string {
  const spec = ARGS[kind];
  const out = path.join(dir, `${name}.${spec.ext}`);
  const meta: string[] = [];
  if (tags.genre !== undefined) meta.push('-metadata', `genre=${tags.genre}`);
  if (tags.title !== undefined) meta.push('-metadata', `title=${tags.title}`);
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-ac', '2', ...spec.args, ...meta, out]);
  return out;
}

export function sha256File(p: string): string {
  return createHash('sha256').update(readFileSync(p)).digest('hex');
}

/** MD5 of the decoded audio stream: equal iff the audio frames decode identically. */
export function audioHash(p: string): string {
  const out = execFileSync(ffmpeg, ['-hide_banner', '-nostdin', '-v', 'error', '-i', p, '-map', '0:a', '-f', 'md5', '-']).toString();
  const m = /MD5=([0-9a-f]{32})/.exec(out);
  if (!m) throw new Error(`no audio md5 for ${p}: ${out}`);
  return m[1];
}

/** The genre tag as ffprobe sees it (format tags, else the audio stream's tags — Ogg keeps them there). */
export function ffprobeGenre(p: string): string | null {
  const json = execFileSync(ffprobe, ['-v', 'error', '-show_entries', 'format_tags:stream_tags', '-of', 'json', p]).toString();
  const parsed = JSON.parse(json) as { format?: { tags?: Record<string, string> }; streams?: Array<{ tags?: Record<string, string> }> };
  const pick = (t: Record<string, string> | undefined): string | null => {
    if (!t) return null;
    const key = Object.keys(t).find((k) => k.toLowerCase() === 'genre');
    return key ? t[key] : null;
  };
  return pick(parsed.format?.tags) ?? parsed.streams?.map((s) => pick(s.tags)).find((g) => g !== null) ?? null;
}

function synchsafe(n: number): number[] {
  return [(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f];
}

function id3Frame(id: string, body: Buffer, version: 3 | 4): Buffer {
  const h = Buffer.alloc(10);
  h.write(id, 0, 'latin1');
  if (version === 4) Buffer.from(synchsafe(body.length)).copy(h, 4);
  else h.writeUInt32BE(body.length, 4);
  return Buffer.concat([h, body]);
}

/**
 * An MP3 whose ID3v2.4 title is declared UTF-8 but holds an invalid byte sequence (0xC3 0x28), as
 * some broken taggers write: made from a real ffmpeg MP3 with its own ID3 tag replaced.
 */
export function makeBrokenEncodingMp3(dir: string, name: string): string {
  const src = makeAudio(dir, 'mp3-v24', `${name}-src`);
  const bytes = readFileSync(src);
  rmSync(src);
  const tagLen = 10 + ((bytes[6] << 21) | (bytes[7] << 14) | (bytes[8] << 7) | bytes[9]);
  const frames = Buffer.concat([
    id3Frame('TIT2', Buffer.from([3, 0x41, 0xc3, 0x28, 0x42]), 4),
    id3Frame('TCON', Buffer.from('\x03Rock', 'latin1'), 4),
  ]);
  const header = Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, ...synchsafe(frames.length)]);
  const out = path.join(dir, `${name}.mp3`);
  writeFileSync(out, Buffer.concat([header, frames, bytes.subarray(tagLen)]));
  return out;
}
