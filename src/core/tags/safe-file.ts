/**
 * File-level safety for tag writes and undos: fingerprints to notice a file changed since the preview,
 * read-only / locked / hard-linked refusals, and the atomic replace (temp file in the same directory,
 * fsync, rename over the original, fsync the directory) that leaves either the old or the new file,
 * never a torn one.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeSync,
  chmodSync,
  chownSync,
} from 'node:fs';
import path from 'node:path';
import { TagError, errorMessage } from '../errors.ts';

export interface Fingerprint {
  size: number;
  /** nanosecond timestamps as decimal strings (bigint stat): a same-second rewrite still changes them */
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
}

export function fingerprint(p: string): Fingerprint {
  const s = statSync(p, { bigint: true });
  return { size: Number(s.size), mtimeNs: s.mtimeNs.toString(), ctimeNs: s.ctimeNs.toString(), ino: s.ino.toString() };
}

export function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino;
}

export function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** Maps an fs error to a TagError with a code the UI can explain. */
export function fsError(err: unknown, p: string, doing: string): TagError {
  if (err instanceof TagError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const msg = errorMessage(err);
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new TagError('DISK_FULL', p, `${p}: disk full while ${doing}; the file was not changed`, { cause: err });
    case 'EROFS':
      return new TagError('READ_ONLY', p, `${p}: the file system is read-only; the file was not changed`, { cause: err });
    case 'EACCES':
    case 'EPERM':
      if (process.platform === 'win32') {
        return new TagError('FILE_LOCKED', p, `${p}: the file is open in another program (${msg}); close it and try again — the file was not changed`, { cause: err });
      }
      return new TagError('READ_ONLY', p, `${p}: permission denied while ${doing}; the file was not changed`, { cause: err });
    case 'EBUSY':
    case 'ETXTBSY':
      return new TagError('FILE_LOCKED', p, `${p}: the file is busy/in use by another program (${msg}); close it and try again — the file was not changed`, { cause: err });
    case 'ENOENT':
      return new TagError('NOT_FOUND', p, `${p}: file not found`, { cause: err });
    default:
      return new TagError('IO', p, `${p}: ${doing} failed (${msg}); the file was not changed`, { cause: err });
  }
}

/** Linux's encoding of st_dev, as printed in /proc/locks (hex major:minor). */
function devHex(dev: bigint): string {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  return `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}`;
}

/**
 * Process ids holding a flock/POSIX/OFD lock on the file (Linux, from /proc/locks; -1 for OFD locks).
 * Empty where the OS does not expose locks this way (macOS: advisory locks are invisible; Windows:
 * a file open in another program makes the rename fail instead, mapped to FILE_LOCKED).
 */
export function lockHolders(p: string): number[] {
  if (process.platform !== 'linux' || !existsSync('/proc/locks')) return [];
  const s = statSync(p, { bigint: true });
  const key = `${devHex(s.dev)}:${s.ino.toString()}`;
  const holders: number[] = [];
  for (const line of readFileSync('/proc/locks', 'latin1').split('\n')) {
    const tokens = line.trim().split(/\s+/);
    const at = tokens.findIndex((t) => /^[0-9a-f]+:[0-9a-f]+:\d+$/.test(t));
    if (at > 0 && tokens[at] === key) {
      const pid = Number(tokens[at - 1]);
      if (pid !== process.pid) holders.push(pid);
    }
  }
  return holders;
}

/** Refuses files we must not replace; `p` must be the real path (symlinks resolved). */
export function checkWritable(p: string): void {
  let s: ReturnType<typeof statSync>;
  try {
    s = statSync(p);
  } catch (err) {
    throw fsError(err, p, 'reading the file');
  }
  // Renaming over a read-only file would succeed when the folder is writable (and always as root):
  // honour the file's own read-only flag (Windows' read-only attribute maps to it too).
  if ((s.mode & 0o200) === 0) {
    throw new TagError('READ_ONLY', p, `${p}: the file is read-only; make it writable to tag it — the file was not changed`);
  }
  if (s.nlink > 1) {
    throw new TagError('HARD_LINKED', p, `${p}: the file has ${s.nlink} hard links; replacing it would split them, so it was not changed`);
  }
  const holders = lockHolders(p);
  if (holders.length > 0) {
    throw new TagError('FILE_LOCKED', p, `${p}: another program holds a lock on the file (pid ${holders.join(', ')}); close it and try again — the file was not changed`);
  }
}

export function tempPathFor(p: string): string {
  return path.join(path.dirname(p), `.${path.basename(p)}.genrescope-${randomBytes(4).toString('hex')}.tmp`);
}

export function removeQuietly(p: string): void {
  try {
    unlinkSync(p);
  } catch {
    // already gone
  }
}

/** Writes `bytes` to a new file `temp` (exclusive create) and fsyncs it; mode/owner copied from `like`. */
export function writeTemp(temp: string, bytes: Buffer, like: string): void {
  const s = statSync(like);
  const fd = openSync(temp, 'wx', s.mode & 0o7777);
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(temp, s.mode & 0o7777);
  if (process.platform !== 'win32' && typeof process.getuid === 'function' && process.getuid() === 0) {
    try {
      chownSync(temp, s.uid, s.gid);
    } catch {
      // best effort: a file system without owners (FAT, some mounts)
    }
  }
}

export function fsyncFile(p: string): void {
  const fd = openSync(p, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync there
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some file systems refuse directory fsync; the rename itself is still atomic
  }
}

/** Sets the temp file's mtime (before the rename, so the final file never shows another time). */
export function setMtime(p: string, mtimeMs: number): void {
  const s = statSync(p);
  // Seconds as a float keep sub-ms precision where the OS stores it (a Date would round to ms).
  utimesSync(p, s.atimeMs / 1000, mtimeMs / 1000);
}

/** Renames `temp` over `target` and fsyncs the folder. On failure removes `temp` and throws a TagError. */
export function replaceAtomically(temp: string, target: string): void {
  try {
    renameSync(temp, target);
  } catch (err) {
    removeQuietly(temp);
    throw fsError(err, target, 'replacing the file');
  }
  fsyncDir(path.dirname(target));
}
