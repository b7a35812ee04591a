import { describe, expect, it, vi } from 'vitest';
import { isAppUrl } from '../../src/main/ipc-guard.ts';
import { isResultViewUrl, loadTarget, rendererTarget, resultNavigation, windowGeometry } from '../../src/main/window.ts';

// window.ts creates BrowserWindows; only its pure helpers are tested here.
vi.mock('electron', () => ({ BrowserWindow: class {}, shell: {} }));

const rendererFile = '/opt/Genrescope/resources/app.asar/out/renderer/index.html';

describe('what each window loads', () => {
  it('the main window loads the renderer as is, or on a hash route', () => {
    expect(rendererTarget('main', { rendererFile })).toEqual({ file: rendererFile });
    expect(rendererTarget('main', { rendererFile }, 'scan')).toEqual({ file: rendererFile, hash: '/scan' });
  });

  it('the result window adds ?view=classify, in the build and on the dev server', () => {
    expect(rendererTarget('result', { rendererFile })).toEqual({ file: rendererFile, query: { view: 'classify' } });
    expect(rendererTarget('result', { rendererFile, devServerUrl: 'http://localhost:5173/' })).toEqual({ url: 'http://localhost:5173/?view=classify' });
    expect(rendererTarget('main', { rendererFile, devServerUrl: 'http://localhost:5173' }, 'scan')).toEqual({ url: 'http://localhost:5173/#/scan' });
  });

  it('both stay the app’s own page for the IPC sender check', () => {
    const app = { rendererUrl: `file://${rendererFile}` };
    expect(isAppUrl(`file://${rendererFile}?view=classify`, app)).toBe(true);
    expect(isAppUrl(`file://${rendererFile}#/scan`, app)).toBe(true);
  });

  it('the result window opens the main window when its page leaves ?view=classify for the app', () => {
    const app = { rendererUrl: `file://${rendererFile}` };
    expect(isResultViewUrl(`file://${rendererFile}?view=classify#/x`)).toBe(true);
    expect(isResultViewUrl('not a url')).toBe(false);
    expect(resultNavigation(`file://${rendererFile}?view=classify`, app)).toBe('stay');
    expect(resultNavigation(`file://${rendererFile}`, app)).toBe('open-main');
    expect(resultNavigation(`file://${rendererFile}#/library`, app)).toBe('open-main');
    // Not the app: window.ts's own rules apply (refused, or opened in the browser).
    expect(resultNavigation('https://example.org/', app)).toBe('stay');
    expect(resultNavigation('file:///etc/passwd', app)).toBe('stay');
    const dev = { rendererUrl: 'http://localhost:5173/' };
    expect(resultNavigation('http://localhost:5173/?view=classify', dev)).toBe('stay');
    expect(resultNavigation('http://localhost:5173/', dev)).toBe('open-main');
  });

  it('passes query and hash to loadFile, URLs to loadURL', async () => {
    const calls: unknown[][] = [];
    const win = {
      loadFile: async (...a: unknown[]) => void calls.push(['file', ...a]),
      loadURL: async (...a: unknown[]) => void calls.push(['url', ...a]),
    };
    await loadTarget(win as never, rendererTarget('result', { rendererFile }));
    await loadTarget(win as never, { url: 'http://localhost:5173/?view=classify' });
    expect(calls).toEqual([
      ['file', rendererFile, { query: { view: 'classify' } }],
      ['url', 'http://localhost:5173/?view=classify'],
    ]);
  });

  it('the result window is small, the main window large', () => {
    expect(windowGeometry('result').width).toBeLessThan(windowGeometry('main').minWidth!);
    expect(windowGeometry('result').title).toContain('Classify');
  });
});
