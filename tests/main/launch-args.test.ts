import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.ts';
import { CLASSIFY_FLAG as PACKAGING_FLAG } from '../../scripts/packaging/audio-types.ts';
import { argToPath, CLASSIFY_FLAG, CLI_COMMAND_NAMES, cliCommandMessage, parseLaunchArgv } from '../../src/main/launch-args.ts';

const EXE = '/opt/Genrescope/genrescope';
const linux = { cwd: '/home/u/Music', defaultApp: false, platform: 'linux' as const };
const win = { cwd: 'C:\\Users\\u\\Music', defaultApp: false, platform: 'win32' as const };
const WIN_EXE = 'C:\\Program Files\\Genrescope\\Genrescope.exe';

describe('parseLaunchArgv: the forms the OS integrations use', () => {
  it('--classify with several files, spaces and relative paths resolved against the launching cwd', () => {
    expect(parseLaunchArgv([EXE, '--classify', 'a.mp3', 'b c.flac', '../x/d.wav', '/abs/e.ogg'], linux)).toEqual({
      paths: ['/home/u/Music/a.mp3', '/home/u/Music/b c.flac', '/home/u/x/d.wav', '/abs/e.ogg'],
      classify: true,
      cliCommand: null,
    });
  });

  it('plain paths (Open With) classify too, without the verb flag', () => {
    expect(parseLaunchArgv([EXE, 'a.mp3'], linux)).toEqual({ paths: ['/home/u/Music/a.mp3'], classify: false, cliCommand: null });
  });

  it('--classify=path, and the flag after the paths', () => {
    expect(parseLaunchArgv([EXE, '--classify=b c.flac', 'a.mp3'], linux).paths).toEqual(['/home/u/Music/b c.flac', '/home/u/Music/a.mp3']);
    expect(parseLaunchArgv([EXE, 'a.mp3', '--classify'], linux)).toMatchObject({ paths: ['/home/u/Music/a.mp3'], classify: true });
    expect(parseLaunchArgv([EXE, '--classify='], linux)).toMatchObject({ paths: [], classify: true });
  });

  it('skips switches Chromium and Electron add (also to a second instance), but not after --', () => {
    const argv = [EXE, '--allow-file-access-from-files', '--original-process-start-time=13370000', '--classify', '-x', 'a.mp3', '--', '-odd.mp3', '--classify'];
    expect(parseLaunchArgv(argv, linux).paths).toEqual(['/home/u/Music/a.mp3', '/home/u/Music/-odd.mp3', '/home/u/Music/--classify']);
  });

  it('drops duplicates, keeping the first position', () => {
    expect(parseLaunchArgv([EXE, 'a.mp3', '/home/u/Music/a.mp3', './a.mp3', 'b.mp3'], linux).paths).toEqual(['/home/u/Music/a.mp3', '/home/u/Music/b.mp3']);
  });

  it('file:// URIs (GNOME fills %U with them) become paths; other URLs are skipped', () => {
    expect(parseLaunchArgv([EXE, 'file:///home/u/b%20c.flac', 'smb://nas/share/x.mp3', 'genrescope://open', 'https://x.example/a.mp3'], linux).paths).toEqual([
      '/home/u/b c.flac',
    ]);
    // Another host's file URL cannot be opened on Linux/macOS.
    expect(argToPath('file://nas/share/x.mp3', '/', 'linux')).toBeNull();
    // A real URL made by Node round-trips on this machine.
    const here = path.resolve('some dir/ä #1.mp3');
    expect(argToPath(pathToFileURL(here).href, '/', process.platform)).toBe(here);
  });

  it('a colon does not make a file name a URL', () => {
    expect(parseLaunchArgv([EXE, 'Intro: Live.mp3', 'AC:DC.flac', 'mailto:x'], linux).paths).toEqual([
      '/home/u/Music/Intro: Live.mp3',
      '/home/u/Music/AC:DC.flac',
      '/home/u/Music/mailto:x',
    ]);
  });

  it('skips the app path too when run as `electron .`', () => {
    expect(parseLaunchArgv(['/usr/bin/electron', '.', 'x.wav'], { ...linux, defaultApp: true }).paths).toEqual(['/home/u/Music/x.wav']);
    expect(parseLaunchArgv(['/usr/bin/electron', '.'], { ...linux, defaultApp: true }).paths).toEqual([]);
  });

  it('ignores empty arguments', () => {
    expect(parseLaunchArgv([EXE, '', '  ', 'a.mp3'], linux).paths).toEqual(['/home/u/Music/a.mp3']);
  });
});

describe('parseLaunchArgv on Windows (path.win32, tested on any OS)', () => {
  it('the Explorer verb: "<exe>" --classify "%1"', () => {
    expect(parseLaunchArgv([WIN_EXE, '--classify', 'C:\\Music\\x y.mp3'], win)).toEqual({ paths: ['C:\\Music\\x y.mp3'], classify: true, cliCommand: null });
  });

  it('drive letters are not URL schemes; relative, forward-slash, UNC and file:/// forms', () => {
    const argv = [WIN_EXE, 'D:/Music/a.flac', 'b.mp3', '..\\c.wav', '\\\\nas\\music\\d.ogg', 'file:///C:/Music/e%20f.mp3'];
    expect(parseLaunchArgv(argv, win).paths).toEqual(['D:\\Music\\a.flac', 'C:\\Users\\u\\Music\\b.mp3', 'C:\\Users\\u\\c.wav', '\\\\nas\\music\\d.ogg', 'C:\\Music\\e f.mp3']);
  });

  it('duplicates differing only in case are one file on Windows (and two on Linux)', () => {
    expect(parseLaunchArgv([WIN_EXE, 'C:\\Music\\A.mp3', 'c:\\music\\a.MP3'], win).paths).toEqual(['C:\\Music\\A.mp3']);
    expect(parseLaunchArgv([EXE, '/m/A.mp3', '/m/a.mp3'], linux).paths).toEqual(['/m/A.mp3', '/m/a.mp3']);
  });
});

describe('command-line tool commands reaching the desktop app', () => {
  it('names exactly the CLI commands', () => {
    expect([...CLI_COMMAND_NAMES].sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });

  it('is recognised only as the first argument and never after --classify or --', () => {
    expect(parseLaunchArgv([EXE, 'classify', '--json', 'a.mp3'], linux).cliCommand).toBe('classify');
    expect(parseLaunchArgv([EXE, '--no-sandbox', 'scan'], linux).cliCommand).toBe('scan');
    expect(parseLaunchArgv([EXE, 'a.mp3', 'classify'], linux)).toMatchObject({ cliCommand: null, paths: ['/home/u/Music/a.mp3', '/home/u/Music/classify'] });
    expect(parseLaunchArgv([EXE, '--classify', 'scan'], linux)).toMatchObject({ cliCommand: null, paths: ['/home/u/Music/scan'] });
    expect(parseLaunchArgv([EXE, '--', 'status'], linux)).toMatchObject({ cliCommand: null, paths: ['/home/u/Music/status'] });
    expect(cliCommandMessage('classify')).toContain(`genrescope ${CLASSIFY_FLAG} FILE`);
  });

  it('uses the same flag as the installers', () => {
    expect(CLASSIFY_FLAG).toBe(PACKAGING_FLAG);
  });
});
