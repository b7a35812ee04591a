/**
 * Reads and checks a model manifest before any session is created: schema (zod), agreement with
 * the feature extractor (names, order, version), internal consistency (label count = output
 * width), and the .onnx file's presence and sha256. Every failure is a ModelError naming the file.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unpackedAsarPath } from '../decode/ffmpeg-path.ts';
import { FEATURE_COLUMNS, FEATURE_VERSION } from '../features/columns.ts';
import { ModelError } from '../errors.ts';
import { DEFAULT_MODEL_NAME, modelManifestSchema } from './manifest.ts';
import type { ModelManifest } from './manifest.ts';

export interface LoadedManifest {
  manifest: ModelManifest;
  manifestPath: string;
  onnxPath: string;
  onnxBytes: Uint8Array;
  /** sha256 hex of onnxBytes (equal to manifest.sha256, or loading fails). */
  modelHash: string;
}

export function parseModelManifest(json: unknown, manifestPath: string): ModelManifest {
  const parsed = modelManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ModelError(`invalid model manifest ${manifestPath}: ${issues}`, { cause: parsed.error });
  }
  const m = parsed.data;
  const where = `model manifest ${manifestPath}`;
  if (m.featureNames.length !== FEATURE_COLUMNS.length) {
    throw new ModelError(`${where} lists ${m.featureNames.length} features; the feature extractor produces ${FEATURE_COLUMNS.length}`);
  }
  const wrong = m.featureNames.findIndex((n, i) => n !== FEATURE_COLUMNS[i]);
  if (wrong >= 0) {
    throw new ModelError(`${where}: feature ${wrong} is "${m.featureNames[wrong]}", the extractor's is "${FEATURE_COLUMNS[wrong]}" (same names, same order required)`);
  }
  if (m.input.shape[1] !== m.featureNames.length) {
    throw new ModelError(`${where}: input width ${m.input.shape[1]} does not match its ${m.featureNames.length} feature names`);
  }
  if (m.output.shape[1] !== m.labels.length) {
    throw new ModelError(`${where}: ${m.labels.length} labels but the output has ${m.output.shape[1]} columns`);
  }
  if (new Set(m.labels).size !== m.labels.length) throw new ModelError(`${where}: labels are not unique`);
  if (m.labels.includes('unknown')) throw new ModelError(`${where}: "unknown" is reserved for low-confidence predictions and cannot be a label`);
  if (m.featureVersion !== FEATURE_VERSION) {
    throw new ModelError(`${where} was trained on feature version ${m.featureVersion}; this build extracts ${FEATURE_VERSION}`);
  }
  return m;
}

export function readModelManifest(manifestPath: string): LoadedManifest {
  let text: string;
  try {
    text = readFileSync(manifestPath, 'utf8');
  } catch (err) {
    throw new ModelError(`cannot read model manifest ${manifestPath}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ModelError(`model manifest ${manifestPath} is not valid JSON`, { cause: err });
  }
  const manifest = parseModelManifest(json, manifestPath);
  const onnxPath = path.resolve(path.dirname(manifestPath), manifest.file);
  let onnxBytes: Uint8Array;
  try {
    onnxBytes = readFileSync(onnxPath);
  } catch (err) {
    throw new ModelError(`cannot read model file ${onnxPath} (named by ${manifestPath})`, { cause: err });
  }
  const modelHash = createHash('sha256').update(onnxBytes).digest('hex');
  if (modelHash !== manifest.sha256) {
    throw new ModelError(`model file ${onnxPath} has sha256 ${modelHash}, its manifest says ${manifest.sha256}: the file was changed or the manifest is stale`);
  }
  return { manifest, manifestPath, onnxPath, onnxBytes, modelHash };
}

const MODULE_DIR = path.dirname(fileURLToPath(import.meta.url));

/**
 * resources/models/<default>.json, found by walking up from this module (src/core/model under
 * node, dist/core/model after tsc, a bundle folder inside app.asar when packaged), with a packaged
 * path rewritten to app.asar.unpacked where the native runtime can read it.
 */
export function defaultModelManifestPath(fromDir: string = MODULE_DIR, name: string = DEFAULT_MODEL_NAME): string {
  const rel = path.join('resources', 'models', `${name}.json`);
  let dir = fromDir;
  for (;;) {
    const candidate = path.join(dir, rel);
    if (existsSync(candidate)) return unpackedAsarPath(candidate);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // Nothing found: the source layout's location, so the error names a sensible path.
  return unpackedAsarPath(path.resolve(fromDir, '../../..', rel));
}
