export { scanRoots, isAudioPath, AUDIO_EXTENSIONS, SYSTEM_DIR_NAMES } from './scan.ts';
export { readTrackMeta } from './metadata.ts';
export { quickHash, QUICK_HASH_CHUNK } from './quick-hash.ts';
export { ingestScannedFile } from './ingest.ts';
export type { IngestResult } from './ingest.ts';
export type * from './types.ts';
