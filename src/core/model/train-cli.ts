/**
 * `npm run train`: trains the bundled genre model on GTZAN (train split, selection on valid) and
 * writes resources/models/<name>.onnx and <name>.json. Deterministic: running it twice writes
 * identical bytes (see docs/model.md for the date rule).
 *
 *   node src/core/model/train-cli.ts [--shared DIR] [--out DIR] [--name NAME]
 */
import { parseArgs } from 'node:util';
import { errorMessage } from '../errors.ts';
import { trainGtzanModel } from './gtzan-training.ts';

function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      shared: { type: 'string' },
      out: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write('usage: node src/core/model/train-cli.ts [--shared DIR] [--out DIR] [--name NAME]\n');
    return 0;
  }
  const t0 = performance.now();
  const log = (m: string): void => {
    process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${m}\n`);
  };
  const { artifacts, paths } = trainGtzanModel({ sharedDir: values.shared, outDir: values.out, name: values.name, onProgress: log });
  const { card } = artifacts;
  const cv = card.metrics.cvAccuracyTrain;
  const v = card.metrics.valid;
  log(`chosen ${card.chosen.id}: CV on train ${cv.mean} ± ${cv.sd}, valid ${v.accuracy} (${v.correct}/${v.n})`);
  log(`temperature ${card.calibration.temperature.toFixed(3)}: valid log loss ${card.calibration.valid?.logLossBefore} → ${card.calibration.valid?.logLossAfter}, ECE ${card.calibration.valid?.eceBefore} → ${card.calibration.valid?.eceAfter}`);
  log(`unknown threshold ${card.unknownThreshold.value} (coverage ${card.unknownThreshold.coverage}, accuracy on accepted ${card.unknownThreshold.accuracyOnAccepted})`);
  log(`wrote ${paths?.onnxPath} (sha256 ${card.sha256}) and ${paths?.cardPath}`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`train: ${errorMessage(err)}\n`);
  if (err instanceof Error && err.cause) process.stderr.write(`  cause: ${errorMessage(err.cause)}\n`);
  process.exitCode = 1;
}
