import { describe, expect, it } from 'vitest';
import { ValidationReportSchema } from '../../../src/shared/dto.ts';
import { reportToDto } from '../../../src/core/validation/dto.ts';
import { REPORT_VERSION, type ValidationReport } from '../../../src/core/validation/types.ts';

const report: ValidationReport = {
  trackId: 7,
  path: '/music/a.flac',
  version: 'report 1 · app 0.1.0 · features f',
  reportVersion: REPORT_VERSION,
  appVersion: '0.1.0',
  featureVersion: 'f',
  createdAt: '2026-01-01T00:00:00.000Z',
  allPass: false,
  checks: [{ name: 'c', value: null, threshold: '>= 0.9', pass: false, meaning: 'm', group: 'fft' }],
  qa: { clippingRatio: 0.2, clipping: true, codec: null },
  qaFlags: ['clipping: 20%'],
  plots: [{ name: 'p', svg: '<svg xmlns="http://www.w3.org/2000/svg"/>' }],
  notes: [],
  windows: [],
  refvectors: { status: 'absent', dir: '/x', appVersion: '0.1.0', featureVersion: 'f', reportVersion: 1, createdAt: '2026-01-01T00:00:00.000Z', checks: [], message: 'not found' },
  timingsMs: {},
};

describe('report DTO', () => {
  it('validates against the UI contract schema and carries the QA flags', () => {
    const dto = ValidationReportSchema.parse(reportToDto(report));
    expect(dto.qa.flags).toBe('clipping: 20%');
    expect(dto.qa.referenceVectors).toBe('not found');
    expect(dto.checks[0]).toEqual({ name: 'c', value: null, threshold: '>= 0.9', pass: false, meaning: 'm' });
  });

  it('refuses a report that belongs to no library track', () => {
    expect(() => reportToDto({ ...report, trackId: null })).toThrow(/not tied to a library track/);
  });
});
