/**
 * Folders and scanning: add/remove music folders (native picker in the desktop app, a typed path in a
 * browser), start/pause/resume/cancel a scan, live progress from `scanProgress` events, and every
 * file that failed with its reason.
 */
import { useState } from 'react';
import { useMutation, useQuery, useScanStatus, useTransportKind } from '../../client/hooks.tsx';
import { useNotify } from '../../components/notify.tsx';
import { ErrorBanner } from '../../components/states.tsx';
import { formatEta } from '../../lib/format.ts';
import { Stat } from '../../components/stat.tsx';

export function ScanView() {
  const kind = useTransportKind();
  const notify = useNotify();
  const roots = useQuery('listRoots', undefined, { refetchOn: ['libraryChanged'] });
  const { status, setStatus, error: statusError } = useScanStatus();
  const [typedPath, setTypedPath] = useState('');
  const addRoot = useMutation('addRoot');
  const removeRoot = useMutation('removeRoot');
  const pickFolder = useMutation('pickFolder');
  const startScan = useMutation('startScan');
  const pauseScan = useMutation('pauseScan');
  const resumeScan = useMutation('resumeScan');
  const cancelScan = useMutation('cancelScan');
  const commandError = startScan.error ?? pauseScan.error ?? resumeScan.error ?? cancelScan.error;

  const add = async (path: string) => {
    const p = path.trim();
    if (!p) return;
    try {
      await addRoot.run({ path: p });
      setTypedPath('');
      roots.refetch();
      // A new folder is only useful once scanned: start right away unless a scan is already running.
      if (!status || status.state === 'idle') setStatus(await startScan.run({}));
    } catch {
      // shown from addRoot.error / startScan.error
    }
  };

  const pick = async () => {
    try {
      const path = await pickFolder.run(undefined);
      if (path) await add(path);
    } catch (err) {
      notify(`Folder picker failed: ${(err as Error).message}`, 'error');
    }
  };

  const command = (m: typeof pauseScan.run) => () => {
    m(undefined).then(setStatus, () => {});
  };

  const state = status?.state ?? 'idle';
  // `done` counts every file finished (classified, unchanged, failed or skipped alike).
  const processed = status?.done ?? 0;
  const fraction = status && status.total > 0 ? Math.min(1, processed / status.total) : 0;

  return (
    <section className="view" aria-labelledby="scan-title">
      <h1 id="scan-title">Scan</h1>
      <div className="card">
        <h2>Music folders</h2>
        {roots.error && <ErrorBanner error={roots.error} what="Listing folders" />}
        {roots.data && roots.data.length === 0 && <p className="muted" data-testid="no-roots">No folders yet. Add the folder that holds your music.</p>}
        <div className="list" data-testid="roots">
          {roots.data?.map((r) => (
            <div className="item" key={r}>
              <span className="path">{r}</span>
              <button
                className="danger"
                aria-label={`Remove folder ${r}`}
                onClick={() => removeRoot.run({ path: r }).then(() => roots.refetch(), () => {})}
                disabled={state !== 'idle'}
              >
                Remove
              </button>
            </div>
          ))}
        </div>
        <div className="toolbar" style={{ marginTop: 10 }}>
          {kind === 'ipc' ? (
            <button className="primary" onClick={() => void pick()} data-testid="pick-folder" disabled={addRoot.pending}>
              Add folder…
            </button>
          ) : (
            <form
              className="toolbar"
              onSubmit={(e) => {
                e.preventDefault();
                void add(typedPath);
              }}
            >
              <input
                type="text"
                aria-label="Folder path on the engine's machine"
                placeholder="/path/to/music (on the machine running genrescope serve)"
                value={typedPath}
                onChange={(e) => setTypedPath(e.target.value)}
                data-testid="root-path-input"
                style={{ width: 380 }}
              />
              <button className="primary" type="submit" disabled={!typedPath.trim() || addRoot.pending} data-testid="add-root">
                Add folder
              </button>
            </form>
          )}
        </div>
        {addRoot.error && <ErrorBanner error={addRoot.error} what="Adding the folder" />}
        {removeRoot.error && <ErrorBanner error={removeRoot.error} what="Removing the folder" />}
      </div>

      <div className="card" data-testid="scan-status" data-state={state}>
        <div className="toolbar">
          <h2 style={{ margin: 0 }}>Progress</h2>
          <span className="muted" data-testid="scan-state">
            {state === 'idle' ? (status?.startedAt ? 'done' : 'idle') : state}
          </span>
          <span className="grow" />
          {state === 'idle' ? (
            <button className="primary" onClick={command(() => startScan.run({}))} disabled={!roots.data?.length} data-testid="start-scan">
              Scan now
            </button>
          ) : (
            <>
              {state === 'paused' ? (
                <button onClick={command(resumeScan.run)} data-testid="resume-scan">
                  Resume
                </button>
              ) : (
                <button onClick={command(pauseScan.run)} disabled={state !== 'scanning'} data-testid="pause-scan">
                  Pause
                </button>
              )}
              <button className="danger" onClick={command(cancelScan.run)} disabled={state === 'cancelling'} data-testid="cancel-scan">
                Cancel
              </button>
            </>
          )}
        </div>
        {statusError && <ErrorBanner error={statusError} what="Reading the scan status" />}
        {commandError && <ErrorBanner error={commandError} what="Scan command" />}
        <div
          className="progress"
          role="progressbar"
          aria-label="Scan progress"
          aria-valuemin={0}
          aria-valuemax={status?.total ?? 0}
          aria-valuenow={processed}
          data-testid="scan-progress"
          style={{ margin: '12px 0' }}
        >
          <div style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
        </div>
        <div className="stats">
          <Stat k="processed" v={`${processed.toLocaleString()} / ${(status?.total ?? 0).toLocaleString()}`} testId="stat-processed" />
          <Stat k="ok" v={Math.max(0, processed - (status?.failed ?? 0) - (status?.skipped ?? 0)).toLocaleString()} testId="stat-ok" />
          <Stat k="failed" v={(status?.failed ?? 0).toLocaleString()} testId="stat-failed" />
          <Stat k="skipped" v={(status?.skipped ?? 0).toLocaleString()} testId="stat-skipped" />
          <Stat k="tracks/s" v={(status?.tracksPerSec ?? 0).toFixed(1)} testId="stat-rate" />
          <Stat k="time left" v={state === 'idle' ? '–' : formatEta(status?.etaSec)} testId="stat-eta" />
        </div>
        {status?.currentPath && state !== 'idle' && (
          <p className="muted small path" data-testid="current-path">
            {status.currentPath}
          </p>
        )}
      </div>

      <div className="card">
        <h2>Failures {status && status.failures.length > 0 ? `(${status.failures.length})` : ''}</h2>
        {!status || status.failures.length === 0 ? (
          <p className="muted">No failures{status?.startedAt ? ' in the last scan' : ''}.</p>
        ) : (
          <table className="plain" data-testid="scan-failures">
            <thead>
              <tr>
                <th>File</th>
                <th>Kind</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {status.failures.map((f) => (
                <tr key={f.path} data-testid="scan-failure">
                  <td className="path">{f.path}</td>
                  <td>{f.kind}</td>
                  <td>{f.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
