/**
 * Probability calibration by temperature scaling (Guo et al. 2017): every member's logits are
 * divided by one scalar T > 1 (softer) or < 1 (sharper) before its softmax. The arg-max, and so the
 * accuracy, does not change; the stated confidence does. T is fitted by minimising the log loss of
 * out-of-fold predictions on the training rows, so the validation rows stay untouched by it.
 *
 * Applying T divides each member's last dense layer (weights and bias) by T, so the exported graph
 * keeps its shape and the TypeScript forward pass needs no extra step.
 */
import { argmax } from './metrics.ts';
import type { Classifier } from './network.ts';

/** Below this a probability counts as this in the log loss (as scikit-learn's log_loss clips). */
const LOG_LOSS_FLOOR = 1e-15;

/** Mean −ln p(true class). */
export function logLoss(probs: ArrayLike<number>[], y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < probs.length; i++) s -= Math.log(Math.max(probs[i][y[i]], LOG_LOSS_FLOOR));
  return probs.length ? s / probs.length : 0;
}

/**
 * Expected calibration error: rows binned by top probability into `bins` equal-width bins; the
 * row-weighted mean |mean top probability − accuracy| over the bins.
 */
export function expectedCalibrationError(probs: ArrayLike<number>[], y: ArrayLike<number>, bins = 10): number {
  const conf = new Float64Array(bins);
  const ok = new Float64Array(bins);
  for (let i = 0; i < probs.length; i++) {
    const c = argmax(probs[i]);
    const b = Math.min(bins - 1, Math.floor(probs[i][c] * bins));
    conf[b] += probs[i][c];
    ok[b] += c === y[i] ? 1 : 0;
  }
  let e = 0;
  for (let b = 0; b < bins; b++) e += Math.abs(conf[b] - ok[b]);
  return probs.length ? e / probs.length : 0;
}

/**
 * Probabilities from per-member logits (row-major rows×classes each) at temperature t: the mean of
 * the members' softmax(z / t), as the exported graph computes it.
 */
export function temperatureProbabilities(logits: Float64Array[], t: number, classes: number): Float64Array[] {
  const rows = logits[0].length / classes;
  const out: Float64Array[] = [];
  for (let r = 0; r < rows; r++) {
    const p = new Float64Array(classes);
    for (const z of logits) {
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, z[r * classes + c] / t);
      let sum = 0;
      const e = new Float64Array(classes);
      for (let c = 0; c < classes; c++) {
        e[c] = Math.exp(z[r * classes + c] / t - max);
        sum += e[c];
      }
      for (let c = 0; c < classes; c++) p[c] += e[c] / sum / logits.length;
    }
    out.push(p);
  }
  return out;
}

export const TEMPERATURE_RANGE: readonly [number, number] = [0.05, 20];

/**
 * The temperature in TEMPERATURE_RANGE that minimises the log loss of `logits` against `y`: a
 * log-spaced grid, then golden-section search between the grid neighbours of the best point.
 * Deterministic; the loss is convex in 1/t for a single member.
 */
export function fitTemperature(logits: Float64Array[], y: ArrayLike<number>, classes: number): number {
  const loss = (u: number): number => logLoss(temperatureProbabilities(logits, Math.exp(u), classes), y);
  const lo = Math.log(TEMPERATURE_RANGE[0]);
  const hi = Math.log(TEMPERATURE_RANGE[1]);
  const steps = 60;
  let bestK = 0;
  let bestLoss = Infinity;
  for (let k = 0; k <= steps; k++) {
    const l = loss(lo + ((hi - lo) * k) / steps);
    if (l < bestLoss) {
      bestLoss = l;
      bestK = k;
    }
  }
  let a = lo + ((hi - lo) * Math.max(0, bestK - 1)) / steps;
  let b = lo + ((hi - lo) * Math.min(steps, bestK + 1)) / steps;
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = loss(c);
  let fd = loss(d);
  for (let it = 0; it < 40; it++) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = loss(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = loss(d);
    }
  }
  return Math.exp((a + b) / 2);
}

/** The same classifier with every member's last layer divided by t (softmax(z / t)). */
export function applyTemperature(model: Classifier, t: number): Classifier {
  if (t === 1) return model;
  return {
    ...model,
    members: model.members.map((net) => ({
      layers: net.layers.map((layer, k) =>
        k === net.layers.length - 1 ? { ...layer, weights: layer.weights.map((w) => w / t), bias: layer.bias.map((v) => v / t) } : layer,
      ),
    })),
  };
}
