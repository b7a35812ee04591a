/**
 * The report as the UI contract's ValidationReport (src/shared/dto.ts): only the contract's fields,
 * with the QA flags folded into qa.flags so the Track view can show them. Library reports only:
 * a report on a file outside the library (CLI) has no track id.
 */
import { FeatureError } from '../errors.ts';
import type { QaValue, ValidationReport } from './types.ts';

export interface ValidationReportDto {
  trackId: number;
  path: string;
  version: string;
  createdAt: string;
  checks: { name: string; value: number | null; threshold: number | string | null; pass: boolean; meaning: string }[];
  qa: Record<string, QaValue>;
  plots: { name: string; svg: string }[];
}

export function reportToDto(r: ValidationReport): ValidationReportDto {
  if (r.trackId === null) throw new FeatureError(`the report on ${r.path} is not tied to a library track`);
  return {
    trackId: r.trackId,
    path: r.path,
    version: r.version,
    createdAt: r.createdAt,
    checks: r.checks.map((c) => ({ name: c.name, value: c.value, threshold: c.threshold, pass: c.pass, meaning: c.meaning })),
    qa: { ...r.qa, flags: r.qaFlags.length ? r.qaFlags.join('; ') : 'none', referenceVectors: r.refvectors.status === 'ok' ? `run for app ${r.refvectors.appVersion} on ${r.refvectors.createdAt}` : r.refvectors.message },
    plots: r.plots.map((p) => ({ name: p.name, svg: p.svg })),
  };
}
