import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/core/server/dispatch.ts';
import { FORBIDDEN, registerIpcRoutes, trustOwnWindows, type IpcMainLike } from '../../src/main/ipc-router.ts';
import type { IpcEventLike } from '../../src/main/ipc-guard.ts';
import { METHOD_NAMES, type CallResult, type EngineApi } from '../../src/shared/contract.ts';

type Handler = (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>;

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, event: IpcEventLike, ...args: unknown[]): Promise<CallResult> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return h(event, ...args) as Promise<CallResult>;
  }
}

const rendererUrl = 'file:///app/out/renderer/index.html';
const good: IpcEventLike = { sender: { id: 1 }, senderFrame: { url: rendererUrl, parent: null } };
const foreign: IpcEventLike = { sender: { id: 1 }, senderFrame: { url: 'https://evil.example/', parent: null } };

function setup() {
  const calls: { method: string; input: unknown }[] = [];
  const api = new Proxy({} as EngineApi, {
    get: (_t, method: string) => async (input: unknown) => {
      calls.push({ method, input });
      if (method === 'listRoots') return ['/music'];
      if (method === 'getTrack') return { wrong: 'shape' };
      if (method === 'addRoot') throw Object.assign(new Error('no such folder'), { code: 'NOT_FOUND' });
      return undefined;
    },
  });
  const ipc = new FakeIpcMain();
  const rejected: string[] = [];
  const unregister = registerIpcRoutes(ipc, {
    dispatch: createDispatcher(api),
    trusted: trustOwnWindows(() => rendererUrl, () => new Set([1])),
    onRejected: (channel) => rejected.push(channel),
  });
  return { ipc, calls, rejected, unregister };
}

describe('registerIpcRoutes', () => {
  it('registers one channel per contract method and removes them again', () => {
    const { ipc, unregister } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual(METHOD_NAMES.map((m) => `genrescope:${m}`).sort());
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });

  it('dispatches a valid call from our window and validates the output', async () => {
    const { ipc, calls } = setup();
    expect(await ipc.invoke('genrescope:listRoots', good, undefined)).toEqual({ ok: true, output: ['/music'] });
    expect(calls).toEqual([{ method: 'listRoots', input: undefined }]);
    const bad = await ipc.invoke('genrescope:getTrack', good, { id: 1 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('INVALID_OUTPUT');
  });

  it('ignores foreign senders without calling the engine', async () => {
    const { ipc, calls, rejected } = setup();
    expect(await ipc.invoke('genrescope:listRoots', foreign)).toEqual(FORBIDDEN);
    expect(await ipc.invoke('genrescope:listRoots', { ...good, sender: { id: 2 } })).toEqual(FORBIDDEN);
    expect(await ipc.invoke('genrescope:listRoots', { ...good, senderFrame: null })).toEqual(FORBIDDEN);
    expect(calls).toEqual([]);
    expect(rejected).toEqual(['genrescope:listRoots', 'genrescope:listRoots', 'genrescope:listRoots']);
  });

  it('rejects invalid input before the engine sees it', async () => {
    const { ipc, calls } = setup();
    const r = await ipc.invoke('genrescope:getTrack', good, { id: 'seven' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.issues?.[0]?.path).toBe('id');
    }
    const extra = await ipc.invoke('genrescope:getTrack', good, { id: 1 }, 'more');
    expect(extra.ok).toBe(false);
    expect(calls).toEqual([]);
  });

  it('passes engine error codes through', async () => {
    const { ipc } = setup();
    const r = await ipc.invoke('genrescope:addRoot', good, { path: '/nope' });
    expect(r).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'no such folder' } });
  });
});
