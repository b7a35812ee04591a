/**
 * Where the ffmpeg binary is. Order: explicit setting, env GENRESCOPE_FFMPEG, the bundled
 * @ffmpeg-installer binary. In a packaged Electron app the bundled path points inside app.asar, which
 * cannot be executed, so it is rewritten to the app.asar.unpacked copy (electron-builder asarUnpack).
 */
import { createRequire } from 'node:module';

// Not named `require`: electron-vite puts its own top-level `require` shim into every ESM chunk.
const requireCjs = createRequire(import.meta.url);

export function unpackedAsarPath(p: string): string {
  return p.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

export function bundledFfmpegPath(): string {
  const installer = requireCjs('@ffmpeg-installer/ffmpeg') as { path: string };
  return unpackedAsarPath(installer.path);
}

export function resolveFfmpegPath(setting?: string | null): string {
  if (setting && setting.trim()) return setting;
  const env = process.env.GENRESCOPE_FFMPEG;
  if (env && env.trim()) return env;
  return bundledFfmpegPath();
}
