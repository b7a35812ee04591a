/** Test signals for the validation tests: deterministic, written here, with known content. */
import { writeFileSync } from 'node:fs';

/** mulberry32: a small deterministic PRNG so test signals are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Music-like test signal: a few tones with vibrato, decaying noise bursts, float32 in [-1, 1). */
export function testSignal(sr: number, seconds: number, seed = 1): Float32Array {
  const rnd = prng(seed);
  const n = Math.round(sr * seconds);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / sr;
    const burst = Math.exp(-8 * ((t * 2) % 1));
    y[i] = 0.3 * Math.sin(2 * Math.PI * 220 * t + 0.5 * Math.sin(2 * Math.PI * 5 * t)) + 0.15 * Math.sin(2 * Math.PI * 1320.5 * t) + 0.2 * burst * (rnd() * 2 - 1);
  }
  return y;
}

/** Writes 16-bit PCM mono WAV (samples clipped to [-1, 1)). */
export function writeWav16(file: string, y: Float32Array, sr: number): void {
  const data = Buffer.alloc(y.length * 2);
  for (let i = 0; i < y.length; i++) data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(y[i] * 32768))), 2 * i);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(sr, 24);
  h.writeUInt32LE(sr * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  writeFileSync(file, Buffer.concat([h, data]));
}
