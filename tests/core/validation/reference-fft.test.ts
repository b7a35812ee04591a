import { describe, expect, it } from 'vitest';
import { dft64, naiveDft, rfft64 } from '../../../src/core/validation/reference-fft.ts';
import { prng } from './helpers.ts';

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('reference DFT (float64)', () => {
  it('equals the O(N^2) definition for power-of-two and other sizes', () => {
    const rnd = prng(7);
    for (const n of [1, 2, 8, 12, 97, 100, 256, 300]) {
      const x = Array.from({ length: n }, () => rnd() - 0.5);
      const fast = dft64(x);
      const slow = naiveDft(x);
      expect(maxDiff(fast.re, slow.re), `n=${n}`).toBeLessThan(1e-12 * n);
      expect(maxDiff(fast.im, slow.im), `n=${n}`).toBeLessThan(1e-12 * n);
    }
  });

  it('puts a cosine on bin k with height N/2 (e^{-i} convention, no scaling)', () => {
    const n = 2048;
    const x = Array.from({ length: n }, (_, t) => Math.cos((2 * Math.PI * 50 * t) / n) + Math.sin((2 * Math.PI * 70 * t) / n));
    const X = rfft64(x);
    expect(X.re.length).toBe(n / 2 + 1);
    expect(X.re[50]).toBeCloseTo(n / 2, 9);
    // sin -> -i N/2 under X[k] = sum x e^{-2 pi i k n / N}
    expect(X.im[70]).toBeCloseTo(-n / 2, 9);
    let rest = 0;
    for (let k = 0; k <= n / 2; k++) if (k !== 50 && k !== 70) rest = Math.max(rest, Math.hypot(X.re[k], X.im[k]));
    expect(rest).toBeLessThan(1e-9);
  });
});
