/**
 * Files the OS hands to the app to classify: command-line arguments of the first launch, the argv
 * of a second launch (single-instance handoff), macOS `open-file`. Pure functions plus a small queue
 * that holds paths until the window can receive them.
 */
import { statSync } from 'node:fs';
import path from 'node:path';

export interface ArgvContext {
  /** Working directory of the launching process (relative paths are resolved against it). */
  cwd: string;
  /**
   * True when running under the `electron` binary with the app path as first argument
   * (process.defaultApp: dev / `electron .`): then two leading entries are not user arguments.
   */
  defaultApp: boolean;
}

/**
 * User-given paths in an Electron argv: skips the executable (and app path in dev), switches
 * (`--foo`, `--foo=bar`, `-x`, which Chromium also appends on second-instance), and URLs.
 */
export function pathsFromArgv(argv: readonly string[], ctx: ArgvContext): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const arg of argv.slice(ctx.defaultApp ? 2 : 1)) {
    if (typeof arg !== 'string' || arg === '' || arg.startsWith('-')) continue;
    if (/^[a-z][a-z0-9+.-]+:\/\//i.test(arg)) continue;
    const abs = path.resolve(ctx.cwd, arg);
    if (!seen.has(abs)) {
      seen.add(abs);
      out.push(abs);
    }
  }
  return out;
}

/** What the second instance passes through requestSingleInstanceLock(additionalData). */
export interface HandoffData {
  paths: string[];
}

export function handoffData(argv: readonly string[], ctx: ArgvContext): HandoffData {
  return { paths: pathsFromArgv(argv, ctx) };
}

/**
 * Paths of a second launch, as seen by the first instance. The second instance resolved them itself
 * (its own cwd) and sent them as additionalData; argv is the fallback when that is missing or
 * malformed (Windows can also reorder argv, which additionalData avoids).
 */
export function pathsFromSecondInstance(argv: readonly string[], workingDirectory: string, additionalData: unknown, defaultApp: boolean): string[] {
  if (typeof additionalData === 'object' && additionalData !== null) {
    const p = (additionalData as { paths?: unknown }).paths;
    if (Array.isArray(p) && p.every((x) => typeof x === 'string' && path.isAbsolute(x))) return [...new Set(p as string[])];
  }
  return pathsFromArgv(argv, { cwd: workingDirectory, defaultApp });
}

/** Keeps the paths that exist (files or folders); `exists` is injectable for tests. */
export function existingPaths(paths: readonly string[], exists: (p: string) => boolean = defaultExists): string[] {
  return paths.filter((p) => exists(p));
}

function defaultExists(p: string): boolean {
  try {
    const st = statSync(p);
    return st.isFile() || st.isDirectory();
  } catch {
    return false;
  }
}

/** Collects paths until the renderer is ready, then delivers each batch once, in arrival order. */
export class OpenFilesQueue {
  #pending: string[] = [];
  #deliver: ((paths: string[]) => void) | null = null;

  push(paths: readonly string[]): void {
    if (paths.length === 0) return;
    if (this.#deliver) this.#deliver([...paths]);
    else this.#pending.push(...paths);
  }

  /** Called when the window can receive events; flushes what arrived before. */
  ready(deliver: (paths: string[]) => void): void {
    this.#deliver = deliver;
    if (this.#pending.length > 0) {
      const batch = [...new Set(this.#pending)];
      this.#pending = [];
      deliver(batch);
    }
  }

  /** The window went away (closed / reloading): hold paths again until the next ready(). */
  notReady(): void {
    this.#deliver = null;
  }
}
