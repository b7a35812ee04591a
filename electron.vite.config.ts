/**
 * electron-vite build of the desktop app into out/:
 * - out/main: the Electron main process and the analysis worker (utilityProcess forks
 *   out/main/analysis-worker.js), ES modules; every npm dependency stays external (node_modules at
 *   runtime), which keeps the native ones (better-sqlite3, onnxruntime-node, @ffmpeg-installer/*)
 *   loadable from their own folders.
 * - out/preload/index.cjs: CommonJS with everything bundled — sandboxed preloads cannot load ES
 *   modules or node_modules.
 * - out/renderer: the React UI (also what `genrescope serve` serves), minified, with the CSP <meta>
 *   injected from src/core/server/csp.ts so the policy lives in one place.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { buildCsp, setMetaCsp } from './src/core/server/csp.ts';

const NATIVE = ['better-sqlite3', 'onnxruntime-node', '@ffmpeg-installer/ffmpeg', /^@ffmpeg-installer\//];

function cspMeta(dev: boolean): Plugin {
  return {
    name: 'genrescope:csp-meta',
    transformIndexHtml: {
      order: 'post',
      handler: (html, ctx) => {
        if (!dev) return setMetaCsp(html, buildCsp('electron', { meta: true }));
        // The dev server may not get its preferred port: name the one it actually listens on.
        const local = ctx.server?.resolvedUrls?.local[0];
        return setMetaCsp(html, buildCsp('electron-dev', { meta: true, ...(local ? { devOrigin: new URL(local).origin } : {}) }));
      },
    },
  };
}

export default defineConfig(({ command }) => ({
  main: {
    build: {
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          'analysis-worker': resolve('src/worker/analysis-worker.ts'),
        },
        external: NATIVE,
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      // `genrescope serve` ships the UI over the network: minified (~3× smaller); no source maps, so
      // the sources are not published next to it.
      minify: true,
      sourcemap: false,
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
    plugins: [react(), cspMeta(command === 'serve')],
  },
}));
