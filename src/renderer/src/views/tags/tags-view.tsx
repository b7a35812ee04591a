/**
 * Writing genres into tags, safely: preview the change per file (old → new), approve which files to
 * write, then see per-file results; every applied batch is journalled and can be undone.
 */
import { useState } from 'react';
import { useMutation, useQuery } from '../../client/hooks.tsx';
import { useNotify } from '../../components/notify.tsx';
import { ErrorBanner } from '../../components/states.tsx';
import { formatDate } from '../../lib/format.ts';
import type { ApplyTagsResult, TagPolicy, TagPreview } from '../../../../shared/dto.ts';

const POLICIES: { value: TagPolicy; label: string }[] = [
  { value: 'fill', label: 'fill: only files without a genre tag' },
  { value: 'replace', label: 'replace: overwrite the genre tag' },
  { value: 'append', label: 'append: add to the existing genres' },
];

export function TagsView() {
  const notify = useNotify();
  const [policy, setPolicy] = useState<TagPolicy>('fill');
  const [minConfidence, setMinConfidence] = useState('0.5');
  const [preview, setPreview] = useState<TagPreview | null>(null);
  const [approved, setApproved] = useState<Set<number>>(new Set());
  const [result, setResult] = useState<ApplyTagsResult | null>(null);
  const previewM = useMutation('previewTags');
  const applyM = useMutation('applyTags');
  const undoM = useMutation('undoTags');
  const batches = useQuery('listTagBatches', undefined);

  const runPreview = async () => {
    setResult(null);
    try {
      const p = await previewM.run({ policy, minConfidence: Number(minConfidence) });
      setPreview(p);
      setApproved(new Set(p.items.filter((i) => i.action === 'write').map((i) => i.trackId)));
    } catch {
      // shown from previewM.error
    }
  };
  const apply = async () => {
    if (!preview) return;
    try {
      const r = await applyM.run({ previewId: preview.previewId, trackIds: [...approved] });
      setResult(r);
      setPreview(null);
      batches.refetch();
      notify(`Tags written: ${r.counts.ok} ok, ${r.counts.failed} failed, ${r.counts.skipped} skipped`, r.counts.failed ? 'error' : 'info');
    } catch {
      // shown from applyM.error
    }
  };
  const undo = (batchId: string) =>
    undoM.run({ batchId }).then(
      (r) => {
        batches.refetch();
        notify(`Undo: ${r.counts.ok} restored, ${r.counts.failed} failed`, r.counts.failed ? 'error' : 'info');
      },
      () => {},
    );

  const writable = preview?.items.filter((i) => i.action === 'write') ?? [];
  const toggle = (id: number) =>
    setApproved((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  return (
    <section className="view" aria-labelledby="tags-title" data-testid="tags-view">
      <h1 id="tags-title">Write genre tags</h1>
      <div className="card">
        <div className="toolbar">
          <label htmlFor="tag-policy">Policy</label>
          <select id="tag-policy" value={policy} onChange={(e) => setPolicy(e.target.value as TagPolicy)}>
            {POLICIES.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
          <label htmlFor="tag-min">Minimum confidence</label>
          <input id="tag-min" type="number" min={0} max={1} step={0.05} value={minConfidence} onChange={(e) => setMinConfidence(e.target.value)} style={{ width: 80 }} />
          <button className="primary" onClick={() => void runPreview()} disabled={previewM.pending} data-testid="preview-tags">
            {previewM.pending ? 'Preparing…' : 'Preview changes'}
          </button>
        </div>
        {previewM.error && <ErrorBanner error={previewM.error} what="Preview" />}
      </div>
      {preview && (
        <div className="card">
          <div className="toolbar">
            <h2 style={{ margin: 0 }}>
              Preview: {writable.length} to write, {preview.items.length - writable.length} skipped
            </h2>
            <span className="grow" />
            <button onClick={() => setApproved(new Set(writable.map((i) => i.trackId)))}>Select all</button>
            <button onClick={() => setApproved(new Set())}>Select none</button>
            <button className="primary" onClick={() => void apply()} disabled={approved.size === 0 || applyM.pending} data-testid="apply-tags">
              Write {approved.size} {approved.size === 1 ? 'file' : 'files'}
            </button>
          </div>
          {applyM.error && <ErrorBanner error={applyM.error} what="Writing tags" />}
          <table className="plain" data-testid="tag-preview" style={{ marginTop: 8 }}>
            <thead>
              <tr>
                <th>Write</th>
                <th>File</th>
                <th>Genre now</th>
                <th>Genre after</th>
                <th>Note</th>
              </tr>
            </thead>
            <tbody>
              {preview.items.map((i) => (
                <tr key={i.trackId} className={i.action === 'skip' ? 'muted' : undefined}>
                  <td>
                    <input type="checkbox" aria-label={`Write ${i.path}`} disabled={i.action === 'skip'} checked={approved.has(i.trackId)} onChange={() => toggle(i.trackId)} />
                  </td>
                  <td className="path">{i.path}</td>
                  <td>{i.old.join('; ') || '(none)'}</td>
                  <td>{i.action === 'write' ? <strong>{i.new.join('; ')}</strong> : '–'}</td>
                  <td className="muted small">{i.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result && result.counts.failed > 0 && (
        <div className="card">
          <h2>Files that could not be written</h2>
          <table className="plain">
            <tbody>
              {result.results
                .filter((r) => !r.ok)
                .map((r) => (
                  <tr key={r.path}>
                    <td className="path">{r.path}</td>
                    <td className="fail">{r.error ?? 'failed'}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="card">
        <h2>History</h2>
        {batches.error && <ErrorBanner error={batches.error} what="Loading the tag history" />}
        {undoM.error && <ErrorBanner error={undoM.error} what="Undo" />}
        {batches.data && batches.data.length === 0 && <p className="muted">No tags written yet.</p>}
        {batches.data && batches.data.length > 0 && (
          <table className="plain" data-testid="tag-batches">
            <thead>
              <tr>
                <th>When</th>
                <th className="num">Files</th>
                <th>Batch</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {batches.data.map((b) => (
                <tr key={b.batchId}>
                  <td>{formatDate(b.createdAt)}</td>
                  <td className="num">{b.files}</td>
                  <td className="path">{b.batchId}</td>
                  <td>{b.undone ? <span className="muted">undone</span> : <button onClick={() => void undo(b.batchId)} disabled={undoM.pending}>Undo</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
