/**
 * Shrinkage LDA against the theory it implements: on Gaussian classes with a shared covariance the
 * fitted weights approach Σ⁻¹μ_k and its posteriors the Bayes posteriors, computed here from the
 * true parameters (not from the fit); the Ledoit–Wolf intensity behaves as the estimator must.
 */
import { describe, expect, it } from 'vitest';
import { fitLda, ledoitWolfShrinkage } from '../../../src/core/model/lda.ts';
import { networkProbabilities } from '../../../src/core/model/network.ts';
import { Prng } from '../../../src/core/model/prng.ts';
import { ModelError } from '../../../src/core/errors.ts';

function gaussian(rng: Prng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

// Σ = L Lᵀ with a full lower-triangular L: correlated, unequal variances.
const L = [
  [1.4, 0, 0],
  [0.6, 0.8, 0],
  [0, 0.4, 0.6],
];
const SIGMA = L.map((r) => L.map((s) => r.reduce((a, v, k) => a + v * s[k], 0)));
const MEANS = [
  [0, 0, 0],
  [1, 0.5, 0],
  [0, -1, 1],
];

function solve3(a: number[][], b: number[]): number[] {
  // Cramer's rule: independent of the Cholesky solver under test.
  const det = (m: number[][]): number =>
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const d = det(a);
  return [0, 1, 2].map((c) => det(a.map((row, i) => row.map((v, j) => (j === c ? b[i] : v)))) / d);
}

function sample(perClass: number, seed: number): { x: Float64Array; y: Int32Array } {
  const rng = new Prng(seed);
  const n = perClass * 3;
  const x = new Float64Array(n * 3);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    const z = [gaussian(rng), gaussian(rng), gaussian(rng)];
    y[i] = c;
    for (let j = 0; j < 3; j++) x[i * 3 + j] = MEANS[c][j] + L[j].reduce((a, v, k) => a + v * z[k], 0);
  }
  return { x, y };
}

describe('fitLda', () => {
  const { x, y } = sample(4000, 5);
  const fit = fitLda(x, y, 3);
  const layer = fit.network.layers[0];
  const trueW = MEANS.map((m) => solve3(SIGMA, m));

  it('estimates W[:, k] = Σ⁻¹μ_k and b_k = −½μ_kᵀΣ⁻¹μ_k + ln π_k', () => {
    expect(fit.network.layers).toHaveLength(1);
    expect(fit.shrinkage).toBeLessThan(0.01);
    for (let c = 0; c < 3; c++) {
      for (let j = 0; j < 3; j++) expect(Math.abs(layer.weights[j * 3 + c] - trueW[c][j])).toBeLessThan(0.08);
      const b = -0.5 * MEANS[c].reduce((a, m, j) => a + m * trueW[c][j], 0) + Math.log(1 / 3);
      expect(Math.abs(layer.bias[c] - b)).toBeLessThan(0.08);
    }
  });

  it('gives posteriors close to the Bayes posteriors of the true model', () => {
    const test = sample(200, 9);
    const p = networkProbabilities(fit.network, test.x, 600);
    let maxDiff = 0;
    for (let i = 0; i < 600; i++) {
      const logits = trueW.map((w, c) => w.reduce((a, v, j) => a + v * test.x[i * 3 + j], 0) - 0.5 * MEANS[c].reduce((a, m, j) => a + m * w[j], 0));
      const mx = Math.max(...logits);
      const e = logits.map((l) => Math.exp(l - mx));
      const s = e.reduce((a, v) => a + v, 0);
      e.forEach((v, c) => (maxDiff = Math.max(maxDiff, Math.abs(v / s - p[i * 3 + c]))));
    }
    expect(maxDiff).toBeLessThan(0.03);
  });

  it('is deterministic and survives a constant column; refuses an empty class', () => {
    expect(fitLda(x, y, 3)).toEqual(fit);
    const withConst = new Float64Array(200 * 4);
    const y2 = new Int32Array(200);
    for (let i = 0; i < 200; i++) {
      y2[i] = i % 2;
      withConst.set([x[i * 3], x[i * 3 + 1], 0, x[i * 3 + 2]], i * 4);
    }
    const w = fitLda(withConst, y2, 2).network.layers[0].weights;
    expect(w.every(Number.isFinite)).toBe(true);
    expect(() => fitLda(withConst, y2, 3)).toThrow(ModelError);
    expect(() => fitLda(withConst, y2, 3)).toThrow(/class 2 has none/);
  });
});

describe('ledoitWolfShrinkage', () => {
  function rows(n: number, scales: number[], seed: number): Float64Array {
    const rng = new Prng(seed);
    const r = new Float64Array(n * scales.length);
    for (let i = 0; i < r.length; i++) r[i] = scales[i % scales.length] * gaussian(rng);
    return r;
  }

  it('shrinks hard when the sample covariance is noise around a scaled identity, barely when it is well estimated', () => {
    // 20 isotropic dimensions from 30 rows: the sample eigenvalues are spread by noise only.
    expect(ledoitWolfShrinkage(rows(30, new Array<number>(20).fill(1), 1), 30, 20)).toBeGreaterThan(0.5);
    // Variances from 1 to 10⁴ from 5000 rows: the identity target is far off and S is precise.
    expect(ledoitWolfShrinkage(rows(5000, [1, 3, 10, 30, 100], 2), 5000, 5)).toBeLessThan(0.01);
  });

  it('is scale-invariant and stays in [0, 1]', () => {
    const r = rows(50, [1, 2, 3, 4], 3);
    const a = ledoitWolfShrinkage(r, 50, 4);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThanOrEqual(1);
    expect(ledoitWolfShrinkage(r.map((v) => v * 1e3), 50, 4)).toBeCloseTo(a, 10);
  });
});
