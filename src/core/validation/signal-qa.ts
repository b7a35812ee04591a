/**
 * Signal QA of a track: what the file is (rate, channels, codec) and whether the audio is damaged
 * or degraded (clipping, DC offset, silence, a spectral cutoff that gives away upsampling or a lossy
 * source).
 *
 * Why a second decode: the analysis decode is mono at 22050 Hz, Nyquist 11025 Hz. An MP3's
 * 16-19 kHz lowpass, or a 22.05 kHz file upsampled to 44.1 kHz, is invisible there, and resampling
 * and downmixing change peak values (clipping). So QA decodes the analysis windows again at the
 * file's native rate and channel count, capped at 96 kHz (nothing above 48 kHz is audible or
 * decides anything here, and a 192 kHz file would cost 4x for nothing).
 *
 * Units: ratios are fractions (0..1); levels dBFS; frequencies Hz.
 *  - clipping ratio: samples (all channels) in runs of >= 3 consecutive |x| >= 0.999; a single
 *    full-scale peak is not clipping, a flat run is. Flag above 1e-3.
 *  - DC offset: the largest per-channel mean. Flag above 0.01 (-40 dBFS).
 *  - silence ratio: analysis frames (2048 at 22050 Hz) with rms below -60 dBFS. Flag above 0.5.
 *  - spectral cutoff: long-term average spectrum of the mono mix (4096-point frames, Hann), levels
 *    in bands of Nyquist/64. A cutoff is a drop of >= 20 dB within 3 bands (about 5% of Nyquist)
 *    between 0.2 and 0.9 x Nyquist (resamplers' anti-alias filters sit above that), after which no
 *    band comes back within 15 dB of the level before the drop. Encoders (MP3/AAC lowpass at
 *    11-20 kHz) and upsamplers leave exactly that brick wall; natural recordings roll off
 *    gradually. Content ending below 0.55 x Nyquist (60 dB below the loudest band) is flagged too:
 *    ffmpeg's upsampler leaves images that blur the wall itself. Effective bandwidth is the cutoff
 *    when there is one, else the highest band within 60 dB of the loudest.
 */
import { spawn } from 'node:child_process';
import { parseFile } from 'music-metadata';
import { DecodeError } from '../errors.ts';
import { hannWindow } from './framing.ts';
import { rfft64 } from './reference-fft.ts';
import type { QaValue } from './types.ts';

export const QA_MAX_RATE = 96_000;
export const CLIP_LEVEL = 0.999;
export const CLIP_RUN = 3;
export const CLIP_FLAG = 1e-3;
export const DC_FLAG = 0.01;
export const SILENCE_DBFS = -60;
export const SILENCE_FLAG = 0.5;
/** effective bandwidth at or below this fraction of Nyquist also counts as upsampled */
export const NARROW_FRACTION = 0.55;
/** a brick wall counts only at or below this fraction of Nyquist */
export const CUTOFF_MAX_FRACTION = 0.9;

export interface FileInfo {
  sampleRate: number | null;
  channels: number | null;
  codec: string | null;
  container: string | null;
  lossless: boolean | null;
  bitrate: number | null;
  bitsPerSample: number | null;
  durationSec: number | null;
}

/**
 * What the file is: music-metadata's format, completed from ffmpeg's stream line when music-metadata
 * cannot tell the rate or channels (formats it does not parse, broken headers).
 */
export async function readFileInfo(path: string, ffmpegPath?: string): Promise<FileInfo> {
  const info = await readWithMusicMetadata(path);
  if ((info.sampleRate === null || info.channels === null) && ffmpegPath) {
    const s = await probeWithFfmpeg(ffmpegPath, path);
    return { ...info, sampleRate: info.sampleRate ?? s.sampleRate, channels: info.channels ?? s.channels, codec: info.codec ?? s.codec };
  }
  return info;
}

/** Parses `Stream #0:0: Audio: flac, 44100 Hz, stereo, s16` from `ffmpeg -i` (ffprobe is not bundled). */
export function parseFfmpegStreamLine(stderr: string): { sampleRate: number | null; channels: number | null; codec: string | null } {
  const m = /Stream #\d+:\d+[^:]*: Audio: ([^,\s]+)[^,]*, (\d+) Hz, ([^,\n]+)/.exec(stderr);
  if (!m) return { sampleRate: null, channels: null, codec: null };
  const layout = m[3].trim();
  const named: Record<string, number> = { mono: 1, stereo: 2, '2.1': 3, quad: 4, '4.0': 4, '5.0': 5, '5.1': 6, '5.1(side)': 6, '6.1': 7, '7.1': 8 };
  const ch = named[layout] ?? (/^(\d+) channels/.exec(layout) ? Number(/^(\d+) channels/.exec(layout)![1]) : null);
  return { sampleRate: Number(m[2]), channels: ch, codec: m[1] };
}

function probeWithFfmpeg(ffmpegPath: string, path: string): Promise<{ sampleRate: number | null; channels: number | null; codec: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(ffmpegPath, ['-nostdin', '-hide_banner', '-i', path], { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString('utf8')).slice(0, 20_000)));
    child.on('error', () => {
      clearTimeout(timer);
      resolve({ sampleRate: null, channels: null, codec: null });
    });
    // ffmpeg exits 1 here ("At least one output file must be specified"): the stream line is what counts.
    child.on('close', () => {
      clearTimeout(timer);
      resolve(parseFfmpegStreamLine(err));
    });
  });
}

async function readWithMusicMetadata(path: string): Promise<FileInfo> {
  try {
    const { format } = await parseFile(path, { duration: false, skipCovers: true });
    return {
      sampleRate: format.sampleRate ?? null,
      channels: format.numberOfChannels ?? null,
      codec: format.codec ?? null,
      container: format.container ?? null,
      lossless: format.lossless ?? null,
      bitrate: format.bitrate ?? null,
      bitsPerSample: format.bitsPerSample ?? null,
      durationSec: format.duration ?? null,
    };
  } catch {
    // An unreadable header is not fatal: ffmpeg may still decode it; QA says what it could not learn.
    return { sampleRate: null, channels: null, codec: null, container: null, lossless: null, bitrate: null, bitsPerSample: null, durationSec: null };
  }
}

export interface NativeAudio {
  /** interleaved float32 */
  samples: Float32Array;
  channels: number;
  sampleRate: number;
}

/** Decodes [startSec, startSec + durationSec) at the native rate (capped) keeping the channels. */
export function decodeNative(ffmpegPath: string, path: string, info: FileInfo, startSec: number, durationSec: number, timeoutMs = 60_000): Promise<NativeAudio> {
  const channels = Math.max(1, Math.min(info.channels ?? 2, 8));
  const sampleRate = Math.min(info.sampleRate ?? 44_100, QA_MAX_RATE);
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error'];
  if (startSec > 0) args.push('-ss', startSec.toFixed(6));
  args.push('-t', durationSec.toFixed(6), '-i', path, '-map', '0:a:0', '-vn', '-ac', String(channels), '-ar', String(sampleRate), '-f', 'f32le', '-acodec', 'pcm_f32le', 'pipe:1');
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const chunks: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-2000)));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new DecodeError(path, `cannot run ffmpeg at ${ffmpegPath}: ${e.message}`, { cause: e, code: 'FFMPEG_MISSING' }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new DecodeError(path, `ffmpeg could not decode at the native rate: ${stderr.trim().split('\n').slice(-2).join(' | ') || `exit code ${code}`}`));
        return;
      }
      const buf = Buffer.concat(chunks);
      const n = Math.floor(buf.length / 4);
      const samples = new Float32Array(n);
      new Uint8Array(samples.buffer).set(buf.subarray(0, n * 4));
      resolve({ samples, channels, sampleRate });
    });
  });
}

export interface ClipDcResult {
  clippingRatio: number;
  peakDbfs: number;
  dcOffset: number;
}

export function clippingAndDc(parts: readonly NativeAudio[]): ClipDcResult {
  let clipped = 0;
  let total = 0;
  let peak = 0;
  let dcMax = 0;
  for (const a of parts) {
    const ch = a.channels;
    const frames = Math.floor(a.samples.length / ch);
    for (let c = 0; c < ch; c++) {
      let run = 0;
      let sum = 0;
      for (let i = 0; i < frames; i++) {
        const v = a.samples[i * ch + c];
        sum += v;
        const m = Math.abs(v);
        if (m > peak) peak = m;
        if (m >= CLIP_LEVEL) run++;
        else {
          if (run >= CLIP_RUN) clipped += run;
          run = 0;
        }
      }
      if (run >= CLIP_RUN) clipped += run;
      total += frames;
      if (frames) dcMax = Math.max(dcMax, Math.abs(sum / frames));
    }
  }
  return { clippingRatio: total ? clipped / total : 0, peakDbfs: peak > 0 ? 20 * Math.log10(peak) : -Infinity, dcOffset: dcMax };
}

export function silenceRatio(frameRms: ArrayLike<number>): number {
  const thr = Math.pow(10, SILENCE_DBFS / 20);
  let n = 0;
  for (let i = 0; i < frameRms.length; i++) if (frameRms[i] < thr) n++;
  return frameRms.length ? n / frameRms.length : 0;
}

export interface CutoffResult {
  sampleRate: number;
  /** band levels in dB (power, arbitrary reference), bands of nyquist / BANDS Hz */
  bandDb: Float64Array;
  bandHz: number;
  cutoffHz: number | null;
  dropDb: number | null;
  /** null for digital silence */
  effectiveBandwidthHz: number | null;
}

export const BANDS = 64;
/** band level (dB, power of full-scale-1 samples) below which the audio is digital silence */
const SILENT_BAND_DB = -200;
const NFFT_QA = 4096;

/** Long-term average spectrum of the mono mix (at most `maxSeconds` from the middle of the audio). */
export function spectralCutoff(a: NativeAudio, maxSeconds = 20): CutoffResult {
  const ch = a.channels;
  const frames = Math.floor(a.samples.length / ch);
  const take = Math.min(frames, Math.round(maxSeconds * a.sampleRate));
  const start = Math.floor((frames - take) / 2);
  const win = hannWindow(NFFT_QA, true);
  const nb = NFFT_QA / 2 + 1;
  const acc = new Float64Array(nb);
  const frame = new Float64Array(NFFT_QA);
  let count = 0;
  for (let s = start; s + NFFT_QA <= start + take; s += NFFT_QA) {
    for (let i = 0; i < NFFT_QA; i++) {
      let v = 0;
      for (let c = 0; c < ch; c++) v += a.samples[(s + i) * ch + c];
      frame[i] = (v / ch) * win[i];
    }
    const X = rfft64(frame);
    for (let k = 0; k < nb; k++) acc[k] += X.re[k] * X.re[k] + X.im[k] * X.im[k];
    count++;
  }
  const nyq = a.sampleRate / 2;
  const bandHz = nyq / BANDS;
  const bandDb = new Float64Array(BANDS);
  const per = (nb - 1) / BANDS;
  for (let b = 0; b < BANDS; b++) {
    let s = 0;
    const k0 = Math.round(b * per);
    const k1 = Math.round((b + 1) * per);
    for (let k = k0; k < k1; k++) s += acc[k];
    bandDb[b] = 10 * Math.log10(s / Math.max(1, (k1 - k0) * Math.max(count, 1)) + 1e-30);
  }
  const top = Math.max(...bandDb);
  if (top < SILENT_BAND_DB) {
    // digital silence: there is no spectrum to have a bandwidth or a cutoff
    return { sampleRate: a.sampleRate, bandDb, bandHz, cutoffHz: null, dropDb: null, effectiveBandwidthHz: null };
  }
  const { cutoffBand, drop } = findCutoff(bandDb);
  const cutoffHz = cutoffBand === null ? null : (cutoffBand + 1) * bandHz;
  let eff = 0;
  for (let b = 0; b < BANDS; b++) if (bandDb[b] >= top - 60) eff = (b + 1) * bandHz;
  return { sampleRate: a.sampleRate, bandDb, bandHz, cutoffHz, dropDb: drop, effectiveBandwidthHz: cutoffHz ?? eff };
}

/** The band after which the level falls >= 20 dB within 3 bands and stays >= 15 dB down (the steepest such). */
export function findCutoff(bandDb: Float64Array): { cutoffBand: number | null; drop: number | null } {
  const n = bandDb.length;
  // the wall's upper edge must be at most 0.9 x Nyquist: resamplers' own anti-alias filters sit at
  // 0.9-0.97 x Nyquist, and a file that was merely resampled is not degraded
  const last = Math.floor(CUTOFF_MAX_FRACTION * n) - 1;
  let best: { cutoffBand: number | null; drop: number | null } = { cutoffBand: null, drop: null };
  // below 0.2 x Nyquist a "wall" is just the edge of a loud bass line, not a lowpass
  for (let b = Math.max(2, Math.floor(0.2 * n)); b <= last && b + 3 < n; b++) {
    const before = bandDb[b];
    const after = Math.max(...bandDb.subarray(b + 3));
    const drop = before - bandDb[b + 3];
    if (drop >= 20 && before - after >= 15) {
      if (best.drop === null || drop > best.drop) best = { cutoffBand: b, drop };
    }
  }
  if (best.cutoffBand !== null) {
    // the wall itself: the steepest single-band step inside the 3-band drop
    const b = best.cutoffBand;
    let j = b;
    for (let k = b; k < b + 3 && k <= last; k++) if (bandDb[k] - bandDb[k + 1] > bandDb[j] - bandDb[j + 1]) j = k;
    best = { cutoffBand: j, drop: best.drop };
  }
  return best;
}

export interface QaInput {
  info: FileInfo;
  native: NativeAudio[];
  analysisRms: ArrayLike<number>;
  analysisRate: number;
}

export interface QaResult {
  qa: Record<string, QaValue>;
  flags: string[];
  cutoff: CutoffResult | null;
}

export function signalQa(input: QaInput): QaResult {
  const { info, native } = input;
  const cd = clippingAndDc(native);
  const silence = silenceRatio(input.analysisRms);
  const longest = native.reduce<NativeAudio | null>((m, a) => (!m || a.samples.length > m.samples.length ? a : m), null);
  const cutoff = longest && longest.samples.length >= NFFT_QA * longest.channels ? spectralCutoff(longest) : null;
  const brickWall = cutoff?.cutoffHz != null;
  // No brick wall but nothing in the upper half: a resampler's images can blur the wall itself.
  const narrow = !!cutoff && !brickWall && cutoff.effectiveBandwidthHz !== null && cutoff.effectiveBandwidthHz <= NARROW_FRACTION * (cutoff.sampleRate / 2);
  const lowCutoff = brickWall || narrow;
  const flags: string[] = [];
  if (cd.clippingRatio > CLIP_FLAG) flags.push(`clipping: ${(cd.clippingRatio * 100).toFixed(2)}% of samples sit in flat runs at full scale`);
  if (cd.dcOffset > DC_FLAG) flags.push(`DC offset of ${cd.dcOffset.toFixed(4)} (full scale 1)`);
  if (silence > SILENCE_FLAG) flags.push(`${Math.round(silence * 100)}% of the analysed frames are silent (below ${SILENCE_DBFS} dBFS)`);
  if (narrow && cutoff) {
    flags.push(`likely upsampled: content ends near ${Math.round(cutoff.effectiveBandwidthHz!)} Hz (60 dB below the loudest band) although the file's Nyquist is ${cutoff.sampleRate / 2} Hz`);
  }
  if (brickWall && cutoff) {
    flags.push(`likely upsampled or transcoded from lossy: spectrum stops at ${Math.round(cutoff.cutoffHz!)} Hz (a ${cutoff.dropDb!.toFixed(0)} dB brick wall) although the file's Nyquist is ${cutoff.sampleRate / 2} Hz${info.lossless ? ' and the format is lossless' : ''}`);
  }
  const qa: Record<string, QaValue> = {
    sampleRateHz: info.sampleRate,
    channels: info.channels,
    codec: info.codec,
    container: info.container,
    lossless: info.lossless,
    bitrateKbps: info.bitrate ? Math.round(info.bitrate / 1000) : null,
    bitsPerSample: info.bitsPerSample,
    durationSec: info.durationSec === null ? null : round(info.durationSec, 3),
    analysisSampleRateHz: input.analysisRate,
    qaDecodeSampleRateHz: longest?.sampleRate ?? null,
    clippingRatio: round(cd.clippingRatio, 8),
    peakDbfs: Number.isFinite(cd.peakDbfs) ? round(cd.peakDbfs, 2) : null,
    dcOffset: round(cd.dcOffset, 8),
    silenceRatio: round(silence, 6),
    effectiveBandwidthHz: cutoff?.effectiveBandwidthHz != null ? Math.round(cutoff.effectiveBandwidthHz) : null,
    spectralCutoffHz: cutoff?.cutoffHz != null ? Math.round(cutoff.cutoffHz) : null,
    cutoffDropDb: cutoff?.dropDb != null ? round(cutoff.dropDb, 1) : null,
    clipping: cd.clippingRatio > CLIP_FLAG,
    dcOffsetFlag: cd.dcOffset > DC_FLAG,
    mostlySilent: silence > SILENCE_FLAG,
    likelyUpsampledOrLossy: lowCutoff,
  };
  return { qa, flags, cutoff };
}

function round(x: number, digits: number): number {
  const p = Math.pow(10, digits);
  return Math.round(x * p) / p;
}
