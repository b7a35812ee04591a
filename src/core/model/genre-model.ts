/**
 * The genre model at inference time: loads a manifest + .onnx (see load-manifest.ts), starts an
 * onnxruntime session on the best execution provider that actually works, and turns batches of
 * 57-value feature rows into class probabilities.
 *
 * onnxruntime-node throws when any provider in `executionProviders` cannot start, so providers are
 * probed one at a time (platform order, then cpu) and every failure is kept in providerAttempts for
 * diagnostics. A provider counts as working only after a one-row probe run returns the expected
 * output width.
 */
import ort from 'onnxruntime-node';
import { errorMessage, ModelError } from '../errors.ts';
import type { ModelManifest } from './manifest.ts';
import { defaultModelManifestPath, readModelManifest } from './load-manifest.ts';

export type ProviderName = 'cuda' | 'dml' | 'coreml' | 'webgpu' | 'cpu';

export interface ProviderAttempt {
  provider: ProviderName;
  ok: boolean;
  error?: string;
}

export interface LoadGenreModelOptions {
  /** Default: defaultModelManifestPath(). */
  manifestPath?: string;
  /**
   * 'auto' (default): the platform's accelerators in order, then cpu. An explicit list is probed
   * in the given order and never falls back beyond it (leave out 'cpu' to require an accelerator).
   */
  providers?: ProviderName[] | 'auto';
  /** Threads per session run; default 1, since analysis workers already run in parallel. */
  threads?: number;
}

export interface GenreModel {
  manifest: ModelManifest;
  /** sha256 hex of the .onnx bytes. */
  modelHash: string;
  modelName: string;
  /** The provider the session runs on. */
  provider: ProviderName;
  providerAttempts: ProviderAttempt[];
  /**
   * Class probabilities (manifest.labels order) for each row. `rows` is either one flat
   * row-major Float32Array of n × 57 values or one array of 57 values per row.
   */
  predict(rows: Float32Array | readonly (Float64Array | Float32Array)[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

export function platformProviderOrder(platform: NodeJS.Platform = process.platform): ProviderName[] {
  if (platform === 'win32') return ['dml', 'cuda', 'webgpu', 'cpu'];
  if (platform === 'darwin') return ['coreml', 'webgpu', 'cpu'];
  return ['cuda', 'webgpu', 'cpu'];
}


// Re-exported: callers that only need the path import it from load-manifest.ts (no onnxruntime load).
export { defaultModelManifestPath } from './load-manifest.ts';

type Session = Awaited<ReturnType<typeof ort.InferenceSession.create>>;

async function startSession(bytes: Uint8Array, provider: ProviderName, manifest: ModelManifest, threads: number): Promise<Session> {
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: [provider],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  try {
    if (!session.inputNames.includes(manifest.input.name) || !session.outputNames.includes(manifest.output.name)) {
      throw new ModelError(
        `the model's inputs [${session.inputNames.join(', ')}] / outputs [${session.outputNames.join(', ')}] do not include the manifest's "${manifest.input.name}" / "${manifest.output.name}"`,
      );
    }
    const width = manifest.input.shape[1];
    const out = await session.run({ [manifest.input.name]: new ort.Tensor('float32', new Float32Array(width), [1, width]) });
    const probs = out[manifest.output.name];
    if (probs.data.length !== manifest.labels.length) {
      throw new ModelError(`the model outputs ${probs.data.length} values per row; the manifest has ${manifest.labels.length} labels`);
    }
    return session;
  } catch (err) {
    await session.release();
    throw err;
  }
}

export async function loadGenreModel(options: LoadGenreModelOptions = {}): Promise<GenreModel> {
  // Probing logs every missing provider library as an ERROR line on stderr before throwing; the
  // failures are reported through providerAttempts instead. Only the untouched default is changed
  // (the runtime reads it once, at its first session).
  if (ort.env.logLevel === 'warning') ort.env.logLevel = 'fatal';
  const manifestPath = options.manifestPath ?? defaultModelManifestPath();
  const { manifest, onnxBytes, modelHash } = readModelManifest(manifestPath);
  const order = options.providers === undefined || options.providers === 'auto' ? platformProviderOrder() : options.providers;
  if (order.length === 0) throw new ModelError('no execution providers requested');
  const threads = options.threads ?? 1;
  const attempts: ProviderAttempt[] = [];
  let session: Session | null = null;
  let provider: ProviderName | null = null;
  for (const p of order) {
    try {
      session = await startSession(onnxBytes, p, manifest, threads);
      provider = p;
      attempts.push({ provider: p, ok: true });
      break;
    } catch (err) {
      // A manifest/model mismatch is not the provider's fault: no other provider will fix it.
      if (err instanceof ModelError) throw new ModelError(`model ${manifest.name} (${manifestPath}): ${err.message}`, { cause: err });
      attempts.push({ provider: p, ok: false, error: errorMessage(err) });
    }
  }
  if (!session || !provider) {
    const detail = attempts.map((a) => `${a.provider}: ${a.error}`).join('; ');
    throw new ModelError(`no execution provider could run model ${manifest.name} (${detail})`);
  }
  return new OrtGenreModel(manifest, modelHash, provider, attempts, session);
}

class OrtGenreModel implements GenreModel {
  readonly manifest: ModelManifest;
  readonly modelHash: string;
  readonly modelName: string;
  readonly provider: ProviderName;
  readonly providerAttempts: ProviderAttempt[];
  private session: Session | null;

  constructor(manifest: ModelManifest, modelHash: string, provider: ProviderName, attempts: ProviderAttempt[], session: Session) {
    this.manifest = manifest;
    this.modelHash = modelHash;
    this.modelName = manifest.name;
    this.provider = provider;
    this.providerAttempts = attempts;
    this.session = session;
  }

  async predict(rows: Float32Array | readonly (Float64Array | Float32Array)[]): Promise<Float32Array[]> {
    const session = this.session;
    if (!session) throw new ModelError(`model ${this.modelName} is closed`);
    const width = this.manifest.input.shape[1];
    const input = flattenRows(rows, width);
    const n = input.length / width;
    if (n === 0) return [];
    let out;
    try {
      out = await session.run({ [this.manifest.input.name]: new ort.Tensor('float32', input, [n, width]) });
    } catch (err) {
      throw new ModelError(`model ${this.modelName} failed on a batch of ${n} rows (${this.provider})`, { cause: err });
    }
    const data = out[this.manifest.output.name].data as Float32Array;
    const k = this.manifest.labels.length;
    const result: Float32Array[] = [];
    for (let r = 0; r < n; r++) result.push(data.slice(r * k, (r + 1) * k));
    return result;
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = null;
    if (session) await session.release();
  }
}

/** Rows → one float32 buffer, refusing wrong widths and non-finite values (they'd give NaN probabilities). */
function flattenRows(rows: Float32Array | readonly (Float64Array | Float32Array)[], width: number): Float32Array {
  let flat: Float32Array;
  if (rows instanceof Float32Array) {
    if (rows.length % width !== 0) throw new ModelError(`feature buffer of ${rows.length} values is not a whole number of ${width}-value rows`);
    flat = rows;
  } else {
    flat = new Float32Array(rows.length * width);
    rows.forEach((row, i) => {
      if (row.length !== width) throw new ModelError(`feature row ${i} has ${row.length} values, the model takes ${width}`);
      flat.set(row, i * width);
    });
  }
  for (let i = 0; i < flat.length; i++) {
    if (!Number.isFinite(flat[i])) {
      throw new ModelError(`feature row ${Math.floor(i / width)} has a non-finite value in column ${i % width}`);
    }
  }
  return flat;
}
