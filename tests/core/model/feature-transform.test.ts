/**
 * The per-column log transform: its fit and application in TypeScript, and the same math inside an
 * exported ONNX graph run by a real onnxruntime session (zeros, negatives and huge values included).
 */
import { describe, expect, it } from 'vitest';
import ort from 'onnxruntime-node';
import { FEATURE_COLUMNS } from '../../../src/core/features/columns.ts';
import {
  applyColumnTransform,
  featureTransformById,
  fitColumnTransform,
  IDENTITY_TRANSFORM,
  LOG_OFFSET_FRACTION,
  LOG_VARIANCES_TRANSFORM,
} from '../../../src/core/model/feature-transform.ts';
import { exportClassifierToOnnx, INPUT_NAME, OUTPUT_NAME } from '../../../src/core/model/onnx-export.ts';
import { predictProbabilities } from '../../../src/core/model/network.ts';
import { Prng } from '../../../src/core/model/prng.ts';
import { trainGenreClassifier } from '../../../src/core/model/trainer.ts';
import type { CandidateSpec, LabeledRow } from '../../../src/core/model/trainer.ts';
import { ModelError } from '../../../src/core/errors.ts';

describe('fitColumnTransform / applyColumnTransform', () => {
  const rows = [
    [1, 10, -5],
    [2, 40, 7],
    [3, 20, 0],
    [4, 30, -1],
  ].map((r) => Float64Array.from(r));

  it('offsets each log column by 1e-3 × its training median (negatives counted as 0)', () => {
    const t = fitColumnTransform(rows, { id: 't', logColumns: [1, 2] });
    expect(t.logColumns).toEqual([1, 2]);
    expect(t.offsets[0]).toBeCloseTo(LOG_OFFSET_FRACTION * 25, 15);
    // Column 2 clamped: 0, 7, 0, 0 → median 0 → mean 1.75.
    expect(t.offsets[1]).toBeCloseTo(LOG_OFFSET_FRACTION * 1.75, 15);
    const out = applyColumnTransform(rows, t);
    expect(Array.from(out[1])).toEqual([2, Math.log(40 + 0.025), Math.log(7 + 0.00175)]);
    expect(out[0][2]).toBe(Math.log(0.00175));
    expect(out[2][2]).toBe(Math.log(0.00175));
    expect(Array.from(rows[0])).toEqual([1, 10, -5]);
  });

  it('is the identity without log columns, and refuses a column the rows do not have', () => {
    const t = fitColumnTransform(rows, IDENTITY_TRANSFORM);
    expect(applyColumnTransform(rows, t)).toBe(rows);
    expect(() => fitColumnTransform(rows, { id: 'bad', logColumns: [3] })).toThrow(/names column 3; rows have 3/);
    expect(() => featureTransformById('sqrt')).toThrow(ModelError);
  });

  it('log-variances names exactly the 28 variance columns of the feature layout', () => {
    const names = LOG_VARIANCES_TRANSFORM.logColumns.map((j) => FEATURE_COLUMNS[j]);
    expect(names).toHaveLength(28);
    expect(names).toEqual(FEATURE_COLUMNS.filter((c) => c.endsWith('_var')));
    expect(featureTransformById('log-variances')).toBe(LOG_VARIANCES_TRANSFORM);
  });
});

describe('ONNX export of a transformed model', () => {
  // Four columns: 1 and 3 are log-normal scale values (the kind the log is for), 0 and 2 plain.
  function data(n: number, seed: number): LabeledRow[] {
    const rng = new Prng(seed);
    const g = (): number => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    return Array.from({ length: n }, (_, i) => {
      const c = i % 2;
      return { label: c ? 'b' : 'a', features: Float64Array.from([g() + c, 1e4 * Math.exp(g() + c), 50 * g(), 1e-5 * Math.exp(2 * g() - c)]) };
    });
  }
  const transform = { id: 'test-log', logColumns: [1, 3] };
  const candidates: CandidateSpec[] = [
    { id: 'lda', family: 'lda', members: 1, transform },
    { id: 'mlp', family: 'mlp-ensemble', members: 2, transform, fit: { hidden: [6], l2: 0.01, epochs: 20, batchSize: 16, learningRate: 0.01 } },
  ];

  it('runs the transform in the graph: onnxruntime output equals the TypeScript forward pass', async () => {
    const train = data(120, 1);
    const probe = [
      ...data(20, 2).map((r) => r.features),
      Float64Array.from([0, 0, 0, 0]),
      Float64Array.from([-1, -3, -1, -1e-9]),
      Float64Array.from([5, 1e9, 1e3, 10]),
    ];
    for (const spec of candidates) {
      const { model } = trainGenreClassifier(train, { candidates: [spec], folds: 2 });
      expect(model.transform.logColumns).toEqual([1, 3]);
      const session = await ort.InferenceSession.create(exportClassifierToOnnx(model, { graphName: spec.id }), { executionProviders: ['cpu'] });
      const flat = new Float32Array(probe.length * 4);
      probe.forEach((r, i) => flat.set(r, i * 4));
      const out = (await session.run({ [INPUT_NAME]: new ort.Tensor('float32', flat, [probe.length, 4]) }))[OUTPUT_NAME].data as Float32Array;
      await session.release();
      // The TS side sees the same float32-rounded inputs the graph gets.
      const ts = predictProbabilities(model, probe.map((r) => Float64Array.from(Float32Array.from(r))));
      let maxDiff = 0;
      ts.forEach((row, i) => row.forEach((p, c) => (maxDiff = Math.max(maxDiff, Math.abs(p - out[i * 2 + c])))));
      expect(out.every(Number.isFinite)).toBe(true);
      expect(maxDiff).toBeLessThan(1e-5);
    }
  });
});
