/**
 * Files the OS hands to the app: command-line arguments of the first launch, the argv of a second
 * launch (single-instance handoff), macOS `open-file`. Pure functions (argv parsing is in
 * launch-args.ts) plus a small queue that holds paths until a window can receive them.
 */
import { statSync } from 'node:fs';
import { parseLaunchArgv, type ArgvContext } from './launch-args.ts';

export type { ArgvContext } from './launch-args.ts';

/** What one launch asks for: absolute paths, and whether it came through the "Classify genre" verb. */
export interface LaunchRequest {
  paths: string[];
  classify: boolean;
}

/** What an Electron argv asks for (see parseLaunchArgv for the forms). */
export function requestFromArgv(argv: readonly string[], ctx: ArgvContext): LaunchRequest {
  const { paths, classify } = parseLaunchArgv(argv, ctx);
  return { paths, classify };
}

/** What the second instance passes through requestSingleInstanceLock(additionalData). */
export type HandoffData = LaunchRequest;

export function handoffData(argv: readonly string[], ctx: ArgvContext): HandoffData {
  return requestFromArgv(argv, ctx);
}

/**
 * A second launch, as seen by the first instance. The second instance resolved its paths itself
 * (against its own cwd) and sent them as additionalData; argv is the fallback when that is missing or
 * malformed (Windows can also reorder argv and Chromium adds switches, which additionalData avoids).
 */
export function requestFromSecondInstance(argv: readonly string[], workingDirectory: string, additionalData: unknown, ctx: Omit<ArgvContext, 'cwd'>): LaunchRequest {
  if (typeof additionalData === 'object' && additionalData !== null) {
    const { paths, classify } = additionalData as { paths?: unknown; classify?: unknown };
    if (Array.isArray(paths) && paths.every((x) => typeof x === 'string' && x !== '' && isAbsoluteOn(x, ctx.platform))) {
      return { paths: [...new Set(paths as string[])], classify: classify === true };
    }
  }
  return requestFromArgv(argv, { ...ctx, cwd: workingDirectory });
}

function isAbsoluteOn(p: string, platform: NodeJS.Platform = process.platform): boolean {
  // A path another process resolved: absolute on this OS (drive or UNC on Windows, / elsewhere).
  return platform === 'win32' ? /^([a-zA-Z]:[\\/]|\\\\[^\\]+\\[^\\]+)/.test(p) : p.startsWith('/');
}

export type PathKind = 'file' | 'folder' | 'missing';

/** What is at `p` (symlinks followed); injectable for tests. */
export function pathKind(p: string): PathKind {
  try {
    const st = statSync(p);
    if (st.isDirectory()) return 'folder';
    return st.isFile() ? 'file' : 'missing';
  } catch {
    return 'missing';
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
