/** `genrescope export --format csv|json [--out file]`: the library's results, streamed. */
import { createWriteStream, existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { Store } from '../../core/store/store.ts';
import type { ExportRow } from '../../core/store/types.ts';
import type { CliCommand } from '../command.ts';
import { DB_OPTION_HELP, parseCommandArgs, serviceOptions } from '../engine-options.ts';

const USAGE = `Usage: genrescope export --format csv|json [--out <file>] [--db <path>]

Writes every track of the library with its genre, confidence, top-3, model and status.
CSV has one header row; JSON is an array of objects. Without --out the export goes to stdout.

Options:
  --format <csv|json>  output format (required)
  --out <file>         write to this file (replaced only once the export is complete)
${DB_OPTION_HELP}
  -h, --help           this help
`;

export const CSV_COLUMNS = [
  'path', 'title', 'artist', 'album', 'duration_sec', 'genre', 'confidence', 'best_label', 'unknown',
  'top1', 'p1', 'top2', 'p2', 'top3', 'p3', 'status', 'error', 'model', 'model_hash', 'feature_version', 'provider', 'analysed_at',
] as const;

/**
 * RFC 4180 quoting; text that a spreadsheet would run as a formula (= + - @ and tab/CR first) gets a
 * leading apostrophe, because titles and paths come from strangers' files.
 */
export function csvCell(v: string | number | boolean | null, text = true): string {
  if (v === null) return '';
  let s = String(v);
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(r: ExportRow): string {
  const top = (i: number) => [csvCell(r.top3[i]?.genre ?? null), csvCell(r.top3[i]?.p ?? null, false)];
  return [
    csvCell(r.path),
    csvCell(r.title),
    csvCell(r.artist),
    csvCell(r.album),
    csvCell(r.durationSec, false),
    csvCell(r.genre),
    csvCell(r.confidence, false),
    csvCell(r.bestLabel),
    csvCell(r.unknown, false),
    ...top(0),
    ...top(1),
    ...top(2),
    csvCell(r.status),
    csvCell(r.error),
    csvCell(r.modelName),
    csvCell(r.modelHash),
    csvCell(r.featureVersion),
    csvCell(r.provider),
    csvCell(r.analysedAt === null ? null : new Date(r.analysedAt).toISOString(), false),
  ].join(',');
}

export function jsonRow(r: ExportRow): string {
  return JSON.stringify({ ...r, analysedAt: r.analysedAt === null ? null : new Date(r.analysedAt).toISOString() });
}

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'write the library results as CSV or JSON',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { db: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const format = values.format;
    if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
    const { dbPath } = serviceOptions({ db: values.db }, io, 'library');
    // Do not create an empty database just to export nothing from it.
    if (!existsSync(dbPath!)) throw new Error(`no library database at ${dbPath}: run \`genrescope scan <folder>\` first`);
    const store = Store.open(dbPath!);
    const outPath = values.out ? path.resolve(io.cwd, values.out) : null;
    const tmpPath = outPath ? `${outPath}.${process.pid}.tmp` : null;
    const out: NodeJS.WritableStream = tmpPath ? createWriteStream(tmpPath) : io.stdout;
    // A reader that stops early (`| head`) closes the pipe: stop quietly, as other Unix tools do.
    let pipeClosed = false;
    let streamError: Error | null = null;
    const onError = (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') pipeClosed = true;
      else streamError = e;
    };
    out.on('error', onError);
    const write = async (chunk: string) => {
      if (streamError) throw streamError;
      if (pipeClosed) return;
      if (!out.write(chunk)) {
        // events.once('drain') would reject on 'error'; an EPIPE is handled above instead.
        await new Promise<void>((resolve) => {
          const done = () => {
            out.off('drain', done);
            out.off('error', done);
            resolve();
          };
          out.on('drain', done);
          out.on('error', done);
        });
      }
    };
    let n = 0;
    try {
      if (format === 'csv') await write(CSV_COLUMNS.join(',') + '\r\n');
      else await write('[');
      for (const r of store.exportRows()) {
        if (pipeClosed) break;
        if (format === 'csv') await write(csvRow(r) + '\r\n');
        else await write((n ? ',\n' : '\n') + jsonRow(r));
        n++;
      }
      if (format === 'json') await write(n ? '\n]\n' : ']\n');
      if (tmpPath && outPath) {
        const ws = out as ReturnType<typeof createWriteStream>;
        await new Promise<void>((resolve, reject) => ws.end((err?: Error | null) => (err ? reject(err) : resolve())));
        await rename(tmpPath, outPath);
        io.stderr.write(`exported ${n} tracks to ${outPath}\n`);
      }
      return 0;
    } catch (e) {
      if (tmpPath) await rm(tmpPath, { force: true });
      throw e;
    } finally {
      // stdout keeps the listener: an EPIPE can still arrive after the last write returned.
      if (out !== io.stdout) out.off('error', onError);
      store.close();
    }
  },
};
