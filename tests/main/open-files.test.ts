import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { existingPaths, handoffData, OpenFilesQueue, pathsFromArgv, pathsFromSecondInstance } from '../../src/main/open-files.ts';

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
    expect(data).toEqual({ paths: [path.resolve('/other/song.mp3')] });
    expect(pathsFromSecondInstance(['exe', 'ignored.mp3'], cwd, data, false)).toEqual([path.resolve('/other/song.mp3')]);
  });
  it('falls back to argv when additionalData is missing or malformed', () => {
    expect(pathsFromSecondInstance(['exe', '--allow-file-access', 'x.mp3'], cwd, undefined, false)).toEqual([path.join(cwd, 'x.mp3')]);
    expect(pathsFromSecondInstance(['exe', 'x.mp3'], cwd, { paths: ['relative.mp3'] }, false)).toEqual([path.join(cwd, 'x.mp3')]);
    expect(pathsFromSecondInstance(['exe', 'x.mp3'], cwd, { paths: 'nope' }, false)).toEqual([path.join(cwd, 'x.mp3')]);
  });
  it('keeps existing paths only', () => {
    expect(existingPaths(['/a', '/b', '/c'], (p) => p !== '/b')).toEqual(['/a', '/c']);
    expect(existingPaths([path.resolve('/definitely/not/here.mp3'), process.cwd()])).toEqual([process.cwd()]);
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
