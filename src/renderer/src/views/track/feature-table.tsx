/**
 * The 57 GTZAN features the model saw, summarised over the analysis windows (mean, min, max), in the
 * order the engine reports them (the model's column order).
 */
import { formatNumber } from '../../lib/format.ts';
import type { AnalysisWindow } from '../../../../shared/dto.ts';

export function FeatureTable({ windows }: { windows: AnalysisWindow[] }) {
  if (windows.length === 0) return <p className="muted">No features stored.</p>;
  const columns = Object.keys(windows[0].features);
  const many = windows.length > 1;
  return (
    <table className="plain" data-testid="feature-table">
      <thead>
        <tr>
          <th>Feature</th>
          <th className="num">{many ? `Mean of ${windows.length} windows` : 'Value'}</th>
          {many && <th className="num">Min</th>}
          {many && <th className="num">Max</th>}
        </tr>
      </thead>
      <tbody>
        {columns.map((c) => {
          const values = windows.map((w) => w.features[c]).filter((v): v is number => typeof v === 'number');
          const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
          return (
            <tr key={c}>
              <td className="path">{c}</td>
              <td className="num">{formatNumber(mean)}</td>
              {many && <td className="num">{formatNumber(Math.min(...values))}</td>}
              {many && <td className="num">{formatNumber(Math.max(...values))}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
