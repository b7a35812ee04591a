/**
 * Serves the built renderer (out/renderer from `electron-vite build`) read-only: paths are confined to
 * the build folder, index.html gets the web CSP instead of the Electron one baked into it.
 */
import { createReadStream, existsSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { GenrescopeError } from '../errors.ts';
import { isInside } from './audio-file.ts';
import { setMetaCsp } from './csp.ts';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Thrown when the renderer has not been built: tells the user what to run. */
export class UiNotBuiltError extends GenrescopeError {
  constructor(dir: string) {
    super('UI_NOT_BUILT', `the web UI is not built (no ${path.join(dir, 'index.html')}); run \`npm run build\` first`);
  }
}

export function assertRendererBuilt(dir: string): void {
  if (!existsSync(path.join(dir, 'index.html'))) throw new UiNotBuiltError(dir);
}

export interface StaticOptions {
  rendererDir: string;
  /** CSP header for HTML documents (computed per request: it names the WebSocket origin). */
  csp: (req: IncomingMessage) => string;
  securityHeaders: Record<string, string>;
}

/** Answers GET/HEAD for a UI file; returns false when the path is not a UI file (caller sends 404). */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string, opts: StaticOptions): Promise<boolean> {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  if (rel.includes('\0')) return false;
  if (rel === '/' || rel === '') rel = '/index.html';
  const root = path.resolve(opts.rendererDir);
  const file = path.resolve(root, '.' + path.posix.normalize(rel));
  if (!isInside(root, file) || file === root) return false;
  let size: number;
  try {
    // A symlink inside the build folder must not lead out of it.
    if (!isInside(await realpath(root), await realpath(file))) return false;
    const st = await stat(file);
    if (!st.isFile()) return false;
    size = st.size;
  } catch {
    return false;
  }
  const ext = path.extname(file).toLowerCase();
  const headers: Record<string, string> = {
    ...opts.securityHeaders,
    'Content-Type': TYPES[ext] ?? 'application/octet-stream',
  };
  if (ext === '.html') {
    const html = setMetaCsp(await readFile(file, 'utf8'), null);
    const body = Buffer.from(html, 'utf8');
    res.writeHead(200, {
      ...headers,
      'Content-Security-Policy': opts.csp(req),
      'Cache-Control': 'no-store',
      'Content-Length': String(body.length),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  }
  // Vite puts content-hashed bundles under assets/: cache those forever, the rest briefly.
  const hashed = rel.startsWith('/assets/');
  res.writeHead(200, {
    ...headers,
    'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    'Content-Length': String(size),
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
  return true;
}
