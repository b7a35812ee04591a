/**
 * Classifying loose files (not added to the library), shared by the main window's classify dialog and
 * the compact result window: the hook that merges batches into one list (lib/classify-list.ts), and
 * the list itself — per file its name, genre, confidence and top-3 bars, or why it failed.
 */
import { useCallback, useRef, useState } from 'react';
import { useMutation } from '../client/hooks.tsx';
import { applyResults, classifyProgress, entryState, failRequest, queuePaths, uniquePaths, type ClassifyEntry } from '../lib/classify-list.ts';
import { baseName, formatPercent } from '../lib/format.ts';

export interface ClassifyList {
  entries: ClassifyEntry[];
  /** Adds the paths to the list (a path already listed is classified again) and classifies them. */
  classify: (paths: readonly string[]) => void;
  clear: () => void;
}

export function useClassifyList(): ClassifyList {
  const [entries, setEntries] = useState<ClassifyEntry[]>([]);
  const classifyFiles = useMutation('classifyFiles');
  const nextRequest = useRef(1);
  const { run } = classifyFiles;
  const classify = useCallback(
    (given: readonly string[]) => {
      const paths = uniquePaths(given);
      if (paths.length === 0) return;
      const request = nextRequest.current++;
      setEntries((list) => queuePaths(list, paths, request));
      run({ paths }).then(
        (results) => setEntries((list) => applyResults(list, request, results)),
        (err: Error) => setEntries((list) => failRequest(list, request, err.message)),
      );
    },
    [run],
  );
  const clear = useCallback(() => setEntries([]), []);
  return { entries, classify, clear };
}

/** "Classifying 2 of 5 files…" with a progress bar while anything is pending; counts when finished. */
export function ClassifySummary({ entries }: { entries: readonly ClassifyEntry[] }) {
  const p = classifyProgress(entries);
  if (p.total === 0) return null;
  const finished = p.done + p.failed;
  const files = `${p.total} ${p.total === 1 ? 'file' : 'files'}`;
  return (
    <div className="classify-summary" data-testid="classify-summary" data-pending={p.pending}>
      <div className="small" role="status" aria-live="polite">
        {p.pending > 0 ? `Classifying… ${finished} of ${files} done` : `${files}: ${p.done} classified${p.failed ? `, ${p.failed} failed` : ''}`}
      </div>
      {p.pending > 0 && (
        <div className="progress" role="progressbar" aria-label="Classify progress" aria-valuemin={0} aria-valuemax={p.total} aria-valuenow={finished}>
          <div style={{ width: `${(finished / p.total) * 100}%` }} />
        </div>
      )}
    </div>
  );
}

export function ClassifyResultList({ entries }: { entries: readonly ClassifyEntry[] }) {
  return (
    <ul className="classify-list" aria-label="Classified files" data-testid="classify-list">
      {entries.map((e) => (
        <ClassifyItem key={e.path} entry={e} />
      ))}
    </ul>
  );
}

function ClassifyItem({ entry }: { entry: ClassifyEntry }) {
  const state = entryState(entry);
  const r = entry.result;
  return (
    <li className={`classify-item ${state}`} data-testid="classify-item" data-path={entry.path} data-state={state}>
      <div className="head">
        <span className="name" title={entry.path}>
          {baseName(entry.path)}
        </span>
        {state === 'pending' && (
          <span className="muted small">
            <span className="spinner" aria-hidden="true" /> classifying…
          </span>
        )}
        {state === 'done' && r && (
          <span className="genre" data-testid="classify-genre">
            <strong>{r.genre ?? 'unknown'}</strong> <span className="num">{formatPercent(r.confidence)}</span>
          </span>
        )}
      </div>
      <div className="path muted" title={entry.path}>
        {entry.path}
      </div>
      {state === 'failed' && (
        <div className="fail-reason" title={entry.error ?? undefined} data-testid="classify-error">
          failed: {entry.error}
        </div>
      )}
      {state === 'done' && r && r.top3.length > 0 && (
        <div className="mini-bars" data-testid="classify-top3">
          {r.top3.map((t) => (
            <div className="mini-bar" key={t.genre}>
              <span className="label">
                {t.genre} <span className="num">{formatPercent(t.p)}</span>
              </span>
              <div className="track" role="meter" aria-label={`${t.genre} probability`} aria-valuemin={0} aria-valuemax={1} aria-valuenow={t.p}>
                <div className="fill" style={{ width: `${(t.p * 100).toFixed(1)}%` }} />
              </div>
            </div>
          ))}
        </div>
      )}
    </li>
  );
}
