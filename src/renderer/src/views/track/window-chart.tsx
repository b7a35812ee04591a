/**
 * Per-window genre probabilities over time: one stacked column per analysis window (x = the window's
 * span in the track, y = probability), so a track that changes style shows it at a glance.
 */
import { formatDuration, labelColor } from '../../lib/format.ts';
import type { AnalysisWindow } from '../../../../shared/dto.ts';

const W = 640;
const H = 180;
const PAD = { left: 34, right: 8, top: 8, bottom: 22 };

export function WindowChart({ windows, labels }: { windows: AnalysisWindow[]; labels: string[] }) {
  if (windows.length === 0) return <p className="muted">No per-window results.</p>;
  const end = Math.max(...windows.map((w) => w.endSec), 1);
  const x = (sec: number) => PAD.left + (sec / end) * (W - PAD.left - PAD.right);
  const y = (p: number) => PAD.top + (1 - p) * (H - PAD.top - PAD.bottom);
  // Labels that matter somewhere in the track get a legend entry; the rest still stack (in grey order).
  const shown = labels.filter((l) => windows.some((w) => (w.probabilities[l] ?? 0) >= 0.05));
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label="Genre probabilities per analysis window over time" data-testid="window-chart">
        {[0, 0.25, 0.5, 0.75, 1].map((p) => (
          <g key={p}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(p)} y2={y(p)} stroke="var(--border)" strokeWidth={0.5} />
            <text x={PAD.left - 4} y={y(p) + 3} fontSize={9} textAnchor="end" fill="var(--muted)">
              {Math.round(p * 100)}%
            </text>
          </g>
        ))}
        {windows.map((w) => {
          let acc = 0;
          const x0 = x(w.startSec);
          const width = Math.max(1, x(w.endSec) - x0 - 1);
          return (
            <g key={w.index} data-testid="window-column">
              <title>
                {`${formatDuration(w.startSec)}–${formatDuration(w.endSec)}: ` +
                  labels
                    .map((l) => [l, w.probabilities[l] ?? 0] as const)
                    .sort((a, b) => b[1] - a[1])
                    .slice(0, 3)
                    .map(([l, p]) => `${l} ${(p * 100).toFixed(0)}%`)
                    .join(', ')}
              </title>
              {labels.map((l) => {
                const p = w.probabilities[l] ?? 0;
                if (p <= 0) return null;
                const top = acc + p;
                const rect = <rect key={l} x={x0} width={width} y={y(top)} height={Math.max(0, y(acc) - y(top))} fill={labelColor(labels, l)} />;
                acc = top;
                return rect;
              })}
            </g>
          );
        })}
        {[0, end / 2, end].map((t) => (
          <text key={t} x={x(t)} y={H - 6} fontSize={9} textAnchor={t === 0 ? 'start' : t === end ? 'end' : 'middle'} fill="var(--muted)">
            {formatDuration(t)}
          </text>
        ))}
      </svg>
      <figcaption className="legend">
        {shown.map((l) => (
          <span key={l}>
            <i style={{ background: labelColor(labels, l) }} />
            {l}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
