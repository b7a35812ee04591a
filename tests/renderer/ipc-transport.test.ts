/**
 * The desktop transport over the preload bridge: calls reach the named bridge method with their
 * input, failures come back as EngineCallError with the code the preload encoded (Electron passes
 * only an Error's message through contextBridge), events and dropped-file paths are delegated.
 * The bridge here is a plain object with the preload's shape; Electron itself cannot run in this CI.
 */
import { describe, expect, it } from 'vitest';
import { IpcTransport } from '../../src/renderer/src/client/ipc-transport.ts';
import { encodeBridgeError, EngineCallError, type EngineBridge, type EngineEvents } from '../../src/shared/contract.ts';

function bridge(overrides: Partial<Record<keyof EngineBridge, unknown>>): EngineBridge {
  return new Proxy(overrides, {
    get(target, prop: string) {
      if (prop in target) return target[prop as keyof EngineBridge];
      return async () => {
        throw new Error(`unexpected call ${prop}`);
      };
    },
  }) as unknown as EngineBridge;
}

describe('IpcTransport', () => {
  it('calls the bridge method of the same name with the input', async () => {
    const seen: unknown[] = [];
    const t = new IpcTransport(
      bridge({
        getTrack: async (input: unknown) => {
          seen.push(input);
          return { id: 7 };
        },
      }),
    );
    expect(await t.call('getTrack', { id: 7 })).toEqual({ id: 7 });
    expect(seen).toEqual([{ id: 7 }]);
    expect(t.connection()).toBe('open');
    expect(t.kind).toBe('ipc');
  });

  it('turns an encoded bridge error back into an EngineCallError with its code and issues', async () => {
    const t = new IpcTransport(
      bridge({
        listTracks: async () => {
          throw new Error(encodeBridgeError({ code: 'INVALID_INPUT', message: 'limit too big', issues: [{ path: 'limit', message: 'max 5000' }] }));
        },
        pickFolder: async () => {
          throw new Error('Error invoking remote method: something else');
        },
      }),
    );
    const err = await t.call('listTracks', { offset: 0, limit: 9999, sort: { key: 'title', dir: 'asc' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineCallError);
    expect((err as EngineCallError).code).toBe('INVALID_INPUT');
    expect((err as EngineCallError).message).toBe('limit too big');
    expect((err as EngineCallError).issues).toEqual([{ path: 'limit', message: 'max 5000' }]);
    const other = await t.call('pickFolder', undefined).catch((e: unknown) => e);
    expect((other as EngineCallError).code).toBe('INTERNAL');
    expect((other as EngineCallError).message).toContain('something else');
  });

  it('subscribes through the bridge and unsubscribes with what it returned', () => {
    const listeners = new Set<(p: EngineEvents['libraryChanged']) => void>();
    const t = new IpcTransport(
      bridge({
        on: (_event: string, l: (p: EngineEvents['libraryChanged']) => void) => {
          listeners.add(l);
          return () => listeners.delete(l);
        },
      }),
    );
    const got: unknown[] = [];
    const off = t.subscribe('libraryChanged', (p) => got.push(p));
    for (const l of listeners) l({});
    off();
    expect(listeners.size).toBe(0);
    expect(got).toEqual([{}]);
  });

  it('asks the bridge for a dropped file path, null when it has none', () => {
    const file = { name: 'a.mp3' } as unknown as File;
    expect(new IpcTransport(bridge({ getPathForFile: () => '/music/a.mp3' })).pathForFile(file)).toBe('/music/a.mp3');
    expect(new IpcTransport(bridge({ getPathForFile: () => '' })).pathForFile(file)).toBeNull();
    expect(
      new IpcTransport(
        bridge({
          getPathForFile: () => {
            throw new Error('not a real File');
          },
        }),
      ).pathForFile(file),
    ).toBeNull();
  });
});
