/**
 * The main window's results of classifying loose files (the OS "open with", a second launch with
 * paths, or files dropped on the window). Files arriving while it is open are added to it (see
 * useClassifyList); closing it clears the list. Files are classified without being added to the library.
 */
import { useEffect, useRef } from 'react';
import type { ClassifyEntry } from '../lib/classify-list.ts';
import { ClassifyResultList, ClassifySummary } from './classify-results.tsx';

export function ClassifyDialog({ entries, onClose }: { entries: readonly ClassifyEntry[]; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} onClose={onClose} className="card" style={{ maxWidth: 760, width: '90%', color: 'var(--text)' }} aria-labelledby="classify-dialog-title" data-testid="classify-dialog">
      <h2 id="classify-dialog-title">
        Classify {entries.length} {entries.length === 1 ? 'file' : 'files'}
      </h2>
      <ClassifySummary entries={entries} />
      <ClassifyResultList entries={entries} />
      <div className="toolbar" style={{ marginTop: 12, justifyContent: 'flex-end' }}>
        <button onClick={() => ref.current?.close()} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  );
}
