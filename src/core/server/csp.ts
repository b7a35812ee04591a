/**
 * Content-Security-Policy of the UI, one builder for every place it runs:
 * - 'electron': the built renderer loaded from file:// — injected as a <meta> at build time; audio only
 *   from the `genrescope-audio:` protocol, no network at all.
 * - 'electron-dev': the Vite dev server page in Electron — Vite's client and React refresh need an
 *   inline preamble and a WebSocket back to the dev server.
 * - 'web': `genrescope serve` — sent as a header; audio and the WebSocket from the serving origin only.
 * Inline SVG elements need no exception; styles allow 'unsafe-inline' because libraries (wavesurfer's
 * shadow DOM) inject <style> elements. Media also allows blob: because wavesurfer fetches the audio
 * URL once and plays the fetched bytes from a blob: URL it creates itself (same bytes, same
 * origin). Scripts never run inline outside dev.
 */
import { AUDIO_SCHEME } from '../../shared/bridge.ts';

export type CspKind = 'electron' | 'electron-dev' | 'web';

export interface CspOptions {
  /** 'electron-dev': the dev server origin, e.g. http://localhost:5173. */
  devOrigin?: string;
  /** 'web': the WebSocket origin the page connects to, e.g. ws://127.0.0.1:8080. */
  wsOrigin?: string;
  /** Leave out directives a <meta> CSP cannot carry (frame-ancestors). */
  meta?: boolean;
}

export function buildCsp(kind: CspKind, options: CspOptions = {}): string {
  const audio = `${AUDIO_SCHEME}:`;
  const d: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'media-src': [audio, 'blob:'],
    'connect-src': ["'self'", audio],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-src': ["'none'"],
  };
  if (!options.meta) d['frame-ancestors'] = ["'none'"];
  if (kind === 'electron-dev') {
    const dev = options.devOrigin ?? 'http://localhost:5173';
    const ws = dev.replace(/^http/, 'ws');
    d['script-src'] = ["'self'", "'unsafe-inline'", dev];
    d['connect-src'] = ["'self'", audio, dev, ws];
  } else if (kind === 'web') {
    d['media-src'] = ["'self'", 'blob:'];
    d['connect-src'] = ["'self'", ...(options.wsOrigin ? [options.wsOrigin] : [])];
  }
  return Object.entries(d)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

const META_CSP = /<meta\s+http-equiv\s*=\s*["']content-security-policy["'][^>]*>\s*/gi;

/** Replaces (or adds) the CSP <meta> of an HTML document; `policy` null only removes it. */
export function setMetaCsp(html: string, policy: string | null): string {
  const stripped = html.replace(META_CSP, '');
  if (policy === null) return stripped;
  const tag = `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}">`;
  const head = /<head[^>]*>/i.exec(stripped);
  if (!head) return tag + stripped;
  const at = head.index + head[0].length;
  return `${stripped.slice(0, at)}\n    ${tag}${stripped.slice(at)}`;
}
