/**
 * End to end minus the OS: the exact command lines the installers register (Explorer verb in
 * build/installer.nsh, the .desktop action and Dolphin service menu, the Nautilus script) are
 * expanded the way Windows / the desktop-entry spec / sh expand them, and the argv that results is
 * parsed by the app's own launch parser. Catches quoting mistakes that would split "b c.mp3" or lose
 * the --classify verb.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { builderTemplates } from '../../scripts/packaging/generate.ts';
import { generatedFiles } from '../../scripts/packaging/render.ts';
import { parseLaunchArgv } from '../../src/main/launch-args.ts';

const files = generatedFiles(builderTemplates());

/**
 * How a Windows program's argv comes out of its command line (CommandLineToArgvW / the MS C runtime):
 * argv[0] ends at the closing quote or first space; then 2n backslashes + quote give n backslashes and
 * toggle quoting, 2n+1 give n and a literal quote, other backslashes are literal, `""` inside quotes
 * is a literal quote.
 */
function windowsArgv(cmd: string): string[] {
  const out: string[] = [];
  let i = 0;
  if (cmd[0] === '"') {
    const end = cmd.indexOf('"', 1);
    out.push(cmd.slice(1, end < 0 ? undefined : end));
    i = end < 0 ? cmd.length : end + 1;
  } else {
    while (i < cmd.length && cmd[i] !== ' ' && cmd[i] !== '\t') i++;
    out.push(cmd.slice(0, i));
  }
  let cur: string | null = null;
  let quoted = false;
  while (i < cmd.length) {
    const c = cmd[i];
    if (c === '\\') {
      let n = 0;
      while (cmd[i] === '\\') {
        n++;
        i++;
      }
      if (cmd[i] === '"') {
        cur = (cur ?? '') + '\\'.repeat(Math.floor(n / 2));
        if (n % 2 === 1) {
          cur += '"';
          i++;
        }
      } else cur = (cur ?? '') + '\\'.repeat(n);
      continue;
    }
    if (c === '"') {
      if (quoted && cmd[i + 1] === '"') {
        cur = (cur ?? '') + '"';
        i += 2;
        continue;
      }
      quoted = !quoted;
      cur ??= '';
      i++;
      continue;
    }
    if ((c === ' ' || c === '\t') && !quoted) {
      if (cur !== null) out.push(cur);
      cur = null;
      i++;
      continue;
    }
    cur = (cur ?? '') + c;
    i++;
  }
  if (cur !== null) out.push(cur);
  return out;
}

describe('windowsArgv (the splitter this test relies on)', () => {
  it('follows the documented examples', () => {
    // https://learn.microsoft.com/cpp/c-language/parsing-c-command-line-arguments
    expect(windowsArgv('x "a b c" d e')).toEqual(['x', 'a b c', 'd', 'e']);
    expect(windowsArgv('x "ab\\"c" "\\\\" d')).toEqual(['x', 'ab"c', '\\', 'd']);
    expect(windowsArgv('x a\\\\\\b d"e f"g h')).toEqual(['x', 'a\\\\\\b', 'de fg', 'h']);
    expect(windowsArgv('x a\\\\\\"b c d')).toEqual(['x', 'a\\"b', 'c', 'd']);
    expect(windowsArgv('"C:\\Program Files\\x.exe" ""')).toEqual(['C:\\Program Files\\x.exe', '']);
  });
});

describe('Explorer verb (build/installer.nsh)', () => {
  const line = files['build/installer.nsh'].split('\r\n').find((l) => l.includes('\\.mp3\\shell\\Genrescope.Classify\\command"'));
  // WriteRegStr HKCU "<key>" "" "<value>": NSIS writes <value> with $\" as a quote and $INSTDIR / ${…} expanded.
  const value = /^\s*WriteRegStr HKCU "[^"]+" "" "(.*)"$/.exec(line ?? '')?.[1];
  const registry = (value ?? '')
    .replace(/\$\\"/g, '"')
    .replace('$INSTDIR', 'C:\\Users\\Ada Lovelace\\AppData\\Local\\Programs\\Genrescope')
    .replace('${APP_EXECUTABLE_FILENAME}', 'Genrescope.exe');

  it.each([
    'C:\\Users\\Ada Lovelace\\Music\\b c.mp3',
    'D:\\Music\\AC⚡DC - T.N.T. (Live) [1991].mp3',
    '\\\\nas\\music\\x & y.mp3',
    'C:\\x\\-starts-with-dash.mp3',
  ])('"%s" arrives whole with the verb', (file) => {
    // Explorer replaces %1 with the long path; the quotes around %1 are the registry value's.
    const argv = windowsArgv(registry.replace('%1', file));
    expect(argv[0]).toBe('C:\\Users\\Ada Lovelace\\AppData\\Local\\Programs\\Genrescope\\Genrescope.exe');
    expect(parseLaunchArgv(argv, { cwd: 'C:\\Windows\\System32', defaultApp: false, platform: 'win32' })).toEqual({
      paths: [file],
      classify: true,
      cliCommand: null,
    });
  });
});

describe('Linux desktop entries (Exec with %F / %U)', () => {
  /** Desktop Entry spec: %F → one argument per local file, %U → one per URI; no shell involved. */
  function expandExec(exec: string, items: string[]): string[] {
    return exec.split(' ').flatMap((t) => (t === '%F' || t === '%U' ? items : [t]));
  }
  const selected = ['/home/ada/Music/b c.flac', '/home/ada/Music/"quoted" & $HOME.mp3', '/home/ada/Music/ünï.ogg'];

  it('the Dolphin service menu and the "Classify genre" action pass every selected file', () => {
    const exec = /^Exec=(.*)$/m.exec(files['build/linux/dolphin/genrescope-classify.desktop'])?.[1] ?? '';
    const parsed = parseLaunchArgv(expandExec(exec, selected), { cwd: '/', defaultApp: false, platform: 'linux' });
    expect(parsed).toEqual({ paths: selected, classify: true, cliCommand: null });
  });

  it('the main entry (%U): GNOME passes file:// URIs, which become the same paths', () => {
    const argv = expandExec('/opt/Genrescope/genrescope %U', selected.map((f) => pathToFileURL(f).href));
    expect(parseLaunchArgv(argv, { cwd: '/', defaultApp: false, platform: 'linux' })).toEqual({ paths: selected, classify: false, cliCommand: null });
  });
});

describe('Nautilus script', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gs-nautilus-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hands each selected file to the app as one argument, with the verb', () => {
    // The script with the app replaced by a stand-in that prints its argv NUL-separated.
    const app = path.join(dir, 'genrescope');
    writeFileSync(app, '#!/bin/sh\nprintf \'%s\\0\' "$0" "$@"\n');
    chmodSync(app, 0o755);
    const script = path.join(dir, 'Classify genre with Genrescope');
    const text = files['build/linux/nautilus/Classify genre with Genrescope'];
    expect(text).toContain('"/opt/Genrescope/genrescope"');
    writeFileSync(script, text.replace('/opt/Genrescope/genrescope', app));
    chmodSync(script, 0o755);
    // Nautilus runs the script in the folder shown, with the selected names relative to it.
    const selected = ['b c.flac', 'it\'s "x" $(rm -rf ~).mp3', '-dash.mp3', '--classify'];
    const out = execFileSync(script, selected, { cwd: dir, encoding: 'utf8' });
    const argv = out.split('\0').slice(0, -1);
    expect(argv).toEqual([app, '--classify', '--', ...selected]);
    expect(parseLaunchArgv(argv, { cwd: dir, defaultApp: false, platform: 'linux' })).toEqual({
      paths: selected.map((f) => path.join(dir, f)),
      classify: true,
      cliCommand: null,
    });
  });

});
