/**
 * GenrescopeService: the one engine facade used by the CLI, the Electron main process and
 * `genrescope serve`. It owns the library database and the analysis worker pool and answers the
 * engine part of the UI contract (src/shared/contract.ts: library, scan, model, settings, and the
 * validation-report and tagging methods, forwarded to src/core/validation and src/core/tags), plus
 * the events.
 * Plain Node: the Electron shell plugs its utilityProcess spawner in through the options.
 */
import { EventEmitter } from 'node:events';
import { statSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_FILE_TIMEOUT_MS, planAnalysisWindows } from '../decode/windows.ts';
import { ModelError, UsageError, errorMessage } from '../errors.ts';
import { AnalysisPool } from '../jobs/analysis-pool.ts';
import type { WorkerSpawner } from '../jobs/spawner.ts';
import { readTrackMeta } from '../library/metadata.ts';
import { Store } from '../store/store.ts';
import { createTagApi, type TagApi } from '../tags/api.ts';
import { LibraryWatcher, type LibraryWatcherOptions } from '../watch/library-watcher.ts';
import { buildReport, reportToDto, reportToHtml, ReportStore, type ValidationReport } from '../validation/index.ts';
import type { EngineEventSource, EventListener, EventName, EngineEvents, ServiceApi } from '../../shared/contract.ts';
import {
  ClassifyFilesInputSchema,
  ListTracksInputSchema,
  SettingsPatchSchema,
  type ApplyTagsInput,
  type ApplyTagsResult,
  type ClassifyResult,
  type ModelCard,
  type PreviewTagsInput,
  type ReportHtml,
  type TagBatch,
  type TagPreview,
  type UndoTagsInput,
  type UndoTagsResult,
  type ValidationReport as ValidationReportDto,
  type ScanStatus,
  type Settings,
  type TrackDetail,
  type TrackPage,
  type TrackRow,
} from '../../shared/dto.ts';
import type { ExecutionProvider } from '../../worker/protocol.ts';
import { analysisInputFromResult } from './analysis-result.ts';
import { classifyPaths, type ClassifyOptions, type ClassifyOutcome } from './classify-files.ts';
import { toModelCard, toTrackDetail, toTrackRow } from './dto-mappers.ts';
import { readModelIdentity, type ModelIdentity } from './model-identity.ts';
import { defaultDbPath } from './paths.ts';
import { ScanControl, type ScanCallOptions } from './scan-control.ts';
import { failureKind, type ScanSummary } from './scan-runner.ts';
import { providersFor, readSettings, writeSettings } from './settings.ts';

export type { ClassifyOutcome } from './classify-files.ts';
export type { ScanCallOptions } from './scan-control.ts';

export interface GenrescopeServiceOptions {
  /** Library database file; default: the OS app-data folder (see paths.ts). null: in memory (nothing kept). */
  dbPath?: string | null;
  /** Worker processes; default: the stored setting (cores − 1). */
  workers?: number;
  ffmpegPath?: string | null;
  /** Execution providers in order; default: from the stored provider preference. */
  providers?: ExecutionProvider[] | null;
  modelManifestPath?: string | null;
  windows?: { count: number; lengthSec: number };
  /** ffmpeg budget per file in ms (default 60 s). */
  timeoutMs?: number;
  /** How worker processes are started (Electron: utilityProcess); default child_process.fork. */
  spawner?: WorkerSpawner;
  workerEntry?: string;
  /** Extra environment for worker processes. */
  workerEnv?: NodeJS.ProcessEnv;
  /**
   * Watch mode (docs/watch.md): true = watch from the start, 'setting' = as the stored setting says
   * (desktop app, serve), false/absent = only when switched on with updateSettings or startWatching.
   */
  watch?: boolean | 'setting';
  /** Watch details: fixed folders instead of the library roots, timings, per-item callbacks (CLI), an injected fs.watch (tests). */
  watchOptions?: LibraryWatcherOptions & { roots?: string[] };
}

export class GenrescopeService implements ServiceApi, EngineEventSource {
  readonly store: Store;
  readonly dbPath: string | null;
  private readonly opts: GenrescopeServiceOptions;
  private readonly emitter = new EventEmitter();
  private pool: AnalysisPool | null = null;
  private poolKey = '';
  private identity: { requested: string | null; id: ModelIdentity } | null = null;
  private tags: TagApi | null = null;
  private readonly scans: ScanControl;
  private watcher: LibraryWatcher | null = null;
  private closed = false;

  constructor(opts: GenrescopeServiceOptions = {}) {
    this.opts = opts;
    this.dbPath = opts.dbPath === null ? null : path.resolve(opts.dbPath ?? defaultDbPath());
    this.store = this.dbPath ? Store.open(this.dbPath) : Store.openInMemory();
    this.emitter.setMaxListeners(0);
    this.scans = new ScanControl({
      store: this.store,
      engine: () => this.engine(),
      config: () => this.engineConfig(),
      timeoutMs: opts.timeoutMs,
      emit: (event, payload) => this.emit(event, payload),
    });
    if (opts.watch === true || (opts.watch === 'setting' && readSettings(this.store).watch)) this.startWatching();
  }

  // ---- events ------------------------------------------------------------------------------------

  on<E extends EventName>(event: E, listener: EventListener<E>): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  private emit<E extends EventName>(event: E, payload: EngineEvents[E]): void {
    if (event === 'scanProgress' && this.watcher) {
      this.emitter.emit(event, { ...(payload as ScanStatus), watch: this.watcher.status() });
      // A scan ended: changes that waited for it go now.
      if ((payload as ScanStatus).state === 'idle') this.watcher.kick();
      return;
    }
    this.emitter.emit(event, payload);
    if (event === 'libraryChanged') this.watcher?.syncRoots();
  }

  // ---- watch mode (src/core/watch) -----------------------------------------------------------------

  /**
   * Starts watch mode for this session (the stored setting is not changed). `extra` (callbacks) is
   * added to the constructor's watchOptions when the watcher is first created.
   */
  startWatching(extra: Pick<LibraryWatcherOptions, 'onItem' | 'onScan'> = {}): void {
    if (this.closed) throw new UsageError('the service is closed');
    if (!this.watcher) {
      const w = { ...this.opts.watchOptions, ...extra };
      this.watcher = new LibraryWatcher(
        {
          roots: () => w.roots?.map((r) => path.resolve(r)) ?? this.store.listRoots().map((r) => r.path),
          isScanning: () => this.scans.running,
          scan: (roots, only, o) => this.scans.scan(roots, { keepResults: false, only: only ?? undefined, onItem: o.onItem }),
          cancelScan: () => void this.scans.cancel(),
          statusChanged: () => this.emit('scanProgress', this.scans.status()),
        },
        { ...w, rescanIntervalMs: w.rescanIntervalMs ?? readSettings(this.store).watchRescanMinutes * 60_000 },
      );
    }
    this.watcher.start();
  }

  async stopWatching(): Promise<void> {
    await this.watcher?.stop();
  }

  /** Runs fn with watch scans stopped and held back (manual scans, root changes). */
  private async besideWatch<T>(fn: () => T | Promise<T>): Promise<T> {
    if (!this.watcher?.enabled) return fn();
    const release = await this.watcher.hold();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  // ---- engine (worker pool) ----------------------------------------------------------------------

  private engineConfig() {
    const s = readSettings(this.store);
    return {
      workers: this.opts.workers ?? s.workers,
      providers: this.opts.providers !== undefined ? this.opts.providers : providersFor(s.providerPreference),
      ffmpegPath: this.opts.ffmpegPath !== undefined ? this.opts.ffmpegPath : s.ffmpegPath,
      windows: this.opts.windows ?? s.windows,
      modelManifestPath: this.opts.modelManifestPath ?? null,
    };
  }

  /** The model in use (read and hashed in this process; cached per manifest path). */
  model(): ModelIdentity {
    const p = this.engineConfig().modelManifestPath;
    if (!this.identity || this.identity.requested !== p) {
      const id = readModelIdentity(p);
      this.store.registerModel(id.modelHash, id.modelName, id.manifest);
      this.identity = { requested: p, id };
    }
    return this.identity.id;
  }

  /**
   * The worker pool and the model. Workers start on the first job, so a rescan that finds nothing to
   * analyse never loads an ONNX session. The pool is replaced when worker settings changed (between
   * scans) or when its workers could not load the model.
   */
  async engine(): Promise<{ pool: AnalysisPool; model: ModelIdentity }> {
    if (this.closed) throw new UsageError('the service is closed');
    const model = this.model();
    const c = this.engineConfig();
    const key = JSON.stringify([c.workers, c.providers, model.manifestPath]);
    if (this.pool && ((this.poolKey !== key && !this.scans.running) || this.pool.failure)) {
      const old = this.pool;
      this.pool = null;
      await old.close();
    }
    if (!this.pool) {
      this.pool = new AnalysisPool({
        size: c.workers,
        spawner: this.opts.spawner,
        entry: this.opts.workerEntry,
        modelManifestPath: model.manifestPath,
        providers: c.providers,
        env: this.opts.workerEnv,
      });
      this.poolKey = key;
    }
    return { pool: this.pool, model };
  }

  // ---- library -----------------------------------------------------------------------------------

  async listTracks(input: Parameters<ServiceApi['listTracks']>[0]): Promise<TrackPage> {
    const q = ListTracksInputSchema.parse(input);
    const res = this.store.listTracks({ offset: q.offset, limit: q.limit, sort: q.sort.key, dir: q.sort.dir, genre: q.genre, search: q.search });
    return { total: res.total, rows: res.rows.map(toTrackRow) };
  }

  async getTrack({ id }: { id: number }): Promise<TrackDetail> {
    const d = toTrackDetail(this.store, id);
    if (!d) throw new UsageError(`no track with id ${id}`);
    return d;
  }

  async listRoots(): Promise<string[]> {
    return this.store.listRoots().map((r) => r.path);
  }

  async addRoot({ path: p }: { path: string }): Promise<string[]> {
    const abs = path.resolve(p);
    assertDirectory(abs);
    this.store.addRoot(abs);
    this.emit('libraryChanged', {});
    return this.listRoots();
  }

  async removeRoot({ path: p }: { path: string }): Promise<string[]> {
    return this.besideWatch(() => this.removeRootNow(p));
  }

  private async removeRootNow(p: string): Promise<string[]> {
    if (this.scans.running) throw new UsageError('cannot remove a folder while a scan is running: cancel the scan first');
    this.store.removeRoot(path.resolve(p));
    this.emit('libraryChanged', {});
    return this.listRoots();
  }

  // ---- scanning ----------------------------------------------------------------------------------

  async getScanStatus(): Promise<ScanStatus> {
    const s = this.scans.status();
    return this.watcher ? { ...s, watch: this.watcher.status() } : s;
  }

  /** Starts a scan in the background (roots default to the library's roots) and returns its status. */
  async startScan(input: { roots?: string[] } = {}): Promise<ScanStatus> {
    // The status as the scan starts (a scan that cannot run at all leaves its reason later).
    const s = await this.besideWatch(() => this.scans.start(input.roots));
    return this.watcher ? { ...s, watch: this.watcher.status() } : s;
  }

  async pauseScan(): Promise<ScanStatus> {
    return this.scans.pause();
  }

  async resumeScan(): Promise<ScanStatus> {
    return this.scans.resume();
  }

  async cancelScan(): Promise<ScanStatus> {
    return this.scans.cancel();
  }

  /**
   * Scans roots (default: the library's roots) in the foreground and resolves with a result per item
   * and counts. Given roots become library roots. Only one scan runs at a time.
   */
  scan(roots?: string[], opts: ScanCallOptions = {}): Promise<ScanSummary> {
    if (!this.watcher?.enabled) return this.scans.scan(roots, opts);
    // Started while holding watch scans back; the hold ends once this scan runs (it then blocks them).
    let scanning: Promise<ScanSummary> | null = null;
    return this.besideWatch(() => {
      scanning = this.scans.scan(roots, opts);
    }).then(() => scanning!);
  }

  // ---- one-off classification ----------------------------------------------------------------------

  async classifyFiles(input: { paths: string[] }): Promise<ClassifyResult[]> {
    const { paths } = ClassifyFilesInputSchema.parse(input);
    return (await this.classifyDetailed(paths)).map((o) => o.result);
  }

  /**
   * Classifies files without adding them to the library; a file the library already analysed with
   * this model, unchanged since, is answered from the database.
   */
  async classifyDetailed(paths: string[], opts: ClassifyOptions = {}): Promise<ClassifyOutcome[]> {
    const { pool, model } = await this.engine();
    const c = this.engineConfig();
    return classifyPaths({ store: this.store, pool, model, windows: c.windows, ffmpegPath: c.ffmpegPath, timeoutMs: this.opts.timeoutMs ?? DEFAULT_FILE_TIMEOUT_MS }, paths, opts);
  }

  /** Analyses one library track again (whatever its state) and returns its new row. */
  async reclassifyTrack({ id }: { id: number }): Promise<TrackRow> {
    const t = this.store.getTrack(id);
    if (!t) throw new UsageError(`no track with id ${id}`);
    const { pool, model } = await this.engine();
    const c = this.engineConfig();
    let durationSec = t.durationSec;
    try {
      durationSec = (await readTrackMeta(t.path)).durationSec ?? durationSec;
    } catch {
      // The worker reports the real problem (missing, unreadable, not audio).
    }
    const outcome = await pool.analyse({ path: t.path, windows: planAnalysisWindows(durationSec, c.windows), durationSec, ffmpegPath: c.ffmpegPath, timeoutMs: this.opts.timeoutMs });
    if (outcome.ok) this.store.saveAnalysis(id, analysisInputFromResult(outcome.result, model));
    else if (outcome.error.kind !== 'cancelled') this.store.recordFailure({ path: t.path, trackId: id, kind: failureKind(outcome.error.kind), message: outcome.error.message });
    const row = this.store.getTrackRow(id);
    if (!row) throw new UsageError(`track ${id} was removed while it was analysed`);
    const dto = toTrackRow(row);
    this.emit('trackUpdated', dto);
    return dto;
  }

  // ---- model & settings --------------------------------------------------------------------------

  async getModelCard(): Promise<ModelCard> {
    const { pool, model } = await this.engine();
    if (!model.card) throw new ModelError(`the model manifest ${model.manifestPath} has no training report, so there is no model card to show`);
    // The provider in use is only known once a worker has started a session.
    const ready = await pool.start();
    return toModelCard(
      model.card,
      model.modelHash,
      ready.provider,
      ready.providerAttempts.map((a) => ({ provider: a.provider, ok: a.ok, error: a.error ?? null })),
    );
  }

  async getSettings(): Promise<Settings> {
    return readSettings(this.store);
  }

  async updateSettings(input: Partial<Settings>): Promise<Settings> {
    const parsed = SettingsPatchSchema.safeParse(input);
    if (!parsed.success) throw new UsageError(`invalid settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const patch = parsed.data;
    if (patch.ffmpegPath) {
      try {
        if (!statSync(patch.ffmpegPath).isFile()) throw new Error('not a file');
      } catch (e) {
        throw new UsageError(`ffmpeg not found at ${patch.ffmpegPath}: ${errorMessage(e)}`);
      }
    }
    if (patch.roots) {
      const wanted = patch.roots.map((r) => path.resolve(r));
      for (const r of wanted) assertDirectory(r);
      // A watch scan steps aside (only a manual one blocks removing folders).
      await this.besideWatch(() => {
        const current = this.store.listRoots().map((r) => r.path);
        if (this.scans.running && current.some((r) => !wanted.includes(r))) throw new UsageError('cannot remove a folder while a scan is running: cancel the scan first');
        for (const r of current) if (!wanted.includes(r)) this.store.removeRoot(r);
        for (const r of wanted) this.store.addRoot(r);
        this.emit('libraryChanged', {});
      });
    }
    writeSettings(this.store, patch);
    const saved = readSettings(this.store);
    if (patch.watchRescanMinutes !== undefined && this.opts.watchOptions?.rescanIntervalMs === undefined) this.watcher?.setRescanInterval(saved.watchRescanMinutes * 60_000);
    if (patch.watch === true) this.startWatching();
    else if (patch.watch === false) await this.stopWatching();
    return saved;
  }

  // ---- validation report (src/core/validation) -----------------------------------------------------

  async getReport({ id }: { id: number }): Promise<ValidationReportDto | null> {
    const r = new ReportStore(this.store.db).latestForTrack(id);
    return r ? reportToDto(r) : null;
  }

  async runReport({ id }: { id: number }): Promise<ValidationReportDto> {
    return reportToDto(await this.buildTrackReport(id));
  }

  async exportReportHtml({ id }: { id: number }): Promise<ReportHtml> {
    const r = new ReportStore(this.store.db).latestForTrack(id) ?? (await this.buildTrackReport(id));
    return { html: reportToHtml(r) };
  }

  private async buildTrackReport(id: number): Promise<ValidationReport> {
    const t = this.store.getTrack(id);
    if (!t) throw new UsageError(`no track with id ${id}`);
    const c = this.engineConfig();
    const report = await buildReport(t.path, { trackId: id, ffmpegPath: c.ffmpegPath, windowCount: c.windows.count, windowLengthSec: c.windows.lengthSec, db: this.store.db });
    new ReportStore(this.store.db).save(report);
    return report;
  }

  // ---- tagging (src/core/tags) -----------------------------------------------------------------------

  private tagApi(): TagApi {
    this.tags ??= createTagApi(this.store);
    return this.tags;
  }

  async previewTags(input: PreviewTagsInput): Promise<TagPreview> {
    return this.tagApi().previewTags(input);
  }

  async applyTags(input: ApplyTagsInput): Promise<ApplyTagsResult> {
    const r = await this.tagApi().applyTags(input);
    this.afterTagWrite(r.results);
    return r;
  }

  async listTagBatches(): Promise<TagBatch[]> {
    return this.tagApi().listTagBatches();
  }

  async undoTags(input: UndoTagsInput): Promise<UndoTagsResult> {
    const r = await this.tagApi().undoTags(input);
    this.afterTagWrite(r.results);
    return r;
  }

  /** Written files keep their analysis (the tag writer told the store); the UI refreshes their rows. */
  private afterTagWrite(results: { trackId: number | null; ok: boolean }[]): void {
    for (const r of results) {
      if (!r.ok || r.trackId === null) continue;
      const row = this.store.getTrackRow(r.trackId);
      if (row) this.emit('trackUpdated', toTrackRow(row));
    }
    this.emit('libraryChanged', {});
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  /** Cancels a running scan, stops the workers and closes the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.watcher?.stop();
    await this.scans.stop();
    await this.pool?.close();
    this.pool = null;
    this.store.close();
  }
}

function assertDirectory(p: string): void {
  let st;
  try {
    st = statSync(p);
  } catch (e) {
    throw new UsageError(`folder not found: ${p} (${(e as NodeJS.ErrnoException).code ?? errorMessage(e)})`);
  }
  if (!st.isDirectory()) throw new UsageError(`not a folder: ${p}`);
}
