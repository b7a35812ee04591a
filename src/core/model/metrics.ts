/**
 * Evaluation helpers shared by the trainer and the tests: accuracy, confusion matrix, per-class
 * precision/recall, and the choice of the "unknown" confidence threshold.
 */

export function argmax(p: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return best;
}

export function accuracy(probs: ArrayLike<number>[], y: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < probs.length; i++) if (argmax(probs[i]) === y[i]) ok++;
  return probs.length === 0 ? 0 : ok / probs.length;
}

export function meanAndSd(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  // Sample sd (n − 1): the folds are a sample of possible splits.
  const ss = values.reduce((a, b) => a + (b - mean) * (b - mean), 0);
  return { mean, sd: values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0 };
}

export interface ClassReport {
  label: string;
  precision: number;
  recall: number;
  support: number;
}

export interface EvaluationReport {
  n: number;
  accuracy: number;
  perClass: ClassReport[];
  /** confusion[true][predicted], classes in label order. */
  confusion: number[][];
}

export function evaluate(probs: ArrayLike<number>[], y: ArrayLike<number>, labels: string[]): EvaluationReport {
  const k = labels.length;
  const confusion = labels.map(() => new Array<number>(k).fill(0));
  for (let i = 0; i < probs.length; i++) confusion[y[i]][argmax(probs[i])]++;
  const perClass = labels.map((label, c) => {
    const tp = confusion[c][c];
    const support = confusion[c].reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[c], 0);
    return { label, precision: predicted ? tp / predicted : 0, recall: support ? tp / support : 0, support };
  });
  return { n: probs.length, accuracy: accuracy(probs, y), perClass, confusion };
}

export interface ThresholdChoice {
  /** A prediction whose top probability is below this is reported as "unknown". */
  threshold: number;
  minCoverage: number;
  /** Fraction of rows with top probability ≥ threshold. */
  coverage: number;
  accuracyOnAccepted: number;
  accuracyAll: number;
}

/**
 * Picks the threshold that maximises accuracy on the accepted rows subject to coverage ≥
 * minCoverage; ties go to the lower threshold (more coverage). Candidates are the observed top
 * probabilities (accept when p ≥ t), floored to 4 decimals so the stored value still accepts the
 * row it came from.
 */
export function chooseThreshold(probs: ArrayLike<number>[], y: ArrayLike<number>, minCoverage: number): ThresholdChoice {
  const n = probs.length;
  const items = Array.from({ length: n }, (_, i) => {
    const c = argmax(probs[i]);
    return { p: probs[i][c], ok: c === y[i] ? 1 : 0 };
  }).sort((a, b) => b.p - a.p);
  const accuracyAll = items.reduce((a, it) => a + it.ok, 0) / n;
  let best: ThresholdChoice = { threshold: 0, minCoverage, coverage: 1, accuracyOnAccepted: accuracyAll, accuracyAll };
  let correct = 0;
  for (let i = 0; i < n; i++) {
    correct += items[i].ok;
    // Only cut where the next row has a strictly lower p: rows with equal p are accepted together.
    if (i + 1 < n && items[i + 1].p === items[i].p) continue;
    const accepted = i + 1;
    const coverage = accepted / n;
    if (coverage < minCoverage) continue;
    const acc = correct / accepted;
    const threshold = Math.floor(items[i].p * 1e4) / 1e4;
    if (acc > best.accuracyOnAccepted || (acc === best.accuracyOnAccepted && threshold < best.threshold)) {
      best = { threshold, minCoverage, coverage, accuracyOnAccepted: acc, accuracyAll };
    }
  }
  // Flooring can admit rows just below the cut: report what the stored threshold really does.
  return { ...best, ...coverageAt(items, best.threshold) };
}

function coverageAt(items: { p: number; ok: number }[], t: number): { coverage: number; accuracyOnAccepted: number } {
  const acc = items.filter((it) => it.p >= t);
  return { coverage: acc.length / items.length, accuracyOnAccepted: acc.length ? acc.reduce((a, it) => a + it.ok, 0) / acc.length : 0 };
}
