/** Mean and population variance (ddof 0) over all values, in float64 (numpy np.mean / np.var). */
export interface MeanVar {
  mean: number;
  var: number;
}

export function meanVar(x: ArrayLike<number>, from = 0, to = x.length): MeanVar {
  const n = to - from;
  if (n <= 0) return { mean: Number.NaN, var: Number.NaN };
  let s = 0;
  for (let i = from; i < to; i++) s += x[i];
  const mean = s / n;
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = x[i] - mean;
    v += d * d;
  }
  return { mean, var: v / n };
}
