/**
 * The "scan only these paths" part of a library scan, used by watch mode (src/core/watch):
 * `walkTargets(targets, opts)` walks changed files and folders instead of whole roots (folders with
 * the ordinary walker, so the same hidden/system/symlink rules apply; single files are checked here),
 * and `markGoneMissing(store, ...)` flags the tracks of targets that are gone (deleted, or moved away)
 * and of walked folders that were not seen, like a whole-root scan does for its roots.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isAudioPath, scanRoots } from '../library/scan.ts';
import type { ScanOptions, ScanResult } from '../library/types.ts';
import type { Store } from '../store/store.ts';

export interface TargetWalkResult extends ScanResult {
  /** targets that do not exist (any more) */
  gone: string[];
  /** folder targets that were walked */
  folders: string[];
}

function inside(child: string, parent: string): boolean {
  const prefix = parent.endsWith(path.sep) ? parent : parent + path.sep;
  return child.startsWith(prefix);
}

/** Drops duplicates and targets inside another target (the folder walk covers them). */
export function normaliseTargets(targets: readonly string[]): string[] {
  const sorted = [...new Set(targets.map((t) => path.resolve(t)))].sort();
  const out: string[] = [];
  for (const t of sorted) if (!out.some((o) => o === t || inside(t, o))) out.push(t);
  return out;
}

/** A dot-name or system-folder component below the root would have been skipped by a root walk. */
function hiddenName(name: string): boolean {
  return name.startsWith('.');
}

export async function walkTargets(targets: readonly string[], opts: Pick<ScanOptions, 'onFile' | 'onProblem' | 'signal'> = {}): Promise<TargetWalkResult> {
  const list = normaliseTargets(targets);
  const gone: string[] = [];
  const folders: string[] = [];
  const files: ScanResult['files'] = [];
  let notAudio = 0;
  let hidden = 0;
  for (const t of list) {
    if (opts.signal?.aborted) break;
    let st;
    try {
      st = await stat(t);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // ENOTDIR: a parent became a file. Anything else (EACCES, EIO) is unknown, not gone.
      if (code === 'ENOENT' || code === 'ENOTDIR') gone.push(t);
      else opts.onProblem?.({ path: t, kind: 'unreadable-entry', message: `cannot read ${t}: ${(e as Error).message}` });
      continue;
    }
    if (st.isDirectory()) {
      folders.push(t);
      continue;
    }
    if (!st.isFile()) continue;
    if (hiddenName(path.basename(t))) {
      hidden++;
      continue;
    }
    if (!isAudioPath(t)) {
      notAudio++;
      continue;
    }
    const f = { path: t, realPath: t, root: path.dirname(t), sizeBytes: st.size, mtimeMs: st.mtimeMs, ext: path.extname(t).slice(1).toLowerCase() };
    files.push(f);
    opts.onFile?.(f);
  }
  const walked = folders.length > 0 ? await scanRoots(folders, { onFile: opts.onFile, onProblem: opts.onProblem, signal: opts.signal }) : null;
  const counts = walked?.counts ?? { files: 0, dirs: 0, notAudio: 0, hidden: 0, system: 0, symlinkLoops: 0, duplicates: 0, problems: 0 };
  return {
    files: [...files, ...(walked?.files ?? [])],
    skipped: walked?.skipped ?? [],
    problems: walked?.problems ?? [],
    counts: { ...counts, files: counts.files + files.length, notAudio: counts.notAudio + notAudio, hidden: counts.hidden + hidden },
    aborted: opts.signal?.aborted === true || walked?.aborted === true,
    gone,
    folders,
  };
}

/**
 * Flags as missing the tracks at (or under) `paths` that were not seen since scanStartedAtMs, except
 * under `keepUnder` (folders that could not be listed). The analyses stay, as with markUnseenMissing.
 * Returns the number of tracks flagged.
 */
export function markGoneMissing(store: Store, scanStartedAtMs: number, paths: readonly string[], keepUnder: readonly string[] = []): number {
  return store.markUnseenMissing(scanStartedAtMs, { under: paths, keepUnder });
}
