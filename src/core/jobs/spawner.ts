/**
 * How the pool starts worker processes. The engine ships a child_process.fork spawner (CLI, tests,
 * `genrescope serve`); the Electron main process plugs in one built on utilityProcess.fork. Both give
 * the pool the same small handle, and the worker detects its side of the channel itself.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ToWorker } from '../../worker/protocol.ts';

export interface WorkerHandle {
  readonly pid: number | undefined;
  send(message: ToWorker): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Fires once when the process has gone, whatever the reason. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
  /** Last lines the worker wrote to stderr, when the spawner can capture them (for crash messages). */
  stderrTail?(): string;
}

export interface SpawnOptions {
  /** Absolute path of the worker entry module. */
  entry: string;
  env: NodeJS.ProcessEnv;
  /** A name for the process (shown by Electron's task manager). */
  name: string;
}

export type WorkerSpawner = (options: SpawnOptions) => WorkerHandle;

/**
 * The worker entry beside this module's tree: `.ts` when running from source under Node's type
 * stripping (dev, tests), `.js` when running the compiled dist/.
 */
export function defaultWorkerEntry(): string {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const p = fileURLToPath(new URL(`../../worker/analysis-worker${ext}`, import.meta.url));
  if (!existsSync(p)) throw new Error(`analysis worker entry not found at ${p}`);
  return p;
}

export const nodeForkSpawner: WorkerSpawner = ({ entry, env }) => {
  const child = fork(entry, [], {
    env,
    // Never inherit the parent's flags (vitest, inspectors); the worker only needs plain Node.
    execArgv: [],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'json',
  });
  let tail = '';
  child.stderr?.on('data', (c: Buffer) => {
    tail = (tail + c.toString('utf8')).slice(-2000);
  });
  // A worker that dies mid-send raises EPIPE on the channel; the exit handler deals with it.
  child.on('error', () => {});
  return {
    get pid() {
      return child.pid;
    },
    send(message) {
      if (child.connected) child.send(message);
    },
    onMessage(listener) {
      child.on('message', listener);
    },
    onExit(listener) {
      child.once('exit', (code, signal) => listener(code, signal));
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    stderrTail: () => tail.trim(),
  };
};
