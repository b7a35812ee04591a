/**
 * Which model the engine uses, known in the main process without starting a worker: the manifest
 * is read and the .onnx file hashed (load-manifest.ts checks both), so deciding that a track is
 * up to date never needs an ONNX session. Workers load the same manifest path.
 */
import { readModelManifest } from '../model/load-manifest.ts';
import { defaultModelManifestPath } from '../model/load-manifest.ts';
import { modelCardSchema, type ModelCard as ManifestCard } from '../model/manifest.ts';

export interface ModelIdentity {
  manifestPath: string;
  modelName: string;
  /** sha256 of the .onnx bytes: a different model means a re-analysis. */
  modelHash: string;
  labels: string[];
  threshold: number;
  /** The manifest with its training report, when it has one (the shipped model does). */
  card: ManifestCard | null;
  manifest: unknown;
}

export function readModelIdentity(manifestPath?: string | null): ModelIdentity {
  const p = manifestPath ?? defaultModelManifestPath();
  const loaded = readModelManifest(p);
  const card = modelCardSchema.safeParse(loaded.manifest);
  return {
    manifestPath: p,
    modelName: loaded.manifest.name,
    modelHash: loaded.modelHash,
    labels: [...loaded.manifest.labels],
    threshold: loaded.manifest.unknownThreshold.value,
    card: card.success ? card.data : null,
    manifest: loaded.manifest,
  };
}
