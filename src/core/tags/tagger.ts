/**
 * The tagging engine: preview (per-file old → new genres, nothing written), apply (atomic write with
 * read-back verification and a journal entry holding the exact undo data), list batches, undo.
 *
 * Per-file write order, chosen so that every failure leaves the original untouched:
 *   1. refuse if the file changed since the preview (fingerprint, then current genres), is read-only,
 *      hard-linked or locked;
 *   2. read the original bytes, write them to a temp file in the same folder (fsync), let the tag library
 *      rewrite the temp file, re-read it with music-metadata and compare the genre;
 *   3. compute the undo data (byte diff, or a whole-file backup when the diff is large);
 *   4. journal row 'pending' → rename temp over the original → fsync folder → row 'applied'.
 * A crash between 4's steps leaves a 'pending' row that the next apply/undo settles by hashing the file.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { GenrescopeError, TagError, UsageError, errorMessage } from '../errors.ts';
import { applyByteDiff, computeByteDiff, decodeByteDiff, encodeByteDiff, hunkBytes } from './byte-diff.ts';
import { detectContainer, readHead } from './formats.ts';
import type { Container } from './formats.ts';
import { normaliseGenres, readGenres, writeGenres } from './genre-io.ts';
import type { Id3Version } from './genre-io.ts';
import { TagJournal } from './journal.ts';
import type { JournalEntry } from './journal.ts';
import { decideGenres } from './policy.ts';
import type { TagPolicy, Taxonomy } from './policy.ts';
import {
  checkWritable,
  fingerprint,
  fsError,
  fsyncFile,
  removeQuietly,
  replaceAtomically,
  sameFingerprint,
  setMtime,
  sha256,
  tempPathFor,
  writeTemp,
} from './safe-file.ts';
import type { Fingerprint } from './safe-file.ts';
import { verifyGenres } from './verify.ts';
import { audioMd5 } from './audio-hash.ts';

/** One file to consider: where it is and what the model said (null label: not analysed). */
export interface TagCandidate {
  trackId: number | null;
  path: string;
  label: string | null;
  confidence: number | null;
  unknown: boolean;
}

export interface PreviewOptions {
  policy: TagPolicy;
  minConfidence: number;
  taxonomy: Taxonomy;
}

export interface PreviewItem {
  trackId: number | null;
  path: string;
  old: string[];
  new: string[];
  action: 'write' | 'skip';
  reason: string | null;
  /** error code when the file itself was the reason (UNSUPPORTED_CONTAINER, BROKEN_TAGS, NOT_FOUND…) */
  code: string | null;
  container: Container | null;
}

interface StoredItem extends PreviewItem {
  fingerprint: Fingerprint | null;
}

export interface PreviewResult {
  previewId: string;
  items: PreviewItem[];
  counts: { write: number; skip: number };
}

export interface FileResult {
  trackId: number | null;
  path: string;
  ok: boolean;
  error: string | null;
  code: string | null;
  journalId: number | null;
}

export interface Counts {
  ok: number;
  failed: number;
  skipped: number;
}

export interface ApplyResult {
  batchId: string;
  results: FileResult[];
  counts: Counts;
}

export interface ApplyOptions {
  previewId: string;
  /** limit to these tracks / paths of the preview (approve some); default all items marked 'write' */
  trackIds?: number[];
  paths?: string[];
  /** keep each file's modification time (default false) */
  keepMtime?: boolean;
  /** 'cli' | 'app' — shown in batch lists */
  source?: string;
}

export type UndoSelector = { batchId: string } | { journalId: number } | { since: string | number } | { all: true } | { path: string };

export interface UndoResult {
  results: FileResult[];
  counts: Counts;
}

/** Lets the library store follow a file Genrescope rewrote (Store.noteOwnWrite fits). */
export interface TrackSync {
  noteOwnWrite(trackId: number, stat: { sizeBytes: number; mtimeMs: number; quickHash: string | null; genreTags?: string[] }): boolean;
}

export interface TaggerOptions {
  db: Database.Database;
  /** folder for whole-file backups (default: `tag-backups` beside the database file) */
  backupDir?: string;
  /** largest byte diff stored in the journal (default 8 MiB); above it a whole-file backup is made */
  maxDiffBytes?: number;
  /** largest file backed up whole (default 2 GiB); a file needing more is refused (UNDO_TOO_LARGE) */
  maxBackupBytes?: number;
  /** ID3v2 version for files that have no ID3v2 tag yet (default 4); existing tags keep theirs */
  newId3Version?: Id3Version;
  /** ffmpeg path: when set, the decoded audio of each written file is compared with the original (slow) */
  verifyAudioWith?: string | null;
  trackSync?: TrackSync;
  /** content fingerprint for trackSync (library quickHash); null when not given */
  quickHash?: (path: string) => Promise<string>;
  now?: () => number;
}

function tagErrorOf(err: unknown, p: string, doing: string): TagError {
  if (err instanceof TagError) return err;
  if (err instanceof GenrescopeError) return new TagError(err.code, p, err.message, { cause: err });
  if ((err as NodeJS.ErrnoException | undefined)?.code) return fsError(err, p, doing);
  return new TagError('IO', p, `${p}: ${doing} failed (${errorMessage(err)}); the file was not changed`, { cause: err });
}

function resultOf(item: { trackId: number | null; path: string }, err: TagError | null, journalId: number | null = null): FileResult {
  return { trackId: item.trackId, path: item.path, ok: err === null, error: err ? err.message : null, code: err ? err.code : null, journalId };
}

function sameGenres(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export class Tagger {
  readonly journal: TagJournal;
  private readonly opts: TaggerOptions;
  private readonly now: () => number;

  constructor(opts: TaggerOptions) {
    this.opts = opts;
    this.journal = new TagJournal(opts.db);
    this.now = opts.now ?? Date.now;
  }

  private backupDir(): string {
    if (this.opts.backupDir) return this.opts.backupDir;
    const name = this.opts.db.name;
    if (!name || name === ':memory:') throw new TagError('UNDO_TOO_LARGE', '', 'no backup folder configured for an in-memory database');
    return path.join(path.dirname(name), 'tag-backups');
  }

  /** Reads each candidate's current genres and decides old → new; writes nothing to the files. */
  preview(candidates: readonly TagCandidate[], options: PreviewOptions): PreviewResult {
    const items: StoredItem[] = candidates.map((c) => this.previewOne(c, options));
    const previewId = randomUUID();
    this.journal.savePreview(previewId, this.now(), options, items);
    const visible = items.map(({ fingerprint: _fp, ...rest }) => rest);
    const write = visible.filter((i) => i.action === 'write').length;
    return { previewId, items: visible, counts: { write, skip: visible.length - write } };
  }

  private previewOne(c: TagCandidate, options: PreviewOptions): StoredItem {
    const base = { trackId: c.trackId, path: c.path };
    try {
      const real = realpathSync(c.path);
      const fp = fingerprint(real);
      const info = detectContainer(c.path, readHead(real));
      const { genres } = readGenres(real, info.container);
      const d = decideGenres({ existing: genres, label: c.label, confidence: c.confidence, unknown: c.unknown, ...options });
      return { ...base, old: genres, new: d.new, action: d.action, reason: d.reason, code: null, container: info.container, fingerprint: fp };
    } catch (err) {
      const e = tagErrorOf(err, c.path, 'reading the tags');
      return { ...base, old: [], new: [], action: 'skip', reason: e.message, code: e.code, container: null, fingerprint: null };
    }
  }

  /** Writes the approved items of a preview. One result per attempted file; skipped items are counted. */
  async apply(o: ApplyOptions): Promise<ApplyResult> {
    const stored = this.journal.loadPreview(o.previewId);
    if (!stored) throw new UsageError(`no tag preview '${o.previewId}' (previews are kept for the 20 most recent runs): preview again`);
    const options = stored.options as PreviewOptions;
    const items = stored.items as StoredItem[];
    let chosen = items;
    const results: FileResult[] = [];
    if (o.trackIds || o.paths) {
      const ids = new Set(o.trackIds ?? []);
      const paths = new Set((o.paths ?? []).map((p) => path.resolve(p)));
      chosen = items.filter((i) => (i.trackId !== null && ids.has(i.trackId)) || paths.has(path.resolve(i.path)));
      for (const id of ids) {
        if (!items.some((i) => i.trackId === id)) results.push(resultOf({ trackId: id, path: '' }, new TagError('NOT_IN_PREVIEW', '', `track ${id} is not in preview ${o.previewId}`)));
      }
    }
    this.settlePending();
    const batchId = randomUUID();
    this.journal.createBatch(batchId, this.now(), o.previewId, { ...options, keepMtime: o.keepMtime === true }, o.source ?? 'app');
    let skipped = 0;
    for (const item of chosen) {
      if (item.action !== 'write') {
        skipped++;
        continue;
      }
      try {
        const journalId = await this.writeOne(item, batchId, o.keepMtime === true);
        results.push(resultOf(item, null, journalId));
      } catch (err) {
        results.push(resultOf(item, tagErrorOf(err, item.path, 'writing the tags')));
      }
    }
    this.journal.deleteBatchIfEmpty(batchId);
    const ok = results.filter((r) => r.ok).length;
    return { batchId, results, counts: { ok, failed: results.length - ok, skipped } };
  }

  /** Preview + apply every 'write' item in one go (CLI without --dry-run, or a service call with items). */
  async tagFiles(candidates: readonly TagCandidate[], options: PreviewOptions & { keepMtime?: boolean; source?: string }): Promise<ApplyResult & { preview: PreviewResult }> {
    const preview = this.preview(candidates, options);
    const applied = await this.apply({ previewId: preview.previewId, keepMtime: options.keepMtime, source: options.source });
    return { ...applied, preview };
  }

  private async writeOne(item: StoredItem, batchId: string, keepMtime: boolean): Promise<number> {
    const real = realpathSync(item.path);
    const container = item.container;
    if (!item.fingerprint || !container) throw new TagError('IO', item.path, `${item.path}: preview has no file state`);
    const changed = (): TagError =>
      new TagError('CHANGED_SINCE_PREVIEW', item.path, `${item.path}: the file changed on disk since the preview; preview again — the file was not changed`);
    const fpStart = fingerprint(real);
    if (!sameFingerprint(fpStart, item.fingerprint)) throw changed();
    checkWritable(real);
    const original = readFileSync(real);
    const current = readGenres(real, container).genres;
    if (!sameGenres(current, item.old)) throw changed();

    const temp = tempPathFor(real);
    let backupPath: string | null = null;
    try {
      writeTemp(temp, original, real);
      const written = writeGenres(temp, container, normaliseGenres(item.new), this.opts.newId3Version ?? 4);
      fsyncFile(temp);
      await verifyGenres(temp, written, item.path);
      if (this.opts.verifyAudioWith) {
        const [a, b] = await Promise.all([audioMd5(this.opts.verifyAudioWith, real), audioMd5(this.opts.verifyAudioWith, temp)]);
        if (a !== b) throw new TagError('VERIFY_FAILED', item.path, `${item.path}: the decoded audio would change (${a} → ${b}); the original was kept`);
      }
      const after = readFileSync(temp);
      const beforeSha = sha256(original);
      const diff = computeByteDiff(original, after);
      // Self-check: the undo data must rebuild the original exactly before we rely on it.
      if (sha256(applyByteDiff(after, diff)) !== beforeSha) throw new TagError('IO', item.path, `${item.path}: undo data self-check failed; the file was not changed`);
      let restoreData: Buffer | null = null;
      if (hunkBytes(diff) <= (this.opts.maxDiffBytes ?? 8 * 1024 * 1024)) {
        restoreData = encodeByteDiff(diff);
      } else if (original.length <= (this.opts.maxBackupBytes ?? 2 * 1024 ** 3)) {
        const dir = path.join(this.backupDir(), batchId);
        mkdirSync(dir, { recursive: true });
        backupPath = path.join(dir, `${randomUUID()}${path.extname(real)}.bak`);
        writeTemp(backupPath, original, real);
      } else {
        throw new TagError('UNDO_TOO_LARGE', item.path, `${item.path}: the tag rewrite changes too much of the file to keep exact undo data within the configured limits; the file was not changed`);
      }
      const beforeMtimeMs = statSync(real).mtimeMs;
      if (keepMtime) setMtime(temp, beforeMtimeMs);
      // Last look before replacing: nobody touched the original while we worked, nobody holds a lock.
      if (!sameFingerprint(fingerprint(real), fpStart)) throw changed();
      checkWritable(real);
      const journalId = this.journal.insertPending(
        {
          batchId,
          trackId: item.trackId,
          path: real,
          container,
          oldGenres: item.old,
          newGenres: item.new,
          tagsWritten: written,
          beforeSize: original.length,
          beforeSha256: beforeSha,
          beforeMtimeMs,
          afterSize: after.length,
          afterSha256: sha256(after),
          keptMtime: keepMtime,
          restoreKind: restoreData ? 'diff' : 'backup',
          restoreData,
          backupPath,
        },
        this.now(),
      );
      try {
        replaceAtomically(temp, real);
      } catch (err) {
        this.journal.deleteEntry(journalId);
        throw err;
      }
      this.journal.setState(journalId, 'applied');
      await this.syncTrack(item.trackId, real, item.new);
      return journalId;
    } catch (err) {
      removeQuietly(temp);
      if (backupPath) removeQuietly(backupPath);
      throw tagErrorOf(err, item.path, 'writing the tags');
    }
  }

  private async syncTrack(trackId: number | null, real: string, genres: string[]): Promise<void> {
    if (trackId === null || !this.opts.trackSync) return;
    const s = statSync(real);
    const q = this.opts.quickHash ? await this.opts.quickHash(real) : null;
    this.opts.trackSync.noteOwnWrite(trackId, { sizeBytes: s.size, mtimeMs: s.mtimeMs, quickHash: q, genreTags: genres });
  }

  /** Settles rows left 'pending' by a crash: the file shows whether the rename happened. */
  settlePending(): void {
    for (const e of this.journal.select({ states: ['pending'] })) {
      let sha: string | null;
      try {
        sha = sha256(readFileSync(e.path));
      } catch {
        sha = null; // file gone: the rename cannot be confirmed
      }
      this.journal.setState(e.id, sha === e.afterSha256 ? 'applied' : 'abandoned');
    }
  }

  listBatches(): Array<{ batchId: string; createdAt: string; files: number; undone: boolean; source: string }> {
    return this.journal.listBatches().map((b) => ({ ...b, createdAt: new Date(b.createdAt).toISOString() }));
  }

  /** Restores the exact previous bytes of each selected file, newest change first. */
  async undo(sel: UndoSelector): Promise<UndoResult> {
    this.settlePending();
    let entries: JournalEntry[];
    if ('batchId' in sel) {
      if (!this.journal.batchExists(sel.batchId)) throw new UsageError(`no tag batch '${sel.batchId}' (see \`genrescope undo --list\`)`);
      entries = this.journal.select({ batchId: sel.batchId, states: ['applied'] });
    } else if ('journalId' in sel) {
      const e = this.journal.get(sel.journalId);
      if (!e) throw new UsageError(`no tag journal entry ${sel.journalId}`);
      entries = e.state === 'applied' ? [e] : [];
    } else if ('since' in sel) {
      const ms = typeof sel.since === 'number' ? sel.since : Date.parse(sel.since);
      if (!Number.isFinite(ms)) throw new UsageError(`--since expects a date like 2026-05-01 or 2026-05-01T12:00:00Z, got '${String(sel.since)}'`);
      entries = this.journal.select({ sinceMs: ms, states: ['applied'] });
    } else if ('path' in sel) {
      let p = path.resolve(sel.path);
      if (existsSync(p)) p = realpathSync(p);
      const e = this.journal.latestApplied(p);
      entries = e ? [e] : [];
    } else {
      entries = this.journal.select({ states: ['applied'] });
    }
    const results: FileResult[] = [];
    for (const e of entries) {
      try {
        await this.undoOne(e);
        results.push(resultOf(e, null, e.id));
      } catch (err) {
        results.push(resultOf(e, tagErrorOf(err, e.path, 'undoing the tag change'), e.id));
      }
    }
    const ok = results.filter((r) => r.ok).length;
    return { results, counts: { ok, failed: results.length - ok, skipped: 0 } };
  }

  private async undoOne(e: JournalEntry): Promise<void> {
    if (!existsSync(e.path)) throw new TagError('NOT_FOUND', e.path, `${e.path}: file not found (moved or deleted since it was tagged)`);
    checkWritable(e.path);
    const fp = fingerprint(e.path);
    const current = readFileSync(e.path);
    if (sha256(current) !== e.afterSha256) {
      throw new TagError(
        'UNDO_CONFLICT',
        e.path,
        `${e.path}: the file changed after Genrescope tagged it (another program or a later edit); undo would lose that change, so the file was not touched`,
      );
    }
    let restored: Buffer;
    if (e.restoreKind === 'diff' && e.restoreData) restored = applyByteDiff(current, decodeByteDiff(e.restoreData));
    else if (e.backupPath && existsSync(e.backupPath)) restored = readFileSync(e.backupPath);
    else throw new TagError('UNDO_CONFLICT', e.path, `${e.path}: the undo data for this change is missing (backup file gone)`);
    if (sha256(restored) !== e.beforeSha256) throw new TagError('UNDO_CONFLICT', e.path, `${e.path}: the undo data does not rebuild the original file; the file was not touched`);
    const temp = tempPathFor(e.path);
    try {
      writeTemp(temp, restored, e.path);
      if (e.keptMtime) setMtime(temp, e.beforeMtimeMs);
      if (!sameFingerprint(fingerprint(e.path), fp)) throw new TagError('UNDO_CONFLICT', e.path, `${e.path}: the file changed during undo; try again`);
      replaceAtomically(temp, e.path);
    } catch (err) {
      removeQuietly(temp);
      throw tagErrorOf(err, e.path, 'undoing the tag change');
    }
    this.journal.setState(e.id, 'undone', this.now());
    if (e.backupPath) removeQuietly(e.backupPath);
    await this.syncTrack(e.trackId, e.path, e.oldGenres);
  }
}
