/**
 * Shapes of the FFT validation report. The UI-facing subset (trackId, path, version, createdAt,
 * checks, qa, plots) matches ValidationReportSchema in src/shared/dto.ts; the rest (notes, windows,
 * timings, ...) is kept in the stored JSON and the exports.
 */

export type CheckGroup = 'fft' | 'features' | 'synthetic' | 'refvectors';

export interface Check {
  name: string;
  /** null when the check could not be computed (then pass is false and meaning says why) */
  value: number | null;
  /** numeric bound, or a short text when the rule is not one number (e.g. '>= 0.9999') */
  threshold: number | string | null;
  pass: boolean;
  /** what the check means for a user, one sentence */
  meaning: string;
  group: CheckGroup;
}

export interface Plot {
  name: string;
  /** self-contained SVG document (no external references) */
  svg: string;
}

export type QaValue = number | string | boolean | null;

export interface RefvectorSuite {
  status: 'ok' | 'absent';
  /** where the vectors were looked for */
  dir: string;
  appVersion: string;
  featureVersion: string;
  reportVersion: number;
  createdAt: string;
  checks: Check[];
  /** 'absent' explains here; 'ok' lists per-file details */
  message: string;
}

export interface ReportWindow {
  index: number;
  startSec: number;
  durationSec: number;
  frames: number;
  /** this window's share of checks (a) and (b): worst Parseval error, worst error / frame peak */
  parsevalMax: number | null;
  referenceMax: number | null;
}

export interface ValidationReport {
  /** library track id; null for a file outside the library */
  trackId: number | null;
  path: string;
  /** "report <n> · app <semver> · features <FEATURE_VERSION>" */
  version: string;
  reportVersion: number;
  appVersion: string;
  featureVersion: string;
  createdAt: string;
  allPass: boolean;
  checks: Check[];
  qa: Record<string, QaValue>;
  /** QA conditions a user should know about (clipping, lossy transcode, ...), plain sentences */
  qaFlags: string[];
  plots: Plot[];
  /** how engine and meyda were aligned, and what could not be aligned */
  notes: string[];
  windows: ReportWindow[];
  refvectors: RefvectorSuite;
  timingsMs: Record<string, number>;
}

export const REPORT_VERSION = 1;

/**
 * A check result. A value that is not a finite number (NaN, Infinity: nothing agreed) is stored as
 * null and fails; a null value passes only when the caller says the check does not apply.
 */
export function check(group: CheckGroup, name: string, value: number | null, threshold: number | string | null, pass: boolean, meaning: string): Check {
  if (value === null) return { name, value: null, threshold, pass, meaning, group };
  const finite = Number.isFinite(value);
  return { name, value: finite ? value : null, threshold, pass: pass && finite, meaning, group };
}
