/** Public surface of the FFT validation report (issue 5). */
export { buildReport, ALIGNMENT_NOTES, type ReportOptions } from './report.ts';
export { reportToHtml, reportToJson } from './html.ts';
export { ReportStore, type StoredReportRow } from './report-store.ts';
export { runRefvectorSuite } from './refvectors.ts';
export { appVersion, defaultRefvectorDir } from './app-version.ts';
export { REPORT_VERSION, type Check, type Plot, type ValidationReport, type RefvectorSuite, type QaValue } from './types.ts';
export { reportToDto, type ValidationReportDto } from './dto.ts';
