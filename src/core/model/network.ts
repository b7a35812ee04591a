/**
 * The classifier math, in float64: per-column transform (feature-transform.ts) → standardise → dense
 * layers (ReLU between them) → softmax, and an ensemble averages the members' probabilities. A network with no hidden layer is multinomial
 * logistic (softmax) regression. The ONNX export (onnx-export.ts) builds exactly this graph, so this
 * forward pass is the reference its output is tested against.
 *
 * Training: mini-batch Adam on mean cross-entropy + (l2 / 2)·‖W‖² (biases not decayed), learning
 * rate on a cosine schedule to 0, a fixed number of epochs (no early stopping: the result depends
 * only on data, parameters and seed).
 */
import { Prng } from './prng.ts';
import { applyColumnTransform } from './feature-transform.ts';
import type { ColumnTransform } from './feature-transform.ts';

export interface DenseLayer {
  inputs: number;
  outputs: number;
  /** Row-major [inputs][outputs], so x·W is one pass over contiguous rows. */
  weights: Float64Array;
  bias: Float64Array;
}

/** Hidden layers use ReLU; the last layer's output goes through softmax. */
export interface Network {
  layers: DenseLayer[];
}

export interface Standardizer {
  mean: Float64Array;
  /** Population standard deviation; 1 for a constant column so it contributes 0, not NaN. */
  scale: Float64Array;
}

export interface Classifier {
  labels: string[];
  /** Applied to the raw rows before the standardizer (identity: no log columns). */
  transform: ColumnTransform;
  /** Fitted on the transformed training rows. */
  standardizer: Standardizer;
  /** Probabilities are the mean of the members' softmax outputs. */
  members: Network[];
}

export interface FitParams {
  hidden: number[];
  l2: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
}

export function fitStandardizer(rows: Float64Array[]): Standardizer {
  const d = rows[0].length;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j];
  for (let j = 0; j < d; j++) mean[j] /= rows.length;
  for (const r of rows) {
    for (let j = 0; j < d; j++) {
      const c = r[j] - mean[j];
      scale[j] += c * c;
    }
  }
  for (let j = 0; j < d; j++) {
    const sd = Math.sqrt(scale[j] / rows.length);
    scale[j] = sd > 1e-12 ? sd : 1;
  }
  return { mean, scale };
}

/** Rows → one contiguous row-major n×d matrix of standardised values. */
export function standardize(rows: Float64Array[], s: Standardizer): Float64Array {
  const d = s.mean.length;
  const out = new Float64Array(rows.length * d);
  rows.forEach((r, i) => {
    for (let j = 0; j < d; j++) out[i * d + j] = (r[j] - s.mean[j]) / s.scale[j];
  });
  return out;
}

/** out[b][o] = bias[o] + Σ_i a[b][i]·W[i][o] */
function dense(a: Float64Array, rows: number, layer: DenseLayer, out: Float64Array): void {
  const { inputs, outputs, weights, bias } = layer;
  for (let b = 0; b < rows; b++) {
    const ob = b * outputs;
    for (let o = 0; o < outputs; o++) out[ob + o] = bias[o];
    const ab = b * inputs;
    for (let i = 0; i < inputs; i++) {
      const x = a[ab + i];
      if (x === 0) continue;
      const wi = i * outputs;
      for (let o = 0; o < outputs; o++) out[ob + o] += x * weights[wi + o];
    }
  }
}

function softmaxRows(z: Float64Array, rows: number, cols: number): void {
  for (let b = 0; b < rows; b++) {
    const off = b * cols;
    let max = -Infinity;
    for (let c = 0; c < cols; c++) if (z[off + c] > max) max = z[off + c];
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      const e = Math.exp(z[off + c] - max);
      z[off + c] = e;
      sum += e;
    }
    for (let c = 0; c < cols; c++) z[off + c] /= sum;
  }
}

/** Activations of every layer for a batch (index 0 = input); the last entry holds probabilities. */
function forwardAll(net: Network, x: Float64Array, rows: number, softmax = true): Float64Array[] {
  const acts: Float64Array[] = [x];
  net.layers.forEach((layer, k) => {
    const out = new Float64Array(rows * layer.outputs);
    dense(acts[k], rows, layer, out);
    if (k < net.layers.length - 1) {
      for (let i = 0; i < out.length; i++) if (out[i] < 0) out[i] = 0;
    } else {
      if (softmax) softmaxRows(out, rows, layer.outputs);
    }
    acts.push(out);
  });
  return acts;
}

/** Probabilities (row-major rows×classes) for already-standardised input. */
export function networkProbabilities(net: Network, x: Float64Array, rows: number): Float64Array {
  const acts = forwardAll(net, x, rows);
  return acts[acts.length - 1];
}

/**
 * Each member's last-layer values before softmax, for raw feature rows: one row-major
 * rows×classes array per member (what temperature scaling divides).
 */
export function memberLogits(model: Classifier, rows: Float64Array[]): Float64Array[] {
  const x = standardize(applyColumnTransform(rows, model.transform), model.standardizer);
  return model.members.map((net) => {
    const acts = forwardAll(net, x, rows.length, false);
    return acts[acts.length - 1];
  });
}

/** The reference forward pass: raw feature rows → class probabilities, one Float64Array per row. */
export function predictProbabilities(model: Classifier, rows: Float64Array[]): Float64Array[] {
  const k = model.labels.length;
  const x = standardize(applyColumnTransform(rows, model.transform), model.standardizer);
  const sum = new Float64Array(rows.length * k);
  for (const net of model.members) {
    const p = networkProbabilities(net, x, rows.length);
    for (let i = 0; i < sum.length; i++) sum[i] += p[i];
  }
  const out: Float64Array[] = [];
  for (let r = 0; r < rows.length; r++) {
    const row = sum.slice(r * k, (r + 1) * k);
    for (let c = 0; c < k; c++) row[c] /= model.members.length;
    out.push(row);
  }
  return out;
}

function initNetwork(inputs: number, hidden: number[], classes: number, rng: Prng): Network {
  const sizes = [inputs, ...hidden, classes];
  const layers: DenseLayer[] = [];
  for (let k = 0; k + 1 < sizes.length; k++) {
    const fanIn = sizes[k];
    const fanOut = sizes[k + 1];
    const last = k + 2 === sizes.length;
    // He-uniform before ReLU, Glorot-uniform before softmax.
    const limit = last ? Math.sqrt(6 / (fanIn + fanOut)) : Math.sqrt(6 / fanIn);
    const weights = new Float64Array(fanIn * fanOut);
    for (let i = 0; i < weights.length; i++) weights[i] = rng.symmetric(limit);
    layers.push({ inputs: fanIn, outputs: fanOut, weights, bias: new Float64Array(fanOut) });
  }
  return { layers };
}

const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;
const ADAM_EPS = 1e-8;

/**
 * Trains one network on standardised rows `x` (n×d, row-major) with integer labels `y` in
 * [0, classes). Deterministic for a given seed.
 */
export function fitNetwork(x: Float64Array, y: Int32Array, classes: number, params: FitParams, seed: number): Network {
  const n = y.length;
  const d = x.length / n;
  const rng = new Prng(seed);
  const net = initNetwork(d, params.hidden, classes, rng);
  const L = net.layers.length;
  const mW = net.layers.map((l) => new Float64Array(l.weights.length));
  const vW = net.layers.map((l) => new Float64Array(l.weights.length));
  const mB = net.layers.map((l) => new Float64Array(l.bias.length));
  const vB = net.layers.map((l) => new Float64Array(l.bias.length));
  const gW = net.layers.map((l) => new Float64Array(l.weights.length));
  const gB = net.layers.map((l) => new Float64Array(l.bias.length));

  const order = Array.from({ length: n }, (_, i) => i);
  const batchSize = Math.min(params.batchSize, n);
  const batchesPerEpoch = Math.ceil(n / batchSize);
  const totalSteps = params.epochs * batchesPerEpoch;
  const xb = new Float64Array(batchSize * d);
  let step = 0;

  for (let epoch = 0; epoch < params.epochs; epoch++) {
    rng.shuffle(order);
    for (let start = 0; start < n; start += batchSize) {
      const B = Math.min(batchSize, n - start);
      for (let b = 0; b < B; b++) xb.set(x.subarray(order[start + b] * d, (order[start + b] + 1) * d), b * d);
      const acts = forwardAll(net, xb.subarray(0, B * d), B);

      // dLoss/dz of the softmax layer: (p − onehot) / B.
      let delta = acts[L].slice();
      for (let b = 0; b < B; b++) delta[b * classes + y[order[start + b]]] -= 1;
      for (let i = 0; i < delta.length; i++) delta[i] /= B;

      for (let k = L - 1; k >= 0; k--) {
        const layer = net.layers[k];
        const a = acts[k];
        const { inputs, outputs, weights } = layer;
        const gw = gW[k];
        const gb = gB[k];
        for (let i = 0; i < gw.length; i++) gw[i] = params.l2 * weights[i];
        gb.fill(0);
        for (let b = 0; b < B; b++) {
          const ob = b * outputs;
          for (let o = 0; o < outputs; o++) gb[o] += delta[ob + o];
          const ab = b * inputs;
          for (let i = 0; i < inputs; i++) {
            const ai = a[ab + i];
            if (ai === 0) continue;
            const wi = i * outputs;
            for (let o = 0; o < outputs; o++) gw[wi + o] += ai * delta[ob + o];
          }
        }
        if (k > 0) {
          // Back through W, then through the ReLU that produced a (a > 0 where it passed).
          const prev = new Float64Array(B * inputs);
          for (let b = 0; b < B; b++) {
            const ob = b * outputs;
            const ab = b * inputs;
            for (let i = 0; i < inputs; i++) {
              if (a[ab + i] <= 0) continue;
              const wi = i * outputs;
              let s = 0;
              for (let o = 0; o < outputs; o++) s += delta[ob + o] * weights[wi + o];
              prev[ab + i] = s;
            }
          }
          delta = prev;
        }
      }

      step++;
      const lr = params.learningRate * 0.5 * (1 + Math.cos((Math.PI * (step - 1)) / totalSteps));
      const c1 = 1 - Math.pow(ADAM_BETA1, step);
      const c2 = 1 - Math.pow(ADAM_BETA2, step);
      for (let k = 0; k < L; k++) {
        adamUpdate(net.layers[k].weights, gW[k], mW[k], vW[k], lr, c1, c2);
        adamUpdate(net.layers[k].bias, gB[k], mB[k], vB[k], lr, c1, c2);
      }
    }
  }
  return net;
}

function adamUpdate(p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, lr: number, c1: number, c2: number): void {
  for (let i = 0; i < p.length; i++) {
    m[i] = ADAM_BETA1 * m[i] + (1 - ADAM_BETA1) * g[i];
    v[i] = ADAM_BETA2 * v[i] + (1 - ADAM_BETA2) * g[i] * g[i];
    p[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + ADAM_EPS);
  }
}
