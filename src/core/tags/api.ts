/**
 * The tagging methods of the UI <-> engine contract (previewTags, applyTags, listTagBatches, undoTags),
 * over a library store. The service facade forwards to these; inputs are already zod-validated there.
 */
import type Database from 'better-sqlite3';
import type {
  ApplyTagsInput,
  ApplyTagsResult,
  PreviewTagsInput,
  TagBatch,
  TagPreview,
  UndoTagsInput,
  UndoTagsResult,
} from '../../shared/dto.ts';
import { Tagger } from './tagger.ts';
import type { FileResult, TaggerOptions, TrackSync, UndoSelector } from './tagger.ts';
import { candidatesForTracks, readTaxonomy } from './store-source.ts';
import { quickHash } from '../library/quick-hash.ts';

export interface TagApi {
  previewTags(input: PreviewTagsInput): TagPreview;
  applyTags(input: ApplyTagsInput): Promise<ApplyTagsResult>;
  listTagBatches(): TagBatch[];
  undoTags(input: UndoTagsInput): Promise<UndoTagsResult>;
  readonly tagger: Tagger;
}

function toDto(r: FileResult): { trackId: number | null; path: string; ok: boolean; error: string | null; journalId: number | null } {
  return { trackId: r.trackId, path: r.path, ok: r.ok, error: r.error, journalId: r.journalId };
}

export function undoSelector(input: UndoTagsInput): UndoSelector {
  if (input.batchId !== undefined) return { batchId: input.batchId };
  if (input.journalId !== undefined) return { journalId: input.journalId };
  if (input.since !== undefined) return { since: input.since };
  return { all: true };
}

/** `store` is the library Store (its db and noteOwnWrite are used; the quick hash follows the file). */
export function createTagApi(
  store: { db: Database.Database } & TrackSync,
  opts: Omit<TaggerOptions, 'db' | 'trackSync'> = {},
): TagApi {
  const tagger = new Tagger({ quickHash, ...opts, db: store.db, trackSync: store });
  return {
    tagger,
    previewTags(input) {
      const p = tagger.preview(candidatesForTracks(store.db, input.trackIds), {
        policy: input.policy,
        minConfidence: input.minConfidence,
        taxonomy: readTaxonomy(store.db),
      });
      return {
        previewId: p.previewId,
        items: p.items.map((i) => ({ trackId: i.trackId ?? 0, path: i.path, old: i.old, new: i.new, action: i.action, reason: i.reason })),
      };
    },
    async applyTags(input) {
      const r = await tagger.apply({ previewId: input.previewId, trackIds: input.trackIds, keepMtime: input.keepMtime, source: 'app' });
      return { batchId: r.batchId, results: r.results.map(toDto), counts: r.counts };
    },
    listTagBatches() {
      return tagger.listBatches().map(({ batchId, createdAt, files, undone }) => ({ batchId, createdAt, files, undone }));
    },
    async undoTags(input) {
      const r = await tagger.undo(undoSelector(input));
      return { results: r.results.map(toDto), counts: r.counts };
    },
  };
}
