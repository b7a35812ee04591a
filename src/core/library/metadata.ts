/**
 * readTrackMeta(path): tags and stream info with music-metadata (no decoding; covers skipped; the file
 * is read to its end for the duration only when the header does not give it, e.g. chained Ogg). Throws MetadataError with a specific code:
 * FILE_NOT_FOUND, FILE_UNREADABLE, NOT_A_FILE, FILE_EMPTY (0 bytes), META_NO_AUDIO (parsed, but no
 * audio stream: a text file named .mp3, a header without data), META_FAILED (the parser's own
 * message: unknown format, corrupt header).
 */
import { stat } from 'node:fs/promises';
import { parseFile } from 'music-metadata';
import { MetadataError } from '../errors.ts';
import { fileAccessError } from './file-errors.ts';
import type { TrackMeta } from './types.ts';

const clean = (s: string | undefined | null): string | null => {
  const t = s?.replace(/\0/g, '').trim();
  return t ? t : null;
};

const positive = (x: number | undefined): number | null => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : null);

/** Genre tags as written, split on the separators taggers use for several genres in one field. */
function genres(list: string[] | undefined): string[] {
  const out: string[] = [];
  for (const g of list ?? []) {
    for (const part of g.split(/\s*[;\0]\s*/)) {
      const t = clean(part);
      if (t && !out.includes(t)) out.push(t);
    }
  }
  return out;
}

export async function readTrackMeta(path: string): Promise<TrackMeta> {
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new MetadataError(path, 'cannot read tags: it is a directory, not a file', { code: 'NOT_A_FILE' });
    if (!st.isFile()) throw new MetadataError(path, 'cannot read tags: not a regular file', { code: 'NOT_A_FILE' });
    size = st.size;
  } catch (e) {
    if (e instanceof MetadataError) throw e;
    throw fileAccessError(path, e, 'read tags');
  }
  if (size === 0) throw new MetadataError(path, 'cannot read tags: the file is empty (0 bytes)', { code: 'FILE_EMPTY' });
  let meta;
  try {
    meta = await parseFile(path, { duration: false, skipCovers: true });
  } catch (e) {
    const access = fileAccessError(path, e, 'read tags');
    if (access.code !== 'IO_ERROR') throw access;
    throw new MetadataError(path, `cannot read tags: ${e instanceof Error ? e.message : String(e)}`, { cause: e, code: 'META_FAILED' });
  }
  if (positive(meta.format.duration) === null && meta.format.hasAudio !== false) {
    // Ogg (and some other containers) only know their duration from the last page, which
    // music-metadata reads only when asked; without it the track would get one window from the start.
    try {
      meta = await parseFile(path, { duration: true, skipCovers: true });
    } catch {
      // Keep the first parse: an unknown duration is handled by the window planner.
    }
  }
  const f = meta.format;
  const sampleRate = positive(f.sampleRate);
  if (f.hasAudio === false || (sampleRate === null && !f.codec)) {
    throw new MetadataError(path, `no audio stream found${f.container ? ` in this ${f.container} file` : ''} (not an audio file, or its header is broken)`, { code: 'META_NO_AUDIO' });
  }
  const c = meta.common;
  return {
    durationSec: positive(f.duration),
    title: clean(c.title),
    artist: clean(c.artist) ?? clean(c.artists?.join(', ')),
    album: clean(c.album),
    genre: genres(c.genre),
    sampleRate,
    channels: positive(f.numberOfChannels),
    codec: clean(f.codec),
    container: clean(f.container),
    bitsPerSample: positive(f.bitsPerSample),
    lossless: typeof f.lossless === 'boolean' ? f.lossless : null,
  };
}
