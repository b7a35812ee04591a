/**
 * Entry of an analysis worker process (Electron utilityProcess or Node child_process.fork). Holds ONE
 * ONNX session for its whole life; runs one job at a time; answers every job with a result or a
 * structured error, so only a real crash (or the test-only crash action) loses a job.
 */
import { FfmpegDecoder } from '../core/decode/ffmpeg-decoder.ts';
import { decodeWindows, planAnalysisWindows } from '../core/decode/windows.ts';
import { DecodeError, errorMessage } from '../core/errors.ts';
import { FEATURE_VERSION } from '../core/features/columns.ts';
import { extractFeatures } from '../core/features/extract.ts';
import { readTrackMeta } from '../core/library/metadata.ts';
import { defaultModelManifestPath, loadGenreModel, type GenreModel } from '../core/model/genre-model.ts';
import { analyseJob, type JobDeps } from './analyse-job.ts';
import { TEST_CRASH_ENV, toWorkerSchema, type InitMessage, type JobMessage, type WindowSpec } from './protocol.ts';
import { detectTransport } from './transport.ts';

const transport = detectTransport();
let model: GenreModel | null = null;
const decoders = new Map<string, FfmpegDecoder>();
const running = new Map<number, AbortController>();
/** Cancels that arrived before their job started (jobs run one after another). */
const cancelledEarly = new Set<number>();
let chain: Promise<void> = Promise.resolve();

function decoderFor(ffmpegPath: string | null): FfmpegDecoder {
  const key = ffmpegPath ?? '';
  let d = decoders.get(key);
  if (!d) {
    d = new FfmpegDecoder(ffmpegPath);
    decoders.set(key, d);
  }
  return d;
}

async function init(msg: InitMessage): Promise<void> {
  try {
    const manifestPath = msg.modelManifestPath ?? defaultModelManifestPath();
    model = await loadGenreModel({ manifestPath, providers: msg.providers ?? 'auto' });
    transport.send({
      type: 'ready',
      pid: process.pid,
      modelName: model.modelName,
      modelHash: model.modelHash,
      manifestPath,
      labels: [...model.manifest.labels],
      threshold: model.manifest.unknownThreshold.value,
      featureVersion: FEATURE_VERSION,
      provider: model.provider,
      providerAttempts: model.providerAttempts.map((a) => ({ provider: a.provider, ok: a.ok, error: a.error ?? null })),
    });
  } catch (e) {
    transport.send({ type: 'init-error', pid: process.pid, error: { kind: 'model', message: errorMessage(e) } });
  }
}

/**
 * The windows of one file decoded by concurrent ffmpeg runs: feature extraction blocks this thread,
 * so decoding can only overlap with other decodes, and a spare core (the default leaves one) then
 * shortens each track. Same rules as decodeWindows: an empty first window is an error, an empty
 * later one (the header over-stated the duration) is dropped.
 */
async function decodeConcurrently(decoder: FfmpegDecoder, path: string, windows: WindowSpec[], o: { timeoutMs: number; signal: AbortSignal }) {
  const settled = await Promise.allSettled(windows.map((w) => decodeWindows(decoder, path, [w], { timeoutMs: o.timeoutMs, signal: o.signal })));
  const out: (WindowSpec & { samples: Float32Array })[] = [];
  settled.forEach((r, i) => {
    if (r.status === 'fulfilled') {
      out.push(...r.value.windows);
      return;
    }
    const emptyLater = i > 0 && r.reason instanceof DecodeError && r.reason.code === 'DECODE_EMPTY';
    if (!emptyLater) throw r.reason;
  });
  return out;
}

function deps(m: GenreModel): JobDeps {
  return {
    decodeWindows: (path, windows, o) => decodeConcurrently(decoderFor(o.ffmpegPath), path, windows, o),
    extract: (y, timings) => {
      const t: Record<string, number> = {};
      const v = extractFeatures(y, { timings: t });
      for (const [k, ms] of Object.entries(t)) timings[k] = (timings[k] ?? 0) + ms;
      return v;
    },
    predict: async (rows) => m.predict(rows),
    readDurationSec: async (path) => {
      try {
        return (await readTrackMeta(path)).durationSec;
      } catch {
        // Unreadable tags are not fatal: the file may still decode (planWindows handles null).
        return null;
      }
    },
    planWindows: (durationSec, settings) => planAnalysisWindows(durationSec, settings),
    provider: () => m.provider,
  };
}

async function runJob(msg: JobMessage): Promise<void> {
  if (msg.testAction && process.env[TEST_CRASH_ENV] === '1') {
    // A real, abrupt death (as the OOM killer would do it): no reply, no cleanup.
    if (msg.testAction === 'crash') process.kill(process.pid, 'SIGKILL');
    // A job that never ends (a wedged decoder or session): only the pool's watchdog can stop it.
    else await new Promise<never>(() => {});
    return;
  }
  const ac = new AbortController();
  if (cancelledEarly.delete(msg.jobId)) ac.abort();
  running.set(msg.jobId, ac);
  try {
    if (!model) {
      transport.send({ type: 'result', ok: false, jobId: msg.jobId, error: { kind: 'model', message: 'worker has no model loaded' }, timingsMs: {}, maxRssBytes: 0 });
      return;
    }
    transport.send(await analyseJob(msg, deps(model), ac.signal));
  } finally {
    running.delete(msg.jobId);
  }
}

transport.onMessage((raw) => {
  const parsed = toWorkerSchema.safeParse(raw);
  if (!parsed.success) return;
  const msg = parsed.data;
  switch (msg.type) {
    case 'init':
      chain = chain.then(() => init(msg));
      break;
    case 'job':
      chain = chain.then(() => runJob(msg));
      break;
    case 'cancel': {
      const ac = running.get(msg.jobId);
      if (ac) ac.abort();
      else cancelledEarly.add(msg.jobId);
      break;
    }
    case 'shutdown':
      for (const ac of running.values()) ac.abort();
      void chain.finally(async () => {
        await model?.close();
        process.exit(0);
      });
      break;
  }
});

transport.onDisconnect(() => process.exit(0));
