import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Store } from '../../../src/core/store/store.ts';
import { makeTempDir, removeTempDir } from '../../helpers/fixtures.ts';

let tmp: string;
beforeAll(async () => {
  tmp = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(tmp);
});

it('a process killed mid-scan (SIGKILL) loses nothing it reported as committed, and the database stays sound', async () => {
  const db = path.join(tmp, 'crash.db');
  const child = spawn(process.execPath, [path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-child.ts'), db], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  // 'close' (not 'exit'): every line the child wrote has been read by then.
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, sig) => resolve(sig)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.split('\n').length > 300) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', () => reject(new Error(`child ended before it was killed: ${stderr}`)));
  });
  expect(await exited).toBe('SIGKILL');
  const reported = out.split('\n').filter(Boolean).map(Number);
  const store = Store.open(db);
  expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  const ids = store.db.prepare('SELECT id FROM tracks ORDER BY id').pluck().all() as number[];
  // everything reported is there; at most the one in flight beyond it
  expect(ids.slice(0, reported.length)).toEqual(reported);
  expect(ids.length - reported.length).toBeLessThanOrEqual(1);
  store.close();
});
