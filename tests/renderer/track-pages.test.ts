/**
 * The library's page cache: which listTracks pages it asks for as the visible window moves, that it
 * keeps rows on screen across an invalidation, patches single rows, and ignores answers to an older
 * generation. The engine side is an in-memory list answering the real contract shapes.
 */
import { describe, expect, it } from 'vitest';
import type { Call } from '../../src/renderer/src/client/hooks.tsx';
import { PAGE_SIZE, TrackPages } from '../../src/renderer/src/views/library/track-pages.ts';
import type { ListTracksInput, TrackPage, TrackRow } from '../../src/shared/dto.ts';

function row(id: number, title = `Track ${id}`): TrackRow {
  return { id, path: `/m/${id}.mp3`, title, artist: null, album: null, durationSec: 60, genre: 'jazz', confidence: 0.9, top3: [], provider: 'cpu', status: 'ok' };
}

/** A fake engine: answers listTracks from `rows`, records requests, lets the test release answers. */
function engine(rows: TrackRow[]) {
  const requests: ListTracksInput[] = [];
  const waiting: (() => void)[] = [];
  let hold = false;
  const call = (async (method: string, input: unknown) => {
    if (method !== 'listTracks') throw new Error(`unexpected ${method}`);
    const q = input as ListTracksInput;
    requests.push(q);
    if (hold) await new Promise<void>((r) => waiting.push(r));
    const page: TrackPage = { total: rows.length, rows: rows.slice(q.offset, q.offset + q.limit) };
    return page;
  }) as Call;
  return {
    call,
    requests,
    rows,
    hold: (on: boolean) => {
      hold = on;
    },
    release: () => waiting.splice(0).forEach((r) => r()),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const sort = { key: 'title', dir: 'asc' } as const;

describe('TrackPages', () => {
  it('fetches only the pages covering the requested window, once each', async () => {
    const e = engine(Array.from({ length: 1000 }, (_, i) => row(i)));
    const pages = new TrackPages(e.call, { sort });
    pages.ensure(0, 50);
    pages.ensure(0, 60); // same page, already in flight
    await settle();
    expect(e.requests.map((r) => r.offset)).toEqual([0]);
    expect(pages.total).toBe(1000);
    expect(pages.rowAt(42)?.id).toBe(42);
    expect(pages.rowAt(PAGE_SIZE)).toBeUndefined();
    pages.ensure(950, 999);
    await settle();
    expect(e.requests.map((r) => r.offset)).toEqual([0, 800]);
    expect(pages.rowAt(999)?.id).toBe(999);
  });

  it('passes sort, genre and search through to the engine', async () => {
    const e = engine([row(1)]);
    const pages = new TrackPages(e.call, { sort: { key: 'confidence', dir: 'desc' }, genre: 'jazz', search: 'miles' });
    pages.ensure(0, 10);
    await settle();
    expect(e.requests[0]).toEqual({ offset: 0, limit: PAGE_SIZE, sort: { key: 'confidence', dir: 'desc' }, genre: 'jazz', search: 'miles' });
  });

  it('keeps old rows visible while an invalidation refetches, and drops pages past a shrunken end', async () => {
    const e = engine(Array.from({ length: 500 }, (_, i) => row(i)));
    const pages = new TrackPages(e.call, { sort });
    pages.ensure(0, 450);
    await settle();
    expect(pages.rowAt(450)?.id).toBe(450);
    e.rows.splice(100); // 400 tracks removed
    e.rows[0] = row(0, 'Renamed');
    e.hold(true);
    pages.invalidate();
    await settle();
    expect(pages.rowAt(0)?.title).toBe('Track 0'); // still the old row until the answer comes
    e.release();
    await settle();
    expect(pages.rowAt(0)?.title).toBe('Renamed');
    expect(pages.total).toBe(100);
    expect(pages.rowAt(450)).toBeUndefined();
  });

  it('ignores answers that belong to a generation before an invalidation', async () => {
    const e = engine(Array.from({ length: 10 }, (_, i) => row(i)));
    const pages = new TrackPages(e.call, { sort });
    e.hold(true);
    pages.ensure(0, 10);
    await settle();
    e.rows[3] = row(3, 'New');
    pages.invalidate(); // a second request for page 0 goes out
    await settle();
    expect(e.requests).toHaveLength(2);
    e.release();
    await settle();
    expect(pages.rowAt(3)?.title).toBe('New');
  });

  it('patches one updated row in place and notifies subscribers', async () => {
    const e = engine(Array.from({ length: 10 }, (_, i) => row(i)));
    const pages = new TrackPages(e.call, { sort });
    pages.ensure(0, 10);
    await settle();
    let notified = 0;
    pages.subscribe(() => notified++);
    const before = pages.getVersion();
    expect(pages.patch({ ...row(4), genre: 'rock' })).toBe(true);
    expect(pages.rowAt(4)?.genre).toBe('rock');
    expect(pages.getVersion()).toBe(before + 1);
    expect(notified).toBe(1);
    expect(pages.patch(row(99))).toBe(false); // not loaded: the caller refreshes instead
    expect(notified).toBe(1);
  });

  it('records a failed fetch as an error and retries the page on the next ensure', async () => {
    let fail = true;
    const call = (async (_m: string, input: unknown) => {
      if (fail) throw new Error('engine down');
      const q = input as ListTracksInput;
      return { total: 1, rows: [row(q.offset)] };
    }) as Call;
    const pages = new TrackPages(call, { sort });
    pages.ensure(0, 10);
    await settle();
    expect(pages.error?.message).toBe('engine down');
    fail = false;
    pages.ensure(0, 10);
    await settle();
    expect(pages.error).toBeNull();
    expect(pages.rowAt(0)?.id).toBe(0);
  });
});
