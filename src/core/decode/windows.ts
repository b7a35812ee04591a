/**
 * Analysis windows: which parts of a track are decoded and analysed, and decoding them.
 *
 *   planAnalysisWindows(durationSec, {count = 3, lengthSec = 30}) → AnalysisWindow[]
 *   decodeWindows(decoder, path, windows, {timeoutMs, signal, maxSamplesPerWindow}) → Promise<DecodedWindows>
 *   decodeTrackWindows(decoder, path, durationSec | null, opts) → Promise<DecodedWindows>   plan + decode + fallback
 *
 * Placement: a track of D seconds is cut into n = min(count, floor(D / lengthSec)) equal segments and
 * one window of lengthSec is centred in each (centres at D·(2i+1)/(2n)). Windows never overlap, keep
 * away from intros and fade-outs, and need no decoding of the rest: each window is one ffmpeg run with
 * input seeking (-ss before -i), so a 2-hour file costs the same as a 3-minute one. A track no longer
 * than lengthSec is one window covering the whole file. The model was trained on 30-s GTZAN clips,
 * hence the default length.
 *
 * Unknown duration (broken or missing header, duration 0/NaN/Infinity): one window from the start of
 * lengthSec (`-t`), and the result says durationKnown = false with a note.
 */
import { stat } from 'node:fs/promises';
import { DecodeError, UsageError } from '../errors.ts';
import { SAMPLE_RATE } from '../features/columns.ts';
import type { Decoder } from './decoder.ts';

export interface AnalysisWindow {
  index: number;
  startSec: number;
  durationSec: number;
}

export interface WindowPlanOptions {
  /** at most this many windows (default 3) */
  count?: number;
  /** seconds per window (default 30) */
  lengthSec?: number;
}

export interface DecodedWindow extends AnalysisWindow {
  /** mono float32 at SAMPLE_RATE; durationSec above is the planned length, samples.length/SAMPLE_RATE the real one */
  samples: Float32Array;
}

export interface DecodedWindows {
  windows: DecodedWindow[];
  /** false when the duration was unknown and only the first window was decoded */
  durationKnown: boolean;
  /** things the user may want to know (fallbacks, windows past the real end that were dropped) */
  notes: string[];
  /** total wall time of the ffmpeg runs */
  decodeMs: number;
}

export interface DecodeWindowsOptions {
  /** budget for the whole file (all windows together), default 60 000 ms */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** guard per window, default 10 minutes of audio: more output than this aborts the decode */
  maxSamplesPerWindow?: number;
}

export const DEFAULT_WINDOW_COUNT = 3;
export const DEFAULT_WINDOW_LENGTH_SEC = 30;
export const DEFAULT_FILE_TIMEOUT_MS = 60_000;
export const MAX_WINDOW_SAMPLES = 10 * 60 * SAMPLE_RATE;

export function isKnownDuration(durationSec: number | null | undefined): durationSec is number {
  return typeof durationSec === 'number' && Number.isFinite(durationSec) && durationSec > 0;
}

function checkPlanOptions(opts: WindowPlanOptions): { count: number; lengthSec: number } {
  const count = opts.count ?? DEFAULT_WINDOW_COUNT;
  const lengthSec = opts.lengthSec ?? DEFAULT_WINDOW_LENGTH_SEC;
  if (!Number.isInteger(count) || count < 1 || count > 100) throw new UsageError(`window count must be an integer from 1 to 100, got ${count}`);
  if (!Number.isFinite(lengthSec) || lengthSec <= 0 || lengthSec > 600) throw new UsageError(`window length must be more than 0 and at most 600 s, got ${lengthSec}`);
  return { count, lengthSec };
}

/** Millisecond rounding keeps the ffmpeg arguments and the stored windows readable and stable. */
const ms = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Windows to analyse for a track of `durationSec` (seconds). An unknown duration (null, 0, NaN,
 * Infinity) gives one window of lengthSec from the start, to be decoded with -t.
 */
export function planAnalysisWindows(durationSec: number | null, opts: WindowPlanOptions = {}): AnalysisWindow[] {
  const { count, lengthSec } = checkPlanOptions(opts);
  if (!isKnownDuration(durationSec)) return [{ index: 0, startSec: 0, durationSec: lengthSec }];
  if (durationSec <= lengthSec) return [{ index: 0, startSec: 0, durationSec: ms(durationSec) }];
  const n = Math.min(count, Math.max(1, Math.floor(durationSec / lengthSec)));
  const segment = durationSec / n;
  const out: AnalysisWindow[] = [];
  for (let i = 0; i < n; i++) {
    const start = Math.min(Math.max(0, i * segment + (segment - lengthSec) / 2), durationSec - lengthSec);
    out.push({ index: i, startSec: ms(start), durationSec: lengthSec });
  }
  return out;
}

/**
 * Decodes each window with its own ffmpeg run (input seeking). The file's time budget is shared by
 * all windows. Errors are DecodeErrors (codes FILE_NOT_FOUND, FILE_EMPTY, NOT_A_FILE, FILE_UNREADABLE,
 * DECODE_FAILED with ffmpeg's message, DECODE_EMPTY, DECODE_TIMEOUT, DECODE_TOO_LARGE,
 * DECODE_CANCELLED). A window shorter than asked gets a note; a window that comes back empty
 * after the first one (the header over-stated the duration) is dropped with a note, an empty first
 * window is an error (nothing to analyse).
 */
export async function decodeWindows(decoder: Decoder, path: string, windows: readonly AnalysisWindow[], opts: DecodeWindowsOptions = {}): Promise<DecodedWindows> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_FILE_TIMEOUT_MS;
  const maxSamples = opts.maxSamplesPerWindow ?? MAX_WINDOW_SAMPLES;
  const t0 = performance.now();
  const deadline = t0 + timeoutMs;
  const out: DecodedWindow[] = [];
  const notes: string[] = [];
  await checkReadable(path);
  for (const w of windows) {
    const remaining = Math.floor(deadline - performance.now());
    if (remaining <= 0) {
      throw new DecodeError(path, `decoding took longer than the file's budget of ${timeoutMs} ms (${out.length} of ${windows.length} windows done)`, { code: 'DECODE_TIMEOUT' });
    }
    if (Math.ceil(w.durationSec * SAMPLE_RATE) > maxSamples) {
      throw new DecodeError(path, `window ${w.index} asks for ${w.durationSec} s of audio, more than the cap of ${(maxSamples / SAMPLE_RATE).toFixed(1)} s`, { code: 'DECODE_TOO_LARGE' });
    }
    const samples = await decoder.decode(path, { startSec: w.startSec, durationSec: w.durationSec, timeoutMs: remaining, signal: opts.signal, maxSamples });
    if (samples.length === 0) {
      if (out.length === 0) throw new DecodeError(path, `ffmpeg produced no audio for ${w.startSec}–${ms(w.startSec + w.durationSec)} s (no decodable audio stream)`, { code: 'DECODE_EMPTY' });
      notes.push(`window ${w.index} at ${w.startSec} s is past the real end of the audio: dropped`);
      continue;
    }
    const gotSec = samples.length / SAMPLE_RATE;
    if (gotSec < w.durationSec * 0.9 - 0.05) notes.push(`window ${w.index} at ${w.startSec} s gave ${gotSec.toFixed(2)} s of the ${w.durationSec} s asked: the file ends early (truncated, or its header over-states the duration)`);
    out.push({ ...w, samples });
  }
  return { windows: out, durationKnown: true, notes, decodeMs: performance.now() - t0 };
}

/**
 * A missing or empty file gets its own clear error before ffmpeg runs (ffmpeg would report an empty
 * file as a seek failure). Other problems are left to ffmpeg, whose message is kept.
 */
async function checkReadable(path: string): Promise<void> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new DecodeError(path, 'cannot decode: not a regular file', { code: 'NOT_A_FILE' });
    size = st.size;
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    const code = e && typeof e === 'object' && 'code' in e ? String(e.code) : '';
    if (code === 'ENOENT') throw new DecodeError(path, 'cannot decode: file not found (moved or deleted since the scan)', { cause: e, code: 'FILE_NOT_FOUND' });
    throw new DecodeError(path, `cannot decode: ${e instanceof Error ? e.message : String(e)}`, { cause: e, code: code === 'EACCES' || code === 'EPERM' ? 'FILE_UNREADABLE' : 'DECODE_FAILED' });
  }
  if (size === 0) throw new DecodeError(path, 'cannot decode: the file is empty (0 bytes)', { code: 'FILE_EMPTY' });
}

/** Plans and decodes the windows of one track; an unknown duration falls back to the first window. */
export async function decodeTrackWindows(
  decoder: Decoder,
  path: string,
  durationSec: number | null,
  opts: WindowPlanOptions & DecodeWindowsOptions = {},
): Promise<DecodedWindows> {
  const plan = planAnalysisWindows(durationSec, opts);
  const res = await decodeWindows(decoder, path, plan, opts);
  if (!isKnownDuration(durationSec)) {
    const got = res.windows[0] ? (res.windows[0].samples.length / SAMPLE_RATE).toFixed(1) : '0';
    // Without a known duration a short file is expected, not a sign of truncation.
    const rest = res.notes.filter((n) => !n.includes('ends early'));
    return { ...res, durationKnown: false, notes: [`duration unknown (missing or broken header): analysed the first ${got} s only`, ...rest] };
  }
  return res;
}
