/**
 * Runs `genrescope serve` as a child process the way a user does, and reads the URL from its first
 * stdout line. Also makes sure the renderer build (out/renderer) exists and is not older than the
 * renderer sources (a stale bundle would test yesterday's UI).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { repoRoot } from '../../helpers/shared-data.ts';

const run = promisify(execFile);
export const RENDERER_INDEX = path.join(repoRoot, 'out', 'renderer', 'index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the UI with electron-vite when out/renderer is missing or older than src/renderer + src/shared. */
export async function ensureRendererBuilt(): Promise<void> {
  const sources = Math.max(newestMtime(path.join(repoRoot, 'src', 'renderer')), newestMtime(path.join(repoRoot, 'src', 'shared')));
  if (existsSync(RENDERER_INDEX) && statSync(RENDERER_INDEX).mtimeMs >= sources) return;
  const bin = path.join(repoRoot, 'node_modules', '.bin', 'electron-vite');
  await run(bin, ['build'], { cwd: repoRoot, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, timeout: 180_000 });
  if (!existsSync(RENDERER_INDEX)) throw new Error(`electron-vite build did not produce ${RENDERER_INDEX}`);
}

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** Everything written to stderr so far (for failure messages). */
  stderr: () => string;
  stop: () => Promise<void>;
}

export async function startServe(dbPath: string, extraArgs: string[] = []): Promise<ServeProcess> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'src', 'cli', 'main.ts'), 'serve', '--port', '0', '--db', dbPath, ...extraArgs], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    err += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in 60 s; stderr:\n${err}`)), 60_000);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const m = /^Genrescope is serving at (http:\/\/\S+)$/.exec(line);
      if (m) resolve(m[1]);
      else reject(new Error(`unexpected first line from serve: ${line}\nstderr:\n${err}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before printing its URL; stderr:\n${err}`));
    });
  });
  return {
    url,
    child,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
