/**
 * Builds the FFT validation report of one audio file: decodes the engine's analysis windows (up to
 * 3 x 30 s, decode/windows.ts), runs checks (a)-(e) and signal QA on them, draws the plots.
 * Pure computation lives in the check modules; this file only orchestrates, times and versions.
 * Fault injection (spectrumScale, featureOffset) is passed straight to the pure check functions.
 */
import type Database from 'better-sqlite3';
import { FfmpegDecoder } from '../decode/ffmpeg-decoder.ts';
import { decodeWindows, planAnalysisWindows, type DecodedWindow } from '../decode/windows.ts';
import { FeatureError } from '../errors.ts';
import { FEATURE_VERSION, SAMPLE_RATE } from '../features/columns.ts';
import { appVersion as readAppVersion, defaultRefvectorDir } from './app-version.ts';
import { engineFrameFeatures, engineStft, HOP, N_FFT } from './engine.ts';
import { analyseWindowFft, fftChecks, type WindowFftResult } from './fft-checks.ts';
import { compareWithMeyda, mergePairs, meydaChecks, type AlignedFeature, type FeaturePairs } from './meyda-checks.ts';
import { runRefvectorSuite } from './refvectors.ts';
import { ReportStore } from './report-store.ts';
import { cutoffPlot, meydaScatterPlots, parsevalPlot, qaBarsPlot, spectrumOverlayPlot, sweepPlot } from './report-plots.ts';
import { decodeNative, readFileInfo, signalQa, type NativeAudio } from './signal-qa.ts';
import { maxOf } from './stats.ts';
import { runSyntheticChecks } from './synthetic.ts';
import { REPORT_VERSION, type Plot, type RefvectorSuite, type ReportWindow, type ValidationReport } from './types.ts';

export interface ReportOptions {
  trackId?: number | null;
  ffmpegPath?: string | null;
  windowCount?: number;
  windowLengthSec?: number;
  /** librosa reference vectors; default defaultRefvectorDir() */
  refvectorDir?: string;
  /** when given, the reference-vector run is taken from / stored in it (once per version) */
  db?: Database.Database | null;
  appVersion?: string;
  /** frames per window compared with meyda and with the reference DFT (default DEFAULT_COMPARE_FRAMES = 96) */
  compareFrames?: number;
  /** fault injection: engine spectrum multiplier (default 1) */
  spectrumScale?: number;
  /** fault injection: constants added to engine features before the meyda comparison */
  featureOffset?: Partial<Record<AlignedFeature, number>>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export const ALIGNMENT_NOTES = [
  'Engine framing: n_fft 2048, hop 512, centered with reflect padding, periodic Hann, 22050 Hz mono (the GTZAN/librosa 0.7-0.8 convention).',
  'Parseval uses the one-sided rule: bins 1..N/2-1 count twice, bins 0 and N/2 once, divided by N. The frames are rebuilt by the validation code, not taken from the engine.',
  'Reference DFT: iterative radix-2 in float64 with directly computed twiddles (Bluestein for other sizes); shares no code with the engine (fft.js).',
  "meyda: bufferSize 2048 and sampleRate 22050 are set on its global object before extracting; windowingFunction is 'rect' because meyda's window also applies to rms and zcr and its 'hanning' is symmetric. rms gets raw reflect-padded frames, zcr raw edge-padded frames with |x| <= 1e-10 set to 0 (librosa's rule), spectral features frames times the engine's periodic Hann.",
  "meyda zcr is a count over N-1 pairs: divided by N. Centroid and spread are bin indices over bins 0..N/2-1: the Nyquist bin is added back from meyda's complex spectrum, then multiplied by sr/N. Spread equals librosa's bandwidth with p=2.",
  "meyda's rolloff is fixed at 99% and scaled by sr/(2(N/2-1)); it is converted back to a bin and compared with a 99% rolloff of the engine's magnitude spectrum (the engine's own feature is the 85% rolloff). Flatness (magnitudes, bins 0..N/2-1) is likewise computed on the engine's spectrum: these two check the spectrum, not an engine feature.",
  "Not compared with meyda: MFCC (meyda uses the 1125*ln(1+f/700) mel scale, bin-floored filter edges without area normalisation, log(x+1) and an unscaled DCT; librosa uses Slaney mel with area normalisation, power_to_db with an 80 dB floor over the clip, orthonormal DCT), chroma (no tuning estimation, different bank) and anything from HPSS or tempo.",
];

export async function buildReport(path: string, opts: ReportOptions = {}): Promise<ValidationReport> {
  const timings: Record<string, number> = {};
  const t0 = performance.now();
  const lap = (name: string, since: number) => (timings[name] = Math.round((performance.now() - since) * 10) / 10);
  const appVersion = opts.appVersion ?? readAppVersion();
  const decoder = new FfmpegDecoder(opts.ffmpegPath);
  const notes = [...ALIGNMENT_NOTES];

  let t = performance.now();
  const info = await readFileInfo(path, decoder.ffmpegPath);
  const plan = planAnalysisWindows(info.durationSec, { count: opts.windowCount, lengthSec: opts.windowLengthSec });
  // Both decodes at once: they are separate ffmpeg processes.
  const [decoded, native] = await Promise.all([
    decodeWindows(decoder, path, plan, { timeoutMs: opts.timeoutMs, signal: opts.signal }),
    Promise.all(plan.map((w) => decodeNative(decoder.ffmpegPath, path, info, w.startSec, w.durationSec, opts.timeoutMs))),
  ]);
  lap('decode', t);
  notes.push(...decoded.notes);

  const usable: DecodedWindow[] = [];
  for (const w of decoded.windows) {
    if (w.samples.length > N_FFT) usable.push(w);
    else notes.push(`window ${w.index} has ${w.samples.length} samples, too short for one ${N_FFT}-sample frame: skipped`);
  }
  if (!usable.length) throw new FeatureError(`${path}: no analysis window is longer than ${N_FFT} samples (${(N_FFT / SAMPLE_RATE).toFixed(3)} s)`);
  const fftResults: WindowFftResult[] = [];
  const pairParts: FeaturePairs[] = [];
  const rmsAll: number[] = [];
  const windows: ReportWindow[] = [];
  let tEngine = 0;
  let tFft = 0;
  let tMeyda = 0;
  for (const w of usable) {
    let s = performance.now();
    const spec = engineStft(w.samples);
    const eng = engineFrameFeatures(w.samples, spec, SAMPLE_RATE);
    tEngine += performance.now() - s;
    s = performance.now();
    const fr = analyseWindowFft(w.samples, spec, { nFft: N_FFT, hop: HOP, spectrumScale: opts.spectrumScale, maxReferenceFrames: opts.compareFrames });
    fftResults.push(fr);
    tFft += performance.now() - s;
    s = performance.now();
    pairParts.push(compareWithMeyda(w.samples, eng, { sampleRate: SAMPLE_RATE, nFft: N_FFT, hop: HOP, maxFrames: opts.compareFrames, featureOffset: opts.featureOffset }));
    tMeyda += performance.now() - s;
    for (let i = 0; i < eng.rms.length; i++) rmsAll.push(eng.rms[i]);
    windows.push({
      index: w.index,
      startSec: w.startSec,
      durationSec: Math.round((w.samples.length / SAMPLE_RATE) * 1000) / 1000,
      frames: spec.nFrames,
      parsevalMax: finiteOrNull(maxOf(fr.parsevalRelErr)),
      referenceMax: finiteOrNull(maxOf(fr.refRelToPeak)),
    });
  }
  timings.engine = round1(tEngine);
  timings.fftChecks = round1(tFft);
  timings.meyda = round1(tMeyda);
  const pairs = mergePairs(pairParts);

  t = performance.now();
  const synthetic = runSyntheticChecks({ sampleRate: SAMPLE_RATE, spectrumScale: opts.spectrumScale });
  lap('synthetic', t);

  t = performance.now();
  const refvectors = refvectorSuite(opts, appVersion);
  lap('refvectors', t);

  t = performance.now();
  const qa = signalQa({ info, native: native as NativeAudio[], analysisRms: rmsAll, analysisRate: SAMPLE_RATE });
  lap('qa', t);

  const checks = [...fftChecks(fftResults), ...meydaChecks(pairs, SAMPLE_RATE, N_FFT), ...synthetic.checks, ...refvectors.checks];
  if (refvectors.status === 'absent') notes.push(refvectors.message);

  t = performance.now();
  const loudestWindow = fftResults.reduce((best, r, i) => (r.peakMag > fftResults[best].peakMag ? i : best), 0);
  const plots: Plot[] = [
    spectrumOverlayPlot(fftResults[loudestWindow], usable[loudestWindow].index, SAMPLE_RATE),
    parsevalPlot(fftResults),
    ...meydaScatterPlots(pairs),
    sweepPlot(synthetic),
    qaBarsPlot(qa.qa),
  ];
  if (qa.cutoff) plots.push(cutoffPlot(qa.cutoff));
  lap('plots', t);
  lap('total', t0);

  return {
    trackId: opts.trackId ?? null,
    path,
    version: `report ${REPORT_VERSION} · app ${appVersion} · features ${FEATURE_VERSION}`,
    reportVersion: REPORT_VERSION,
    appVersion,
    featureVersion: FEATURE_VERSION,
    createdAt: new Date().toISOString(),
    allPass: checks.every((c) => c.pass),
    checks,
    qa: qa.qa,
    qaFlags: qa.flags,
    plots,
    notes,
    windows,
    refvectors,
    timingsMs: timings,
  };
}

/** The reference-vector run for this version: from the database when stored, else run (and stored). */
function refvectorSuite(opts: ReportOptions, appVersion: string): RefvectorSuite {
  const dir = opts.refvectorDir ?? defaultRefvectorDir();
  const store = opts.db ? new ReportStore(opts.db) : null;
  const stored = store?.getRefvectorRun(appVersion, FEATURE_VERSION, REPORT_VERSION);
  if (stored) return stored;
  const suite = runRefvectorSuite(dir, { appVersion, featureVersion: FEATURE_VERSION });
  // An absent run is not stored: once the vectors are there, the next report runs them.
  if (store && suite.status === 'ok') store.saveRefvectorRun(suite);
  return suite;
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
