import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { handoffData, OpenFilesQueue, pathKind, requestFromArgv, requestFromSecondInstance } from '../../src/main/open-files.ts';

const pathsFromArgv = (argv: string[], ctx: { cwd: string; defaultApp: boolean }) => requestFromArgv(argv, ctx).paths;
const pathsFromSecondInstance = (argv: string[], wd: string, data: unknown, defaultApp: boolean) => requestFromSecondInstance(argv, wd, data, { defaultApp }).paths;

const cwd = path.resolve('/home/u/music');

describe('pathsFromArgv', () => {
  it('skips the executable, switches and URLs, resolves relative paths', () => {
    const argv = ['/opt/Genrescope/genrescope', '--no-sandbox', 'a.mp3', '/abs/b.flac', '-x', 'genrescope://open', '--flag=1', 'a.mp3'];
    expect(pathsFromArgv(argv, { cwd, defaultApp: false })).toEqual([path.join(cwd, 'a.mp3'), path.resolve('/abs/b.flac')]);
  });
  it('takes the files of the file-manager integrations (`genrescope --classify %F`)', () => {
    expect(pathsFromArgv(['/opt/Genrescope/genrescope', '--classify', '/m/a.mp3', '/m/b c.flac'], { cwd, defaultApp: false })).toEqual([
      path.resolve('/m/a.mp3'),
      path.resolve('/m/b c.flac'),
    ]);
  });
  it('skips the app path too when run as `electron .`', () => {
    expect(pathsFromArgv(['/usr/bin/electron', '.', 'x.wav'], { cwd, defaultApp: true })).toEqual([path.join(cwd, 'x.wav')]);
    expect(pathsFromArgv(['/usr/bin/electron', '.'], { cwd, defaultApp: true })).toEqual([]);
  });
});

describe('second-instance handoff', () => {
  it('prefers the paths the second instance resolved itself', () => {
    const data = handoffData(['exe', 'song.mp3'], { cwd: '/other', defaultApp: false });
    expect(data).toEqual({ paths: [path.resolve('/other/song.mp3')], classify: false });
    expect(pathsFromSecondInstance(['exe', 'ignored.mp3'], cwd, data, false)).toEqual([path.resolve('/other/song.mp3')]);
  });
  it('falls back to argv when additionalData is missing or malformed', () => {
    expect(pathsFromSecondInstance(['exe', '--allow-file-access', 'x.mp3'], cwd, undefined, false)).toEqual([path.join(cwd, 'x.mp3')]);
    expect(pathsFromSecondInstance(['exe', 'x.mp3'], cwd, { paths: ['relative.mp3'] }, false)).toEqual([path.join(cwd, 'x.mp3')]);
    expect(pathsFromSecondInstance(['exe', 'x.mp3'], cwd, { paths: 'nope' }, false)).toEqual([path.join(cwd, 'x.mp3')]);
  });
  it('carries the --classify verb through the handoff, and through the argv fallback', () => {
    const data = handoffData(['exe', '--classify', 'a.mp3', 'b c.mp3'], { cwd: '/other', defaultApp: false });
    // additionalData crosses processes as structured clone: what arrives is a plain copy.
    expect(requestFromSecondInstance(['exe'], cwd, structuredClone(data), { defaultApp: false })).toEqual({
      paths: [path.resolve('/other/a.mp3'), path.resolve('/other/b c.mp3')],
      classify: true,
    });
    expect(requestFromSecondInstance(['exe', '--classify', 'x.mp3'], cwd, null, { defaultApp: false })).toEqual({ paths: [path.join(cwd, 'x.mp3')], classify: true });
    expect(requestFromSecondInstance(['exe', 'x.mp3'], cwd, { paths: [path.resolve('/a.mp3')], classify: 'yes' }, { defaultApp: false }).classify).toBe(false);
  });
  it('accepts Windows paths from the second instance on Windows only', () => {
    const data = { paths: ['C:\\Music\\x y.mp3', '\\\\nas\\music\\z.flac'], classify: true };
    expect(requestFromSecondInstance([], 'C:\\', data, { defaultApp: false, platform: 'win32' })).toEqual(data);
    expect(requestFromSecondInstance(['exe'], '/', data, { defaultApp: false, platform: 'linux' })).toEqual({ paths: [], classify: false });
  });
  it('tells files, folders and missing paths apart (following symlinks)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gs-kind-'));
    try {
      writeFileSync(path.join(dir, 'a.mp3'), 'x');
      symlinkSync(path.join(dir, 'a.mp3'), path.join(dir, 'link.mp3'));
      symlinkSync(path.join(dir, 'gone.mp3'), path.join(dir, 'dangling.mp3'));
      expect(pathKind(path.join(dir, 'a.mp3'))).toBe('file');
      expect(pathKind(path.join(dir, 'link.mp3'))).toBe('file');
      expect(pathKind(dir)).toBe('folder');
      expect(pathKind(path.join(dir, 'dangling.mp3'))).toBe('missing');
      expect(pathKind(path.join(dir, 'nope.mp3'))).toBe('missing');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('OpenFilesQueue', () => {
  it('holds paths until the window is ready, then delivers batches in order', () => {
    const q = new OpenFilesQueue();
    const got: string[][] = [];
    q.push(['/a', '/b']);
    q.push(['/a', '/c']);
    q.push([]);
    q.ready((p) => got.push(p));
    expect(got).toEqual([['/a', '/b', '/c']]);
    q.push(['/d']);
    expect(got).toEqual([['/a', '/b', '/c'], ['/d']]);
    q.notReady();
    q.push(['/e']);
    expect(got.length).toBe(2);
    q.ready((p) => got.push(p));
    expect(got[2]).toEqual(['/e']);
  });
});
