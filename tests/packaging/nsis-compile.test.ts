/**
 * build/installer.nsh compiled by the real NSIS compiler (makensis, Debian/Ubuntu package `nsis`),
 * warnings as errors, inside a minimal installer that inserts both macros the way electron-builder
 * does. Skipped, saying so, where makensis is not installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/shared-data.ts';

const makensis = spawnSync('makensis', ['-VERSION'], { encoding: 'utf8' });
const hasMakensis = makensis.status === 0;
if (!hasMakensis) console.warn('tests/packaging/nsis-compile: makensis not found (apt install nsis); NSIS compile check skipped');

const dir = mkdtempSync(path.join(tmpdir(), 'gs-nsis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function compile(include: string): { status: number | null; output: string } {
  const script = path.join(dir, 'installer.nsi');
  writeFileSync(
    script,
    [
      'Unicode true',
      '!define APP_EXECUTABLE_FILENAME "Genrescope.exe"',
      'Name "Genrescope"',
      `OutFile "${path.join(dir, 'genrescope-nsh-check.exe')}"`,
      'RequestExecutionLevel user',
      `!include "${include}"`,
      'Section',
      '  SetShellVarContext current',
      '  !insertmacro customInstall',
      '  WriteUninstaller "$INSTDIR\\Uninstall Genrescope.exe"',
      'SectionEnd',
      'Section "Uninstall"',
      '  !insertmacro customUnInstall',
      'SectionEnd',
      '',
    ].join('\n'),
  );
  const r = spawnSync('makensis', ['-V2', '-WX', script], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

// CI installs nsis (.ci/setup.sh): there a missing makensis fails the first test instead of skipping.
describe.skipIf(!hasMakensis && process.env.CI !== 'true')(`NSIS include compiles (${makensis.stdout?.trim() || 'makensis missing'})`, () => {
  it('build/installer.nsh compiles with warnings as errors', () => {
    const r = compile(path.join(repoRoot, 'build/installer.nsh'));
    expect(r.output, r.output).not.toMatch(/error/i);
    expect(r.status).toBe(0);
  });

  it('and the check is real: a broken include fails', () => {
    const broken = path.join(dir, 'broken.nsh');
    writeFileSync(broken, '!macro customInstall\n  WriteRegStr HKCU "Software\\x" "" "unterminated\n!macroend\n!macro customUnInstall\n!macroend\n');
    expect(compile(broken).status).not.toBe(0);
  });
});
