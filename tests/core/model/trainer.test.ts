/**
 * The generic trainer on synthetic rows (no GTZAN needed): it learns, it is deterministic to the
 * byte, and its evaluation helpers compute what they claim.
 */
import { describe, expect, it } from 'vitest';
import { exportClassifierToOnnx } from '../../../src/core/model/onnx-export.ts';
import { chooseThreshold, evaluate, meanAndSd } from '../../../src/core/model/metrics.ts';
import { predictProbabilities } from '../../../src/core/model/network.ts';
import { Prng } from '../../../src/core/model/prng.ts';
import { parameterCount, selectCandidate, stratifiedFolds, trainGenreClassifier } from '../../../src/core/model/trainer.ts';
import type { CandidateResult, CandidateSpec, LabeledRow } from '../../../src/core/model/trainer.ts';
import { ModelError } from '../../../src/core/errors.ts';

/** Three Gaussian blobs in 6-D with very different column scales (as in the GTZAN table). */
function blobs(n: number, seed: number): LabeledRow[] {
  const rng = new Prng(seed);
  const scales = [1, 1e3, 1e-3, 10, 1e5, 0.1];
  const rows: LabeledRow[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    const f = new Float64Array(6);
    for (let j = 0; j < 6; j++) {
      // Box–Muller noise around a class centre that differs in columns 0-2.
      const g = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
      f[j] = scales[j] * ((j === c ? 3 : 0) + g);
    }
    rows.push({ features: f, label: ['a', 'b', 'c'][c] });
  }
  return rows;
}

const tiny: CandidateSpec[] = [
  { id: 'lda', family: 'lda', members: 1 },
  { id: 'softmax', family: 'softmax-regression', members: 1, fit: { hidden: [], l2: 0.01, epochs: 30, batchSize: 16, learningRate: 0.02 } },
  { id: 'mlp-x2', family: 'mlp-ensemble', members: 2, fit: { hidden: [8], l2: 0.01, epochs: 30, batchSize: 16, learningRate: 0.01 } },
];

describe('trainGenreClassifier', () => {
  const train = blobs(150, 1);
  const valid = blobs(60, 2);

  it('learns separable classes and reports consistent metrics', () => {
    const r = trainGenreClassifier(train, { validRows: valid, candidates: tiny, folds: 3 });
    expect(r.model.labels).toEqual(['a', 'b', 'c']);
    expect(r.candidates.map((c) => c.spec.id)).toEqual(['lda', 'softmax', 'mlp-x2']);
    expect(r.candidates.map((c) => c.parameters)).toEqual([21, 21, 2 * (6 * 8 + 8 + 8 * 3 + 3)]);
    // Centres 3 sd apart in one dimension each: the Bayes accuracy is about 0.93.
    expect(r.valid?.accuracy).toBeGreaterThan(0.85);
    for (const c of r.candidates) {
      expect(c.cvAccuracy.folds).toHaveLength(3);
      expect(c.cvAccuracy.mean).toBeCloseTo(meanAndSd(c.cvAccuracy.folds).mean, 12);
      expect(c.validAccuracy).toBeGreaterThan(0.8);
    }
    // One-SE rule: within one standard error of the best, and no eligible candidate is smaller.
    const best = Math.max(...r.candidates.map((c) => c.validAccuracy ?? 0));
    const se = Math.sqrt((best * (1 - best)) / valid.length);
    expect(r.selection).toMatchObject({ scoredOn: 'valid', bestScore: best });
    expect(r.selection.standardError).toBeCloseTo(se, 12);
    const chosen = r.candidates.find((c) => c.spec.id === r.chosen.id);
    expect(chosen?.validAccuracy).toBeGreaterThanOrEqual(best - se);
    for (const c of r.candidates) if ((c.validAccuracy ?? 0) >= best - se) expect(c.parameters).toBeGreaterThanOrEqual(chosen?.parameters ?? 0);
    expect(r.valid?.accuracy).toBe(chosen?.validAccuracy);
    expect(r.threshold.source).toBe('valid');
    expect(r.threshold.coverage).toBeGreaterThanOrEqual(0.8);
  });

  it('is deterministic to the byte, and the seed matters', () => {
    const a = trainGenreClassifier(train, { validRows: valid, candidates: tiny, folds: 3 });
    const b = trainGenreClassifier(train, { validRows: valid, candidates: tiny, folds: 3 });
    const c = trainGenreClassifier(train, { validRows: valid, candidates: tiny, folds: 3, seed: 7 });
    const bytes = (r: typeof a): Uint8Array => exportClassifierToOnnx(r.model, { graphName: 't' });
    expect(Buffer.from(bytes(a)).equals(Buffer.from(bytes(b)))).toBe(true);
    expect(a.candidates).toEqual(b.candidates);
    expect(a.threshold).toEqual(b.threshold);
    expect(Buffer.from(bytes(a)).equals(Buffer.from(bytes(c)))).toBe(false);
  });

  it('selects by CV and picks the threshold out-of-fold without validation rows', () => {
    const r = trainGenreClassifier(train, { candidates: tiny, folds: 3 });
    expect(r.valid).toBeNull();
    expect(r.threshold.source).toBe('out-of-fold');
    const best = r.candidates.reduce((a, c) => (c.cvAccuracy.mean > a.cvAccuracy.mean ? c : a));
    expect(r.selection).toMatchObject({ scoredOn: 'cv', bestId: best.spec.id, bestScore: best.cvAccuracy.mean });
    expect(r.selection.cutoff).toBeCloseTo(best.cvAccuracy.mean - best.cvAccuracy.sd / Math.sqrt(3), 12);
    expect(r.candidates.find((c) => c.spec.id === r.chosen.id)?.cvAccuracy.mean).toBeGreaterThanOrEqual(r.selection.cutoff);
    expect(predictProbabilities(r.model, [train[0].features])[0].reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
  });

  it('refuses bad rows with a specific error', () => {
    const bad = [...train.slice(0, 20), { features: new Float64Array(6).fill(NaN), label: 'a' }];
    expect(() => trainGenreClassifier(bad, { candidates: tiny, folds: 3 })).toThrow(/row 20 \(a\) has a non-finite value/);
    expect(() => trainGenreClassifier([...train, { features: new Float64Array(5), label: 'a' }], { candidates: tiny })).toThrow(ModelError);
    expect(() => trainGenreClassifier(train.slice(0, 6), { candidates: tiny, folds: 5 })).toThrow(/needs at least 5/);
    expect(() => trainGenreClassifier(train, { labels: ['a', 'b'], candidates: tiny })).toThrow(/"c" is not one of the model's labels/);
  });
});

describe('selectCandidate (one-standard-error rule)', () => {
  const result = (id: string, parameters: number, valid: number, cv = 0.7): CandidateResult => ({
    spec: { id, family: 'lda', members: 1 },
    parameters,
    cvAccuracy: { mean: cv, sd: 0.05, folds: [] },
    validAccuracy: valid,
  });

  it('keeps the smaller model unless the bigger one is better by more than one standard error', () => {
    // Best 0.50 on 200 rows: SE = sqrt(0.25 / 200) = 0.0354, cutoff 0.4646.
    const close = selectCandidate([result('small', 100, 0.47), result('big', 1000, 0.5)], 200, 5);
    expect(close).toMatchObject({ bestId: 'big', chosenId: 'small' });
    expect(close.standardError).toBeCloseTo(Math.sqrt(0.25 / 200), 12);
    expect(close.cutoff).toBeCloseTo(0.5 - Math.sqrt(0.25 / 200), 12);
    expect(selectCandidate([result('small', 100, 0.46), result('big', 1000, 0.5)], 200, 5).chosenId).toBe('big');
  });

  it('breaks a tie in size by score, then CV mean, then list order', () => {
    expect(selectCandidate([result('a', 100, 0.47), result('b', 100, 0.49), result('c', 50, 0.3)], 200, 5).chosenId).toBe('b');
    expect(selectCandidate([result('a', 100, 0.49, 0.6), result('b', 100, 0.49, 0.8)], 200, 5).chosenId).toBe('b');
    expect(selectCandidate([result('a', 100, 0.49), result('b', 100, 0.49)], 200, 5).chosenId).toBe('a');
  });

  it('counts the parameters of every family', () => {
    expect(parameterCount({ id: 'l', family: 'lda', members: 1 }, 57, 10)).toBe(580);
    const fit = { hidden: [32], l2: 0, epochs: 1, batchSize: 1, learningRate: 1 };
    expect(parameterCount({ id: 'm', family: 'mlp-ensemble', members: 5, fit }, 57, 10)).toBe(5 * (57 * 32 + 32 + 32 * 10 + 10));
  });
});

describe('evaluation helpers', () => {
  it('stratifiedFolds balances classes across folds', () => {
    const rows = blobs(90, 3);
    const fold = stratifiedFolds(rows, 5, 11);
    for (let k = 0; k < 5; k++) {
      for (const l of ['a', 'b', 'c']) {
        const count = rows.filter((r, i) => fold[i] === k && r.label === l).length;
        expect(count).toBe(6);
      }
    }
  });

  it('evaluate builds the confusion matrix, precision and recall', () => {
    const probs = [
      [0.9, 0.1],
      [0.8, 0.2],
      [0.3, 0.7],
      [0.6, 0.4],
    ];
    const e = evaluate(probs, [0, 0, 1, 1], ['x', 'y']);
    expect(e.confusion).toEqual([
      [2, 0],
      [1, 1],
    ]);
    expect(e.accuracy).toBe(0.75);
    expect(e.perClass[0]).toEqual({ label: 'x', precision: 2 / 3, recall: 1, support: 2 });
    expect(e.perClass[1]).toEqual({ label: 'y', precision: 1, recall: 0.5, support: 2 });
  });

  it('chooseThreshold maximises accuracy on the accepted rows above the coverage floor', () => {
    // Top probabilities 0.95 ok, 0.9 ok, 0.8 wrong, 0.7 ok, 0.6 wrong, 0.55 ok, 0.5 wrong, 0.45 ok, 0.4 wrong, 0.35 wrong.
    const tops = [0.95, 0.9, 0.8, 0.7, 0.6, 0.55, 0.5, 0.45, 0.4, 0.35];
    const ok = [1, 1, 0, 1, 0, 1, 0, 1, 0, 0];
    const probs = tops.map((p) => [p, (1 - p) / 2, (1 - p) / 2]);
    const y = ok.map((o) => (o ? 0 : 1));
    const t = chooseThreshold(probs, y, 0.5);
    // Coverage ≥ 0.5 allows cuts at 5..10 rows: accuracies 3/5, 4/6, 4/7, 5/8, 5/9, 5/10 → 6 rows at 0.55.
    expect(t.threshold).toBe(0.55);
    expect(t.coverage).toBe(0.6);
    expect(t.accuracyOnAccepted).toBeCloseTo(4 / 6, 12);
    expect(t.accuracyAll).toBe(0.5);
    expect(chooseThreshold(probs, y, 1).threshold).toBe(0);
  });
});
