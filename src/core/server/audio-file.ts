/**
 * Serving local audio files to a UI, safely: which files may be read (only files whose real path lies
 * inside a library root, or that the user explicitly opened) and how a byte Range request is answered.
 * Shared by the Electron `genrescope-audio://` protocol and the `genrescope serve` /audio route.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** Audio containers we hand to the UI, by lower-case extension. Anything else is refused. */
export const AUDIO_MIME: Readonly<Record<string, string>> = {
  '.mp3': 'audio/mpeg',
  '.mp2': 'audio/mpeg',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.wav': 'audio/wav',
  '.wave': 'audio/wav',
  '.m4a': 'audio/mp4',
  '.m4b': 'audio/mp4',
  '.mp4': 'audio/mp4',
  '.aac': 'audio/aac',
  '.aif': 'audio/aiff',
  '.aiff': 'audio/aiff',
  '.aifc': 'audio/aiff',
  '.wma': 'audio/x-ms-wma',
  '.webm': 'audio/webm',
  '.mka': 'audio/x-matroska',
  '.wv': 'audio/x-wavpack',
  '.ape': 'audio/x-ape',
  '.mpc': 'audio/x-musepack',
  '.alac': 'audio/mp4',
  '.caf': 'audio/x-caf',
  '.ac3': 'audio/ac3',
  '.amr': 'audio/amr',
  '.dsf': 'audio/x-dsf',
  '.dff': 'audio/x-dff',
};

export function audioMimeType(file: string): string | null {
  return AUDIO_MIME[path.extname(file).toLowerCase()] ?? null;
}

/** Windows and macOS file systems are case-insensitive by default: compare paths accordingly. */
function normCase(p: string, platform: NodeJS.Platform): string {
  return platform === 'win32' || platform === 'darwin' ? p.toLowerCase() : p;
}

/** True when `child` is `parent` itself or lies below it (purely lexical; pass real paths). */
export function isInside(parent: string, child: string, platform: NodeJS.Platform = process.platform): boolean {
  const rel = path.relative(normCase(parent, platform), normCase(child, platform));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export interface AccessPolicy {
  /** Library roots (as configured; resolved to real paths here). */
  roots: readonly string[];
  /** Files the user explicitly opened (dropped, "Open with", CLI argument). */
  files?: Iterable<string>;
}

export type FileAccess =
  | { ok: true; realPath: string; size: number; mime: string }
  | { ok: false; status: 400 | 403 | 404 | 415; reason: string };

async function realOrNull(p: string): Promise<string | null> {
  try {
    return await realpath(p);
  } catch {
    return null;
  }
}

/**
 * Decides whether `requested` may be streamed. Symlinks are resolved first, so a link inside a root
 * pointing outside it is refused, and `..` segments cannot climb out of a root.
 */
export async function resolveAllowedFile(
  requested: string,
  policy: AccessPolicy,
  platform: NodeJS.Platform = process.platform,
): Promise<FileAccess> {
  if (typeof requested !== 'string' || requested.length === 0 || requested.includes('\0') || !path.isAbsolute(requested)) {
    return { ok: false, status: 400, reason: 'not an absolute file path' };
  }
  const real = await realOrNull(requested);
  if (real === null) return { ok: false, status: 404, reason: 'file not found' };
  let allowed = false;
  for (const root of policy.roots) {
    const realRoot = await realOrNull(root);
    if (realRoot !== null && isInside(realRoot, real, platform)) {
      allowed = true;
      break;
    }
  }
  if (!allowed && policy.files) {
    for (const f of policy.files) {
      const realFile = await realOrNull(f);
      if (realFile !== null && normCase(realFile, platform) === normCase(real, platform)) {
        allowed = true;
        break;
      }
    }
  }
  if (!allowed) return { ok: false, status: 403, reason: 'file is outside the library roots and was not opened by the user' };
  const mime = audioMimeType(real);
  if (mime === null) return { ok: false, status: 415, reason: 'not an audio file type' };
  let size: number;
  try {
    const st = await stat(real);
    if (!st.isFile()) return { ok: false, status: 404, reason: 'not a regular file' };
    size = st.size;
  } catch {
    return { ok: false, status: 404, reason: 'file not found' };
  }
  return { ok: true, realPath: real, size, mime };
}

export type ByteRange = { start: number; end: number };

/**
 * Parses a `Range` header for a file of `size` bytes (RFC 9110 §14). Returns null to send the whole
 * file (no header, a malformed one, or several ranges, which a server may ignore), 'unsatisfiable'
 * for a range past the end, else the inclusive byte range.
 */
export function parseRange(header: string | null | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return null;
  const [, a, b] = m;
  if (a === '' && b === '') return null;
  if (a === '') {
    // suffix range: the last N bytes
    const n = Number(b);
    if (n === 0) return 'unsatisfiable';
    return size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  if (start >= size) return 'unsatisfiable';
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (end < start) return null;
  return { start, end };
}

export interface AudioResponsePlan {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  /** Bytes to send (inclusive); null for no body (416). */
  range: ByteRange | null;
}

/** Status, headers and byte range for answering a (possibly ranged) GET of an allowed file. */
export function planAudioResponse(size: number, mime: string, rangeHeader: string | null | undefined): AudioResponsePlan {
  const base = {
    'Accept-Ranges': 'bytes',
    'Content-Type': mime,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  const r = parseRange(rangeHeader, size);
  if (r === 'unsatisfiable') {
    return { status: 416, headers: { ...base, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' }, range: null };
  }
  if (r === null) {
    return { status: 200, headers: { ...base, 'Content-Length': String(size) }, range: size > 0 ? { start: 0, end: size - 1 } : null };
  }
  return {
    status: 206,
    headers: { ...base, 'Content-Range': `bytes ${r.start}-${r.end}/${size}`, 'Content-Length': String(r.end - r.start + 1) },
    range: r,
  };
}
