/** Small numeric helpers for the validation checks (float64, no allocation beyond what is returned). */

export function median(values: ArrayLike<number>): number {
  const a = Float64Array.from(values).filter((v) => Number.isFinite(v));
  if (a.length === 0) return NaN;
  a.sort();
  const mid = a.length >> 1;
  return a.length % 2 ? a[mid] : (a[mid - 1] + a[mid]) / 2;
}

export function maxOf(values: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  return values.length ? m : NaN;
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length ? s / values.length : NaN;
}

/**
 * Pearson correlation. Returns 1 when both series are constant and equal (nothing to correlate, and
 * nothing disagrees), NaN when only one is constant.
 */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return NaN;
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 && sbb === 0) return maxRelativeError(a, b, 0) === 0 ? 1 : NaN;
  if (saa === 0 || sbb === 0) return NaN;
  return sab / Math.sqrt(saa * sbb);
}

/**
 * max_i |a_i - b_i| / max(|b_i|, floor): relative error against the reference b. The floor keeps
 * values that are zero in the reference (silent frames) from turning rounding noise into infinity.
 */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor: number): number {
  const n = Math.min(a.length, b.length);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (d === 0) continue;
    const r = d / Math.max(Math.abs(b[i]), floor);
    if (!(r <= m)) m = r; // NaN propagates as a failure
  }
  return m;
}
