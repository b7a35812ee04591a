/**
 * The shipped model's card: what it was trained on and how it was split, its cross-validation and
 * validation accuracy, per-class precision/recall, the confusion matrix, and which execution provider
 * runs it here (with every provider that was tried and why it failed).
 */
import { useQuery } from '../../client/hooks.tsx';
import { ErrorBanner, Loading } from '../../components/states.tsx';
import { formatPercent } from '../../lib/format.ts';
import type { ModelCard } from '../../../../shared/dto.ts';
import { Stat } from '../../components/stat.tsx';

export function ModelView() {
  const card = useQuery('getModelCard', undefined, { retryMs: 5000, keepPrevious: true });
  if (card.error) {
    return (
      <section className="view">
        <h1>Model</h1>
        <ErrorBanner error={card.error} what="Loading the model card" />
      </section>
    );
  }
  const m = card.data;
  if (!m) {
    return (
      <section className="view">
        <h1>Model</h1>
        <Loading what="model card" />
      </section>
    );
  }
  return (
    <section className="view" aria-labelledby="model-title" data-testid="model-view">
      <div className="toolbar">
        <h1 id="model-title">Model</h1>
        <span className="chip">{m.name}</span>
        <span className="muted small">
          v{m.version} · {m.modelHash.slice(0, 12)} · features {m.featureVersion}
        </span>
      </div>
      <div className="stats card">
        <Stat k="cross-validation accuracy (train)" v={formatPercent(m.cvAccuracy, 1) || 'n/a'} testId="cv-accuracy" />
        <Stat k="validation accuracy" v={formatPercent(m.validAccuracy, 1) || 'n/a'} testId="valid-accuracy" />
        <Stat k="'unknown' below" v={formatPercent(m.threshold)} testId="threshold" />
        <Stat k="provider in use" v={m.provider} testId="provider" />
        <Stat k="labels" v={String(m.labels.length)} testId="label-count" />
        <Stat k="features" v={String(m.featureNames.length)} testId="feature-count" />
      </div>
      <div className="grid-2">
        <div className="card">
          <h2>Data</h2>
          <p>{m.data}</p>
          <h2>Split</h2>
          <p>{m.split}</p>
          <h2>Labels</h2>
          <p className="top3" style={{ flexWrap: 'wrap' }}>
            {m.labels.map((l) => (
              <span className="chip" key={l}>
                {l}
              </span>
            ))}
          </p>
          <h2>Execution providers tried</h2>
          <table className="plain" data-testid="provider-attempts">
            <tbody>
              {m.providerAttempts.map((p, i) => (
                <tr key={`${p.provider}-${i}`}>
                  <td>{p.provider}</td>
                  <td className={p.ok ? 'pass' : 'fail'}>{p.ok ? 'started' : 'failed'}</td>
                  <td className="muted small">{p.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="card">
          <h2>Per class (validation)</h2>
          <table className="plain" data-testid="per-class">
            <thead>
              <tr>
                <th>Label</th>
                <th className="num">Precision</th>
                <th className="num">Recall</th>
                <th className="num">Support</th>
              </tr>
            </thead>
            <tbody>
              {m.perClass.map((c) => (
                <tr key={c.label}>
                  <td>{c.label}</td>
                  <td className="num">{formatPercent(c.precision, 1)}</td>
                  <td className="num">{formatPercent(c.recall, 1)}</td>
                  <td className="num">{c.support ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div className="card">
        <h2>Confusion matrix (rows: true genre, columns: predicted)</h2>
        <ConfusionMatrix confusion={m.confusion} />
      </div>
    </section>
  );
}

function ConfusionMatrix({ confusion }: { confusion: ModelCard['confusion'] }) {
  const max = Math.max(1, ...confusion.matrix.flat());
  return (
    <div style={{ overflowX: 'auto' }}>
      <table className="matrix" data-testid="confusion-matrix" aria-label="Confusion matrix">
        <thead>
          <tr>
            <th />
            {confusion.labels.map((l) => (
              <th key={l} scope="col">
                {l}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {confusion.matrix.map((row, i) => (
            <tr key={confusion.labels[i] ?? i}>
              <th className="row" scope="row">
                {confusion.labels[i]}
              </th>
              {row.map((v, j) => {
                const alpha = v / max;
                const diag = i === j;
                return (
                  <td
                    key={j}
                    style={{
                      background: v === 0 ? 'transparent' : diag ? `rgba(46, 160, 90, ${0.15 + 0.75 * alpha})` : `rgba(220, 70, 70, ${0.15 + 0.75 * alpha})`,
                      color: alpha > 0.6 ? '#fff' : undefined,
                    }}
                    title={`true ${confusion.labels[i]}, predicted ${confusion.labels[j]}: ${v}`}
                  >
                    {v}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
