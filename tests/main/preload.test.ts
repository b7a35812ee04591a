/**
 * The preload against a stand-in `electron` module: Electron cannot start here, and the preload's
 * only dependency is electron's contextBridge/ipcRenderer/webUtils, so this is the one place we mock it.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { decodeBridgeError, METHOD_NAMES, type CallResult, type EngineBridge } from '../../src/shared/contract.ts';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

const fake = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as { channel: string; args: unknown[] }[],
  listeners: new Map<string, IpcListener[]>(),
  answer: null as null | ((channel: string, input: unknown) => unknown),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => fake.exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (channel: string, ...args: unknown[]) => {
      fake.invoked.push({ channel, args });
      return fake.answer?.(channel, args[0]);
    },
    on: (channel: string, l: IpcListener) => fake.listeners.set(channel, [...(fake.listeners.get(channel) ?? []), l]),
    removeListener: (channel: string, l: IpcListener) => fake.listeners.set(channel, (fake.listeners.get(channel) ?? []).filter((x) => x !== l)),
  },
  webUtils: { getPathForFile: (f: { name: string }) => `/dropped/${f.name}` },
}));

let bridge: EngineBridge;
function emit(name: string, payload: unknown): void {
  for (const l of fake.listeners.get('genrescope:event') ?? []) l({}, name, payload);
}

beforeAll(async () => {
  // An openFiles event that arrives before the page subscribed must not be lost.
  await import('../../src/preload/index.ts');
  emit('openFiles', { paths: ['/early.mp3'] });
  bridge = fake.exposed.get('genrescope') as EngineBridge;
});

describe('preload bridge', () => {
  it('exposes every contract method, on() and getPathForFile, nothing else', () => {
    expect([...fake.exposed.keys()]).toEqual(['genrescope']);
    expect(Object.keys(bridge).sort()).toEqual([...METHOD_NAMES, 'getPathForFile', 'on'].sort());
    expect(bridge.getPathForFile({ name: 'a.mp3' } as File)).toBe('/dropped/a.mp3');
  });

  it('invokes the method channel and unwraps results and coded errors', async () => {
    fake.answer = (channel, input): CallResult =>
      channel === 'genrescope:listRoots' ? { ok: true, output: ['/m'] } : { ok: false, error: { code: 'USAGE', message: `bad ${JSON.stringify(input)}` } };
    expect(await bridge.listRoots()).toEqual(['/m']);
    expect(fake.invoked.at(-1)).toEqual({ channel: 'genrescope:listRoots', args: [undefined] });
    const err = await bridge.getTrack({ id: 3 }).catch((e: unknown) => e);
    const decoded = decodeBridgeError(err);
    expect(decoded.code).toBe('USAGE');
    expect(decoded.message).toBe('bad {"id":3}');
  });

  it('delivers events to subscribers until they unsubscribe, and held openFiles to the first one', async () => {
    const got: unknown[] = [];
    const off = bridge.on('openFiles', (p) => got.push(p));
    await Promise.resolve();
    expect(got).toEqual([{ paths: ['/early.mp3'] }]);
    emit('openFiles', { paths: ['/late.mp3'] });
    emit('libraryChanged', {});
    expect(got).toEqual([{ paths: ['/early.mp3'] }, { paths: ['/late.mp3'] }]);
    off();
    emit('openFiles', { paths: ['/after.mp3'] });
    expect(got.length).toBe(2);

    const scans: unknown[] = [];
    const offScan = bridge.on('scanProgress', (s) => scans.push(s));
    emit('scanProgress', { state: 'idle' });
    offScan();
    emit('scanProgress', { state: 'scanning' });
    expect(scans).toEqual([{ state: 'idle' }]);
  });
});
