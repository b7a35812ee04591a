/**
 * The Electron build itself, not only its sources: electron-vite bundles the engine into out/main,
 * where module-level names can collide (its ESM `require` shim once clashed with one of ours and
 * every chunk failed to load). Electron cannot start here, so each built file is syntax-checked with
 * Node, the main bundle is loaded against a stand-in electron (tests/main/stubs) so its whole import
 * graph links, and the bundled analysis worker — which never imports electron — runs on a real file.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenrescopeService } from '../../src/core/service/genrescope-service.ts';
import { getFixtures } from '../helpers/fixtures.ts';
import { repoRoot } from '../helpers/shared-data.ts';

// Inside the repo, so the bundle finds resources/models by walking up, as out/ does.
const outDir = path.join(repoRoot, '.test-build', `electron-${process.pid}`);

function builtFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return builtFiles(p);
    return /\.(c?js|mjs)$/.test(e.name) ? [p] : [];
  });
}

beforeAll(async () => {
  await mkdir(outDir, { recursive: true });
  const bin = path.join(repoRoot, 'node_modules', '.bin', 'electron-vite');
  await promisify(execFile)(bin, ['build', '--outDir', outDir], { cwd: repoRoot, timeout: 240_000, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
}, 300_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('electron-vite build output', () => {
  it('every main and preload file parses as a module Node can load', () => {
    const files = [...builtFiles(path.join(outDir, 'main')), ...builtFiles(path.join(outDir, 'preload'))];
    expect(files.map((f) => path.relative(outDir, f))).toEqual(expect.arrayContaining(['main/index.js', 'main/analysis-worker.js', 'preload/index.cjs']));
    for (const f of files) execFileSync(process.execPath, ['--check', f]);
  });

  it('the main bundle links and runs its top-level code against a stand-in electron', () => {
    // Every import of the built graph must resolve and every named import exist: a lost
    // single-instance lock makes it register its scheme and quit, before any window.
    const entry = pathToFileURL(path.join(outDir, 'main', 'index.js')).href;
    const script = `await import(${JSON.stringify(entry)}); setTimeout(() => { console.log(JSON.stringify(globalThis.__electronStubCalls.map((c) => c[0]))); }, 100);`;
    const out = execFileSync(process.execPath, ['--import', path.join(repoRoot, 'tests/main/stubs/electron-link-hooks.mjs'), '--input-type=module', '-e', script], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(JSON.parse(out.trim().split('\n').pop() ?? '[]')).toEqual(['protocol.registerSchemesAsPrivileged', 'app.quit']);
  });

  it('the bundled analysis worker classifies a real file through the pool', async () => {
    expect(existsSync(path.join(outDir, 'main', 'analysis-worker.js'))).toBe(true);
    const fx = await getFixtures();
    const service = new GenrescopeService({ dbPath: null, workers: 1, providers: ['cpu'], workerEntry: path.join(outDir, 'main', 'analysis-worker.js') });
    try {
      const [r] = await service.classifyFiles({ paths: [fx.medium.path] });
      expect(r.error).toBeNull();
      expect(r.provider).toBe('cpu');
      expect(r.top3).toHaveLength(3);
    } finally {
      await service.close();
    }
  });
});
