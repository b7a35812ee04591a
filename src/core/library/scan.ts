/**
 * scanRoots(roots, opts): walks library folders and returns one entry per audio file, skip and problem,
 * ending with counts. Audio = extension in AUDIO_EXTENSIONS (case-insensitive); what is inside is
 * checked later (metadata, decode), so a text file named .mp3 is found here and fails there, clearly.
 *
 * Own walker rather than fdir: fdir drops unreadable directories silently (or, with withErrors, aborts
 * the whole crawl), while a library scan must name each folder it could not read and go on.
 *
 * Rules: dot-prefixed files and folders are hidden and skipped; system folders (SYSTEM_DIR_NAMES, any
 * case) are skipped; a folder named like a file (album.mp3/) is a folder; symlinks are followed, and a
 * symlinked folder whose real path is already being walked or was walked (a cycle, or the same tree
 * twice) is skipped, so a loop cannot recurse; files reached by two paths (overlapping roots, symlinks)
 * are reported once, under their own path rather than a symlink's (files reached through symlinks are
 * reported last), else under the first path found. Order is deterministic: a folder's files in name
 * order, then its subfolders depth first in name order. The Windows "hidden" attribute is not visible to Node without native code:
 * on Windows only dot-names and the system folders are skipped.
 */
import { lstat, realpath, readdir, stat } from 'node:fs/promises';
import type { Dirent, Stats } from 'node:fs';
import path from 'node:path';
import { osCode } from './file-errors.ts';
import type { ScanCounts, ScanOptions, ScanProblem, ScanResult, ScanSkip, ScannedFile } from './types.ts';

export const AUDIO_EXTENSIONS: readonly string[] = ['mp3', 'flac', 'ogg', 'oga', 'opus', 'm4a', 'wav', 'aiff', 'aif', 'wma', 'wv'];

/** Lower-case names of folders that hold OS housekeeping, never music. */
export const SYSTEM_DIR_NAMES: readonly string[] = [
  '$recycle.bin',
  'recycler',
  'recycled',
  'system volume information',
  '$windows.~bt',
  '$windows.~ws',
  'lost+found',
  '.trash',
  '.trashes',
  '.spotlight-v100',
  '.fseventsd',
  '.temporaryitems',
  '.documentrevisions-v100',
  '@eadir',
  '#recycle',
];

function isSystemName(name: string): boolean {
  const n = name.toLowerCase();
  return SYSTEM_DIR_NAMES.includes(n) || /^\.trash-\d+$/.test(n);
}

function extOf(p: string): string {
  const base = path.basename(p);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

export function isAudioPath(p: string, extensions: readonly string[] = AUDIO_EXTENSIONS): boolean {
  return extensions.includes(extOf(p));
}

function problemMessage(what: string, p: string, err: unknown): string {
  const code = osCode(err);
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'ENOENT'
        ? 'it does not exist (deleted, or a dangling link)'
        : code === 'ELOOP'
          ? 'too many levels of symbolic links'
          : err instanceof Error
            ? err.message
            : String(err);
  return `${what} ${p}: ${reason}${code ? ` (${code})` : ''}`;
}

interface DirJob {
  dir: string;
  real: string;
  root: string;
}

export async function scanRoots(roots: readonly string[], opts: ScanOptions = {}): Promise<ScanResult> {
  const extensions = (opts.extensions ?? AUDIO_EXTENSIONS).map((e) => e.toLowerCase().replace(/^\./, ''));
  const follow = opts.followSymlinks ?? true;
  const files: ScannedFile[] = [];
  const skipped: ScanSkip[] = [];
  const problems: ScanProblem[] = [];
  const counts: ScanCounts = { files: 0, dirs: 0, notAudio: 0, hidden: 0, system: 0, symlinkLoops: 0, duplicates: 0, problems: 0 };
  const walkedDirs = new Set<string>();
  // Files reached through a symlink are added after the walk, so the file's own path wins a duplicate.
  const linkedFiles: { p: string; real: string; root: string; st: Stats }[] = [];
  const seenFiles = new Set<string>();

  const problem = (p: ScanProblem) => {
    problems.push(p);
    counts.problems++;
    opts.onProblem?.(p);
  };
  const skip = (p: string, reason: ScanSkip['reason']) => {
    skipped.push({ path: p, reason });
    if (reason === 'hidden') counts.hidden++;
    else if (reason === 'system') counts.system++;
    else if (reason === 'symlink-loop') counts.symlinkLoops++;
    else counts.duplicates++;
  };
  const addFile = (p: string, real: string, root: string, st: Stats) => {
    if (seenFiles.has(real)) {
      skip(p, 'duplicate');
      return;
    }
    seenFiles.add(real);
    const f: ScannedFile = { path: p, realPath: real, root, sizeBytes: st.size, mtimeMs: st.mtimeMs, ext: extOf(p) };
    files.push(f);
    counts.files++;
    opts.onFile?.(f);
  };

  // Depth first, in name order: the stack holds folders still to list, last pushed first.
  const stack: DirJob[] = [];
  for (const r of [...roots].reverse()) {
    const root = path.resolve(r);
    try {
      const st = await stat(root);
      if (!st.isDirectory()) {
        problem({ path: root, kind: 'root-missing', message: `library folder ${root} is not a folder` });
        continue;
      }
      stack.unshift({ dir: root, real: await realpath(root), root });
    } catch (e) {
      problem({ path: root, kind: 'root-missing', message: problemMessage('cannot open library folder', root, e) });
    }
  }

  let aborted = false;
  while (stack.length > 0) {
    if (opts.signal?.aborted) {
      aborted = true;
      break;
    }
    const job = stack.pop()!;
    if (walkedDirs.has(job.real)) {
      // A second root inside (or equal to) one already walked, reached again.
      continue;
    }
    walkedDirs.add(job.real);
    let entries: Dirent[];
    try {
      entries = await readdir(job.dir, { withFileTypes: true });
    } catch (e) {
      problem({ path: job.dir, kind: 'unreadable-dir', message: problemMessage('cannot list folder', job.dir, e) });
      continue;
    }
    counts.dirs++;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: DirJob[] = [];
    // Stat the audio files of one folder together: the thread pool overlaps the syscalls.
    const results = await Promise.all(
      entries.map(async (ent): Promise<(() => void) | null> => {
        const p = path.join(job.dir, ent.name);
        if (isSystemName(ent.name)) return () => skip(p, 'system');
        if (ent.name.startsWith('.')) return () => skip(p, 'hidden');
        let isLink = ent.isSymbolicLink();
        let isDir = ent.isDirectory();
        let isFile = ent.isFile();
        if (!isLink && !isDir && !isFile) {
          // DT_UNKNOWN on some filesystems, or a socket/fifo/device: ask lstat.
          try {
            const l = await lstat(p);
            isLink = l.isSymbolicLink();
            isDir = l.isDirectory();
            isFile = l.isFile();
          } catch (e) {
            return () => problem({ path: p, kind: 'unreadable-entry', message: problemMessage('cannot read', p, e) });
          }
          if (!isLink && !isDir && !isFile) return null;
        }
        if (isLink) {
          if (!follow) return null;
          let st: Stats;
          let real: string;
          try {
            st = await stat(p);
            real = await realpath(p);
          } catch (e) {
            return () => problem({ path: p, kind: 'unreadable-entry', message: problemMessage('cannot follow link', p, e) });
          }
          if (st.isDirectory()) {
            return () => {
              if (walkedDirs.has(real) || subdirs.some((s) => s.real === real) || stack.some((s) => s.real === real) || isInside(job.real, real)) skip(p, 'symlink-loop');
              else subdirs.push({ dir: p, real, root: job.root });
            };
          }
          if (!st.isFile()) return null;
          if (!extensions.includes(extOf(p))) return () => counts.notAudio++;
          return () => linkedFiles.push({ p, real, root: job.root, st });
        }
        if (isDir) return () => subdirs.push({ dir: p, real: path.join(job.real, ent.name), root: job.root });
        if (!extensions.includes(extOf(p))) return () => counts.notAudio++;
        try {
          const st = await stat(p);
          return () => addFile(p, path.join(job.real, ent.name), job.root, st);
        } catch (e) {
          return () => problem({ path: p, kind: 'unreadable-entry', message: problemMessage('cannot read', p, e) });
        }
      }),
    );
    // Apply in name order so output does not depend on which stat finished first.
    for (const apply of results) apply?.();
    for (const s of subdirs.reverse()) stack.push(s);
  }
  if (!aborted) for (const l of linkedFiles) addFile(l.p, l.real, l.root, l.st);
  return { files, skipped, problems, counts, aborted };
}

/** true when `real` is `dir` itself or one of its ancestors (a link pointing up: a cycle). */
function isInside(dir: string, real: string): boolean {
  const rel = path.relative(real, dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
