/**
 * Settings: music folders, watch mode, analysis workers, execution-provider preference, analysis
 * windows, ffmpeg path and theme. Theme and the watch toggle apply at once; the rest is saved with one
 * button (validated by the engine).
 */
import { useState } from 'react';
import { useMutation, useQuery, useScanStatus, useTransportKind } from '../../client/hooks.tsx';
import { useNotify } from '../../components/notify.tsx';
import { ErrorBanner, Loading } from '../../components/states.tsx';
import type { ProviderPreference, Settings, SettingsPatch, Theme, WatchStatus } from '../../../../shared/dto.ts';

const PROVIDERS: ProviderPreference[] = ['auto', 'cpu', 'cuda', 'dml', 'coreml', 'webgpu'];
const THEMES: Theme[] = ['system', 'light', 'dark'];

export function SettingsView({ onSaved }: { onSaved: (s: Settings) => void }) {
  const settings = useQuery('getSettings', undefined);
  if (settings.error) {
    return (
      <section className="view">
        <h1>Settings</h1>
        <ErrorBanner error={settings.error} what="Loading settings" />
      </section>
    );
  }
  if (!settings.data) {
    return (
      <section className="view">
        <h1>Settings</h1>
        <Loading what="settings" />
      </section>
    );
  }
  // Keyed by the saved values so the form resets to what the engine accepted after each save.
  return <SettingsForm key={JSON.stringify(settings.data)} saved={settings.data} onSaved={(s) => { settings.refetch(); onSaved(s); }} />;
}

function SettingsForm({ saved, onSaved }: { saved: Settings; onSaved: (s: Settings) => void }) {
  const notify = useNotify();
  const kind = useTransportKind();
  const update = useMutation('updateSettings');
  const addRoot = useMutation('addRoot');
  const removeRoot = useMutation('removeRoot');
  const pickFolder = useMutation('pickFolder');
  const [workers, setWorkers] = useState(String(saved.workers));
  const [provider, setProvider] = useState(saved.providerPreference);
  const [count, setCount] = useState(String(saved.windows.count));
  const [lengthSec, setLengthSec] = useState(String(saved.windows.lengthSec));
  const [ffmpeg, setFfmpeg] = useState(saved.ffmpegPath ?? '');
  const [newRoot, setNewRoot] = useState('');
  const [rescanMin, setRescanMin] = useState(String(saved.watchRescanMinutes));
  const [watchOn, setWatchOn] = useState(saved.watch);
  const watchStatus = useScanStatus().status?.watch;

  const save = async (patch: SettingsPatch, message = 'Settings saved'): Promise<boolean> => {
    try {
      const s = await update.run(patch);
      notify(message);
      onSaved(s);
      return true;
    } catch {
      // shown below from update.error
      return false;
    }
  };
  const saveForm = () =>
    save({
      workers: Number(workers),
      providerPreference: provider,
      windows: { count: Number(count), lengthSec: Number(lengthSec) },
      ffmpegPath: ffmpeg.trim() === '' ? null : ffmpeg.trim(),
      watchRescanMinutes: Number(rescanMin),
    });
  const dirty =
    workers !== String(saved.workers) ||
    provider !== saved.providerPreference ||
    count !== String(saved.windows.count) ||
    lengthSec !== String(saved.windows.lengthSec) ||
    ffmpeg !== (saved.ffmpegPath ?? '') ||
    rescanMin !== String(saved.watchRescanMinutes);

  const addFolder = async (path: string | null) => {
    if (!path?.trim()) return;
    try {
      await addRoot.run({ path: path.trim() });
      setNewRoot('');
      onSaved({ ...saved });
    } catch {
      // shown from addRoot.error
    }
  };

  return (
    <section className="view" aria-labelledby="settings-title" data-testid="settings-view">
      <h1 id="settings-title">Settings</h1>
      <div className="card">
        <h2>Appearance</h2>
        <div className="toolbar" role="radiogroup" aria-label="Theme">
          {THEMES.map((t) => (
            <label key={t} className="toolbar" style={{ gap: 4 }}>
              <input type="radio" name="theme" value={t} checked={saved.theme === t} onChange={() => void save({ theme: t }, `Theme: ${t}`)} data-testid={`theme-${t}`} />
              {t}
            </label>
          ))}
        </div>
      </div>
      <div className="card">
        <h2>Music folders</h2>
        <div className="list">
          {saved.roots.length === 0 && <p className="muted">No folders.</p>}
          {saved.roots.map((r) => (
            <div className="item" key={r}>
              <span className="path">{r}</span>
              <button className="danger" aria-label={`Remove folder ${r}`} onClick={() => removeRoot.run({ path: r }).then(() => onSaved({ ...saved }), () => {})}>
                Remove
              </button>
            </div>
          ))}
        </div>
        <div className="toolbar" style={{ marginTop: 8 }}>
          {kind === 'ipc' ? (
            <button onClick={() => pickFolder.run(undefined).then(addFolder, () => {})}>Add folder…</button>
          ) : (
            <>
              <input type="text" aria-label="Folder path to add" placeholder="/path/to/music" value={newRoot} onChange={(e) => setNewRoot(e.target.value)} style={{ width: 320 }} />
              <button onClick={() => void addFolder(newRoot)} disabled={!newRoot.trim()}>
                Add folder
              </button>
            </>
          )}
        </div>
        {(addRoot.error ?? removeRoot.error) && <ErrorBanner error={(addRoot.error ?? removeRoot.error) as Error} what="Changing folders" />}
        <label className="toolbar" style={{ gap: 6, marginTop: 12 }}>
          <input
            type="checkbox"
            checked={watchOn}
            onChange={(e) => {
              const on = e.target.checked;
              setWatchOn(on);
              // Back to the saved state if the engine refuses.
              void save({ watch: on }, on ? 'Watching folders for changes' : 'Stopped watching folders').then((ok) => ok || setWatchOn(saved.watch));
            }}
            data-testid="set-watch"
          />
          Watch folders for changes
        </label>
        <p className="muted small">New, changed, moved and deleted files are picked up by themselves, and the folders are rescanned every {saved.watchRescanMinutes} min as a safety net (the only way changes made on other computers reach a network share).</p>
        {watchOn && watchStatus?.enabled && <WatchState status={watchStatus} />}
      </div>
      <div className="card">
        <h2>Analysis</h2>
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void saveForm();
          }}
        >
          <label htmlFor="set-workers">Worker processes</label>
          <input id="set-workers" type="number" min={1} max={64} value={workers} onChange={(e) => setWorkers(e.target.value)} data-testid="set-workers" />
          <label htmlFor="set-provider">Execution provider</label>
          <select id="set-provider" value={provider} onChange={(e) => setProvider(e.target.value as ProviderPreference)} data-testid="set-provider">
            {PROVIDERS.map((p) => (
              <option key={p} value={p}>
                {p === 'auto' ? 'auto (best available, falls back to cpu)' : p}
              </option>
            ))}
          </select>
          <label htmlFor="set-count">Analysis windows per track</label>
          <input id="set-count" type="number" min={1} max={30} value={count} onChange={(e) => setCount(e.target.value)} />
          <label htmlFor="set-length">Window length (seconds)</label>
          <input id="set-length" type="number" min={1} max={60} step="any" value={lengthSec} onChange={(e) => setLengthSec(e.target.value)} />
          <label htmlFor="set-ffmpeg">ffmpeg path</label>
          <input id="set-ffmpeg" type="text" placeholder="(bundled ffmpeg)" value={ffmpeg} onChange={(e) => setFfmpeg(e.target.value)} />
          <label htmlFor="set-rescan">Watch: rescan every (minutes)</label>
          <input id="set-rescan" type="number" min={1} max={1440} value={rescanMin} onChange={(e) => setRescanMin(e.target.value)} data-testid="set-rescan" />
          <span />
          <div className="toolbar">
            <button type="submit" className="primary" disabled={!dirty || update.pending} data-testid="save-settings">
              Save
            </button>
            <span className="muted small">Changing windows or provider affects tracks analysed from now on.</span>
          </div>
        </form>
        {update.error && <ErrorBanner error={update.error} what="Saving settings" />}
      </div>
    </section>
  );
}

/** Which folders get change events and which only the periodic rescan (and why). */
function WatchState({ status }: { status: WatchStatus }) {
  return (
    <div className="list small" data-testid="watch-status">
      {status.roots.map((r) => (
        <div className="item" key={r.path}>
          <span className="path">{r.path}</span>
          <span className="muted" style={r.mode === 'polling' ? { color: 'var(--warn)' } : undefined}>{r.mode === 'events' ? 'watching' : `rescan only: ${r.reason ?? ''}`}</span>
        </div>
      ))}
      {status.pending > 0 && <p className="muted">{status.pending} change{status.pending === 1 ? '' : 's'} waiting</p>}
      {status.lastError && <p style={{ color: 'var(--warn)' }}>Last watch scan: {status.lastError}</p>}
    </div>
  );
}
