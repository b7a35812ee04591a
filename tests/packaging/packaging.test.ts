/**
 * Packaging cannot run here (it needs the Electron download), so the configuration and the OS
 * integration files are checked directly: electron-builder's own schema and desktop-entry code, the
 * generated NSIS include and Linux files, and drift against scripts/packaging.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIO_TYPES, CLASSIFY_FLAG } from '../../scripts/packaging/audio-types.ts';
import { builderTemplates } from '../../scripts/packaging/generate.ts';
import { generatedFiles, mimeTypes } from '../../scripts/packaging/render.ts';
import { repoRoot } from '../helpers/shared-data.ts';

const require = createRequire(import.meta.url);
interface BuilderConfig {
  [key: string]: unknown;
  fileAssociations: { ext: string | string[]; mimeType: string; role: string; rank: string; name: string }[];
  asarUnpack: string[];
  linux: { desktop: { entry: Record<string, string>; desktopActions: Record<string, Record<string, string>> }; executableName: string };
  nsis: { include: string; perMachine: boolean; oneClick: boolean };
}
const configModule = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(dir: string, file: string | null, cfg: unknown): Promise<BuilderConfig>;
  validateConfiguration(cfg: unknown, logger: { isEnabled: boolean; add(k: string, v: unknown): void }): Promise<void>;
};
const logger = { isEnabled: false, add: () => undefined };

async function loadConfig(): Promise<BuilderConfig> {
  return configModule.getConfig(repoRoot, null, null);
}

const exts = [...new Set(AUDIO_TYPES.map((t) => t.ext))];

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(configModule.validateConfiguration(await loadConfig(), logger)).resolves.toBeUndefined();
  });

  it('is really validated: an unknown key is rejected', async () => {
    const bad = { ...(await loadConfig()), notAnOption: true };
    await expect(configModule.validateConfiguration(bad, logger)).rejects.toThrow(/notAnOption/);
  });

  it('registers every engine audio type as "Open with", never as the default player', async () => {
    const cfg = await loadConfig();
    expect(cfg.fileAssociations.flatMap((a) => a.ext).sort()).toEqual([...exts].sort());
    for (const a of cfg.fileAssociations) {
      expect(a.role).toBe('Viewer');
      expect(a.rank).toBe('Alternate');
      for (const ext of [a.ext].flat()) expect(a.mimeType).toBe(AUDIO_TYPES.find((t) => t.ext === ext)?.mime);
    }
  });

  it('unpacks native code, the ffmpeg binary and the models from the asar', async () => {
    const cfg = await loadConfig();
    for (const p of ['resources/models/**', 'node_modules/@ffmpeg-installer/**', 'node_modules/onnxruntime-node/**', 'node_modules/better-sqlite3/**']) {
      expect(cfg.asarUnpack).toContain(p);
    }
  });

  it('installs per user with the custom NSIS include', async () => {
    const cfg = await loadConfig();
    expect(cfg.nsis.perMachine).toBe(false);
    expect(cfg.nsis.oneClick).toBe(false);
    expect(existsSync(path.join(repoRoot, cfg.nsis.include))).toBe(true);
  });
});

describe('OS integration files', () => {
  const files = generatedFiles(builderTemplates());

  it('are committed exactly as scripts/packaging generates them', () => {
    for (const [rel, text] of Object.entries(files)) {
      const file = path.join(repoRoot, rel);
      expect(existsSync(file), `${rel} missing: run node scripts/packaging/generate.ts`).toBe(true);
      expect(readFileSync(file, 'utf8'), `${rel} is stale: run node scripts/packaging/generate.ts`).toBe(text);
      if (text.startsWith('#!')) expect(statSync(file).mode & 0o111).not.toBe(0);
    }
  });

  it('NSIS include adds a quoted per-user verb for every type and removes each on uninstall', () => {
    const nsh = files['build/installer.nsh'];
    const install = nsh.slice(nsh.indexOf('!macro customInstall'), nsh.indexOf('!macroend'));
    const uninstall = nsh.slice(nsh.indexOf('!macro customUnInstall'));
    const keyRe = /"(Software\\Classes\\SystemFileAssociations\\\.(\w+)\\shell\\Genrescope\.Classify)(\\command)?"/g;
    const installed = new Set([...install.matchAll(keyRe)].map((m) => m[1]));
    const removed = new Set([...uninstall.matchAll(/DeleteRegKey HKCU "([^"]+)"/g)].map((m) => m[1]));
    expect([...installed].sort()).toEqual([...removed].sort());
    expect(installed.size).toBe(exts.length);
    for (const ext of exts) expect(install).toContain(`SystemFileAssociations\\.${ext}\\shell`);
    expect(nsh).not.toMatch(/HKLM|HKCR/);
    const commands = install.split(/\r\n/).filter((l) => l.includes('\\Genrescope.Classify\\command"'));
    expect(commands).toHaveLength(exts.length);
    for (const line of commands) {
      // "<exe>" --classify "%1": both the executable path (may contain spaces) and the file are quoted.
      expect(line).toContain(`"$\\"$INSTDIR\\\${APP_EXECUTABLE_FILENAME}$\\" ${CLASSIFY_FLAG} $\\"%1$\\""`);
      const unescaped = line.replace(/\$\\"/g, '');
      expect((unescaped.match(/"/g) ?? []).length % 2).toBe(0);
    }
    expect(nsh.split('!macro ').length - 1).toBe(2);
    expect(nsh.split('!macroend').length - 1).toBe(2);
  });

  it('NSIS include keeps Genrescope out of the default player and quotes electron-builder\'s "open" command', async () => {
    const cfg = await loadConfig();
    const nsh = files['build/installer.nsh'];
    const install = nsh.slice(nsh.indexOf('!macro customInstall'), nsh.indexOf('!macroend'));
    // electron-builder names each ProgID after the association's `name` (NsisTarget: item.name || ext).
    for (const a of cfg.fileAssociations) {
      for (const ext of [a.ext].flat()) {
        expect(a.name).toBe(AUDIO_TYPES.find((t) => t.ext === ext)?.name);
        const lines = install.split('\r\n');
        const i = lines.indexOf(`  ReadRegStr $0 SHELL_CONTEXT "Software\\Classes\\.${ext}" ""`);
        expect(i, ext).toBeGreaterThan(0);
        expect(lines[i + 1]).toBe(`  StrCmp $0 "${a.name}" 0 +2`);
        expect(lines[i + 2]).toBe(`    DeleteRegValue SHELL_CONTEXT "Software\\Classes\\.${ext}" ""`);
      }
      expect(install).toContain(`WriteRegStr SHELL_CONTEXT "Software\\Classes\\${a.name}\\shell\\open\\command" "" "$\\"$INSTDIR\\\${APP_EXECUTABLE_FILENAME}$\\" $\\"%1$\\""`);
    }
    // $0 is saved around its use.
    expect(install.indexOf('Push $0')).toBeLessThan(install.indexOf('ReadRegStr $0'));
    expect(install.indexOf('Pop $0')).toBeGreaterThan(install.lastIndexOf('DeleteRegValue'));
  });

  it('the .desktop entry electron-builder renders has the audio MIME types and a "Classify genre" action', async () => {
    const cfg = await loadConfig();
    const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper.js') as {
      LinuxTargetHelper: new (p: unknown) => { computeDesktopEntry(opts: unknown, exec?: string, extra?: unknown): Promise<string> };
    };
    const packager = {
      appInfo: { productName: 'Genrescope', sanitizedProductName: 'Genrescope', description: 'Genre analysis' },
      executableName: cfg.linux.executableName,
      info: { metadata: { desktopName: 'genrescope.desktop' } },
      fileAssociations: cfg.fileAssociations,
      config: cfg,
      platformSpecificBuildOptions: cfg.linux,
    };
    const desktop = await new LinuxTargetHelper(packager).computeDesktopEntry(cfg.linux);
    const lines = desktop.split('\n');
    const value = (key: string, section = '[Desktop Entry]') => {
      const start = lines.indexOf(section);
      const end = lines.findIndex((l, i) => i > start && l.startsWith('['));
      return lines.slice(start, end < 0 ? undefined : end).find((l) => l.startsWith(key + '='))?.slice(key.length + 1);
    };
    expect(value('Exec')).toBe('/opt/Genrescope/genrescope %U');
    expect(value('Actions')).toBe('Classify;');
    expect(value('MimeType')?.split(';').filter(Boolean).sort()).toEqual(mimeTypes().sort());
    expect(value('Name', '[Desktop Action Classify]')).toBe('Classify genre');
    expect(value('Exec', '[Desktop Action Classify]')).toBe(`/opt/Genrescope/genrescope ${CLASSIFY_FLAG} %F`);
  });

  it('Dolphin service menu and Nautilus script pass every selected file, quoted', () => {
    const dolphin = files['build/linux/dolphin/genrescope-classify.desktop'];
    expect(dolphin).toContain('X-KDE-ServiceTypes=KonqPopupMenu/Plugin');
    expect(dolphin).toContain(`Exec=/opt/Genrescope/genrescope ${CLASSIFY_FLAG} %F`);
    expect(dolphin).toContain(`MimeType=${mimeTypes().join(';')};`);
    const nautilus = files['build/linux/nautilus/Classify genre with Genrescope'];
    expect(nautilus).toContain(`${CLASSIFY_FLAG} -- "$@"`);
    execFileSync('sh', ['-n', path.join(repoRoot, 'build/linux/nautilus/Classify genre with Genrescope')]);
  });

  it('deb scripts expand with electron-builder macros to valid bash, and removal undoes installation', () => {
    const macros: Record<string, string> = { executable: 'genrescope', sanitizedProductName: 'Genrescope', productFilename: 'Genrescope' };
    for (const rel of ['build/linux/after-install.tpl', 'build/linux/after-remove.tpl']) {
      const expanded = files[rel].replace(/\$\{([a-zA-Z]+)\}/g, (_m, k: string) => {
        if (!(k in macros)) throw new Error(`${rel}: macro ${k} is not defined for electron-builder`);
        return macros[k];
      });
      execFileSync('bash', ['-n'], { input: expanded });
    }
    expect(files['build/linux/after-install.tpl']).toContain('genrescope-classify.desktop');
    for (const dir of ['/usr/share/kio/servicemenus', '/usr/share/kservices5/ServiceMenus']) {
      expect(files['build/linux/after-install.tpl']).toContain(dir);
      expect(files['build/linux/after-remove.tpl']).toContain(`${dir}/genrescope-classify.desktop`);
    }
  });
});
