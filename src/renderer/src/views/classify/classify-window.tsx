/**
 * The compact classify-result page (`?view=classify`): the small window the desktop app opens when
 * the OS asks it to classify files while its main window is closed. No sidebar: the files with genre,
 * confidence and top-3 (or the error), progress while they run, and a way to the whole app.
 *
 * Files come from `openFiles` events (each one adds to the list), files dropped on the window
 * (desktop), or paths typed into "Classify files…" — the way in a browser against `genrescope serve`,
 * where no OS sends events (paths on the machine that runs the engine, e.g. the NAS).
 */
import { useState, type DragEvent } from 'react';
import { useConnection, useEvent, usePathForFile, useQuery, useTransportKind } from '../../client/hooks.tsx';
import { ClassifyResultList, ClassifySummary, useClassifyList } from '../../components/classify-results.tsx';
import { useNotify } from '../../components/notify.tsx';
import { parsePathList } from '../../lib/classify-list.ts';
import { openFullApp } from '../../platform/app-view.ts';
import { useApplyTheme } from '../../platform/theme.ts';

export function ClassifyWindow() {
  const connection = useConnection();
  const kind = useTransportKind();
  const notify = useNotify();
  const pathForFile = usePathForFile();
  const settings = useQuery('getSettings', undefined, { keepPrevious: true });
  useApplyTheme(settings.data?.theme);
  const { entries, classify } = useClassifyList();
  const [typed, setTyped] = useState('');
  // In a browser the typed box is the only way in, so it starts open there.
  const [formOpen, setFormOpen] = useState(kind === 'websocket');

  useEvent('openFiles', ({ paths }) => classify(paths));

  const submit = (ev: { preventDefault(): void }) => {
    ev.preventDefault();
    const paths = parsePathList(typed);
    if (paths.length === 0) return;
    classify(paths);
    setTyped('');
  };

  const onDrop = (ev: DragEvent) => {
    if (!ev.dataTransfer.files.length) return;
    ev.preventDefault();
    const paths = [...ev.dataTransfer.files].map(pathForFile).filter((p): p is string => p !== null);
    if (paths.length === 0) {
      notify('Dropping files works in the desktop app; in a browser, type their paths under "Classify files…".', 'error');
      return;
    }
    classify(paths);
  };

  return (
    <div className="classify-window" onDragOver={(e) => e.preventDefault()} onDrop={onDrop} data-testid="classify-window">
      <header className="classify-header">
        <h1>Classify genre</h1>
        <span className="conn" data-testid="connection" data-state={connection} title={connection === 'open' ? 'engine ready' : connection === 'closed' ? 'engine unreachable' : 'connecting…'}>
          <span className={`dot ${connection === 'open' ? 'ok' : connection === 'closed' ? 'bad' : 'warn'}`} />
          <span className="sr-only">{connection === 'open' ? 'engine ready' : connection === 'closed' ? 'engine unreachable' : 'connecting…'}</span>
        </span>
        <div className="grow" />
        <button onClick={() => setFormOpen((o) => !o)} aria-expanded={formOpen} aria-controls="classify-form" data-testid="toggle-classify-form">
          Classify files…
        </button>
        <button className="primary" onClick={openFullApp} data-testid="open-full-app">
          Open Genrescope
        </button>
      </header>
      <main className="classify-body">
        {connection === 'closed' && (
          <div className="banner error" role="alert" data-testid="engine-unreachable">
            The engine is not reachable.{kind === 'websocket' ? ' Is `genrescope serve` still running?' : ''} Retrying…
          </div>
        )}
        {formOpen && (
          <form id="classify-form" className="classify-form" onSubmit={submit} data-testid="classify-form">
            <label htmlFor="classify-paths" className="small muted">
              {kind === 'websocket' ? 'Paths of audio files on the machine that runs Genrescope, one per line' : 'Paths of audio files, one per line'}
            </label>
            <div className="row">
              <textarea
                id="classify-paths"
                rows={2}
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                onKeyDown={(e) => {
                  // Ctrl/Cmd+Enter classifies; Enter alone starts the next line.
                  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit(e);
                }}
                placeholder={'/music/song.mp3\n/music/other.flac'}
                spellCheck={false}
                data-testid="classify-paths"
              />
              <button type="submit" className="primary" disabled={parsePathList(typed).length === 0} data-testid="classify-submit">
                Classify
              </button>
            </div>
          </form>
        )}
        <ClassifySummary entries={entries} />
        {entries.length === 0 ? (
          <p className="muted classify-empty" data-testid="classify-empty">
            {kind === 'ipc' ? 'Waiting for files… Drop audio files here to classify them.' : 'No files yet. Type the paths of audio files above to classify them.'} They are not added to your
            library.
          </p>
        ) : (
          <ClassifyResultList entries={entries} />
        )}
      </main>
    </div>
  );
}
