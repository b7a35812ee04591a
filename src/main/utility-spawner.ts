/**
 * The engine pool's WorkerSpawner on Electron's utilityProcess.fork: workers run as Electron utility
 * processes (Node without a window, shown in the task manager by name) instead of child_process.fork,
 * which inside a packaged app would start another copy of the app. The fork function is passed in, so
 * this module needs no electron import and is tested with a stand-in.
 */
import type { SpawnOptions, WorkerHandle, WorkerSpawner } from '../core/jobs/spawner.ts';

/** The part of Electron's UtilityProcess the adapter uses. */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  readonly stderr: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): this;
  once(event: 'exit', listener: (code: number) => void): this;
  on(event: 'error', listener: (type: string, location: string, report: string) => void): this;
  kill(): boolean;
}

export type UtilityFork = (
  modulePath: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; serviceName: string; stdio: ['ignore', 'ignore', 'pipe'] },
) => UtilityProcessLike;

export function createUtilitySpawner(fork: UtilityFork): WorkerSpawner {
  return ({ entry, env, name }: SpawnOptions): WorkerHandle => {
    const child = fork(entry, [], { env, serviceName: name, stdio: ['ignore', 'ignore', 'pipe'] });
    let exited = false;
    let exitCode: number | null = null;
    let tail = '';
    child.stderr?.on('data', (c: Buffer | string) => {
      tail = (tail + c.toString()).slice(-2000);
    });
    // A V8 fatal error is always followed by 'exit'; keep its location for the crash message.
    child.on('error', (type, location) => {
      tail = (tail + `\n${type} at ${location}`).slice(-2000);
    });
    const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
    child.once('exit', (code) => {
      exited = true;
      exitCode = code;
      // utilityProcess reports no signal; a kill shows as a non-zero code.
      for (const l of exitListeners) l(code, null);
    });
    return {
      get pid() {
        return child.pid;
      },
      send(message) {
        if (!exited) child.postMessage(message);
      },
      onMessage(listener) {
        child.on('message', listener);
      },
      onExit(listener) {
        if (exited) listener(exitCode, null);
        else exitListeners.push(listener);
      },
      kill() {
        if (!exited) child.kill();
      },
      stderrTail: () => tail.trim(),
    };
  };
}
