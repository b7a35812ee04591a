export { GenrescopeService } from './genrescope-service.ts';
export type { GenrescopeServiceOptions, ClassifyOutcome, ScanCallOptions } from './genrescope-service.ts';
export type { ScanSummary, ScanItemResult, ScanItemStatus, ScanCountsSummary, ScanProgressSnapshot } from './scan-runner.ts';
export { defaultDataDir, defaultDbPath } from './paths.ts';
export { readModelIdentity, type ModelIdentity } from './model-identity.ts';
