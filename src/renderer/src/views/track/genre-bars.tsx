/** Horizontal probability bars for the most likely genres of a track. */
import { formatPercent, labelColor } from '../../lib/format.ts';

export function GenreBars({ probabilities, labels, top = 3 }: { probabilities: Record<string, number>; labels: string[]; top?: number }) {
  const ranked = Object.entries(probabilities)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
  return (
    <div className="bars" data-testid="top3-bars">
      {ranked.map(([label, p]) => (
        <div className="bar" key={label}>
          <span>{label}</span>
          <div className="track" role="meter" aria-label={`${label} probability`} aria-valuemin={0} aria-valuemax={1} aria-valuenow={p}>
            <div className="fill" style={{ width: `${(p * 100).toFixed(1)}%`, background: labelColor(labels, label) }} />
          </div>
          <span className="num">{formatPercent(p, 1)}</span>
        </div>
      ))}
    </div>
  );
}
