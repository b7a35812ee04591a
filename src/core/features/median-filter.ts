/**
 * Running median along the rows of a row-major float32 matrix: scipy.ndimage.median_filter with a
 * 1-D footprint of odd `width` and mode 'reflect' (edges mirrored including the edge sample:
 * d c b a | a b c d). The output is the exact middle order statistic of each window.
 *
 * Fast path (medianFilterRows / medianFilterStrided): each padded row is sorted once (float32 bit
 * patterns mapped to order-preserving int32 keys, bucket sort + insertion pass), so every sample
 * gets a unique rank; the window is a bitset over ranks, and the median rank moves to the
 * neighbouring set bit as one sample leaves and one enters (Math.clz32 finds it). Measured on GTZAN
 * spectrograms: ~1.45x faster than a sorted window updated by binary search and insertion, which
 * in turn beat a linked-list "sort-median" (Suomela 2014) and a bucket-count variant here.
 * medianFilterRowsSimple is that sorted-window version, kept as an independent check for the tests.
 */
function reflectIndex(i: number, n: number): number {
  if (i >= 0 && i < n) return i;
  const p = 2 * n;
  let j = ((i % p) + p) % p;
  if (j >= n) j = p - 1 - j;
  return j;
}

function lowestBit(b: number): number {
  return 31 - Math.clz32(b & -b);
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function medianFilterRows(src: Float32Array, rows: number, cols: number, width: number, out: Float32Array = new Float32Array(rows * cols)): Float32Array {
  return medianFilterStrided(src, rows, cols, cols, 1, width, out);
}

/**
 * The same filter over `rows` lines of `cols` elements where element (r, c) is at
 * r * rowStride + c * colStride, in `src` and in `out` alike: with rowStride 1 and colStride nBins it
 * filters a frame-major spectrogram along time without transposing it.
 */
export function medianFilterStrided(
  src: Float32Array,
  rows: number,
  cols: number,
  rowStride: number,
  colStride: number,
  width: number,
  out: Float32Array = new Float32Array(src.length),
): Float32Array {
  if (width % 2 !== 1 || width < 1) throw new RangeError(`median filter width must be odd, got ${width}`);
  const h = width >> 1;
  const L = cols + 2 * h;
  const pv = new Float32Array(L);
  const pi = new Int32Array(pv.buffer);
  const key = new Int32Array(L);
  const sKey = new Int32Array(L);
  const sIdx = new Int32Array(L);
  const count = new Int32Array(L + 1);
  const rank = new Int32Array(L);
  const sortedVal = new Float32Array(L);
  const bits = new Int32Array((L + 31) >> 5);
  // filters line[lo .. lo + cols) into dst[lo .. lo + cols)
  const filterLine = (line: Float32Array, lo: number, dst: Float32Array) => {
    if (cols > h) {
      for (let i = 0; i < h; i++) pv[i] = line[lo + h - 1 - i];
      for (let c = 0; c < cols; c++) pv[h + c] = line[lo + c];
      for (let i = 0; i < h; i++) pv[h + cols + i] = line[lo + cols - 1 - i];
    } else {
      for (let i = 0; i < L; i++) pv[i] = line[lo + reflectIndex(i - h, cols)];
    }
    // order-preserving int32 keys of the float32 bit patterns (negative floats: low bits flipped)
    let kmin = 2147483647;
    let kmax = -2147483648;
    for (let i = 0; i < L; i++) {
      const b = pi[i];
      const v = b < 0 ? b ^ 0x7fffffff : b;
      key[i] = v;
      if (v < kmin) kmin = v;
      if (v > kmax) kmax = v;
    }
    // Bucket sort on the keys: float32 bit patterns grow roughly like log(value), so buckets of
    // equal key width are well balanced for spectra; then an insertion pass fixes each bucket.
    // Both passes are stable, so equal values keep their order of position.
    let shift = 0;
    while ((kmax - kmin) / 2 ** shift >= L) shift++;
    const nb = Math.floor((kmax - kmin) / 2 ** shift) + 1;
    count.fill(0, 0, nb + 1);
    for (let i = 0; i < L; i++) count[((key[i] - kmin) >>> shift) + 1]++;
    for (let b = 1; b <= nb; b++) count[b] += count[b - 1];
    for (let i = 0; i < L; i++) {
      const k = key[i];
      const pos = count[(k - kmin) >>> shift]++;
      sKey[pos] = k;
      sIdx[pos] = i;
    }
    for (let j = 1; j < L; j++) {
      const k = sKey[j];
      if (sKey[j - 1] <= k) continue;
      const id = sIdx[j];
      let q = j - 1;
      while (q >= 0 && sKey[q] > k) {
        sKey[q + 1] = sKey[q];
        sIdx[q + 1] = sIdx[q];
        q--;
      }
      sKey[q + 1] = k;
      sIdx[q + 1] = id;
    }
    for (let j = 0; j < L; j++) {
      const id = sIdx[j];
      rank[id] = j;
      sortedVal[j] = pv[id];
    }
    bits.fill(0);
    for (let i = 0; i < width; i++) bits[rank[i] >> 5] |= 1 << (rank[i] & 31);
    // m: rank of the current median; invariant: exactly h window ranks below m, and m is in the window
    let m: number;
    {
      let need = h;
      let w = 0;
      for (;;) {
        const pc = popcount(bits[w]);
        if (need < pc) break;
        need -= pc;
        w++;
      }
      let b = bits[w];
      for (let k = 0; k < need; k++) b &= b - 1;
      m = (w << 5) + lowestBit(b);
    }
    dst[lo] = sortedVal[m];
    for (let c = 1; c < cols; c++) {
      const a = rank[c - 1];
      const b = rank[c - 1 + width];
      bits[a >> 5] &= ~(1 << (a & 31));
      bits[b >> 5] |= 1 << (b & 31);
      let below = h - (a < m ? 1 : 0) + (b < m ? 1 : 0);
      if (below > h) {
        // one too many below: step down to the previous rank in the window
        const q = m - 1;
        let w = q >> 5;
        const sh = q & 31;
        let bb = bits[w] & (sh === 31 ? -1 : (1 << (sh + 1)) - 1);
        while (bb === 0) bb = bits[--w];
        m = (w << 5) + 31 - Math.clz32(bb);
      } else {
        // m may have left; move up to the next rank in the window, once more if one is missing below
        for (;;) {
          let w = m >> 5;
          let bb = bits[w] & (-1 << (m & 31));
          while (bb === 0) bb = bits[++w];
          m = (w << 5) + lowestBit(bb);
          if (below === h) break;
          below++;
          m++;
        }
      }
      dst[lo + c] = sortedVal[m];
    }
  };
  if (colStride === 1) {
    for (let r = 0; r < rows; r++) filterLine(src, r * rowStride, out);
    return out;
  }
  // strided lines: gather blocks of B lines so that reads and writes walk memory in order
  const B = 16;
  const block = new Float32Array(B * cols);
  const res = new Float32Array(B * cols);
  for (let r0 = 0; r0 < rows; r0 += B) {
    const nr = Math.min(B, rows - r0);
    for (let c = 0; c < cols; c++) {
      const base = r0 * rowStride + c * colStride;
      for (let b = 0; b < nr; b++) block[b * cols + c] = src[base + b * rowStride];
    }
    for (let b = 0; b < nr; b++) filterLine(block, b * cols, res);
    for (let c = 0; c < cols; c++) {
      const base = r0 * rowStride + c * colStride;
      for (let b = 0; b < nr; b++) out[base + b * rowStride] = res[b * cols + c];
    }
  }
  return out;
}

/** The same filter with a sorted window updated by binary search and insertion (reference). */
export function medianFilterRowsSimple(src: Float32Array, rows: number, cols: number, width: number, out: Float32Array = new Float32Array(rows * cols)): Float32Array {
  if (width % 2 !== 1 || width < 1) throw new RangeError(`median filter width must be odd, got ${width}`);
  const h = width >> 1;
  const padded = new Float64Array(cols + 2 * h);
  const win = new Float64Array(width);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let i = 0; i < padded.length; i++) padded[i] = src[o + reflectIndex(i - h, cols)];
    for (let i = 0; i < width; i++) {
      const v = padded[i];
      let j = i - 1;
      while (j >= 0 && win[j] > v) {
        win[j + 1] = win[j];
        j--;
      }
      win[j + 1] = v;
    }
    out[o] = win[h];
    for (let c = 1; c < cols; c++) {
      const vOut = padded[c - 1];
      const vIn = padded[c - 1 + width];
      if (vOut !== vIn) {
        let lo = 0;
        let hi = width - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (win[mid] < vOut) lo = mid + 1;
          else hi = mid;
        }
        let p = lo;
        if (vIn > vOut) {
          while (p + 1 < width && win[p + 1] < vIn) {
            win[p] = win[p + 1];
            p++;
          }
        } else {
          while (p > 0 && win[p - 1] > vIn) {
            win[p] = win[p - 1];
            p--;
          }
        }
        win[p] = vIn;
      }
      out[o + c] = win[h];
    }
  }
  return out;
}
