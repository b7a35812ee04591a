/**
 * The app shell: sidebar navigation, engine connection state, theme, and the views. Views get data
 * only through the client hooks; routing is by URL hash (see platform/router.ts). The compact
 * classify-result page (`?view=classify`) is chosen in main.tsx and does not use this shell.
 */
import { lazy, Suspense, useState, type DragEvent } from 'react';
import { useConnection, useEvent, useMutation, usePathForFile, useQuery, useScanStatus, useTransportKind } from './client/hooks.tsx';
import { ClassifyDialog } from './components/classify-dialog.tsx';
import { useClassifyList } from './components/classify-results.tsx';
import { Loading } from './components/states.tsx';
import { useNotify } from './components/notify.tsx';
import { useApplyTheme } from './platform/theme.ts';
import { useRoute, type Route } from './platform/router.ts';
import { LibraryView } from './views/library/library-view.tsx';
import { ModelView } from './views/model/model-view.tsx';
import { ScanView } from './views/scan/scan-view.tsx';
import { SettingsView } from './views/settings/settings-view.tsx';
import { TagsView } from './views/tags/tags-view.tsx';
import type { Settings, Theme } from '../../shared/dto.ts';

// The track view carries wavesurfer and its spectrogram worker: loaded when a track is first opened.
const TrackView = lazy(() => import('./views/track/track-view.tsx').then((m) => ({ default: m.TrackView })));

const NAV: { view: Exclude<Route['view'], 'track'>; label: string }[] = [
  { view: 'library', label: 'Library' },
  { view: 'scan', label: 'Scan' },
  { view: 'tags', label: 'Tags' },
  { view: 'model', label: 'Model' },
  { view: 'settings', label: 'Settings' },
];

const NEXT_THEME: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };

export function App() {
  const [route, navigate] = useRoute();
  const connection = useConnection();
  const kind = useTransportKind();
  const notify = useNotify();
  const settings = useQuery('getSettings', undefined, { keepPrevious: true });
  const [themeOverride, setThemeOverride] = useState<Theme | null>(null);
  const theme = themeOverride ?? settings.data?.theme;
  useApplyTheme(theme);
  const updateSettings = useMutation('updateSettings');
  const pathForFile = usePathForFile();
  // Files that arrive while the dialog is open are added to it; closing it starts the next list afresh.
  const classifyList = useClassifyList();
  const classifyPaths = classifyList.classify;
  const { status: scanStatus } = useScanStatus();

  useEvent('openFiles', ({ paths }) => classifyPaths(paths));

  const cycleTheme = () => {
    const next = NEXT_THEME[theme ?? 'system'];
    setThemeOverride(next);
    // The override stays: it is always the theme the user chose last (saved in order over one connection).
    updateSettings.run({ theme: next }).then(
      () => settings.refetch(),
      (err: Error) => notify(`Could not save the theme: ${err.message}`, 'error'),
    );
  };

  const onDrop = (ev: DragEvent) => {
    if (!ev.dataTransfer.files.length) return;
    ev.preventDefault();
    const paths = [...ev.dataTransfer.files].map(pathForFile).filter((p): p is string => p !== null);
    if (paths.length === 0) {
      notify('Dropping files works in the desktop app; in a browser, add their folder on the Scan page.', 'error');
      return;
    }
    classifyPaths(paths);
  };

  const scanning = scanStatus !== undefined && scanStatus.state !== 'idle';
  const active = route.view === 'track' ? 'library' : route.view;

  return (
    <div className="app" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <aside className="sidebar">
        <div className="brand">
          Genre<span>scope</span>
        </div>
        <nav aria-label="Main">
          {NAV.map((n) => (
            <button key={n.view} aria-current={active === n.view ? 'page' : undefined} onClick={() => navigate({ view: n.view } as Route)} data-testid={`nav-${n.view}`}>
              {n.label}
              {n.view === 'scan' && scanning ? (
                <span className="muted small" data-testid="nav-scan-progress">
                  {' '}
                  {scanStatus.total ? Math.round((scanStatus.done / scanStatus.total) * 100) : 0}%
                </span>
              ) : null}
            </button>
          ))}
        </nav>
        <div className="spacer" />
        {scanStatus?.watch?.enabled && (
          <span className="muted small" data-testid="watch-indicator" title={scanStatus.watch.roots.map((r) => `${r.path}: ${r.mode === 'events' ? 'watching' : (r.reason ?? 'rescan only')}`).join('\n')}>
            Watching folders{scanStatus.watch.roots.some((r) => r.mode === 'polling') ? ' (some by rescan only)' : ''}
          </span>
        )}
        <button onClick={cycleTheme} aria-label={`Theme: ${theme ?? 'system'} (click to change)`} data-testid="theme-toggle">
          Theme: {theme ?? 'system'}
        </button>
        <div className="conn" data-testid="connection" data-state={connection}>
          <span className={`dot ${connection === 'open' ? 'ok' : connection === 'closed' ? 'bad' : 'warn'}`} />
          {connection === 'open' ? (kind === 'ipc' ? 'engine ready' : 'connected') : connection === 'closed' ? 'engine unreachable' : 'connecting…'}
        </div>
      </aside>
      <main className="main">
        {connection === 'closed' && (
          <div className="banner error" role="alert" data-testid="engine-unreachable" style={{ margin: '10px 20px 0' }}>
            The engine is not reachable. {kind === 'websocket' ? 'Is `genrescope serve` still running, and is the link (with its token) current? ' : ''}Retrying…
          </div>
        )}
        <Suspense fallback={<Loading what="view" />}>
          <CurrentView route={route} navigate={navigate} theme={theme ?? 'system'} onSettingsSaved={(s) => {
            setThemeOverride(s.theme);
            settings.refetch();
          }} />
        </Suspense>
      </main>
      {classifyList.entries.length > 0 && <ClassifyDialog entries={classifyList.entries} onClose={classifyList.clear} />}
    </div>
  );
}

function CurrentView({ route, navigate, theme, onSettingsSaved }: { route: Route; navigate: (r: Route) => void; theme: string; onSettingsSaved: (s: Settings) => void }) {
  switch (route.view) {
    case 'library':
      return <LibraryView navigate={navigate} />;
    case 'scan':
      return <ScanView />;
    case 'track':
      return <TrackView key={route.id} id={route.id} tab={route.tab} theme={theme} navigate={navigate} />;
    case 'model':
      return <ModelView />;
    case 'tags':
      return <TagsView />;
    case 'settings':
      return <SettingsView onSaved={onSettingsSaved} />;
  }
}
