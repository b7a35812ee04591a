/**
 * The shipped model through real onnxruntime sessions: provider probing, the predict contract, and
 * agreement with the TypeScript trainer (same bytes when refitted, same probabilities, the card's
 * validation numbers recomputed from the ONNX output).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultModelManifestPath, loadGenreModel, platformProviderOrder } from '../../../src/core/model/genre-model.ts';
import type { GenreModel } from '../../../src/core/model/genre-model.ts';
import { modelCardSchema } from '../../../src/core/model/manifest.ts';
import type { ModelCard } from '../../../src/core/model/manifest.ts';
import { chosenSpec, exportForCard } from '../../../src/core/model/model-card.ts';
import { chooseThreshold, evaluate } from '../../../src/core/model/metrics.ts';
import { predictProbabilities } from '../../../src/core/model/network.ts';
import { loadGtzanSplits } from '../../../src/core/model/gtzan-data.ts';
import { encodeLabels, refitChosen } from '../../../src/core/model/trainer.ts';
import { featureTransformById } from '../../../src/core/model/feature-transform.ts';
import { FEATURE_COLUMNS } from '../../../src/core/features/columns.ts';
import { ModelError } from '../../../src/core/errors.ts';
import { describeShared, repoRoot, sharedDir } from '../../helpers/shared-data.ts';

const manifestPath = defaultModelManifestPath();
const card: ModelCard = modelCardSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
const onnxBytes = readFileSync(path.join(path.dirname(manifestPath), card.file));

describe('defaultModelManifestPath', () => {
  it('finds the shipped card from the source tree and from a build folder', () => {
    expect(manifestPath).toBe(path.join(repoRoot, 'resources', 'models', `${card.name}.json`));
    expect(defaultModelManifestPath(path.join(repoRoot, 'dist', 'core', 'model'))).toBe(manifestPath);
  });

  it('points a packaged app at app.asar.unpacked', () => {
    const p = defaultModelManifestPath(path.join('/nonexistent', 'app.asar', 'dist', 'core', 'model'));
    expect(p).toBe(path.join('/nonexistent', 'app.asar.unpacked', 'resources', 'models', `${card.name}.json`));
  });
});

describe('loadGenreModel (shipped model)', () => {
  let model: GenreModel;
  beforeAll(async () => {
    model = await loadGenreModel();
  });
  afterAll(async () => {
    await model.close();
  });

  it('probes the platform providers one at a time and records each failure', () => {
    const order = platformProviderOrder();
    const attempts = model.providerAttempts;
    expect(attempts.map((a) => a.provider)).toEqual(order.slice(0, attempts.length));
    expect(attempts.at(-1)).toEqual({ provider: model.provider, ok: true });
    for (const a of attempts.slice(0, -1)) {
      expect(a.ok).toBe(false);
      expect(a.error?.length).toBeGreaterThan(0);
    }
    if (process.platform === 'linux' && model.provider === 'cpu') {
      // This machine: no CUDA provider library, no GPU adapter for WebGPU.
      expect(attempts.map((a) => [a.provider, a.ok])).toEqual([
        ['cuda', false],
        ['webgpu', false],
        ['cpu', true],
      ]);
    }
  });

  it('reports the manifest, name and hash of the bytes it runs', () => {
    expect(model.modelName).toBe(card.name);
    expect(model.modelHash).toBe(createHash('sha256').update(onnxBytes).digest('hex'));
    expect(model.modelHash).toBe(card.sha256);
    expect(model.manifest.labels).toEqual(card.labels);
  });

  it('predicts a distribution per row, the same for flat and per-row input', async () => {
    const rows = [new Float64Array(57).fill(0.5), new Float64Array(57).map((_, i) => i)];
    const a = await model.predict(rows);
    const flat = new Float32Array(114);
    flat.set(rows[0], 0);
    flat.set(rows[1], 57);
    const b = await model.predict(flat);
    expect(a).toHaveLength(2);
    for (let r = 0; r < 2; r++) {
      expect(a[r]).toHaveLength(10);
      expect(a[r].reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
      expect(Array.from(b[r])).toEqual(Array.from(a[r]));
    }
    expect(await model.predict([])).toEqual([]);
  });

  it('stays finite on zero, negative and huge raw values in the log-transformed columns', async () => {
    const logged = new Set(card.featureTransform.columns.map((c) => card.featureNames.indexOf(c.feature)));
    expect(logged.size).toBe(card.featureTransform.columns.length);
    const rows = [0, -1, 1e12].map((v) => new Float64Array(57).map((_, j) => (logged.has(j) ? v : 1)));
    for (const p of await model.predict(rows)) {
      expect(p.every(Number.isFinite)).toBe(true);
      expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
    }
  });

  it('refuses malformed feature rows', async () => {
    await expect(model.predict([new Float64Array(56)])).rejects.toThrow(/feature row 0 has 56 values, the model takes 57/);
    await expect(model.predict(new Float32Array(58))).rejects.toThrow(ModelError);
    const nan = new Float64Array(57);
    nan[3] = NaN;
    await expect(model.predict([new Float64Array(57), nan])).rejects.toThrow(/row 1 has a non-finite value in column 3/);
  });

  it('runs on cpu alone when asked, and fails clearly when no listed provider can start', async () => {
    const cpu = await loadGenreModel({ providers: ['cpu'] });
    expect(cpu.provider).toBe('cpu');
    expect(cpu.providerAttempts).toEqual([{ provider: 'cpu', ok: true }]);
    await cpu.close();
    await expect(cpu.predict([new Float64Array(57)])).rejects.toThrow(/closed/);
    // No CoreML backend exists off macOS (nor DirectML off Windows): a real, certain failure.
    const absent = process.platform === 'darwin' ? 'dml' : 'coreml';
    await expect(loadGenreModel({ providers: [absent] })).rejects.toThrow(new RegExp(`no execution provider could run model ${card.name} \\(${absent}: `));
  });
});

describeShared('shipped model against the GTZAN validation rows', () => {
  const splits = loadGtzanSplits(sharedDir());
  let onnxProbs: Float32Array[];
  beforeAll(async () => {
    const model = await loadGenreModel({ providers: ['cpu'] });
    onnxProbs = await model.predict(splits.valid.map((r) => r.features));
    await model.close();
  });

  it('is exactly the chosen candidate refitted by the TypeScript trainer, and agrees with its forward pass', () => {
    const refit = refitChosen(splits.train, card.labels, chosenSpec(card), card.training.seed, card.calibration.temperature);
    expect(createHash('sha256').update(exportForCard(refit, card.name)).digest('hex')).toBe(card.sha256);
    const ts = predictProbabilities(refit, splits.valid.map((r) => r.features));
    let maxDiff = 0;
    ts.forEach((row, i) => row.forEach((p, c) => (maxDiff = Math.max(maxDiff, Math.abs(p - onnxProbs[i][c])))));
    // float32 weights and inputs in the graph vs float64 in TypeScript: ~5e-7 observed.
    expect(maxDiff).toBeLessThan(1e-5);
  });

  it('records the graph\'s log transform per column, offsets recomputed from the training rows', () => {
    const t = card.featureTransform;
    expect(t.inGraph).toBe(true);
    const spec = featureTransformById(t.id);
    expect(t.columns.map((c) => c.feature)).toEqual(spec.logColumns.map((j) => FEATURE_COLUMNS[j]));
    spec.logColumns.forEach((j, k) => {
      const col = splits.train.map((r) => r.features[j]).sort((a, b) => a - b);
      const median = (col[(col.length - 1) >> 1] + col[col.length >> 1]) / 2;
      expect(t.columns[k].offset).toBe(Math.fround(1e-3 * median));
    });
    expect(card.chosen.featureTransform).toBe(t.id);
  });

  it('reproduces the card\'s validation accuracy, confusion matrix and threshold figures', () => {
    expect(splits.valid).toHaveLength(card.training.validRows);
    expect(card.featureNames).toEqual([...FEATURE_COLUMNS]);
    const y = encodeLabels(splits.valid, card.labels);
    const e = evaluate(onnxProbs, y, card.labels);
    const v = card.metrics.valid;
    expect(e.n).toBe(v.n);
    expect(e.confusion).toEqual(v.confusion);
    expect(Math.round(e.accuracy * v.n)).toBe(v.correct);
    expect(e.accuracy).toBeCloseTo(v.accuracy, 4);
    e.perClass.forEach((p, i) => {
      expect(p.precision).toBeCloseTo(v.perClass[i].precision, 4);
      expect(p.recall).toBeCloseTo(v.perClass[i].recall, 4);
    });
    const t = chooseThreshold(onnxProbs, y, card.unknownThreshold.minCoverage);
    expect(t.threshold).toBe(card.unknownThreshold.value);
    expect(t.coverage).toBeCloseTo(card.unknownThreshold.coverage, 4);
    expect(t.accuracyOnAccepted).toBeCloseTo(card.unknownThreshold.accuracyOnAccepted, 4);
  });
});
