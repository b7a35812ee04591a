/**
 * Independent read-back: after node-taglib-sharp saves, music-metadata (a different parser) must find
 * exactly the stored genre values in every tag block we wrote. A mismatch means the write is not
 * trusted and the original file is kept.
 */
import { parseFile } from 'music-metadata';
import { Genres } from 'node-taglib-sharp';
import { TagError, errorMessage } from '../errors.ts';
import type { WrittenTag } from './genre-io.ts';

type NativeTags = Record<string, Array<{ id: string; value: unknown }>>;

function values(native: NativeTags, block: string, id: string): string[] {
  return (native[block] ?? [])
    .filter((t) => t.id === id)
    .flatMap((t) => (Array.isArray(t.value) ? t.value : [t.value]))
    .map((v) => String(v).replace(/\0+$/, ''));
}

function found(native: NativeTags, w: WrittenTag): string[] | null {
  switch (w.kind) {
    case 'id3v2.3':
      return values(native, 'ID3v2.3', 'TCON');
    case 'id3v2.4':
      return values(native, 'ID3v2.4', 'TCON');
    case 'vorbis':
      return values(native, 'vorbis', 'GENRE');
    case 'mp4':
      return values(native, 'iTunes', '©gen');
    case 'riff-info':
      return values(native, 'exif', 'IGNR');
    case 'id3v1': {
      // ID3v1 holds one genre from a fixed list; a genre outside it is stored as "none".
      const g = w.stored[0];
      if (!g || Genres.audioToIndex(g) === 255) return null;
      return values(native, 'ID3v1', 'genre');
    }
  }
}

export async function verifyGenres(path: string, written: WrittenTag[], reportPath = path): Promise<void> {
  let native: NativeTags;
  try {
    const meta = await parseFile(path, { duration: false, skipCovers: true });
    native = meta.native as NativeTags;
  } catch (err) {
    throw new TagError('VERIFY_FAILED', reportPath, `the written file could not be read back (${errorMessage(err)}); the original was kept`, {
      cause: err,
    });
  }
  for (const w of written) {
    const got = found(native, w);
    if (got === null) continue;
    const want = w.kind === 'id3v1' ? w.stored.slice(0, 1) : w.stored;
    if (got.length !== want.length || got.some((g, i) => g !== want[i])) {
      throw new TagError(
        'VERIFY_FAILED',
        reportPath,
        `read-back of the ${w.kind} genre gave ${JSON.stringify(got)}, expected ${JSON.stringify(want)}; the original was kept`,
      );
    }
  }
}
