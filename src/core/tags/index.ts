export { Tagger } from './tagger.ts';
export type {
  ApplyOptions,
  ApplyResult,
  Counts,
  FileResult,
  PreviewItem,
  PreviewOptions,
  PreviewResult,
  TagCandidate,
  TaggerOptions,
  TrackSync,
  UndoResult,
  UndoSelector,
} from './tagger.ts';
export { createTagApi, undoSelector } from './api.ts';
export type { TagApi } from './api.ts';
export { TagJournal } from './journal.ts';
export { decideGenres, mapLabel, parseMapArgs, defaultName, TAG_POLICIES, TAXONOMY_SETTING, TaxonomySchema } from './policy.ts';
export type { TagPolicy, Taxonomy, TagDecision } from './policy.ts';
export { candidatesForPaths, candidatesForTracks, readTaxonomy, saveTaxonomy } from './store-source.ts';
export { SUPPORTED_EXTENSIONS, detectContainer, detectContainerFromBytes } from './formats.ts';
export type { Container } from './formats.ts';
export { readGenres, normaliseGenres } from './genre-io.ts';
export { audioMd5 } from './audio-hash.ts';
