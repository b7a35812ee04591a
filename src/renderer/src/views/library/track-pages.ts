/**
 * Client-side window onto the library for the virtualized table: rows are fetched from the engine in
 * pages (listTracks offset/limit) only when they scroll into view, so 100k tracks cost a few pages of
 * memory. One instance per query (sort, genre, search); a new query makes a new instance.
 * After `invalidate()` (library changed) the old rows stay on screen until fresh pages replace them.
 */
import type { Call } from '../../client/hooks.tsx';
import type { Sort, TrackRow } from '../../../../shared/dto.ts';

export const PAGE_SIZE = 200;

export interface TrackQuery {
  sort: Sort;
  genre?: string;
  search?: string;
}

export class TrackPages {
  private readonly call: Call;
  private readonly query: TrackQuery;
  private readonly pages = new Map<number, TrackRow[]>();
  private readonly stale = new Set<number>();
  private readonly inFlight = new Set<number>();
  private readonly listeners = new Set<() => void>();
  private wanted: [number, number] = [0, 0];
  private invalidateTimer: ReturnType<typeof setTimeout> | null = null;
  private generation = 0;
  private disposed = false;
  total: number | null = null;
  error: Error | null = null;
  /** Bumped on every change; the snapshot for useSyncExternalStore. */
  version = 0;

  constructor(call: Call, query: TrackQuery) {
    this.call = call;
    this.query = query;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  rowAt(index: number): TrackRow | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** Makes sure rows [start, end] are loaded (or loading). */
  ensure(start: number, end: number): void {
    this.wanted = [start, end];
    const first = Math.floor(Math.max(0, start) / PAGE_SIZE);
    const last = Math.floor(Math.max(0, end) / PAGE_SIZE);
    for (let p = first; p <= last; p++) {
      if (this.total !== null && p * PAGE_SIZE >= this.total && p > 0) break;
      if ((!this.pages.has(p) || this.stale.has(p)) && !this.inFlight.has(p)) void this.load(p);
    }
  }

  /** The library changed: keep showing what we have, refetch what is visible. */
  invalidate(): void {
    this.generation++;
    this.inFlight.clear();
    for (const p of this.pages.keys()) this.stale.add(p);
    this.ensure(this.wanted[0], this.wanted[1]);
  }

  /** invalidate(), at most once a second (a scan adds tracks many times a second). */
  invalidateSoon(): void {
    if (this.invalidateTimer) return;
    this.invalidateTimer = setTimeout(() => {
      this.invalidateTimer = null;
      if (!this.disposed) this.invalidate();
    }, 1000);
  }

  /** A single track changed (trackUpdated): patch it in place; false when we do not hold it. */
  patch(row: TrackRow): boolean {
    for (const rows of this.pages.values()) {
      const i = rows.findIndex((r) => r.id === row.id);
      if (i >= 0) {
        rows[i] = row;
        this.changed();
        return true;
      }
    }
    return false;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
    if (this.invalidateTimer) clearTimeout(this.invalidateTimer);
  }

  private async load(page: number): Promise<void> {
    const generation = this.generation;
    this.inFlight.add(page);
    try {
      const res = await this.call('listTracks', {
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
        sort: this.query.sort,
        ...(this.query.genre ? { genre: this.query.genre } : {}),
        ...(this.query.search ? { search: this.query.search } : {}),
      });
      if (this.disposed || generation !== this.generation) return;
      this.pages.set(page, res.rows);
      this.stale.delete(page);
      this.total = res.total;
      this.error = null;
      // Pages beyond the new end are gone (tracks removed): drop them.
      for (const p of [...this.pages.keys()]) if (p * PAGE_SIZE >= res.total && p > 0) this.pages.delete(p);
    } catch (err) {
      if (this.disposed || generation !== this.generation) return;
      this.error = err instanceof Error ? err : new Error(String(err));
    } finally {
      if (generation === this.generation) this.inFlight.delete(page);
    }
    this.changed();
  }

  private changed(): void {
    this.version++;
    for (const l of [...this.listeners]) l();
  }
}
