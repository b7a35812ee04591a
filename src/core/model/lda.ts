/**
 * Linear discriminant analysis with Ledoit–Wolf shrinkage, fitted in closed form (no iterations, no
 * randomness, no tuning knob) on standardised rows. Its class posterior is exactly a softmax of a
 * linear function, so the result is an ordinary one-layer Network and exports to the same ONNX
 * graph as softmax regression:
 *
 *   W[:, k] = Σ⁻¹ μ_k,   b_k = −½ μ_kᵀ Σ⁻¹ μ_k + ln π_k
 *
 * μ_k are the class means, π_k the class frequencies, and Σ the pooled within-class covariance
 * (divided by n) shrunk towards a scaled identity, Σ = (1 − a)·S + a·(tr S / p)·I, with the
 * intensity a estimated from the residuals by the Ledoit–Wolf (2004) formula (the one in
 * scikit-learn's ledoit_wolf_shrinkage). A generative linear model with 57·10 parameters estimated
 * from class means and one shared covariance is a strong small-sample baseline.
 */
import { ModelError } from '../errors.ts';
import type { Network } from './network.ts';

export interface LdaFit {
  network: Network;
  /** The Ledoit–Wolf intensity a in [0, 1] that was used. */
  shrinkage: number;
}

/** Floor on the intensity so a degenerate column (zero within-class variance) still gives a positive-definite Σ. */
const MIN_SHRINKAGE = 1e-6;

/** Ledoit–Wolf shrinkage intensity for already-centred rows r (n×p, row-major). */
export function ledoitWolfShrinkage(r: Float64Array, n: number, p: number): number {
  const cov = new Float64Array(p * p);
  const diag = new Float64Array(p);
  let beta0 = 0;
  for (let i = 0; i < n; i++) {
    const ri = i * p;
    let sq = 0;
    for (let j = 0; j < p; j++) {
      const v = r[ri + j];
      sq += v * v;
      diag[j] += v * v;
      if (v === 0) continue;
      for (let k = j; k < p; k++) cov[j * p + k] += v * r[ri + k];
    }
    beta0 += sq * sq;
  }
  let delta0 = 0;
  for (let j = 0; j < p; j++) {
    for (let k = j; k < p; k++) delta0 += (k === j ? 1 : 2) * cov[j * p + k] * cov[j * p + k];
  }
  delta0 /= n * n;
  let trace = 0;
  for (let j = 0; j < p; j++) trace += diag[j] / n;
  const mu = trace / p;
  const delta = (delta0 - 2 * mu * trace + p * mu * mu) / p;
  const beta = Math.min((beta0 / n - delta0) / (p * n), delta);
  return delta > 0 ? Math.min(1, Math.max(0, beta / delta)) : 1;
}

/** In-place Cholesky factor L (lower, row-major) of a symmetric positive-definite p×p matrix. */
function cholesky(a: Float64Array, p: number): void {
  for (let j = 0; j < p; j++) {
    let s = a[j * p + j];
    for (let k = 0; k < j; k++) s -= a[j * p + k] * a[j * p + k];
    if (!(s > 0)) throw new ModelError(`LDA covariance is not positive definite (pivot ${j} = ${s})`);
    const ljj = Math.sqrt(s);
    a[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let t = a[i * p + j];
      for (let k = 0; k < j; k++) t -= a[i * p + k] * a[j * p + k];
      a[i * p + j] = t / ljj;
    }
    for (let k = j + 1; k < p; k++) a[j * p + k] = 0;
  }
}

/** Solves (L Lᵀ) x = b in place. */
function choleskySolve(l: Float64Array, p: number, b: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * p + k] * b[k];
    b[i] = s / l[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * b[k];
    b[i] = s / l[i * p + i];
  }
}

/** Fits LDA on standardised rows x (n×d, row-major) with labels y in [0, classes); every class needs a row. */
export function fitLda(x: Float64Array, y: Int32Array, classes: number): LdaFit {
  const n = y.length;
  const d = x.length / n;
  const means = new Float64Array(classes * d);
  const counts = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    counts[y[i]]++;
    for (let j = 0; j < d; j++) means[y[i] * d + j] += x[i * d + j];
  }
  for (let c = 0; c < classes; c++) {
    if (counts[c] === 0) throw new ModelError(`LDA needs at least one training row of every class; class ${c} has none`);
    for (let j = 0; j < d; j++) means[c * d + j] /= counts[c];
  }
  const resid = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) resid[i * d + j] = x[i * d + j] - means[y[i] * d + j];
  const shrinkage = Math.max(MIN_SHRINKAGE, ledoitWolfShrinkage(resid, n, d));

  const sigma = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    const ri = i * d;
    for (let j = 0; j < d; j++) {
      const v = resid[ri + j];
      if (v === 0) continue;
      for (let k = 0; k <= j; k++) sigma[j * d + k] += v * resid[ri + k];
    }
  }
  let trace = 0;
  for (let j = 0; j < d; j++) trace += sigma[j * d + j] / n;
  const target = (shrinkage * trace) / d;
  for (let j = 0; j < d; j++) {
    for (let k = 0; k <= j; k++) {
      const v = ((1 - shrinkage) * sigma[j * d + k]) / n + (j === k ? target : 0);
      sigma[j * d + k] = v;
      sigma[k * d + j] = v;
    }
  }
  cholesky(sigma, d);

  const weights = new Float64Array(d * classes);
  const bias = new Float64Array(classes);
  for (let c = 0; c < classes; c++) {
    const w = means.slice(c * d, (c + 1) * d);
    choleskySolve(sigma, d, w);
    let quad = 0;
    for (let j = 0; j < d; j++) {
      weights[j * classes + c] = w[j];
      quad += means[c * d + j] * w[j];
    }
    bias[c] = -0.5 * quad + Math.log(counts[c] / n);
  }
  return { network: { layers: [{ inputs: d, outputs: classes, weights, bias }] }, shrinkage };
}
