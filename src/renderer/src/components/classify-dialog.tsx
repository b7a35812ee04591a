/**
 * Results of classifying loose files (the OS "open with", a second launch with paths, or files dropped
 * on the window). Files are classified without being added to the library.
 */
import { useEffect, useRef } from 'react';
import { formatPercent } from '../lib/format.ts';
import type { ClassifyResult } from '../../../shared/dto.ts';

export interface ClassifyJob {
  paths: string[];
  results: ClassifyResult[] | null;
  error: string | null;
}

export function ClassifyDialog({ job, onClose }: { job: ClassifyJob; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} onClose={onClose} className="card" style={{ maxWidth: 760, width: '90%', color: 'var(--text)' }} data-testid="classify-dialog">
      <h2>Classify {job.paths.length} {job.paths.length === 1 ? 'file' : 'files'}</h2>
      {job.error && <div className="banner error">{job.error}</div>}
      {!job.results && !job.error && <p className="muted">Classifying…</p>}
      {job.results && (
        <table className="plain">
          <thead>
            <tr>
              <th>File</th>
              <th>Genre</th>
              <th>Top 3</th>
            </tr>
          </thead>
          <tbody>
            {job.results.map((r) => (
              <tr key={r.path}>
                <td className="path">{r.path}</td>
                <td className={r.error ? 'fail' : undefined}>{r.error ? `failed: ${r.error}` : `${r.genre ?? 'unknown'} ${formatPercent(r.confidence)}`}</td>
                <td className="small">{r.top3.map((t) => `${t.genre} ${formatPercent(t.p)}`).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="toolbar" style={{ marginTop: 12, justifyContent: 'flex-end' }}>
        <button onClick={() => ref.current?.close()} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  );
}
