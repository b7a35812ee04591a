/**
 * Temperature scaling: it recovers a known temperature from labels drawn at that temperature,
 * leaves the arg-max alone, and folding it into the last layer gives softmax(z / t) exactly.
 */
import { describe, expect, it } from 'vitest';
import {
  applyTemperature,
  expectedCalibrationError,
  fitTemperature,
  logLoss,
  temperatureProbabilities,
} from '../../../src/core/model/calibration.ts';
import { argmax } from '../../../src/core/model/metrics.ts';
import { memberLogits, predictProbabilities } from '../../../src/core/model/network.ts';
import { Prng } from '../../../src/core/model/prng.ts';
import { trainGenreClassifier } from '../../../src/core/model/trainer.ts';
import type { LabeledRow } from '../../../src/core/model/trainer.ts';

describe('fitTemperature', () => {
  it('recovers the temperature the labels were drawn at', () => {
    const rng = new Prng(4);
    const classes = 4;
    const n = 4000;
    const z = new Float64Array(n * classes).map(() => 6 * (rng.next() - 0.5));
    for (const t0 of [0.5, 2.5]) {
      // Labels drawn from softmax(z / t0): the maximum-likelihood temperature is t0 up to sampling error.
      const p = temperatureProbabilities([z], t0, classes);
      const y = p.map((row) => {
        let u = rng.next();
        for (let c = 0; c < classes; c++) if ((u -= row[c]) < 0) return c;
        return classes - 1;
      });
      const t = fitTemperature([z], y, classes);
      expect(Math.abs(Math.log(t / t0))).toBeLessThan(0.1);
      expect(logLoss(temperatureProbabilities([z], t, classes), y)).toBeLessThanOrEqual(logLoss(temperatureProbabilities([z], t0, classes), y) + 1e-12);
    }
  });

  it('computes log loss and calibration error as defined', () => {
    const probs = [
      [0.9, 0.1],
      [0.6, 0.4],
      [0.2, 0.8],
    ];
    expect(logLoss(probs, [0, 1, 1])).toBeCloseTo(-(Math.log(0.9) + Math.log(0.4) + Math.log(0.8)) / 3, 12);
    // Bins: 0.9 (right), 0.6 (wrong), 0.8 (right) → (|0.9 − 1| + |0.6 − 0| + |0.8 − 1|) / 3.
    expect(expectedCalibrationError(probs, [0, 1, 1])).toBeCloseTo((0.1 + 0.6 + 0.2) / 3, 12);
  });
});

describe('applyTemperature', () => {
  function blobs(n: number, seed: number): LabeledRow[] {
    const rng = new Prng(seed);
    return Array.from({ length: n }, (_, i) => ({
      label: ['a', 'b', 'c'][i % 3],
      features: Float64Array.from([0, 1, 2, 3], (j) => (j === i % 3 ? 1.5 : 0) + Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next())),
    }));
  }

  it('divides the last layer: the forward pass becomes softmax(z / t), arg-max unchanged', () => {
    const { model } = trainGenreClassifier(blobs(90, 1), {
      candidates: [{ id: 'mlp', family: 'mlp-ensemble', members: 2, fit: { hidden: [5], l2: 0.01, epochs: 10, batchSize: 16, learningRate: 0.01 } }],
      folds: 3,
      calibrate: false,
    });
    const rows = blobs(30, 2).map((r) => r.features);
    const scaled = predictProbabilities(applyTemperature(model, 3), rows);
    const direct = temperatureProbabilities(memberLogits(model, rows), 3, 3);
    const plain = predictProbabilities(model, rows);
    scaled.forEach((p, i) => {
      p.forEach((v, c) => expect(v).toBeCloseTo(direct[i][c], 12));
      expect(argmax(p)).toBe(argmax(plain[i]));
      expect(Math.max(...p)).toBeLessThanOrEqual(Math.max(...plain[i]) + 1e-12);
    });
    expect(applyTemperature(model, 1)).toBe(model);
  });

  it('is fitted by the trainer on out-of-fold predictions and reported', () => {
    const train = blobs(120, 3);
    const r = trainGenreClassifier(train, { candidates: [{ id: 'lda', family: 'lda', members: 1 }], folds: 3, validRows: blobs(60, 4) });
    expect(r.calibration.method).toBe('temperature');
    expect(r.calibration.outOfFoldLogLoss.after).toBeLessThanOrEqual(r.calibration.outOfFoldLogLoss.before);
    expect(r.calibration.valid?.logLossAfter).toBeCloseTo(logLoss(predictProbabilities(r.model, blobs(60, 4).map((x) => x.features)), blobs(60, 4).map((x) => ['a', 'b', 'c'].indexOf(x.label))), 12);
    const off = trainGenreClassifier(train, { candidates: [{ id: 'lda', family: 'lda', members: 1 }], folds: 3, calibrate: false });
    expect(off.calibration).toMatchObject({ method: 'none', temperature: 1, valid: null });
  });
});
