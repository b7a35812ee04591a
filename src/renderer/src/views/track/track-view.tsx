/**
 * One track: what it is, what the model thinks (top-3, per-window probabilities over time), why
 * (the features it saw), how it sounds and looks (waveform + spectrogram), and the FFT report tab.
 */
import { useEvent, useQuery } from '../../client/hooks.tsx';
import { Waveform } from '../../components/waveform.tsx';
import { ErrorBanner, Loading } from '../../components/states.tsx';
import { useTrackActions } from '../../components/track-actions.ts';
import { baseName, formatBytes, formatDate, formatDuration, formatPercent } from '../../lib/format.ts';
import type { Route, TrackTab } from '../../platform/router.ts';
import type { TrackDetail } from '../../../../shared/dto.ts';
import { FeatureTable } from './feature-table.tsx';
import { GenreBars } from './genre-bars.tsx';
import { ReportTab } from './report-tab.tsx';
import { WindowChart } from './window-chart.tsx';

export function TrackView({ id, tab, theme, navigate }: { id: number; tab: TrackTab; theme: string; navigate: (r: Route) => void }) {
  const track = useQuery('getTrack', { id });
  const audio = useQuery('getAudioUrl', { id });
  const model = useQuery('getModelCard', undefined, { retryMs: 5000, keepPrevious: true });
  const actions = useTrackActions();
  const refetch = track.refetch;
  useEvent('trackUpdated', (row) => {
    if (row.id === id) refetch();
  });

  const back = (
    <button onClick={() => navigate({ view: 'library' })} data-testid="back">
      ← Library
    </button>
  );
  if (track.error) {
    return (
      <section className="view">
        <div className="toolbar">{back}</div>
        <ErrorBanner error={track.error} what={`Loading track ${id}`} />
      </section>
    );
  }
  const t = track.data;
  if (!t) {
    return (
      <section className="view">
        <div className="toolbar">{back}</div>
        <Loading what="track" />
      </section>
    );
  }
  const labels = model.data?.labels ?? Object.keys(t.analysis?.probabilities ?? {});

  return (
    <section className="view" aria-labelledby="track-title" data-testid="track-view">
      <div className="toolbar">
        {back}
        <span className="grow" />
        <button onClick={() => void actions.reclassify(t).then(() => refetch())} disabled={actions.reclassifying} data-testid="reclassify">
          {actions.reclassifying ? 'Classifying…' : 'Classify again'}
        </button>
        <button onClick={() => actions.reveal(t.path)}>Reveal in folder</button>
        <button onClick={() => actions.copyPath(t.path)}>Copy path</button>
      </div>
      <header className="card">
        <div className="toolbar">
          <h1 id="track-title" style={{ marginRight: 8 }}>
            {t.title || baseName(t.path)}
          </h1>
          {t.status === 'ok' && t.genre && (
            <span className="chip" data-testid="track-genre" style={{ fontSize: 14, lineHeight: '22px' }}>
              {t.genre} · {formatPercent(t.confidence)}
            </span>
          )}
          {t.status === 'failed' && <span className="chip fail">failed</span>}
          {t.status === 'pending' && <span className="chip">not analysed yet</span>}
        </div>
        <div className="muted">{[t.artist, t.album].filter(Boolean).join(' — ') || 'No artist/album tags'}</div>
        <div className="path muted" style={{ marginTop: 4 }}>
          {t.path}
        </div>
      </header>
      {(t.failure || t.status === 'failed') && (
        <div className="banner error" role="alert" data-testid="track-failure">
          <strong>{t.failure?.kind ?? 'Analysis failed'}:</strong> {t.failure?.message ?? t.error ?? 'no reason recorded'}
        </div>
      )}
      <div className="tabs" role="tablist">
        {(['overview', 'report'] as const).map((k) => (
          <button key={k} role="tab" aria-selected={tab === k} onClick={() => navigate({ view: 'track', id, tab: k })} data-testid={`tab-${k}`}>
            {k === 'overview' ? 'Overview' : 'FFT report'}
          </button>
        ))}
      </div>
      {tab === 'report' ? (
        <div role="tabpanel" data-testid="report-panel">
          <ReportTab trackId={id} path={t.path} />
        </div>
      ) : (
        <Overview t={t} labels={labels} audioUrl={audio.data?.url} audioError={audio.error} theme={theme} />
      )}
    </section>
  );
}

function Overview({ t, labels, audioUrl, audioError, theme }: { t: TrackDetail; labels: string[]; audioUrl: string | undefined; audioError: Error | undefined; theme: string }) {
  const a = t.analysis;
  return (
    <>
      <div className="card">
        {audioError ? <ErrorBanner error={audioError} what="Getting the audio" /> : audioUrl ? <Waveform url={audioUrl} theme={theme} /> : <Loading what="audio" />}
      </div>
      <div className="grid-2">
        <div className="card">
          <h2>Most likely genres</h2>
          {a ? <GenreBars probabilities={a.probabilities} labels={labels} /> : <p className="muted">Not analysed.</p>}
          {a && (
            <>
              <h2 style={{ marginTop: 16 }}>
                Over time ({a.windows.length} {a.windows.length === 1 ? 'window' : 'windows'})
              </h2>
              <WindowChart windows={a.windows} labels={labels} />
            </>
          )}
        </div>
        <div className="card">
          <h2>Details</h2>
          <table className="plain">
            <tbody>
              <Row k="Duration" v={formatDuration(t.durationSec)} />
              <Row k="Size" v={formatBytes(t.sizeBytes)} />
              <Row k="Genre tag in file" v={t.existingTags.genre.join('; ') || '(none)'} />
              {a && <Row k="Model" v={`${a.modelName} (${a.modelHash.slice(0, 12)})`} />}
              {a && <Row k="Features" v={a.featureVersion} />}
              {a && <Row k="Provider" v={a.provider} />}
              {a && <Row k="Analysed" v={formatDate(a.analysedAt)} />}
              {a &&
                Object.entries(a.timingsMs).map(([stage, ms]) => <Row key={stage} k={`Time: ${stage}`} v={`${ms.toFixed(0)} ms`} />)}
            </tbody>
          </table>
        </div>
      </div>
      {a && (
        <details className="card">
          <summary style={{ cursor: 'pointer', fontWeight: 600 }}>Features the model saw ({Object.keys(a.windows[0]?.features ?? {}).length})</summary>
          <FeatureTable windows={a.windows} />
        </details>
      )}
    </>
  );
}

function Row({ k, v }: { k: string; v: string }) {
  return (
    <tr>
      <td className="muted">{k}</td>
      <td>{v}</td>
    </tr>
  );
}
