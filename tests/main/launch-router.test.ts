import { describe, expect, it } from 'vitest';
import { chooseFileTarget, folderPrompt, LaunchRouter, planFolders, type LaunchHost, type Timers, type WindowKind } from '../../src/main/launch-router.ts';
import type { PathKind } from '../../src/main/open-files.ts';

/** The Electron side as a recorder: which windows exist and everything the router asked for. */
class FakeHost implements LaunchHost {
  readonly open = new Set<WindowKind>();
  readonly log: string[] = [];
  readonly delivered: [WindowKind, string[]][] = [];
  readonly folders: string[][] = [];
  hasWindow(kind: WindowKind): boolean {
    return this.open.has(kind);
  }
  openWindow(kind: WindowKind, opts: { route?: string }): void {
    this.open.add(kind);
    this.log.push(`open ${kind}${opts.route ? ` #${opts.route}` : ''}`);
  }
  focusWindow(kind: WindowKind): void {
    this.log.push(`focus ${kind}`);
  }
  deliver(kind: WindowKind, paths: string[]): void {
    this.delivered.push([kind, paths]);
    this.log.push(`deliver ${kind} ${paths.join(',')}`);
  }
  offerFolders(folders: string[]): void {
    this.folders.push(folders);
    this.log.push(`folders ${folders.join(',')}`);
  }
  close(kind: WindowKind): void {
    this.open.delete(kind);
  }
}

/** A manual clock: timers fire only when the test advances time. */
class FakeTimers implements Timers {
  t = 0;
  #next = 1;
  readonly #due = new Map<number, { at: number; fn: () => void }>();
  set(fn: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#due.set(id, { at: this.t + ms, fn });
    return id;
  }
  clear(handle: unknown): void {
    this.#due.delete(handle as number);
  }
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const [id, next] = [...this.#due].filter(([, d]) => d.at <= end).sort((a, b) => a[1].at - b[1].at)[0] ?? [];
      if (id === undefined || !next) break;
      this.#due.delete(id);
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }
}

const kinds: Record<string, PathKind> = { '/m/folder': 'folder', '/m/other': 'folder' };
const kind = (p: string): PathKind => kinds[p] ?? (p.includes('missing') ? 'missing' : 'file');

function setup() {
  const host = new FakeHost();
  const timers = new FakeTimers();
  const router = new LaunchRouter(host, { kind, timers, settleMs: 200, maxWaitMs: 1000, platform: 'linux' });
  return { host, timers, router };
}

describe('chooseFileTarget', () => {
  it('prefers the open main window, then the open result window', () => {
    for (const startup of [true, false]) {
      for (const classify of [true, false]) {
        expect(chooseFileTarget({ mainOpen: true, resultOpen: true, startup, classify })).toEqual({ kind: 'main', open: false });
        expect(chooseFileTarget({ mainOpen: false, resultOpen: true, startup, classify })).toEqual({ kind: 'result', open: false });
      }
    }
  });
  it('opens the result window for the verb at startup and whenever the app runs windowless', () => {
    expect(chooseFileTarget({ mainOpen: false, resultOpen: false, startup: true, classify: true })).toEqual({ kind: 'result', open: true });
    expect(chooseFileTarget({ mainOpen: false, resultOpen: false, startup: true, classify: false })).toEqual({ kind: 'main', open: true });
    expect(chooseFileTarget({ mainOpen: false, resultOpen: false, startup: false, classify: false })).toEqual({ kind: 'result', open: true });
    expect(chooseFileTarget({ mainOpen: false, resultOpen: false, startup: false, classify: true })).toEqual({ kind: 'result', open: true });
  });
});

describe('LaunchRouter at a cold start', () => {
  it('a plain start opens the main window and delivers nothing', () => {
    const { host, router } = setup();
    router.ready();
    expect(host.log).toEqual(['open main']);
  });

  it('"Classify genre" (--classify) opens only the small result window with the files', () => {
    const { host, router } = setup();
    router.open({ paths: ['/m/a.mp3', '/m/b c.flac'], classify: true });
    expect(host.log).toEqual([]); // nothing before ready
    router.ready();
    expect(host.log).toEqual(['open result', 'focus result', 'deliver result /m/a.mp3,/m/b c.flac']);
  });

  it('"Open with" (plain paths) and macOS open-file events before ready open the main window with all of them', () => {
    const { host, router } = setup();
    router.open({ paths: ['/m/a.mp3'], classify: false });
    router.open({ paths: ['/m/b.mp3', '/m/a.mp3'], classify: false }); // open-file, duplicates merged
    router.ready();
    expect(host.open).toEqual(new Set(['main']));
    expect(host.delivered).toEqual([['main', ['/m/a.mp3', '/m/b.mp3']]]);
  });

  it('missing files are still handed over (the result says "not found"); folders are offered, not classified', () => {
    const { host, router } = setup();
    router.open({ paths: ['/m/missing.mp3', '/m/folder'], classify: false });
    router.ready();
    expect(host.log).toEqual(['open main', 'focus main', 'deliver main /m/missing.mp3', 'folders /m/folder']);
  });

  it('only folders: the main window, and the offer', () => {
    const { host, router } = setup();
    router.open({ paths: ['/m/folder'], classify: true });
    router.ready();
    expect(host.log).toEqual(['open main', 'folders /m/folder']);
    expect(host.delivered).toEqual([]);
  });
});

describe('LaunchRouter while running', () => {
  it('a second launch focuses the main window at once and delivers after it settles', () => {
    const { host, router, timers } = setup();
    router.ready();
    host.log.length = 0;
    router.open({ paths: ['/m/a.mp3'], classify: true });
    expect(host.log).toEqual(['focus main']);
    timers.advance(199);
    expect(host.delivered).toEqual([]);
    timers.advance(1);
    expect(host.delivered).toEqual([['main', ['/m/a.mp3']]]);
  });

  it('merges one-launch-per-file bursts (Explorer multi-select) into one batch, capped at maxWaitMs', () => {
    const { host, router, timers } = setup();
    router.ready();
    for (let i = 0; i < 8; i++) {
      router.open({ paths: [`/m/${i}.mp3`], classify: true });
      timers.advance(150);
    }
    // 8 launches 150 ms apart: quiet never lasts 200 ms, so the cap (1000 ms after the first) sends them.
    expect(host.delivered).toEqual([['main', ['/m/0.mp3', '/m/1.mp3', '/m/2.mp3', '/m/3.mp3', '/m/4.mp3', '/m/5.mp3', '/m/6.mp3']]]);
    timers.advance(200);
    expect(host.delivered[1]).toEqual(['main', ['/m/7.mp3']]);
    expect(host.delivered).toHaveLength(2);
  });

  it('with only the result window open, files go there; the main window wins once open', () => {
    const { host, router, timers } = setup();
    router.open({ paths: ['/m/a.mp3'], classify: true });
    router.ready();
    router.open({ paths: ['/m/b.mp3'], classify: false });
    timers.advance(200);
    expect(host.delivered.at(-1)).toEqual(['result', ['/m/b.mp3']]);
    router.showMain();
    router.open({ paths: ['/m/c.mp3'], classify: true });
    timers.advance(200);
    expect(host.delivered.at(-1)).toEqual(['main', ['/m/c.mp3']]);
  });

  it('macOS with every window closed: files open the small result window', () => {
    const { host, router, timers } = setup();
    router.ready();
    host.close('main');
    host.log.length = 0;
    router.open({ paths: ['/m/a.mp3'], classify: false }); // open-file from Finder
    expect(host.log).toEqual([]); // nothing to focus yet
    timers.advance(200);
    expect(host.log).toEqual(['open result', 'deliver result /m/a.mp3']);
  });

  it('a bare relaunch shows the main window; Dock activation opens it only when no window is open', () => {
    const { host, router } = setup();
    router.open({ paths: ['/m/a.mp3'], classify: true });
    router.ready();
    host.log.length = 0;
    router.activate();
    expect(host.log).toEqual([]);
    router.open({ paths: [], classify: false });
    expect(host.log).toEqual(['open main']);
    router.open({ paths: [], classify: false });
    expect(host.log).toEqual(['open main', 'focus main']);
    host.close('main');
    host.close('result');
    router.activate();
    expect(host.log.at(-1)).toBe('open main');
  });

  it('flush() sends at once and cancels the timer; nothing is sent twice', () => {
    const { host, router, timers } = setup();
    router.ready();
    router.open({ paths: ['/m/a.mp3', '/m/folder'], classify: false });
    router.flush();
    expect(host.delivered).toEqual([['main', ['/m/a.mp3']]]);
    expect(host.folders).toEqual([['/m/folder']]);
    timers.advance(5000);
    router.flush();
    expect(host.delivered).toHaveLength(1);
    expect(host.folders).toHaveLength(1);
  });
});

describe('planFolders and folderPrompt', () => {
  const roots = ['/music', '/data/Audio Books'];
  it('new folders are added; folders in (or equal to) a library folder rescan that root once', () => {
    expect(planFolders(['/new', '/music/jazz', '/music', '/data/Audio Books/x', '/musicals', '/new/'], roots, { platform: 'linux' })).toEqual([
      { kind: 'add', folders: ['/new', '/musicals'] },
      { kind: 'rescan', roots: ['/music', '/data/Audio Books'] },
    ]);
    expect(planFolders([], roots, { platform: 'linux' })).toEqual([]);
  });
  it('compares Windows folders case-insensitively', () => {
    expect(planFolders(['c:\\music\\JAZZ', 'D:\\New'], ['C:\\Music'], { platform: 'win32' })).toEqual([
      { kind: 'add', folders: ['D:\\New'] },
      { kind: 'rescan', roots: ['C:\\Music'] },
    ]);
    expect(planFolders(['C:\\'], ['C:\\'], { platform: 'win32' })).toEqual([{ kind: 'rescan', roots: ['C:\\'] }]);
  });
  it('asks in words that say what will happen', () => {
    expect(folderPrompt([{ kind: 'add', folders: ['/new/Rock'] }])).toMatchObject({ message: 'Add “Rock” to your library and scan it?', confirm: 'Add and Scan' });
    const both = folderPrompt([
      { kind: 'add', folders: ['/a', '/b'] },
      { kind: 'rescan', roots: ['/music'] },
    ]);
    expect(both?.message).toBe('Add “a”, “b” to your library and scan them? Also rescan the library folder “music”?');
    expect(both?.detail).toContain('/music');
    expect(folderPrompt([{ kind: 'rescan', roots: ['/m1', '/m2'] }])).toMatchObject({ message: 'Rescan the library folders “m1”, “m2”?', confirm: 'Scan' });
    expect(folderPrompt([])).toBeNull();
    expect(folderPrompt([{ kind: 'add', folders: ['/'] }])?.message).toBe('Add “/” to your library and scan it?');
  });
});
