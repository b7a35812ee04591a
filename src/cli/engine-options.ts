/** Options every engine-backed CLI command shares, and turning them into service options. */
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, errorMessage } from '../core/errors.ts';
import type { GenrescopeServiceOptions } from '../core/service/genrescope-service.ts';
import { defaultDbPath } from '../core/service/paths.ts';
import { providersFor } from '../core/service/settings.ts';
import { ProviderSchema } from '../shared/dto.ts';
import type { CliIo } from './command.ts';

export const DB_OPTION_HELP = `  --db <path>          library database (default: ${defaultDbPath()}; env GENRESCOPE_DB)`;

export const ENGINE_OPTIONS_HELP = [
  '  --workers <n>        analysis worker processes (default: CPU cores - 1)',
  '  --provider <name>    execution provider: auto, cpu, cuda, dml, coreml, webgpu (default: the saved setting)',
  '  --ffmpeg <path>      ffmpeg binary (default: the saved setting, env GENRESCOPE_FFMPEG, the bundled one)',
  '  --model <manifest>   model manifest .json (default: the shipped model)',
].join('\n');

export const engineOptionSpec = {
  db: { type: 'string' },
  workers: { type: 'string' },
  provider: { type: 'string' },
  ffmpeg: { type: 'string' },
  model: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(errorMessage(e), { cause: e });
  }
}

export function parseWorkers(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--workers must be a whole number from 1 to 64, got '${v}'`);
  return n;
}

export interface EngineFlags {
  db?: string;
  workers?: string;
  provider?: string;
  ffmpeg?: string;
  model?: string;
}

/**
 * dbMode 'library': --db, else GENRESCOPE_DB, else the default app-data database.
 * dbMode 'optional': --db if given, else an in-memory database (nothing is kept).
 */
export function serviceOptions(flags: EngineFlags, io: CliIo, dbMode: 'library' | 'optional'): GenrescopeServiceOptions {
  const opts: GenrescopeServiceOptions = {};
  const db = flags.db ?? (dbMode === 'library' ? io.env.GENRESCOPE_DB : undefined);
  opts.dbPath = db ? path.resolve(io.cwd, db) : dbMode === 'library' ? defaultDbPath(io.env) : null;
  const workers = parseWorkers(flags.workers);
  if (workers !== undefined) opts.workers = workers;
  if (flags.provider !== undefined) {
    const p = ProviderSchema.safeParse(flags.provider);
    if (!p.success) throw new UsageError(`--provider must be one of ${ProviderSchema.options.join(', ')}, got '${flags.provider}'`);
    opts.providers = providersFor(p.data);
  }
  if (flags.ffmpeg !== undefined) opts.ffmpegPath = path.resolve(io.cwd, flags.ffmpeg);
  if (flags.model !== undefined) opts.modelManifestPath = path.resolve(io.cwd, flags.model);
  return opts;
}

/** Runs fn with SIGINT/SIGTERM turned into an abort (first signal: stop cleanly; the default handler is restored). */
export async function withInterrupt<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const onSignal = () => ac.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await fn(ac.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
