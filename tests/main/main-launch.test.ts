/**
 * The first lines of src/main/index.ts, against a stand-in `electron`: a second instance hands its
 * request to the first and quits without touching the library; `genrescope <cli command>` reaching
 * the desktop app explains itself and exits 2 without taking the single-instance lock.
 */
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const fx = vi.hoisted(() => ({
  lock: true,
  lockData: undefined as unknown,
  lockCalls: 0,
  quit: 0,
  exited: null as number | null,
  listeners: [] as string[],
}));

vi.mock('electron', () => ({
  app: {
    isPackaged: true,
    requestSingleInstanceLock: (data: unknown) => {
      fx.lockCalls++;
      fx.lockData = data;
      return fx.lock;
    },
    quit: () => fx.quit++,
    exit: (code: number) => (fx.exited = code),
    on: (ev: string) => fx.listeners.push(ev),
    whenReady: () => new Promise(() => {}),
  },
  protocol: { registerSchemesAsPrivileged: () => {} },
}));

const savedArgv = process.argv;

async function launch(argv: string[], lock: boolean): Promise<void> {
  Object.assign(fx, { lock, lockData: undefined, lockCalls: 0, quit: 0, exited: null, listeners: [] });
  process.argv = argv;
  vi.resetModules();
  await import('../../src/main/index.ts');
}

afterEach(() => {
  process.argv = savedArgv;
  vi.restoreAllMocks();
});

describe('main process launch', () => {
  it('a second instance passes its resolved paths and the verb to the first, then quits', async () => {
    await launch(['/opt/Genrescope/genrescope', '--classify', '/m/a b.mp3', 'rel.flac'], false);
    expect(fx.lockData).toEqual({ paths: ['/m/a b.mp3', path.resolve('rel.flac')], classify: true });
    expect(fx.quit).toBe(1);
    expect(fx.listeners).toEqual([]); // no handlers: this process does nothing else
  });

  it('the first instance keeps running and listens for launches', async () => {
    await launch(['/opt/Genrescope/genrescope'], true);
    expect(fx.lockData).toEqual({ paths: [], classify: false });
    expect(fx.quit).toBe(0);
    expect(fx.listeners).toEqual(expect.arrayContaining(['second-instance', 'open-file', 'window-all-closed', 'will-quit']));
  });

  it('`genrescope classify x.mp3` explains the two programs and exits 2 without the lock', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await launch(['/opt/Genrescope/genrescope', 'classify', '--json', 'x.mp3'], true);
    expect(fx.exited).toBe(2);
    expect(fx.lockCalls).toBe(0);
    expect(String(err.mock.calls[0]?.[0])).toContain('this is the Genrescope desktop app, not the command-line tool');
  });
});
