/**
 * Reusable scratch buffers for the extractor. A 30-s window needs ~60 MB of float32 spectrogram-sized
 * arrays; allocating (zero-filling) and collecting them on every call costs several ms, so
 * extractFeatures keeps one workspace per process and hands out views of these buffers. Buffers
 * grow to the largest size seen and are NOT cleared between uses: callers that accumulate must zero
 * them. JavaScript runs one extraction at a time per thread, so the sharing is safe; nothing that
 * escapes an extraction may alias these buffers.
 */
export class Workspace {
  private readonly f32 = new Map<string, Float32Array>();

  float32(name: string, size: number): Float32Array {
    let a = this.f32.get(name);
    if (!a || a.length < size) {
      a = new Float32Array(size);
      this.f32.set(name, a);
    }
    return a.subarray(0, size);
  }

  /** Drops every buffer (for example after analysing an unusually long window). */
  clear(): void {
    this.f32.clear();
  }

  get bytes(): number {
    let n = 0;
    for (const a of this.f32.values()) n += a.byteLength;
    return n;
  }
}
