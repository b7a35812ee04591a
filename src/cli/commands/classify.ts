/** `genrescope classify <file...>`: genre, confidence and top-3 of single files. */
import path from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { defaultWorkerCount } from '../../core/jobs/analysis-pool.ts';
import { GenrescopeService, type ClassifyOutcome } from '../../core/service/genrescope-service.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { ENGINE_OPTIONS_HELP, engineOptionSpec, parseCommandArgs, serviceOptions, withInterrupt } from '../engine-options.ts';

const USAGE = `Usage: genrescope classify <file...> [options]

Prints the genre of each file with its confidence and the three most likely genres. Needs no library:
without --db nothing is stored; with --db, files the library analysed already (unchanged, same model)
are answered from it.

Options:
  --db <path>          use this library database as a cache (nothing is added to it)
${ENGINE_OPTIONS_HELP}
  --json               one JSON object per line and file:
                       {path, genre, confidence, top3:[{genre,p}], model, provider, error, errorKind}
  -h, --help           this help

Exit codes: 0 every file classified, 1 some files failed, 2 usage error.
`;

function human(o: ClassifyOutcome): string {
  const r = o.result;
  if (r.error !== null) return `${r.path}\n  error (${o.errorKind ?? 'failed'}): ${r.error}\n`;
  const top = r.top3.map((t) => `${t.genre} ${t.p.toFixed(2)}`).join(', ');
  const conf = r.confidence === null ? '' : `  confidence ${r.confidence.toFixed(2)}`;
  return `${r.path}\n  ${r.genre}${conf}   top-3: ${top}\n`;
}

/** Writes results in the order the files were given, each as soon as it and those before it are done. */
function orderedWriter(io: CliIo, json: boolean) {
  const ready = new Map<number, ClassifyOutcome>();
  let next = 0;
  return (o: ClassifyOutcome, i: number) => {
    ready.set(i, o);
    while (ready.has(next)) {
      const r = ready.get(next)!;
      ready.delete(next++);
      io.stdout.write(json ? JSON.stringify({ ...r.result, errorKind: r.errorKind }) + '\n' : human(r));
    }
  };
}

export const classifyCommand: CliCommand = {
  name: 'classify',
  summary: 'print the genre of audio files (no library needed)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, engineOptionSpec);
    if (positionals.length === 0) throw new UsageError('give at least one audio file');
    const files = positionals.map((p) => path.resolve(io.cwd, p));
    const opts = serviceOptions(values, io, 'optional');
    opts.workers ??= Math.max(1, Math.min(positionals.length, defaultWorkerCount()));
    const service = new GenrescopeService(opts);
    try {
      const write = orderedWriter(io, values.json === true);
      const outcomes = await withInterrupt((signal) => service.classifyDetailed(files, { signal, onResult: write }));
      // Files never reached (interrupted) are reported too, so every given file gets a line.
      outcomes.forEach((o, i) => write(o, i));
      return outcomes.some((o) => o.result.error !== null) ? 1 : 0;
    } finally {
      await service.close();
    }
  },
};
