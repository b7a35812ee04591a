/**
 * An independent float64 DFT, used only as the reference the engine's STFT is checked against.
 * Deliberately shares no code with the engine (which uses fft.js in float32 buffers): an iterative
 * radix-2 Cooley-Tukey for power-of-two sizes and Bluestein's chirp-z for any other size, with
 * twiddles computed directly from Math.cos/Math.sin per index (no recurrence, so no error growth).
 * Sign convention: X[k] = sum_n x[n] e^{-2 pi i k n / N} (numpy, librosa); no scaling.
 */

interface Plan {
  n: number;
  cos: Float64Array;
  sin: Float64Array;
  rev: Uint32Array;
}

const plans = new Map<number, Plan>();

function isPow2(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

function radix2Plan(n: number): Plan {
  let p = plans.get(n);
  if (p) return p;
  const half = n >> 1;
  const cos = new Float64Array(half);
  const sin = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = -Math.sin((2 * Math.PI * k) / n);
  }
  const bits = Math.round(Math.log2(n));
  const rev = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    rev[i] = r;
  }
  p = { n, cos, sin, rev };
  plans.set(n, p);
  return p;
}

/** In-place complex radix-2 FFT of (re, im), length a power of two; inverse when `inverse` (unscaled). */
function radix2(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  const { cos, sin, rev } = radix2Plan(n);
  for (let i = 0; i < n; i++) {
    const j = rev[i];
    if (j > i) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  const sgn = inverse ? -1 : 1;
  for (let size = 2; size <= n; size <<= 1) {
    const halfSize = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < halfSize; k++) {
        const wr = cos[k * step];
        const wi = sgn * sin[k * step];
        const a = start + k;
        const b = a + halfSize;
        const tr = re[b] * wr - im[b] * wi;
        const ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }
}

interface BluesteinPlan {
  m: number;
  wr: Float64Array;
  wi: Float64Array;
  /** FFT of the conjugate chirp, zero-padded and wrapped to length m. */
  br: Float64Array;
  bi: Float64Array;
}

const bluesteinPlans = new Map<number, BluesteinPlan>();

function bluesteinPlan(n: number): BluesteinPlan {
  let p = bluesteinPlans.get(n);
  if (p) return p;
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // k^2 mod 2n keeps the angle small, so the chirp is exact to rounding even for large n.
    const k2 = (k * k) % (2 * n);
    const ang = (Math.PI * k2) / n;
    wr[k] = Math.cos(ang);
    wi[k] = -Math.sin(ang);
  }
  const br = new Float64Array(m);
  const bi = new Float64Array(m);
  br[0] = wr[0];
  bi[0] = -wi[0];
  for (let k = 1; k < n; k++) {
    br[k] = br[m - k] = wr[k];
    bi[k] = bi[m - k] = -wi[k];
  }
  radix2(br, bi, false);
  p = { m, wr, wi, br, bi };
  bluesteinPlans.set(n, p);
  return p;
}

/** Complex DFT of any length (float64), returned as new arrays. */
export function dft64(inRe: ArrayLike<number>, inIm?: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const n = inRe.length;
  if (n === 0) return { re: new Float64Array(0), im: new Float64Array(0) };
  if (isPow2(n)) {
    const re = Float64Array.from(inRe);
    const im = inIm ? Float64Array.from(inIm) : new Float64Array(n);
    radix2(re, im, false);
    return { re, im };
  }
  const { m, wr, wi, br, bi } = bluesteinPlan(n);
  const ar = new Float64Array(m);
  const ai = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    const xr = inRe[k];
    const xi = inIm ? inIm[k] : 0;
    ar[k] = xr * wr[k] - xi * wi[k];
    ai[k] = xr * wi[k] + xi * wr[k];
  }
  radix2(ar, ai, false);
  for (let k = 0; k < m; k++) {
    const r = ar[k] * br[k] - ai[k] * bi[k];
    const i = ar[k] * bi[k] + ai[k] * br[k];
    ar[k] = r;
    ai[k] = i;
  }
  radix2(ar, ai, true);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const r = ar[k] / m;
    const i = ai[k] / m;
    re[k] = r * wr[k] - i * wi[k];
    im[k] = r * wi[k] + i * wr[k];
  }
  return { re, im };
}

/** One-sided spectrum (bins 0..N/2) of a real frame, float64. */
export function rfft64(frame: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const n = frame.length;
  const full = dft64(frame);
  const nb = Math.floor(n / 2) + 1;
  return { re: full.re.slice(0, nb), im: full.im.slice(0, nb) };
}

/** Naive O(N^2) DFT, the definition itself: used by the tests to check dft64. */
export function naiveDft(x: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const n = x.length;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let t = 0; t < n; t++) {
      const ang = (-2 * Math.PI * ((k * t) % n)) / n;
      sr += x[t] * Math.cos(ang);
      si += x[t] * Math.sin(ang);
    }
    re[k] = sr;
    im[k] = si;
  }
  return { re, im };
}
