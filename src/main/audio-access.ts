/**
 * The `genrescope-audio://track/<id>` protocol: streams a library track to the renderer's <audio>
 * element and waveform, with byte ranges so seeking works. Only files whose real path is inside a
 * library root, or that the user explicitly opened (dropped, "Open with", second launch), are
 * served; `..`, symlinks pointing out of a root and every other file are refused. Pure Node (Web
 * Request -> Response), so it is tested without Electron; main/index.ts hands it to protocol.handle.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { AUDIO_SCHEME } from '../shared/contract.ts';
import { planAudioResponse, resolveAllowedFile, type FileAccess } from '../core/server/audio-file.ts';

export interface AudioSource {
  /** Current library roots. */
  roots(): Promise<readonly string[]>;
  /** Path of library track `id`, or null when there is no such track. */
  trackPath(id: number): Promise<string | null>;
}

export function trackAudioUrl(id: number): string {
  return `${AUDIO_SCHEME}://track/${id}`;
}

/** Track id of a `genrescope-audio://track/<id>` URL, or null for anything else. */
export function parseTrackAudioUrl(url: string): number | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${AUDIO_SCHEME}:` || u.hostname !== 'track') return null;
  const m = /^\/(\d{1,15})\/?$/.exec(u.pathname);
  return m ? Number(m[1]) : null;
}

export class AudioAccess {
  readonly #opened = new Set<string>();
  readonly #source: AudioSource;

  constructor(source: AudioSource) {
    this.#source = source;
  }

  /** Grants access to files the user opened explicitly (absolute paths only; others are ignored). */
  allowOpened(paths: Iterable<string>): void {
    for (const p of paths) if (typeof p === 'string' && path.isAbsolute(p)) this.#opened.add(path.normalize(p));
  }

  async check(file: string): Promise<FileAccess> {
    return resolveAllowedFile(file, { roots: await this.#source.roots(), files: this.#opened });
  }

  async handle(request: Request): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'method not allowed');
    const id = parseTrackAudioUrl(request.url);
    if (id === null) return text(404, 'not a track audio URL');
    let file: string | null;
    try {
      file = await this.#source.trackPath(id);
    } catch {
      file = null;
    }
    if (file === null) return text(404, 'no such track');
    const access = await this.check(file);
    if (!access.ok) return text(access.status, access.reason);
    const plan = planAudioResponse(access.size, access.mime, request.headers.get('range'));
    if (request.method === 'HEAD' || plan.range === null) return new Response(null, { status: plan.status, headers: plan.headers });
    const stream = createReadStream(access.realPath, { start: plan.range.start, end: plan.range.end });
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status: plan.status, headers: plan.headers });
  }
}

function text(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
