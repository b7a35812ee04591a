/**
 * Reads and writes the genre field through node-taglib-sharp (see docs/tagging.md for why this library).
 *
 * Per-format conventions for several genres:
 *   ID3v2.4 (MP3, WAV, AIFF): one TCON frame, values NUL-separated (the v2.4 spec).
 *   ID3v2.3: one TCON frame, values joined with ';' (v2.3 has no multi-value; node-taglib-sharp and
 *            MinimServer read ';'). An existing v2.3 tag stays v2.3; a v2.2 tag is upgraded to v2.3.
 *   Vorbis comment (FLAC, Ogg Vorbis, Opus): one GENRE field per value.
 *   MP4 ©gen: iTunes keeps a single genre string, so values are joined with '; '.
 *   RIFF INFO IGNR (WAV): updated only if the file already has an INFO list; single value joined with '; '.
 *   ID3v1: updated only if present (one genre from the fixed list, or none).
 * Only the genre is touched; tag types the file did not have are not created (beyond the format's main
 * tag when the file has none), so no stray ID3v1 or RIFF blocks appear.
 */
import { File, Id3v2Settings, ReadStyle, TagTypes } from 'node-taglib-sharp';
import type { Id3v2Tag, Tag } from 'node-taglib-sharp';
import { TagError, errorMessage } from '../errors.ts';
import type { Container } from './formats.ts';
import { containerInfo } from './formats.ts';

// Text genres, never ID3v1 numbers like "(17)" or "17": what the user chose is what lands in the file.
Id3v2Settings.useNumericGenres = false;

export type Id3Version = 3 | 4;

/** A tag block that carries the genre after the write, with the text it must read back as. */
export interface WrittenTag {
  kind: 'id3v2.3' | 'id3v2.4' | 'vorbis' | 'mp4' | 'riff-info' | 'id3v1';
  /** values exactly as stored (after the format's joining convention) */
  stored: string[];
}

export interface GenreReadResult {
  genres: string[];
  /** ID3v2 major version of the existing tag (MP3/WAV/AIFF), null when there is none */
  id3Version: number | null;
}

/** Trims, drops NULs the RIFF reader leaves and empty values, splits ';'-joined values, de-duplicates. */
export function normaliseGenres(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    for (const part of v.replace(/\0/g, ';').split(';')) {
      const t = part.trim();
      if (t && !out.some((o) => o.toLowerCase() === t.toLowerCase())) out.push(t);
    }
  }
  return out;
}

function open(path: string, container: Container): File {
  try {
    return File.createFromPath(path, containerInfo(container).mime, ReadStyle.None);
  } catch (err) {
    throw new TagError('BROKEN_TAGS', path, `${path}: the existing tags are damaged or use an invalid text encoding, so they cannot be read safely (${errorMessage(err)}); the file was not changed`, {
      cause: err,
    });
  }
}

function hasControlChar(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c > 0 && c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
  }
  return false;
}

function hasBrokenText(values: readonly string[]): boolean {
  // U+FFFD appears when text could not be decoded in the declared encoding; C0 controls other than
  // TAB/LF/CR/NUL-separators are never valid in tag text. Rewriting such a tag would bake the garbage in.
  // An unpaired UTF-16 surrogate is the same damage in UTF-16 text.
  return values.some(
    (v) => v.includes('\uFFFD') || hasControlChar(v) || /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(v),
  );
}

function allText(tag: Tag): string[] {
  const t = tag as unknown as Record<string, unknown>;
  const out: string[] = [];
  for (const key of ['title', 'album', 'comment', 'lyrics', 'grouping', 'conductor', 'copyright']) {
    const v = t[key];
    if (typeof v === 'string') out.push(v);
  }
  for (const key of ['genres', 'performers', 'albumArtists', 'composers']) {
    const v = t[key];
    if (Array.isArray(v)) out.push(...v.filter((x): x is string => typeof x === 'string'));
  }
  return out;
}

export function readGenres(path: string, container: Container): GenreReadResult {
  const file = open(path, container);
  try {
    const onDisk = file.tagTypesOnDisk;
    let id3Version: number | null = null;
    if (onDisk & TagTypes.Id3v2) {
      const id3 = file.getTag(TagTypes.Id3v2, false) as Id3v2Tag | undefined;
      if (id3) id3Version = id3.version;
    }
    const tag = file.tag;
    const text = allText(tag);
    if (hasBrokenText(text)) {
      throw new TagError(
        'BROKEN_TAGS',
        path,
        `${path}: existing tag text is not valid in its declared encoding (mis-encoded characters); fix it in a tag editor first — the file was not changed`,
      );
    }
    return { genres: normaliseGenres(tag.genres ?? []), id3Version };
  } finally {
    file.dispose();
  }
}

function id3Kind(version: number): WrittenTag['kind'] {
  return version >= 4 ? 'id3v2.4' : 'id3v2.3';
}

function writeId3(file: File, genres: string[], newVersion: Id3Version): WrittenTag {
  const onDisk = file.tagTypesOnDisk;
  const id3 = file.getTag(TagTypes.Id3v2, true) as Id3v2Tag;
  if (!(onDisk & TagTypes.Id3v2)) id3.version = newVersion;
  else if (id3.version < 3) id3.version = 3;
  id3.genres = genres;
  const stored = id3.version >= 4 ? [...genres] : [genres.join(';')];
  return { kind: id3Kind(id3.version), stored };
}

/**
 * Sets the genre of the file at `path` (a temp copy: node-taglib-sharp rewrites in place) and saves.
 * Returns the tag blocks that now carry the genre, for read-back verification.
 */
export function writeGenres(path: string, container: Container, genres: string[], newId3Version: Id3Version): WrittenTag[] {
  const file = open(path, container);
  try {
    const onDisk = file.tagTypesOnDisk;
    const written: WrittenTag[] = [];
    let keep = onDisk;
    switch (container) {
      case 'mp3':
      case 'aiff':
        written.push(writeId3(file, genres, newId3Version));
        keep |= TagTypes.Id3v2;
        if (container === 'mp3' && onDisk & TagTypes.Id3v1) {
          file.getTag(TagTypes.Id3v1, false).genres = genres.slice(0, 1);
          written.push({ kind: 'id3v1', stored: genres.slice(0, 1) });
        }
        break;
      case 'wav':
        written.push(writeId3(file, genres, newId3Version));
        keep |= TagTypes.Id3v2;
        if (onDisk & TagTypes.RiffInfo) {
          const joined = genres.join('; ');
          file.getTag(TagTypes.RiffInfo, false).genres = [joined];
          written.push({ kind: 'riff-info', stored: [joined] });
        }
        break;
      case 'flac':
      case 'ogg-vorbis':
      case 'ogg-opus':
        file.getTag(TagTypes.Xiph, true).genres = genres;
        keep |= TagTypes.Xiph;
        written.push({ kind: 'vorbis', stored: [...genres] });
        break;
      case 'mp4': {
        const joined = genres.join('; ');
        file.getTag(TagTypes.Apple, true).genres = [joined];
        keep |= TagTypes.Apple;
        written.push({ kind: 'mp4', stored: [joined] });
        break;
      }
    }
    // Opening creates empty tag objects for every type the format can hold (ID3v1 on MP3, INFO/MovieID/
    // DivX on WAV); drop those the file did not have so a genre write adds nothing else.
    const extra = file.tagTypes & ~keep & ~TagTypes.FlacPictures;
    if (extra) file.removeTags(extra);
    file.save();
    return written;
  } catch (err) {
    // fs errors (disk full, permissions) keep their errno code so the caller can name them.
    if (err instanceof TagError || (err as NodeJS.ErrnoException).code) throw err;
    throw new TagError('BROKEN_TAGS', path, `the tag library could not write this file (${errorMessage(err)})`, { cause: err });
  } finally {
    file.dispose();
  }
}
