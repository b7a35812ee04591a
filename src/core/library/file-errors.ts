/**
 * Turns Node's filesystem errors into MetadataErrors with a specific code and a message a user can act
 * on. Codes: FILE_NOT_FOUND, FILE_UNREADABLE, NOT_A_FILE, FILE_EMPTY, IO_ERROR (+ META_* from metadata.ts).
 */
import { MetadataError } from '../errors.ts';

export function osCode(err: unknown): string | undefined {
  return err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

export function fileAccessError(path: string, err: unknown, what: string): MetadataError {
  const code = osCode(err);
  const detail = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new MetadataError(path, `cannot ${what}: file not found (it was moved or deleted)`, { cause: err, code: 'FILE_NOT_FOUND' });
    case 'EACCES':
    case 'EPERM':
      return new MetadataError(path, `cannot ${what}: permission denied (${code})`, { cause: err, code: 'FILE_UNREADABLE' });
    case 'EISDIR':
      return new MetadataError(path, `cannot ${what}: it is a directory, not a file`, { cause: err, code: 'NOT_A_FILE' });
    default:
      return new MetadataError(path, `cannot ${what}: ${detail}`, { cause: err, code: 'IO_ERROR' });
  }
}
