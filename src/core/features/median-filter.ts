/**
 * Running median along the rows of a row-major float32 matrix: scipy.ndimage.median_filter with a
 * 1-D footprint of odd `width` and mode 'reflect' (edges mirrored including the edge sample:
 * d c b a | a b c d). The output is the exact middle order statistic of each window.
 *
 * Fast path (medianFilterRows / medianFilterStrided): each padded row is sorted once (float32 bit
 * patterns mapped to order-preserving int32 keys, bucket sort + insertion pass), so every sample
 * gets a unique rank; the window is a bitset over ranks, and the median rank moves to the
 * neighbouring set bit as one sample leaves and one enters (Math.clz32 finds it). Measured on GTZAN
 * spectrograms: ~1.5x faster than a sorted window updated by binary search and insertion (even
 * with int32 keys, sentinels and a branch-free search), which in turn beat a linked-list
 * "sort-median" (Suomela 2014) and a bucket-count variant here.
 * medianFilterRowsSimple is that sorted-window version, kept as an independent check for the tests.
 */
function reflectIndex(i: number, n: number): number {
  if (i >= 0 && i < n) return i;
  const p = 2 * n;
  let j = ((i % p) + p) % p;
  if (j >= n) j = p - 1 - j;
  return j;
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
  // keys: float32 bit patterns made order-preserving as int32 (negative floats: low bits flipped;
  // the map is its own inverse, so sorted keys turn back into the float bits of the output)
  const key = new Int32Array(L);
  const sKey = new Int32Array(L);
  const sIdx = new Int32Array(L);
  const count = new Int32Array(2 * L + 2);
  const rank = new Int32Array(L);
  const bits = new Int32Array(((L + 31) >> 5) + 1);
  // filters the line at line[lo + c * st] (c < cols) into dst at the same places; strided lines are
  // read and written in place (measured as fast as gathering blocks of lines into a buffer)
  const filterLine = (line: Int32Array, lo: number, st: number, dst: Int32Array) => {
    let kmin = 2147483647;
    let kmax = -2147483648;
    if (cols > h) {
      for (let c = 0; c < cols; c++) {
        const b = line[lo + c * st];
        const v = b ^ ((b >> 31) & 0x7fffffff);
        key[h + c] = v;
        kmin = v < kmin ? v : kmin;
        kmax = v > kmax ? v : kmax;
      }
      for (let i = 0; i < h; i++) {
        key[h - 1 - i] = key[h + i];
        key[h + cols + i] = key[h + cols - 1 - i];
      }
    } else {
      for (let i = 0; i < L; i++) {
        const b = line[lo + reflectIndex(i - h, cols) * st];
        const v = b ^ ((b >> 31) & 0x7fffffff);
        key[i] = v;
        kmin = v < kmin ? v : kmin;
        kmax = v > kmax ? v : kmax;
      }
    }
    // Bucket sort on the keys: float32 bit patterns grow roughly like log(value), so buckets of
    // equal key width are well balanced for spectra; 2L buckets leave the insertion pass that
    // fixes each bucket little to do. Both passes are stable, so equal values keep their order.
    let shift = 0;
    const lim = 2 * L;
    while ((kmax - kmin) / 2 ** shift >= lim) shift++;
    const nb = Math.floor((kmax - kmin) / 2 ** shift) + 1;
    count.fill(0, 0, nb);
    for (let i = 0; i < L; i++) count[(key[i] - kmin) >>> shift]++;
    // exclusive prefix sums, the running total kept in a register (not reloaded from memory)
    for (let b = 0, acc = 0; b < nb; b++) {
      const c = count[b];
      count[b] = acc;
      acc += c;
    }
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
      rank[sIdx[j]] = j;
      const k = sKey[j];
      sKey[j] = k ^ ((k >> 31) & 0x7fffffff);
    }
    // the window is a bitset over ranks; m is the median's rank, with exactly h window ranks below
    bits.fill(0);
    for (let i = 0; i < width; i++) bits[rank[i] >> 5] |= 1 << (rank[i] & 31);
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
      m = (w << 5) + 31 - Math.clz32(b & -b);
    }
    dst[lo] = sKey[m];
    // rank a leaves, b enters: the median moves to the neighbouring set rank below when b lands
    // below it and a did not, above when a left from at or below it and b did not land below
    for (let c = 1; c < cols; c++) {
      const a = rank[c - 1];
      const b = rank[c - 1 + width];
      bits[a >> 5] ^= 1 << (a & 31);
      bits[b >> 5] |= 1 << (b & 31);
      if (b < m) {
        if (a >= m) {
          // down to the previous set rank
          const q = m - 1;
          let w = q >> 5;
          let bb = bits[w] & (-1 >>> (31 - (q & 31)));
          while (bb === 0) bb = bits[--w];
          m = (w << 5) + 31 - Math.clz32(bb);
        }
      } else if (a <= m) {
        // up to the next set rank (m itself is left or has stayed below by one)
        const q = m + 1;
        let w = q >> 5;
        let bb = bits[w] & (-1 << (q & 31));
        while (bb === 0) bb = bits[++w];
        m = (w << 5) + 31 - Math.clz32(bb & -bb);
      }
      dst[lo + c * st] = sKey[m];
    }
  };
  const S = new Int32Array(src.buffer, src.byteOffset, src.length);
  const O = new Int32Array(out.buffer, out.byteOffset, out.length);
  for (let r = 0; r < rows; r++) filterLine(S, r * rowStride, colStride, O);
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
