/**
 * The one decoding interface of the engine. Output format, always: Float32Array, mono, SAMPLE_RATE
 * (22050 Hz), samples in [-1, 1). 16-bit sources decode to exactly int16 / 32768, which is what the
 * GTZAN table's librosa pipeline saw.
 */
export interface DecodeRequest {
  /** Seconds from the start of the file (input seeking: cost does not grow with the offset). */
  startSec?: number;
  /** Seconds to decode; omitted means to the end of the file. */
  durationSec?: number;
  /** Kill ffmpeg after this many milliseconds (default 60 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Abort with DecodeError code 'DECODE_TOO_LARGE' once the output exceeds this many samples (a guard
   * against a window request that ffmpeg turns into hours of audio). Omitted: no cap.
   */
  maxSamples?: number;
}

export interface Decoder {
  decode(path: string, req?: DecodeRequest): Promise<Float32Array>;
}
