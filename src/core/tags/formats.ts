/**
 * Which containers Genrescope writes genres into, recognised by their first bytes (not the file name:
 * a renamed file must not be written with the wrong writer), and how each stores several genres.
 */
import { openSync, readSync, closeSync } from 'node:fs';
import { TagError } from '../errors.ts';

export type Container = 'mp3' | 'flac' | 'ogg-vorbis' | 'ogg-opus' | 'mp4' | 'wav' | 'aiff';

export interface ContainerInfo {
  container: Container;
  /** node-taglib-sharp's MIME key for the writer class */
  mime: string;
  /** user-facing name */
  label: string;
}

const INFO: Record<Container, ContainerInfo> = {
  mp3: { container: 'mp3', mime: 'taglib/mp3', label: 'MP3 (ID3v2)' },
  flac: { container: 'flac', mime: 'taglib/flac', label: 'FLAC (Vorbis comment)' },
  'ogg-vorbis': { container: 'ogg-vorbis', mime: 'taglib/ogg', label: 'Ogg Vorbis (Vorbis comment)' },
  'ogg-opus': { container: 'ogg-opus', mime: 'taglib/opus', label: 'Opus (Vorbis comment)' },
  mp4: { container: 'mp4', mime: 'taglib/m4a', label: 'MP4/M4A (iTunes ©gen)' },
  wav: { container: 'wav', mime: 'taglib/wav', label: 'WAV (ID3v2 chunk)' },
  aiff: { container: 'aiff', mime: 'taglib/aiff', label: 'AIFF (ID3v2 chunk)' },
};

export const SUPPORTED_EXTENSIONS = ['.mp3', '.flac', '.ogg', '.oga', '.opus', '.m4a', '.mp4', '.m4b', '.wav', '.aif', '.aiff', '.aifc'];

export function containerInfo(c: Container): ContainerInfo {
  return INFO[c];
}

function id3v2Size(head: Buffer): number {
  if (head.length < 10 || head.toString('latin1', 0, 3) !== 'ID3') return 0;
  // Synchsafe size + 10-byte header (+10 more when a footer is flagged).
  const size = ((head[6] & 0x7f) << 21) | ((head[7] & 0x7f) << 14) | ((head[8] & 0x7f) << 7) | (head[9] & 0x7f);
  return 10 + size + (head[5] & 0x10 ? 10 : 0);
}

/** Classifies from the first bytes of the file (give at least 64 KiB where the file has them). */
export function detectContainerFromBytes(head: Buffer): Container | null {
  const at = (off: number, s: string): boolean => head.length >= off + s.length && head.toString('latin1', off, off + s.length) === s;
  if (at(0, 'RIFF') && at(8, 'WAVE')) return 'wav';
  if (at(0, 'FORM') && (at(8, 'AIFF') || at(8, 'AIFC'))) return 'aiff';
  if (at(4, 'ftyp')) return 'mp4';
  if (at(0, 'OggS')) {
    // The first page's first packet names the codec; Ogg FLAC/Speex/Theora are not written.
    const segments = head[26] ?? 0;
    const body = 27 + segments;
    if (at(body, '\x01vorbis')) return 'ogg-vorbis';
    if (at(body, 'OpusHead')) return 'ogg-opus';
    return null;
  }
  const skip = id3v2Size(head);
  if (at(skip, 'fLaC')) return 'flac';
  if (at(0, 'fLaC')) return 'flac';
  if (skip > 0 && skip >= head.length) return 'mp3'; // tag larger than the probe: MPEG audio follows an ID3v2 tag
  const b0 = head[skip];
  const b1 = head[skip + 1];
  // MPEG audio frame sync (11 bits) with layer != reserved: an MP3 (or MP2) stream.
  if (b0 === 0xff && b1 !== undefined && (b1 & 0xe0) === 0xe0 && (b1 & 0x06) !== 0) {
    // ADTS AAC shares the sync word but has layer bits 00; excluded above. Layer III = 01.
    return (b1 & 0x06) === 0x02 ? 'mp3' : null;
  }
  return null;
}

export function readHead(path: string, bytes = 64 * 1024): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The container of `path`, or a TagError UNSUPPORTED_CONTAINER naming what is supported. */
export function detectContainer(path: string, head: Buffer): ContainerInfo {
  const c = detectContainerFromBytes(head);
  if (!c) {
    throw new TagError(
      'UNSUPPORTED_CONTAINER',
      path,
      `${path}: unsupported container for writing genres (supported: MP3, FLAC, Ogg Vorbis, Opus, M4A/MP4, WAV, AIFF); the file was not changed`,
    );
  }
  return INFO[c];
}
