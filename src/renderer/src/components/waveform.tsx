/**
 * Waveform + spectrogram of one track (wavesurfer.js 8 with its Spectrogram plugin), with play/pause.
 * The browser decodes the audio itself (WebAudio), so what is drawn is the file as the user hears it.
 * Colours follow the theme's CSS variables; data-state tells tests when both canvases are drawn.
 */
import { useEffect, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import SpectrogramPlugin from 'wavesurfer.js/plugins/spectrogram';
import { formatDuration } from '../lib/format.ts';

type LoadState = 'loading' | 'ready' | 'error';

function cssVar(el: HTMLElement, name: string, fallback: string): string {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

export function Waveform({ url, theme }: { url: string; theme: string }) {
  const waveRef = useRef<HTMLDivElement>(null);
  const specRef = useRef<HTMLDivElement>(null);
  const wsRef = useRef<WaveSurfer | null>(null);
  const [state, setState] = useState<{ url: string; load: LoadState; spectrogram: boolean; error?: string }>({ url: '', load: 'loading', spectrogram: false });
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState({ now: 0, total: 0 });

  useEffect(() => {
    const container = waveRef.current;
    const specContainer = specRef.current;
    if (!container || !specContainer) return;
    const spectrogram = SpectrogramPlugin.create({
      container: specContainer,
      labels: true,
      height: 160,
      scale: 'mel',
      fftSamples: 512,
      frequencyMax: 11025,
      colorMap: 'roseus',
    });
    // Our own <audio> already pointing at the URL: wavesurfer then plays from it instead of from a
    // blob: copy of what it fetched for decoding, which the CSP (media-src) rightly refuses.
    const absolute = new URL(url, document.baseURI).href;
    const media = new Audio();
    media.preload = 'metadata';
    media.src = absolute;
    const ws = WaveSurfer.create({
      container,
      media,
      url: absolute,
      height: 96,
      waveColor: cssVar(container, '--wave', '#7a8aa8'),
      progressColor: cssVar(container, '--wave-progress', '#3b6fe0'),
      cursorColor: cssVar(container, '--text', '#222'),
      normalize: true,
      // Decode at the model's rate (wavesurfer's default is 8 kHz): the spectrogram then shows the
      // 0–11 kHz band the features are computed from.
      sampleRate: 22050,
      plugins: [spectrogram],
    });
    wsRef.current = ws;
    const offs = [
      ws.on('ready', (duration) => {
        setState((s) => ({ ...s, url, load: 'ready' }));
        setTime({ now: 0, total: duration });
      }),
      ws.on('error', (err) => setState({ url, load: 'error', spectrogram: false, error: err instanceof Error ? err.message : String(err) })),
      ws.on('play', () => setPlaying(true)),
      ws.on('pause', () => setPlaying(false)),
      ws.on('finish', () => setPlaying(false)),
      ws.on('timeupdate', (now) => setTime((t) => (Math.abs(t.now - now) >= 0.25 ? { ...t, now } : t))),
      spectrogram.on('ready', () => setState((s) => ({ ...s, url, spectrogram: true }))),
    ];
    return () => {
      for (const off of offs) off();
      ws.destroy();
      media.pause();
      media.removeAttribute('src');
      media.load();
      wsRef.current = null;
    };
  }, [url]);

  useEffect(() => {
    // Re-read the colours when the theme switches (CSS variables changed under us).
    const ws = wsRef.current;
    const el = waveRef.current;
    if (!ws || !el) return;
    ws.setOptions({
      waveColor: cssVar(el, '--wave', '#7a8aa8'),
      progressColor: cssVar(el, '--wave-progress', '#3b6fe0'),
      cursorColor: cssVar(el, '--text', '#222'),
    });
  }, [theme]);

  const current = state.url === url ? state : { url, load: 'loading' as const, spectrogram: false, error: undefined };
  const drawn = current.load === 'ready' && current.spectrogram ? 'drawn' : current.load;

  return (
    <div data-testid="waveform-block" data-state={drawn}>
      <div className="toolbar" style={{ marginBottom: 8 }}>
        <button onClick={() => void wsRef.current?.playPause()} disabled={current.load !== 'ready'} aria-label={playing ? 'Pause' : 'Play'} data-testid="play">
          {playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <span className="muted small" aria-live="off">
          {formatDuration(time.now)} / {formatDuration(time.total)}
        </span>
        {current.load === 'loading' && <span className="muted small">Decoding audio…</span>}
      </div>
      {current.load === 'error' && (
        <div className="banner error" role="alert">
          The browser could not load this audio: {current.error}
        </div>
      )}
      <div className="wave" ref={waveRef} data-testid="waveform" aria-label="Waveform (click to seek)" />
      <div ref={specRef} data-testid="spectrogram" aria-label="Spectrogram (mel scale, 0–11 kHz)" style={{ marginTop: 6 }} />
    </div>
  );
}
