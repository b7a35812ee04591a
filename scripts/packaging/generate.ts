/** Writes the OS integration files (see render.ts). Run: node scripts/packaging/generate.ts */
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from './render.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** electron-builder's own deb scripts, which ours extend. */
export function builderTemplates(): { afterInstall: string; afterRemove: string } {
  const dir = path.join(repoRoot, 'node_modules/app-builder-lib/templates/linux');
  return {
    afterInstall: readFileSync(path.join(dir, 'after-install.tpl'), 'utf8'),
    afterRemove: readFileSync(path.join(dir, 'after-remove.tpl'), 'utf8'),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  rmSync(path.join(repoRoot, 'build/linux/after-install.sh'), { force: true });
  rmSync(path.join(repoRoot, 'build/linux/after-remove.sh'), { force: true });
  for (const [rel, text] of Object.entries(generatedFiles(builderTemplates()))) {
    const file = path.join(repoRoot, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    if (text.startsWith('#!')) chmodSync(file, 0o755);
    process.stdout.write(`wrote ${rel}\n`);
  }
}
