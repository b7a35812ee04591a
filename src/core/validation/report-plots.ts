/**
 * The report's plots, built from the check results: spectrum overlay (engine vs reference DFT),
 * per-frame Parseval error, engine-vs-meyda scatter per feature, the synthetic sweep, and QA
 * (long-term spectrum with the detected cutoff, QA indicators against their flag levels).
 */
import type { WindowFftResult } from './fft-checks.ts';
import { PARSEVAL_MAX_THRESHOLD } from './fft-checks.ts';
import { ALIGNED_FEATURES, type FeaturePairs } from './meyda-checks.ts';
import { CLIP_FLAG, DC_FLAG, SILENCE_FLAG, type CutoffResult } from './signal-qa.ts';
import { bars, chart } from './svg.ts';
import type { SyntheticResult } from './synthetic.ts';
import type { Plot, QaValue } from './types.ts';

const BLUE = '#1f77b4';
const ORANGE = '#ff7f0e';
const GREY = '#888888';
const RED = '#d62728';

function db(v: number): number {
  return 20 * Math.log10(Math.max(v, 1e-12));
}

export function spectrumOverlayPlot(r: WindowFftResult, windowIndex: number, sampleRate: number): Plot {
  const n = r.example.engine.length;
  const hz = Array.from({ length: n }, (_, k) => (k * sampleRate) / (2 * (n - 1)));
  const diff = Array.from({ length: n }, (_, k) => db(Math.abs(r.example.engine[k] - r.example.reference[k])));
  const svg = chart(
    [
      { label: 'engine STFT', x: hz, y: Array.from(r.example.engine, db), color: BLUE, width: 1.6 },
      { label: 'float64 reference DFT', x: hz, y: Array.from(r.example.reference, db), color: ORANGE, dash: '5 3' },
      { label: 'abs(|engine| - |reference|)', x: hz, y: diff, color: GREY, width: 0.8 },
    ],
    { title: `Spectrum overlay: loudest frame (window ${windowIndex}, frame ${r.example.frame})`, xLabel: 'frequency (Hz)', yLabel: 'magnitude (dB)' },
  );
  return { name: 'spectrum-overlay', svg };
}

/** Per-frame Parseval error over all windows; long series are max-pooled to <= 1200 points. */
export function parsevalPlot(results: readonly WindowFftResult[]): Plot {
  const x: number[] = [];
  const y: number[] = [];
  let offset = 0;
  const bounds: { x: number; label: string; color: string }[] = [];
  results.forEach((r, w) => {
    const pool = Math.max(1, Math.ceil((r.frames * results.length) / 1200));
    for (let t = 0; t < r.frames; t += pool) {
      let m = 0;
      for (let j = t; j < Math.min(r.frames, t + pool); j++) m = Math.max(m, r.parsevalRelErr[j]);
      x.push(offset + t);
      y.push(Math.max(m, 1e-12)); // exact zeros drawn at the floor of the log axis
    }
    if (w > 0) bounds.push({ x: offset, label: `window ${w}`, color: GREY });
    offset += r.frames;
  });
  const svg = chart([{ label: 'relative error', x, y, color: BLUE, kind: 'dots', width: 2.5 }], {
    title: 'Parseval: |E_time - E_spectrum| / E_time per frame',
    xLabel: 'frame (all windows, in order)',
    yLabel: 'relative error',
    yLog: true,
    hLines: [{ y: PARSEVAL_MAX_THRESHOLD, label: `threshold ${PARSEVAL_MAX_THRESHOLD}`, color: RED }],
    vLines: bounds,
  });
  return { name: 'parseval-error', svg };
}

const UNITS: Record<string, string> = { rms: 'amplitude', zcr: 'crossings / sample', centroid: 'Hz', spread: 'Hz', rolloff99: 'Hz', flatness: 'ratio' };

export function meydaScatterPlots(pairs: FeaturePairs): Plot[] {
  return ALIGNED_FEATURES.map((f) => ({
    name: `meyda-${f}`,
    svg: chart([{ label: 'frames', x: pairs[f].meyda, y: pairs[f].engine, color: BLUE, kind: 'dots' }], {
      title: `${f} (${pairs[f].engine.length} frames)`,
      xLabel: `meyda (${UNITS[f]})`,
      yLabel: `engine (${UNITS[f]})`,
      width: 320,
      height: 280,
      diagonal: true,
    }),
  }));
}

export function sweepPlot(s: SyntheticResult): Plot {
  const idx = s.sweep.expectedHz.map((_, i) => i);
  return {
    name: 'synthetic-sweep',
    svg: chart(
      [
        { label: 'instantaneous frequency', x: idx, y: s.sweep.expectedHz, color: ORANGE, width: 2 },
        { label: 'engine peak', x: idx, y: s.sweep.measuredHz, color: BLUE, dash: '4 3' },
      ],
      { title: 'Synthetic sweep: spectral peak per frame', xLabel: 'frame', yLabel: 'Hz', height: 240 },
    ),
  };
}

export function cutoffPlot(c: CutoffResult): Plot {
  const x = Array.from(c.bandDb, (_, b) => (b + 0.5) * c.bandHz);
  const v = c.cutoffHz !== null ? [{ x: c.cutoffHz, label: `cutoff ${Math.round(c.cutoffHz)} Hz`, color: RED }] : [];
  return {
    name: 'qa-spectrum',
    svg: chart([{ label: 'band level', x, y: Array.from(c.bandDb), color: BLUE, width: 1.8 }], {
      title: `Long-term spectrum at ${c.sampleRate} Hz (QA decode)`,
      xLabel: 'frequency (Hz)',
      yLabel: 'level (dB)',
      height: 240,
      vLines: [...v, { x: c.sampleRate / 2, label: 'Nyquist', color: GREY }],
    }),
  };
}

export function qaBarsPlot(qa: Record<string, QaValue>): Plot {
  const n = (k: string) => (typeof qa[k] === 'number' ? (qa[k] as number) : 0);
  const pct = (v: number) => `${(v * 100).toFixed(v < 0.01 ? 3 : 1)}%`;
  const nyq = typeof qa.qaDecodeSampleRateHz === 'number' ? qa.qaDecodeSampleRateHz / 2 : null;
  const bw = typeof qa.effectiveBandwidthHz === 'number' ? qa.effectiveBandwidthHz : null;
  const items = [
    // log-ish fill: the flag level sits at 80% of the bar
    { label: 'clipping ratio', fraction: Math.min(1, (0.8 * n('clippingRatio')) / CLIP_FLAG), text: `${pct(n('clippingRatio'))} (flag > ${pct(CLIP_FLAG)})`, bad: qa.clipping === true },
    { label: 'DC offset', fraction: Math.min(1, (0.8 * n('dcOffset')) / DC_FLAG), text: `${n('dcOffset').toFixed(5)} (flag > ${DC_FLAG})`, bad: qa.dcOffsetFlag === true },
    { label: 'silence ratio', fraction: Math.min(1, (0.8 * n('silenceRatio')) / SILENCE_FLAG), text: `${pct(n('silenceRatio'))} (flag > ${pct(SILENCE_FLAG)})`, bad: qa.mostlySilent === true },
    {
      label: 'effective bandwidth / Nyquist',
      fraction: nyq && bw ? bw / nyq : 0,
      text: bw && nyq ? `${Math.round(bw)} of ${nyq} Hz` : 'unknown',
      bad: qa.likelyUpsampledOrLossy === true,
    },
  ];
  return { name: 'qa-flags', svg: bars(items, 'Signal QA (red = flagged)') };
}
