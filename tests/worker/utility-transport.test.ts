/**
 * The real worker entry over an Electron-shaped parent port (Electron itself cannot run here): a
 * preload installs process.parentPort, and every message must travel through it, `{data}` envelopes
 * in, postMessage out.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultWorkerEntry } from '../../src/core/jobs/spawner.ts';
import { fromWorkerSchema } from '../../src/worker/protocol.ts';
import { getFixtures } from '../helpers/fixtures.ts';
import { repoRoot } from '../helpers/shared-data.ts';

const child = fork(defaultWorkerEntry(), [], {
  execArgv: ['--import', path.join(repoRoot, 'tests', 'worker', 'fake-parent-port.ts')],
  stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
});
const inbox: unknown[] = [];
const waiters: (() => void)[] = [];
child.on('message', (m) => {
  inbox.push(m);
  waiters.splice(0).forEach((w) => w());
});

async function next(): Promise<unknown> {
  while (inbox.length === 0) await new Promise<void>((r) => waiters.push(r));
  return inbox.shift();
}

afterAll(() => {
  child.kill('SIGKILL');
});

describe('analysis worker under a utilityProcess-style parent port', () => {
  it('reports ready and answers a job through the port', async () => {
    const fx = await getFixtures();
    child.send({ type: 'init', modelManifestPath: null, providers: ['cpu'] });
    const ready = (await next()) as { viaParentPort: boolean; message: unknown };
    expect(ready.viaParentPort).toBe(true);
    expect(fromWorkerSchema.parse(ready.message)).toMatchObject({ type: 'ready', provider: 'cpu' });
    child.send({ type: 'job', jobId: 7, path: fx.nonAscii.path, windows: [{ index: 0, startSec: 0, durationSec: 2 }], analysis: null, durationSec: null, ffmpegPath: null, timeoutMs: 30_000 });
    const reply = (await next()) as { viaParentPort: boolean; message: unknown };
    expect(reply.viaParentPort).toBe(true);
    const result = fromWorkerSchema.parse(reply.message);
    expect(result).toMatchObject({ type: 'result', ok: true, jobId: 7 });
  });
});
