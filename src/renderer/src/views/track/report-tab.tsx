/**
 * The FFT validation report of a track: checks with value, threshold and verdict, QA figures and the
 * report's plots (SVG shown as images so nothing in them can run), plus "run again" and HTML export.
 */
import { useMutation, useQuery } from '../../client/hooks.tsx';
import { useNotify } from '../../components/notify.tsx';
import { ErrorBanner, Loading } from '../../components/states.tsx';
import { baseName, formatDate, formatNumber } from '../../lib/format.ts';
import { downloadText, svgDataUrl } from '../../platform/download.ts';

export function ReportTab({ trackId, path }: { trackId: number; path: string }) {
  const notify = useNotify();
  const report = useQuery('getReport', { id: trackId });
  const run = useMutation('runReport');
  const exportHtml = useMutation('exportReportHtml');

  const runNow = () => run.run({ id: trackId }).then(() => report.refetch(), () => {});
  const save = () =>
    exportHtml.run({ id: trackId }).then(
      ({ html }) => downloadText(`${baseName(path).replace(/\.[^.]+$/, '')}-fft-report.html`, html),
      (err: Error) => notify(`Export failed: ${err.message}`, 'error'),
    );

  if (report.error) return <ErrorBanner error={report.error} what="Loading the report" />;
  if (report.loading && !report.data) return <Loading what="report" />;
  const r = report.data;
  return (
    <div className="view" style={{ padding: 0, overflow: 'visible' }} data-testid="report-tab">
      <div className="toolbar">
        <button className="primary" onClick={() => void runNow()} disabled={run.pending} data-testid="run-report">
          {run.pending ? 'Running…' : r ? 'Run again' : 'Run FFT validation'}
        </button>
        {r && (
          <button onClick={() => void save()} disabled={exportHtml.pending} data-testid="export-report">
            Export HTML
          </button>
        )}
        {r && (
          <span className="muted small">
            {r.version} · {formatDate(r.createdAt)}
          </span>
        )}
      </div>
      {run.error && <ErrorBanner error={run.error} what="Running the report" />}
      {!r ? (
        <p className="muted">No report yet. The report re-computes this track's spectrum and features step by step and checks them against independent references.</p>
      ) : (
        <>
          <div className="card">
            <h2>
              Checks: {r.checks.filter((c) => c.pass).length} of {r.checks.length} pass
            </h2>
            <table className="plain" data-testid="report-checks">
              <thead>
                <tr>
                  <th>Check</th>
                  <th className="num">Value</th>
                  <th className="num">Threshold</th>
                  <th>Result</th>
                  <th>What it means</th>
                </tr>
              </thead>
              <tbody>
                {r.checks.map((c) => (
                  <tr key={c.name}>
                    <td>{c.name}</td>
                    <td className="num">{formatNumber(c.value)}</td>
                    <td className="num">{typeof c.threshold === 'number' ? formatNumber(c.threshold) : (c.threshold ?? '')}</td>
                    <td className={c.pass ? 'pass' : 'fail'}>{c.pass ? 'pass' : 'FAIL'}</td>
                    <td className="muted">{c.meaning}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {Object.keys(r.qa).length > 0 && (
            <div className="card">
              <h2>Signal QA</h2>
              <table className="plain">
                <tbody>
                  {Object.entries(r.qa).map(([k, v]) => (
                    <tr key={k}>
                      <td>{k}</td>
                      <td className="num">{typeof v === 'number' ? formatNumber(v) : v === null ? '–' : String(v)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="grid-2 plots">
            {r.plots.map((p) => (
              <figure className="card plot" key={p.name} style={{ margin: 0 }}>
                <figcaption style={{ marginBottom: 6, fontWeight: 600 }}>{p.name}</figcaption>
                <img src={svgDataUrl(p.svg)} alt={p.name} style={{ width: '100%' }} data-testid="report-plot" />
              </figure>
            ))}
          </div>
        </>
      )}
    </div>
  );
}
