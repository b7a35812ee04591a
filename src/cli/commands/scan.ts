/** `genrescope scan <dir...>`: incremental analysis of folders into the library database. */
import { statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { GenrescopeService } from '../../core/service/genrescope-service.ts';
import type { ScanItemResult } from '../../core/service/scan-runner.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { DB_OPTION_HELP, ENGINE_OPTIONS_HELP, engineOptionSpec, parseCommandArgs, serviceOptions, withInterrupt } from '../engine-options.ts';
import { ProgressBar, formatDuration } from '../progress.ts';
import { watchAfterScan } from './scan-watch.ts';

const USAGE = `Usage: genrescope scan <folder...> [--watch] [options]

Finds the audio files under each folder, analyses those that are new or changed (and those analysed
with another model), and stores genre, confidence and per-window features in the library database.
Unchanged files are not analysed again; a moved file keeps its result. The folders become library roots.

Options:
${DB_OPTION_HELP}
${ENGINE_OPTIONS_HELP}
  --json               JSON lines on stdout: {"type":"progress"...}, {"type":"item"...} per file,
                       and a final {"type":"summary"...}
  --watch              after the scan, keep watching the folders and analyse each new, changed or
                       moved file as it settles (deleted files are marked missing) until Ctrl+C;
                       with --json: {"type":"watch"...}, then {"type":"item","trigger":...} and
                       {"type":"missing"...} lines as changes happen (see docs/watch.md)
  --rescan-minutes <n> watch: minutes between safety rescans of the folders (default: the saved
                       setting, 10); the only way changes are found where file events fail
  -h, --help           this help

Exit codes: 0 every file analysed (or unchanged), 1 some files failed or the scan was interrupted, 2 usage error.
`;

const PROGRESS_JSON_MS = 500;

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function line(io: CliIo, obj: unknown): void {
  io.stdout.write(JSON.stringify(obj) + '\n');
}

export const scanCommand: CliCommand = {
  name: 'scan',
  summary: 'analyse the audio files under folders into the library (incremental)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...engineOptionSpec, watch: { type: 'boolean', default: false }, 'rescan-minutes': { type: 'string' } });
    if (positionals.length === 0) throw new UsageError('give at least one folder to scan');
    const json = values.json === true;
    const roots = positionals.map((p) => path.resolve(io.cwd, p));
    const folders = roots.filter(isDirectory);
    if (folders.length === 0) {
      throw new UsageError(roots.length === 1 ? `not a folder: ${roots[0]}` : `none of these is a folder: ${roots.join(', ')}`);
    }
    const watch = values.watch === true;
    let rescanMs: number | undefined;
    if (values['rescan-minutes'] !== undefined) {
      const m = Number(values['rescan-minutes']);
      if (!watch) throw new UsageError('--rescan-minutes needs --watch');
      if (!Number.isFinite(m) || m <= 0 || m > 1440) throw new UsageError(`--rescan-minutes must be a number of minutes from 0 to 1440, got '${values['rescan-minutes']}'`);
      rescanMs = Math.round(m * 60_000);
    }
    const service = new GenrescopeService({ ...serviceOptions(values, io, 'library'), watchOptions: watch ? { roots: folders, initialRescan: false, rescanIntervalMs: rescanMs } : undefined });
    const bar = !json && io.stdout.isTTY ? new ProgressBar(io.stdout) : null;
    const failures: ScanItemResult[] = [];
    let lastJson = 0;
    const t0 = Date.now();
    try {
      const summary = await withInterrupt((signal) =>
        service.scan(roots, {
          signal,
          keepResults: false,
          onItem: (item) => {
            if (item.status === 'failed') failures.push(item);
            if (json) {
              const { timingsMs: _t, ...rest } = item;
              line(io, { type: 'item', ...rest });
            }
          },
          onProgress: (status, snap) => {
            if (bar) bar.update({ done: status.done, total: status.total, failed: status.failed, tracksPerSec: status.tracksPerSec, etaSec: status.etaSec, walking: snap.walking, currentPath: status.currentPath });
            if (json && Date.now() - lastJson >= PROGRESS_JSON_MS) {
              lastJson = Date.now();
              const { failures: _f, ...rest } = status;
              line(io, { type: 'progress', ...rest, walking: snap.walking });
            }
          },
        }),
      );
      bar?.done();
      const elapsedSec = (Date.now() - t0) / 1000;
      const c = summary.counts;
      const work = c.analysed + failures.filter((f) => !f.error?.cached).length;
      if (json) {
        line(io, {
          type: 'summary',
          db: service.dbPath,
          roots: summary.roots,
          counts: c,
          aborted: summary.aborted,
          elapsedMs: summary.elapsedMs,
          tracksPerSec: elapsedSec > 0 ? work / elapsedSec : 0,
          model: summary.model,
          stageTotalsMs: summary.stageTotalsMs,
          failures: failures.map((f) => ({ path: f.path, kind: f.error?.kind ?? 'other', message: f.error?.message ?? '', cached: f.error?.cached === true })),
        });
      } else {
        for (const f of failures) {
          const cached = f.error?.cached ? ' (unchanged since it failed before; not retried)' : '';
          io.stdout.write(`FAILED ${f.path}\n       ${f.error?.kind ?? 'error'}: ${f.error?.message ?? 'unknown error'}${cached}\n`);
        }
        if (failures.length) io.stdout.write('\n');
        io.stdout.write(
          `${summary.aborted ? 'Scan interrupted' : 'Scan finished'} in ${formatDuration(elapsedSec)}: ${c.total} ${c.total === 1 ? 'entry' : 'entries'} — ${c.analysed} analysed, ${c.unchanged} unchanged, ` +
            `${c.moved} moved, ${c.failed} failed, ${c.skipped} skipped${c.cancelled ? `, ${c.cancelled} not finished` : ''}\n`,
        );
        if (c.analysed > 0) io.stdout.write(`${(work / elapsedSec).toFixed(2)} tracks/s with ${summary.model.name} on ${summary.model.provider ?? 'no worker'}\n`);
        io.stdout.write(`Library: ${service.dbPath}\n`);
      }
      if (watch && !summary.aborted) {
        const watchFailed = await watchAfterScan(service, io, { json, folders });
        return c.failed > 0 || watchFailed ? 1 : 0;
      }
      return c.failed > 0 || summary.aborted ? 1 : 0;
    } finally {
      bar?.done();
      await service.close();
    }
  },
};
