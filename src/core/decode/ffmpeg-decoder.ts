/**
 * Decoder backed by the bundled ffmpeg. Produces f32le mono at 22050 Hz on stdout; ffmpeg's own
 * message is kept in the DecodeError when it fails (house rule 5).
 */
import { spawn } from 'node:child_process';
import { DecodeError } from '../errors.ts';
import { SAMPLE_RATE } from '../features/columns.ts';
import type { DecodeRequest, Decoder } from './decoder.ts';
import { resolveFfmpegPath } from './ffmpeg-path.ts';

const DEFAULT_TIMEOUT_MS = 60_000;

export class FfmpegDecoder implements Decoder {
  readonly ffmpegPath: string;
  constructor(ffmpegPath?: string | null) {
    this.ffmpegPath = resolveFfmpegPath(ffmpegPath);
  }

  decode(path: string, req: DecodeRequest = {}): Promise<Float32Array> {
    const args = ['-nostdin', '-hide_banner', '-loglevel', 'error'];
    if (req.startSec && req.startSec > 0) args.push('-ss', req.startSec.toFixed(6));
    if (req.durationSec !== undefined) args.push('-t', req.durationSec.toFixed(6));
    args.push('-i', path, '-map', '0:a:0', '-vn', '-ac', '1', '-ar', String(SAMPLE_RATE), '-f', 'f32le', '-acodec', 'pcm_f32le', 'pipe:1');
    // -t before -i stops reading at the requested duration, but it trusts the input's timestamps: a
    // file whose timestamps restart mid-stream (FLAC or Ogg streams joined by stream copy) would be
    // decoded to its end. So the output is also cut at the requested length by sample count.
    const keepSamples = req.durationSec !== undefined ? Math.ceil(req.durationSec * SAMPLE_RATE) : undefined;
    return runFfmpeg(this.ffmpegPath, args, path, req.timeoutMs ?? DEFAULT_TIMEOUT_MS, req.signal, req.maxSamples, keepSamples);
  }
}

function toFloat32(chunks: Buffer[], bytes: number, keepSamples: number): Float32Array {
  const buf = Buffer.concat(chunks, bytes);
  const n = Math.min(Math.floor(buf.length / 4), keepSamples);
  // Copy into an aligned buffer: Buffer.concat may return a view at an odd offset.
  const out = new Float32Array(n);
  new Uint8Array(out.buffer).set(buf.subarray(0, n * 4));
  return out;
}

function runFfmpeg(
  bin: string,
  args: string[],
  path: string,
  timeoutMs: number,
  signal?: AbortSignal,
  maxSamples?: number,
  keepSamples = Infinity,
): Promise<Float32Array> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let stderr = '';
    let settled = false;
    const finish = (err: DecodeError | null, out?: Float32Array) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(out!);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new DecodeError(path, `ffmpeg timed out after ${timeoutMs} ms`, { code: 'DECODE_TIMEOUT' }));
    }, timeoutMs);
    const onAbort = () => {
      child.kill('SIGKILL');
      finish(new DecodeError(path, 'decode cancelled', { code: 'DECODE_CANCELLED' }));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    const maxBytes = maxSamples !== undefined ? maxSamples * 4 : Infinity;
    child.stdout.on('data', (c: Buffer) => {
      if (settled) return;
      chunks.push(c);
      bytes += c.length;
      if (bytes >= keepSamples * 4) {
        // Enough audio for the request: the rest would be past the window (see decode()).
        child.kill('SIGKILL');
        finish(null, toFloat32(chunks, bytes, keepSamples));
        return;
      }
      if (bytes > maxBytes) {
        child.kill('SIGKILL');
        const cap = maxSamples ?? 0;
        finish(new DecodeError(path, `decoded audio exceeds the cap of ${cap} samples (${(cap / SAMPLE_RATE).toFixed(1)} s): decode aborted`, { code: 'DECODE_TOO_LARGE' }));
      }
    });
    child.stderr.on('data', (c: Buffer) => {
      // Keep the tail only: a broken stream can make ffmpeg print megabytes of warnings.
      stderr = (stderr + c.toString('utf8')).slice(-4000);
    });
    child.on('error', (e) => finish(new DecodeError(path, `cannot run ffmpeg at ${bin}: ${e.message}`, { cause: e, code: 'FFMPEG_MISSING' })));
    child.on('close', (code) => {
      if (code !== 0) {
        const msg = stderr.trim().split('\n').filter(Boolean).slice(-3).join(' | ') || `exit code ${code}`;
        finish(new DecodeError(path, `ffmpeg could not decode: ${msg}`));
        return;
      }
      finish(null, toFloat32(chunks, bytes, keepSamples));
    });
  });
}
