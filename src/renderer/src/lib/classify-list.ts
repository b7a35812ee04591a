/**
 * The list of loose files being classified (the main window's classify dialog and the compact
 * `?view=classify` result window), as pure functions over an immutable array.
 *
 * Files arrive in batches (one `openFiles` event, one drop, one typed list): each batch becomes one
 * `classifyFiles` call with a request number. A path is listed once, keyed by the path string as
 * given: a path that comes again keeps its place and is classified again, and only the answer of its
 * latest request may fill it, so a slow earlier answer can never overwrite a newer one.
 */
import type { ClassifyResult } from '../../../shared/dto.ts';

export interface ClassifyEntry {
  path: string;
  /** The request that last asked for this path; only its answer is applied. */
  request: number;
  /** The engine's answer (also for a file that failed: then `result.error` is set). */
  result: ClassifyResult | null;
  /** Why this file has no genre (the file's own failure, or the whole call failed); null otherwise. */
  error: string | null;
}

export type EntryState = 'pending' | 'done' | 'failed';

export function entryState(e: ClassifyEntry): EntryState {
  if (e.error !== null) return 'failed';
  return e.result === null ? 'pending' : 'done';
}

/** Paths as given, without empty ones and without repeats (first occurrence wins). */
export function uniquePaths(paths: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of paths) {
    if (p === '' || seen.has(p)) continue;
    seen.add(p);
    out.push(p);
  }
  return out;
}

/**
 * Paths typed or pasted into a box, one per line. Surrounding quotes are removed (Windows Explorer's
 * "Copy as path" and many shells quote paths with spaces); blank lines and repeats are dropped.
 */
export function parsePathList(text: string): string[] {
  return uniquePaths(
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .map((line) => (line.length >= 2 && ((line.startsWith('"') && line.endsWith('"')) || (line.startsWith("'") && line.endsWith("'"))) ? line.slice(1, -1).trim() : line)),
  );
}

/** Lists `paths` as pending for `request`: known paths are reset in place, new ones are appended. */
export function queuePaths(list: readonly ClassifyEntry[], paths: readonly string[], request: number): ClassifyEntry[] {
  const wanted = uniquePaths(paths);
  const again = new Set(wanted);
  const fresh = (path: string): ClassifyEntry => ({ path, request, result: null, error: null });
  const out = list.map((e) => (again.has(e.path) ? fresh(e.path) : e));
  const known = new Set(list.map((e) => e.path));
  for (const p of wanted) if (!known.has(p)) out.push(fresh(p));
  return out;
}

/**
 * Fills the entries of `request` from its answer (matched by path). An entry of that request the
 * answer does not mention is marked failed rather than left spinning forever.
 */
export function applyResults(list: readonly ClassifyEntry[], request: number, results: readonly ClassifyResult[]): ClassifyEntry[] {
  const byPath = new Map(results.map((r) => [r.path, r]));
  return list.map((e) => {
    if (e.request !== request || entryState(e) !== 'pending') return e;
    const r = byPath.get(e.path);
    if (!r) return { ...e, error: 'the engine returned no result for this file' };
    return { ...e, result: r, error: r.error };
  });
}

/** The whole call of `request` failed (engine unreachable, invalid input): its pending entries say why. */
export function failRequest(list: readonly ClassifyEntry[], request: number, message: string): ClassifyEntry[] {
  return list.map((e) => (e.request === request && entryState(e) === 'pending' ? { ...e, error: message } : e));
}

export interface ClassifyProgress {
  total: number;
  pending: number;
  done: number;
  failed: number;
}

export function classifyProgress(list: readonly ClassifyEntry[]): ClassifyProgress {
  const p: ClassifyProgress = { total: list.length, pending: 0, done: 0, failed: 0 };
  for (const e of list) p[entryState(e)]++;
  return p;
}
