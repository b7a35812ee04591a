/**
 * Manifest validation: each kind of mismatch between a card, its .onnx file and the feature
 * extractor is refused with a specific ModelError (real files in a temp folder, real sessions).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultModelManifestPath, loadGenreModel } from '../../../src/core/model/genre-model.ts';
import { readModelManifest } from '../../../src/core/model/load-manifest.ts';
import { modelCardSchema } from '../../../src/core/model/manifest.ts';
import { sha256Hex } from '../../../src/core/model/model-card.ts';
import { ModelError } from '../../../src/core/errors.ts';

const shippedPath = defaultModelManifestPath();
const shipped = JSON.parse(readFileSync(shippedPath, 'utf8')) as Record<string, unknown> & { file: string; labels: string[]; featureNames: string[] };
const dir = mkdtempSync(path.join(tmpdir(), 'genrescope-manifest-'));
copyFileSync(path.join(path.dirname(shippedPath), shipped.file), path.join(dir, shipped.file));
let n = 0;

/** Writes a variant of the shipped card next to a copy of the shipped .onnx; returns its path. */
function variant(change: (m: Record<string, unknown>) => void): string {
  const m = structuredClone(shipped);
  change(m);
  const p = path.join(dir, `variant-${n++}.json`);
  writeFileSync(p, JSON.stringify(m));
  return p;
}

function loadError(p: string): ModelError {
  try {
    readModelManifest(p);
  } catch (err) {
    expect(err).toBeInstanceOf(ModelError);
    return err as ModelError;
  }
  throw new Error(`${p} was accepted`);
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('model manifest validation', () => {
  it('accepts the shipped card, under both the runtime and the full card schema', () => {
    expect(readModelManifest(variant(() => {})).manifest.name).toBe(shipped.name);
    expect(modelCardSchema.safeParse(shipped).success).toBe(true);
    // The transform record is documentation (the graph applies it): a manifest without one loads.
    expect(readModelManifest(variant((m) => delete m.featureTransform)).manifest.featureTransform).toBeUndefined();
  });

  it('names a missing or unreadable manifest and keeps the cause', () => {
    const e = loadError(path.join(dir, 'nope.json'));
    expect(e.message).toMatch(/cannot read model manifest .*nope\.json/);
    expect((e.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"name": ');
    expect(loadError(bad).message).toMatch(/is not valid JSON/);
    expect(loadError(bad).cause).toBeInstanceOf(SyntaxError);
  });

  it('reports schema violations with their paths', () => {
    const e = loadError(variant((m) => delete m.labels));
    expect(e.message).toMatch(/invalid model manifest .*labels/);
    expect(e.cause).toBeDefined();
    expect(loadError(variant((m) => (m.sha256 = 'abc'))).message).toMatch(/sha256/);
    expect(loadError(variant((m) => (m.standardizationInGraph = false))).message).toMatch(/standardizationInGraph/);
  });

  it('refuses a feature count or order the extractor does not produce', () => {
    const fewer = variant((m) => {
      m.featureNames = shipped.featureNames.slice(0, 56);
      m.input = { name: 'features', shape: ['N', 56], dtype: 'float32' };
    });
    expect(loadError(fewer).message).toMatch(/lists 56 features; the feature extractor produces 57/);
    const swapped = variant((m) => (m.featureNames = [shipped.featureNames[1], shipped.featureNames[0], ...shipped.featureNames.slice(2)]));
    expect(loadError(swapped).message).toMatch(/feature 0 is "chroma_stft_var", the extractor's is "chroma_stft_mean"/);
    const width = variant((m) => (m.input = { name: 'features', shape: ['N', 58], dtype: 'float32' }));
    expect(loadError(width).message).toMatch(/input width 58 does not match its 57 feature names/);
    expect(loadError(variant((m) => (m.featureVersion = 'other-1'))).message).toMatch(/trained on feature version other-1/);
  });

  it('refuses a label count that differs from the output width', () => {
    const p = variant((m) => (m.labels = [...shipped.labels, 'polka']));
    expect(loadError(p).message).toMatch(/11 labels but the output has 10 columns/);
    expect(loadError(variant((m) => (m.labels = [...shipped.labels.slice(0, 9), 'unknown']))).message).toMatch(/"unknown" is reserved/);
  });

  it('catches a manifest that agrees with itself but not with the model it names', async () => {
    const p = variant((m) => {
      m.labels = [...shipped.labels, 'polka'];
      m.output = { name: 'probabilities', shape: ['N', 11], dtype: 'float32' };
    });
    await expect(loadGenreModel({ manifestPath: p, providers: ['cpu'] })).rejects.toThrow(/outputs 10 values per row; the manifest has 11 labels/);
    const renamed = variant((m) => (m.input = { name: 'x', shape: ['N', 57], dtype: 'float32' }));
    await expect(loadGenreModel({ manifestPath: renamed, providers: ['cpu'] })).rejects.toThrow(/do not include the manifest's "x"/);
  });

  it('refuses a missing or altered .onnx file', () => {
    const missing = loadError(variant((m) => (m.file = 'absent.onnx')));
    expect(missing.message).toMatch(/cannot read model file .*absent\.onnx/);
    expect((missing.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
    const bytes = readFileSync(path.join(dir, shipped.file));
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(path.join(dir, 'altered.onnx'), bytes);
    const altered = loadError(variant((m) => (m.file = 'altered.onnx')));
    expect(altered.message).toContain(`has sha256 ${sha256Hex(bytes)}, its manifest says ${String(shipped.sha256)}`);
  });
});
