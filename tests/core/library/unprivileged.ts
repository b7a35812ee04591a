/**
 * Runs one library/decode operation as an unprivileged user (uid/gid 65534, 'nobody') in a child
 * process. Used only when the tests run as root, where chmod 000 does not stop reads: the child is
 * the real way to check what an ordinary user gets for an unreadable file or folder.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bundledFfmpegPath } from '../../../src/core/decode/ffmpeg-path.ts';

const run = promisify(execFile);
const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'unprivileged-child.ts');

export const NOBODY = 65534;

export function unprivilegedAvailable(): boolean {
  return process.platform !== 'win32' && process.getuid?.() === 0;
}

export async function runUnprivileged<T>(op: 'scan' | 'meta' | 'hash' | 'decode', target: string): Promise<T> {
  const { stdout } = await run(process.execPath, [child, op, target, bundledFfmpegPath()], {
    uid: NOBODY,
    gid: NOBODY,
    cwd: '/',
    env: { PATH: process.env.PATH ?? '', HOME: '/' },
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? 'null') as T;
}
