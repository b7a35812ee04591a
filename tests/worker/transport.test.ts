/**
 * The worker's channel adapter: the same messages whether the worker runs under Electron's
 * utilityProcess (process.parentPort, `{data}` events) or Node's child_process.fork (process.send).
 * Electron cannot start here, so its side is represented by an object with parentPort's shape; the
 * Node side is exercised for real by the pool tests.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { detectTransport } from '../../src/worker/transport.ts';
import { fromWorkerSchema, toWorkerSchema } from '../../src/worker/protocol.ts';

describe('detectTransport', () => {
  it('uses parentPort when it exists and unwraps {data} events', () => {
    const port = new EventEmitter() as EventEmitter & { postMessage(m: unknown): void; sent: unknown[] };
    port.sent = [];
    port.postMessage = (m) => port.sent.push(m);
    const proc = Object.assign(new EventEmitter(), { parentPort: port, send: () => true }) as unknown as NodeJS.Process;
    const t = detectTransport(proc);
    expect(t.kind).toBe('electron-utility');
    const got: unknown[] = [];
    t.onMessage((m) => got.push(m));
    port.emit('message', { data: { type: 'shutdown' } });
    expect(got).toEqual([{ type: 'shutdown' }]);
    t.send({ type: 'x' });
    expect(port.sent).toEqual([{ type: 'x' }]);
  });

  it('falls back to the Node IPC channel', () => {
    const sent: unknown[] = [];
    const proc = Object.assign(new EventEmitter(), { connected: true, send: (m: unknown) => sent.push(m) }) as unknown as NodeJS.Process;
    const t = detectTransport(proc);
    expect(t.kind).toBe('node-ipc');
    const got: unknown[] = [];
    t.onMessage((m) => got.push(m));
    (proc as unknown as EventEmitter).emit('message', { type: 'cancel', jobId: 3 });
    expect(got).toEqual([{ type: 'cancel', jobId: 3 }]);
    t.send({ type: 'y' });
    expect(sent).toEqual([{ type: 'y' }]);
  });

  it('refuses to start without a parent channel', () => {
    expect(() => detectTransport(new EventEmitter() as unknown as NodeJS.Process)).toThrow(/without a parent channel/);
  });
});

describe('protocol schemas', () => {
  it('accept a job and reject malformed messages', () => {
    const job = { type: 'job', jobId: 1, path: '/a.mp3', windows: [{ index: 0, startSec: 0, durationSec: 30 }], analysis: null, durationSec: 200, ffmpegPath: null, timeoutMs: 1000 };
    expect(toWorkerSchema.safeParse(job).success).toBe(true);
    expect(toWorkerSchema.safeParse({ ...job, windows: [{ index: 0, startSec: -1, durationSec: 30 }] }).success).toBe(false);
    expect(toWorkerSchema.safeParse({ type: 'init', modelManifestPath: null, providers: ['tpu'] }).success).toBe(false);
    expect(fromWorkerSchema.safeParse({ type: 'result', ok: false, jobId: 1, error: { kind: 'decode', message: 'x' }, timingsMs: {}, maxRssBytes: 0 }).success).toBe(true);
    expect(fromWorkerSchema.safeParse({ type: 'result', ok: false, jobId: 1, error: { kind: 'weird', message: 'x' }, timingsMs: {}, maxRssBytes: 0 }).success).toBe(false);
  });
});
