/** `genrescope features <file>`: the 57 GTZAN feature columns of one audio file, per analysis window. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, errorMessage } from '../../core/errors.ts';
import { FfmpegDecoder } from '../../core/decode/ffmpeg-decoder.ts';
import { FEATURE_COLUMNS, FEATURE_VERSION, SAMPLE_RATE } from '../../core/features/columns.ts';
import type { FeatureVector } from '../../core/features/columns.ts';
import { extractFeatures } from '../../core/features/extract.ts';
import { planWindows, WINDOW_MODES } from '../../core/features/windows.ts';
import type { WindowMode } from '../../core/features/windows.ts';
import type { CliCommand } from '../command.ts';

const USAGE = `Usage: genrescope features <file> [--window full|3s|auto] [--json] [--ffmpeg <path>]

Decodes <file> to mono 22050 Hz with ffmpeg and prints the 57 feature columns of the Kaggle GTZAN
table (librosa 0.7/0.8 conventions, reproduced exactly) for each analysis window.

Options:
  --window <mode>   auto: the whole file up to 31 s, else consecutive 30-s windows (+ a final
                          30-s window ending at the end when >= 10 s remain) (default)
                    full: the whole file as one window (memory grows with the length:
                          about 1 GB for 10 minutes)
                    3s:   the 3-s segments of features_3_sec.csv (66149 samples every 66150)
  --json            one JSON object: {file, featureVersion, sampleRate, samples, windows: [...]};
                    each window has index, start and end (seconds), length (samples) and the
                    57 columns by name
  --ffmpeg <path>   ffmpeg binary (default: env GENRESCOPE_FFMPEG, then the bundled one)
  -h, --help        this help
`;

export interface WindowFeatures extends FeatureVector {
  index: number;
  start: number;
  end: number;
  length: number;
}

function formatValue(v: number): string {
  const plain = String(v);
  if (plain.length <= 13) return plain;
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e9 ? v.toExponential(6) : v.toPrecision(10);
}

function table(rows: WindowFeatures[], width: number): string {
  const nameW = Math.max(...FEATURE_COLUMNS.map((c) => c.length), 6) + 2;
  const colW = 15;
  const perBlock = Math.max(1, Math.floor((width - nameW) / colW));
  const out: string[] = [];
  for (let b = 0; b < rows.length; b += perBlock) {
    const block = rows.slice(b, b + perBlock);
    out.push('window'.padEnd(nameW) + block.map((r) => `#${r.index}`.padStart(colW)).join(''));
    out.push('seconds'.padEnd(nameW) + block.map((r) => `${r.start.toFixed(2)}-${r.end.toFixed(2)}`.padStart(colW)).join(''));
    out.push('length'.padEnd(nameW) + block.map((r) => String(r.length).padStart(colW)).join(''));
    for (const c of FEATURE_COLUMNS) out.push(c.padEnd(nameW) + block.map((r) => formatValue(r[c]).padStart(colW)).join(''));
    out.push('');
  }
  return out.join('\n');
}

export const featuresCommand: CliCommand = {
  name: 'features',
  summary: 'print the 57 GTZAN feature columns of an audio file',
  usage: USAGE,
  async run(args, io) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: { window: { type: 'string', default: 'auto' }, json: { type: 'boolean', default: false }, ffmpeg: { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
    } catch (e) {
      throw new UsageError(errorMessage(e), { cause: e });
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one file, got ${positionals.length}` : 'missing <file>');
    const mode = values.window as WindowMode;
    if (!WINDOW_MODES.includes(mode)) throw new UsageError(`--window must be one of ${WINDOW_MODES.join(', ')}, got '${values.window}'`);
    const file = path.resolve(io.cwd, positionals[0]);
    const y = await new FfmpegDecoder(values.ffmpeg).decode(file);
    const windows = planWindows(y.length, mode);
    if (windows.length === 0) {
      io.stderr.write(`genrescope features: ${file}: ${y.length} samples is too short for any '${mode}' window\n`);
      return 1;
    }
    const rows: WindowFeatures[] = windows.map((w) => ({
      index: w.index,
      start: w.startSec,
      end: w.endSec,
      length: w.end - w.start,
      ...extractFeatures(y.subarray(w.start, w.end)),
    }));
    if (values.json) {
      io.stdout.write(JSON.stringify({ file, featureVersion: FEATURE_VERSION, sampleRate: SAMPLE_RATE, samples: y.length, window: mode, windows: rows }) + '\n');
    } else {
      io.stdout.write(`${file}\n${y.length} samples (${(y.length / SAMPLE_RATE).toFixed(3)} s at ${SAMPLE_RATE} Hz), ${rows.length} window(s), features ${FEATURE_VERSION}\n\n`);
      io.stdout.write(table(rows, io.stdout.columns ?? 120));
    }
    return 0;
  },
};
