/**
 * The library: a virtualized table over server-side pages (listTracks offset/limit), so scrolling
 * 100k tracks only ever renders ~40 rows and holds a few pages. Sort by column, filter by genre,
 * search, keyboard navigation (arrows, Page Up/Down, Home/End, Enter opens), right-click menu.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent, type MouseEvent } from 'react';
import { useCall, useEvent, useQuery } from '../../client/hooks.tsx';
import { Empty, ErrorBanner } from '../../components/states.tsx';
import { useTrackActions } from '../../components/track-actions.ts';
import { baseName, formatDuration, formatPercent } from '../../lib/format.ts';
import type { Route } from '../../platform/router.ts';
import type { Sort, SortKey, TrackRow } from '../../../../shared/dto.ts';
import { ContextMenu, type CloseReason, type MenuItem } from './context-menu.tsx';
import { PAGE_SIZE, TrackPages } from './track-pages.ts';

const ROW_HEIGHT = 32;

const COLUMNS: { label: string; sortKey: SortKey | null; className?: string }[] = [
  { label: 'Title', sortKey: 'title' },
  { label: 'Artist', sortKey: 'artist' },
  { label: 'Album', sortKey: 'album' },
  { label: 'Duration', sortKey: 'duration', className: 'num' },
  { label: 'Genre', sortKey: 'genre' },
  { label: 'Confidence', sortKey: 'confidence', className: 'num' },
  { label: 'Top 3', sortKey: null },
  { label: 'Provider', sortKey: null },
];

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

export function LibraryView({ navigate }: { navigate: (route: Route) => void }) {
  const call = useCall();
  const [sort, setSort] = useState<Sort>({ key: 'title', dir: 'asc' });
  const [genre, setGenre] = useState('');
  const [searchText, setSearchText] = useState('');
  const search = useDebounced(searchText.trim(), 250);
  const [selected, setSelected] = useState(-1);
  const [menu, setMenu] = useState<{ x: number; y: number; row: TrackRow } | null>(null);
  const actions = useTrackActions();

  const roots = useQuery('listRoots', undefined, { refetchOn: ['libraryChanged'] });
  // Refetched with the library: a model that failed to load at first may be there after a scan.
  const model = useQuery('getModelCard', undefined, { refetchOn: ['libraryChanged'], keepPrevious: true, retryMs: 3000 });
  const queryKey = JSON.stringify([sort, genre, search]);
  const pages = useMemo(() => {
    const [s, g, q] = JSON.parse(queryKey) as [Sort, string, string];
    return new TrackPages(call, { sort: s, genre: g || undefined, search: q || undefined });
  }, [call, queryKey]);
  useEffect(() => () => pages.dispose(), [pages]);
  useSyncExternalStore(pages.subscribe, pages.getVersion);
  useEvent('libraryChanged', () => pages.invalidateSoon());
  // A track we do not hold is new (a scan is adding it) or sorted elsewhere: refresh, at most once a
  // second, so the table fills in while a scan runs instead of only at its end.
  useEvent('trackUpdated', (row) => {
    if (!pages.patch(row)) pages.invalidateSoon();
  });

  const total = pages.total ?? 0;
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the virtualizer re-renders us itself
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items.length ? items[0].index : 0;
  const lastIndex = items.length ? items[items.length - 1].index : 0;
  useEffect(() => {
    // The first page is fetched before the virtualizer knows there are rows at all; half a page
    // ahead is prefetched so a steady scroll rarely shows rows still loading.
    pages.ensure(Math.max(0, firstIndex - PAGE_SIZE / 4), Math.max(lastIndex, firstIndex + 60) + PAGE_SIZE / 2);
  }, [pages, firstIndex, lastIndex]);

  const open = useCallback((row: TrackRow | undefined) => row && navigate({ view: 'track', id: row.id, tab: 'overview' }), [navigate]);
  const selectIndex = (i: number) => {
    const clamped = Math.max(0, Math.min(total - 1, i));
    setSelected(clamped);
    virtualizer.scrollToIndex(clamped, { align: 'auto' });
  };

  const onKeyDown = (ev: KeyboardEvent<HTMLDivElement>) => {
    if (total === 0) return;
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 320) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: pageRows, PageUp: -pageRows };
    if (ev.key in moves) {
      ev.preventDefault();
      selectIndex((selected < 0 ? -1 : selected) + moves[ev.key]);
    } else if (ev.key === 'Home' || ev.key === 'End') {
      ev.preventDefault();
      selectIndex(ev.key === 'Home' ? 0 : total - 1);
    } else if (ev.key === 'Enter' && selected >= 0) {
      ev.preventDefault();
      open(pages.rowAt(selected));
    } else if ((ev.key === 'ContextMenu' || (ev.key === 'F10' && ev.shiftKey)) && selected >= 0) {
      ev.preventDefault();
      const row = pages.rowAt(selected);
      const el = scrollRef.current?.querySelector(`[data-index="${selected}"]`)?.getBoundingClientRect();
      if (row) setMenu({ x: (el?.left ?? 200) + 40, y: (el?.bottom ?? 200) - 4, row });
    }
  };

  const onContextMenu = (ev: MouseEvent, index: number, row: TrackRow | undefined) => {
    ev.preventDefault();
    setSelected(index);
    if (row) setMenu({ x: ev.clientX, y: ev.clientY, row });
  };

  const closeMenu = useCallback((reason: CloseReason) => {
    setMenu(null);
    // Keyboard users continue in the table; a click elsewhere keeps its own focus.
    if (reason !== 'outside') scrollRef.current?.focus({ preventScroll: true });
  }, []);
  const menuItems: MenuItem[] = menu
    ? [
        { label: 'Classify again', testId: 'menu-reclassify', action: () => void actions.reclassify(menu.row) },
        { label: 'Open FFT report', testId: 'menu-report', action: () => navigate({ view: 'track', id: menu.row.id, tab: 'report' }) },
        { label: 'Reveal in folder', testId: 'menu-reveal', action: () => actions.reveal(menu.row.path) },
        { label: 'Copy path', testId: 'menu-copy', action: () => actions.copyPath(menu.row.path) },
      ]
    : [];

  const toggleSort = (key: SortKey) => {
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'confidence' ? 'desc' : 'asc' }));
    setSelected(-1);
  };

  const labels = model.data?.labels ?? [];
  const noRoots = roots.data !== undefined && roots.data.length === 0;
  const loaded = pages.total !== null;
  const filtering = genre !== '' || search !== '';

  return (
    <section className="view fill" aria-labelledby="library-title">
      <div className="toolbar">
        <h1 id="library-title">Library</h1>
        <span className="muted" data-testid="track-count">
          {loaded ? `${total.toLocaleString()} ${total === 1 ? 'track' : 'tracks'}` : ''}
        </span>
        <span className="grow" />
        <input
          type="search"
          placeholder="Search title, artist, album, path"
          aria-label="Search tracks"
          data-testid="search"
          value={searchText}
          onChange={(e) => {
            setSearchText(e.target.value);
            setSelected(-1);
          }}
          style={{ width: 260 }}
        />
        <select
          aria-label="Filter by genre"
          data-testid="genre-filter"
          value={genre}
          onChange={(e) => {
            setGenre(e.target.value);
            setSelected(-1);
          }}
        >
          <option value="">All genres</option>
          {labels.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
          <option value="unknown">unknown</option>
        </select>
      </div>
      {pages.error && <ErrorBanner error={pages.error} what="Loading the library" />}
      {noRoots && total === 0 ? (
        <Empty title="No music folders yet" testId="empty-no-roots">
          <p className="muted">Add a folder with your music and Genrescope will classify every track in it.</p>
          <button className="primary" onClick={() => navigate({ view: 'scan' })} data-testid="go-add-folder">
            Add a music folder
          </button>
        </Empty>
      ) : loaded && total === 0 && !filtering ? (
        <Empty title="No tracks yet" testId="empty-no-tracks">
          <p className="muted">Your folders have not been scanned, or they hold no audio files.</p>
          <button className="primary" onClick={() => navigate({ view: 'scan' })}>
            Go to Scan
          </button>
        </Empty>
      ) : (
        <div className="table" role="grid" aria-rowcount={total} aria-label="Tracks" data-testid="track-table">
          <div className="table-head" role="row">
            {COLUMNS.map((c) => (
              <div
                key={c.label}
                role="columnheader"
                className={c.className}
                aria-sort={c.sortKey && sort.key === c.sortKey ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
              >
                {c.sortKey ? (
                  <button onClick={() => toggleSort(c.sortKey as SortKey)} data-testid={`sort-${c.sortKey}`}>
                    {c.label}
                    {sort.key === c.sortKey ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                ) : (
                  c.label
                )}
              </div>
            ))}
          </div>
          <div
            className="table-body"
            ref={scrollRef}
            tabIndex={0}
            onKeyDown={onKeyDown}
            aria-activedescendant={selected >= 0 ? `track-row-${selected}` : undefined}
            data-testid="track-table-body"
          >
            {loaded && total === 0 && <div className="empty muted">No tracks match this filter.</div>}
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const row = pages.rowAt(item.index);
                return (
                  <div
                    key={item.key}
                    id={`track-row-${item.index}`}
                    data-index={item.index}
                    role="row"
                    aria-rowindex={item.index + 1}
                    aria-selected={item.index === selected}
                    className={`table-row ${row ? (row.status === 'failed' ? 'failed' : '') : 'placeholder'}`}
                    style={{ transform: `translateY(${item.start}px)` }}
                    data-testid={row ? 'track-row' : 'track-row-loading'}
                    data-track-id={row?.id}
                    onClick={() => setSelected(item.index)}
                    onDoubleClick={() => open(row)}
                    onContextMenu={(e) => onContextMenu(e, item.index, row)}
                  >
                    {row ? <RowCells row={row} /> : <div>…</div>}
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      )}
      {menu && <ContextMenu x={menu.x} y={menu.y} items={menuItems} onClose={closeMenu} />}
    </section>
  );
}

function RowCells({ row }: { row: TrackRow }) {
  const genreText = row.status === 'failed' ? 'failed' : row.status === 'pending' ? 'pending' : (row.genre ?? '');
  return (
    <>
      <div role="gridcell" title={row.path}>
        {row.title || baseName(row.path)}
      </div>
      <div role="gridcell">{row.artist ?? ''}</div>
      <div role="gridcell">{row.album ?? ''}</div>
      <div role="gridcell" className="num">
        {formatDuration(row.durationSec)}
      </div>
      <div role="gridcell" className="genre" data-testid="cell-genre" title={row.error ?? undefined}>
        {genreText && <span className="chip">{genreText}</span>}
      </div>
      <div role="gridcell" className="num">
        {formatPercent(row.confidence)}
      </div>
      <div role="gridcell" className="top3">
        {row.top3.map((t) => (
          <span key={t.genre} className="chip" title={`${t.genre} ${formatPercent(t.p, 1)}`}>
            {t.genre} {formatPercent(t.p)}
          </span>
        ))}
      </div>
      <div role="gridcell" className="muted">
        {row.provider ?? ''}
      </div>
    </>
  );
}
