/**
 * Which stretches of a decoded track are analysed. Sample indices at 22050 Hz; `end` is exclusive.
 *
 * - 'full': the whole signal as one window (the 30-s table's convention: GTZAN clips are ~30.01 s).
 * - '3s': the 3-s table's segments: segment i = y[66150 i, 66150 i + 66149) (66149 samples), kept
 *   only while 66150 (i + 1) < length, exactly as the Kaggle features_3_sec.csv was cut.
 * - 'auto': 'full' for signals up to 31 s; longer signals get consecutive 30-s windows (the length
 *   the model was trained on), plus one last 30-s window ending at the end of the signal when at
 *   least 10 s would otherwise be left out.
 */
import { UsageError } from '../errors.ts';
import { SAMPLE_RATE } from './columns.ts';

export type WindowMode = 'full' | '3s' | 'auto';

export const WINDOW_MODES: readonly WindowMode[] = ['full', '3s', 'auto'];

export interface AnalysisWindow {
  index: number;
  start: number;
  end: number;
  startSec: number;
  endSec: number;
}

export const SEGMENT_STEP = 66150;
export const SEGMENT_LENGTH = 66149;
export const AUTO_WINDOW = 30 * SAMPLE_RATE;
export const AUTO_FULL_MAX = 31 * SAMPLE_RATE;
export const AUTO_MIN_TAIL = 10 * SAMPLE_RATE;

function win(index: number, start: number, end: number): AnalysisWindow {
  return { index, start, end, startSec: start / SAMPLE_RATE, endSec: end / SAMPLE_RATE };
}

export function planWindows(nSamples: number, mode: WindowMode): AnalysisWindow[] {
  if (!Number.isInteger(nSamples) || nSamples < 0) throw new UsageError(`invalid sample count ${nSamples}`);
  if (mode === 'full') return nSamples > 0 ? [win(0, 0, nSamples)] : [];
  if (mode === '3s') {
    const out: AnalysisWindow[] = [];
    for (let i = 0; SEGMENT_STEP * (i + 1) < nSamples; i++) out.push(win(i, SEGMENT_STEP * i, SEGMENT_STEP * i + SEGMENT_LENGTH));
    return out;
  }
  if (mode === 'auto') {
    if (nSamples <= AUTO_FULL_MAX) return nSamples > 0 ? [win(0, 0, nSamples)] : [];
    const out: AnalysisWindow[] = [];
    let s = 0;
    for (; s + AUTO_WINDOW <= nSamples; s += AUTO_WINDOW) out.push(win(out.length, s, s + AUTO_WINDOW));
    if (nSamples - s >= AUTO_MIN_TAIL) out.push(win(out.length, nSamples - AUTO_WINDOW, nSamples));
    return out;
  }
  throw new UsageError(`unknown window mode '${String(mode)}' (expected full, 3s or auto)`);
}
