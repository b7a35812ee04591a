/** Loading helpers for ../shared/data/refvectors (librosa's MATLAB reference data, as JSON). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readWav16Mono } from '../../../src/core/validation/refvectors.ts';
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

/**
 * librosa.load(sr=None, mono=True) of a 16-bit PCM WAV. The engine's reader is used: for 16-bit input
 * the channel mean is exact in float32, so it equals librosa's float32 averaging bit for bit.
 */
export function readWavMono(file: string): { sr: number; y: Float32Array } {
  return readWav16Mono(file);
}
