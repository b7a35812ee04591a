/** Loading helpers for ../shared/data/refvectors (librosa's MATLAB reference data, as JSON). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedDir } from '../../helpers/shared-data.ts';

export interface RefArray {
  shape: number[];
  data: Float64Array;
  re?: Float64Array;
  im?: Float64Array;
}

type Json = Record<string, unknown>;

export function refDir(): string {
  return path.join(sharedDir(), 'data', 'refvectors');
}

export function loadRef(name: string): Json {
  return JSON.parse(readFileSync(path.join(refDir(), `${name}.json`), 'utf8')) as Json;
}

function flat(v: unknown): number[] {
  return Array.isArray(v) ? (v as unknown[]).flatMap(flat) : [Number(v)];
}

export function refArray(j: Json, key: string): RefArray {
  const v = j[key] as { shape: number[]; data?: unknown; re?: unknown; im?: unknown };
  const out: RefArray = { shape: v.shape, data: new Float64Array(0) };
  if (v.re !== undefined) {
    out.re = Float64Array.from(flat(v.re));
    out.im = Float64Array.from(flat(v.im));
  } else {
    out.data = Float64Array.from(flat(v.data));
  }
  return out;
}

export function refScalar(j: Json, key: string): number {
  return flat(j[key])[0];
}

/** librosa.load(sr=None, mono=True) of a 16-bit PCM WAV: int16 / 32768 as float32, channels averaged in float32. */
export function readWavMono(file: string): { sr: number; y: Float32Array } {
  const buf = readFileSync(file);
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${file}: not a WAV file`);
  let off = 12;
  let channels = 0;
  let sr = 0;
  let bits = 0;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === 'fmt ') {
      channels = buf.readUInt16LE(body + 2);
      sr = buf.readUInt32LE(body + 4);
      bits = buf.readUInt16LE(body + 14);
    } else if (id === 'data') {
      if (bits !== 16) throw new Error(`${file}: ${bits}-bit WAV not supported`);
      const frames = Math.floor(size / (2 * channels));
      const y = new Float32Array(frames);
      for (let i = 0; i < frames; i++) {
        let s = 0;
        for (let c = 0; c < channels; c++) s = Math.fround(s + Math.fround(buf.readInt16LE(body + 2 * (i * channels + c)) / 32768));
        y[i] = Math.fround(s / channels);
      }
      return { sr, y };
    }
    off = body + size + (size & 1);
  }
  throw new Error(`${file}: no data chunk`);
}
