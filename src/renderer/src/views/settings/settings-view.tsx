/**
 * Settings: music folders, analysis workers, execution-provider preference, analysis windows, ffmpeg
 * path and theme. Theme applies at once; the rest is saved with one button (validated by the engine).
 */
import { useState } from 'react';
import { useMutation, useQuery, useTransportKind } from '../../client/hooks.tsx';
import { useNotify } from '../../components/notify.tsx';
import { ErrorBanner, Loading } from '../../components/states.tsx';
import type { ProviderPreference, Settings, SettingsPatch, Theme } from '../../../../shared/dto.ts';

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

  const save = async (patch: SettingsPatch, message = 'Settings saved') => {
    try {
      const s = await update.run(patch);
      notify(message);
      onSaved(s);
    } catch {
      // shown below from update.error
    }
  };
  const saveForm = () =>
    save({
      workers: Number(workers),
      providerPreference: provider,
      windows: { count: Number(count), lengthSec: Number(lengthSec) },
      ffmpegPath: ffmpeg.trim() === '' ? null : ffmpeg.trim(),
    });
  const dirty =
    workers !== String(saved.workers) ||
    provider !== saved.providerPreference ||
    count !== String(saved.windows.count) ||
    lengthSec !== String(saved.windows.lengthSec) ||
    ffmpeg !== (saved.ffmpegPath ?? '');

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
