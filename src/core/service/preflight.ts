/**
 * What the tag reader already tells about a file before any worker sees it. A file that is gone,
 * unreadable, empty or a directory fails here with the reader's specific message; a file whose tags
 * merely do not parse still goes to ffmpeg (it decodes things the tag reader does not know), and if
 * ffmpeg fails too, the tag reader's message is added because it often says what the file really is.
 */
import type { MetadataError } from '../errors.ts';
import type { JobError } from '../../worker/protocol.ts';

const FATAL_META_CODES: Record<string, JobError['kind']> = {
  FILE_NOT_FOUND: 'io',
  FILE_UNREADABLE: 'io',
  NOT_A_FILE: 'io',
  FILE_EMPTY: 'decode',
};

export function preflightFailure(metaError: MetadataError | null): JobError | null {
  if (!metaError) return null;
  const kind = FATAL_META_CODES[metaError.code];
  // The reader says "cannot read tags: …"; for the track the tags are not the point.
  return kind ? { kind, message: metaError.message.replace(/^cannot read tags: /, '') } : null;
}

export function withMetaHint(error: JobError, metaError: MetadataError | null): string {
  if (error.kind === 'decode' && metaError && metaError.code.startsWith('META_')) {
    return `${error.message} (tags: ${metaError.message})`;
  }
  return error.message;
}
