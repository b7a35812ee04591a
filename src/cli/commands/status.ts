/** `genrescope status`: what the library database holds (no workers are started). */
import { existsSync } from 'node:fs';
import { UsageError } from '../../core/errors.ts';
import { readSettings } from '../../core/service/settings.ts';
import { Store } from '../../core/store/store.ts';
import type { CliCommand } from '../command.ts';
import { DB_OPTION_HELP, parseCommandArgs, serviceOptions } from '../engine-options.ts';

const USAGE = `Usage: genrescope status [--db <path>] [--json]

Shows the library database: folders, tracks, how many are analysed, unknown, failed or pending,
the genres found, the most recent failures and the saved settings.

Options:
${DB_OPTION_HELP}
  --json               one JSON object
  -h, --help           this help
`;

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'show what the library database holds',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { db: { type: 'string' }, json: { type: 'boolean', default: false } });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const { dbPath } = serviceOptions({ db: values.db }, io, 'library');
    if (!existsSync(dbPath!)) {
      // Do not create an empty database just to look at it.
      if (values.json) io.stdout.write(JSON.stringify({ db: dbPath, exists: false }) + '\n');
      else io.stdout.write(`No library database at ${dbPath} yet: run \`genrescope scan <folder>\` first.\n`);
      return 0;
    }
    const store = Store.open(dbPath!);
    try {
      const s = store.status();
      const roots = store.listRoots().map((r) => r.path);
      const genres = store.genreCounts();
      const failures = store.listFailures();
      const settings = readSettings(store);
      if (values.json) {
        io.stdout.write(JSON.stringify({ db: dbPath, exists: true, ...s, roots, genres, failures: failures.slice(0, 50), failureCount: failures.length, settings }) + '\n');
        return 0;
      }
      const lines = [
        `Library: ${dbPath} (schema ${s.schemaVersion})`,
        `Folders: ${roots.length ? roots.join(', ') : '(none)'}`,
        `Tracks:  ${s.tracks} present, ${s.missing} missing`,
        `         ${s.analysed} analysed (${s.unknown} below the confidence threshold), ${s.failed} failed, ${s.pending} pending`,
      ];
      const named = genres.filter((g) => g.genre !== null);
      if (named.length) lines.push(`Genres:  ${named.map((g) => `${g.genre} ${g.count}`).join(', ')}`);
      if (failures.length) {
        lines.push(`Recent failures (${failures.length} in all):`);
        for (const f of failures.slice(0, 10)) lines.push(`  ${f.path}\n    ${f.kind}: ${f.message}`);
      }
      lines.push(`Settings: workers ${settings.workers}, provider ${settings.providerPreference}, windows ${settings.windows.count} × ${settings.windows.lengthSec} s${settings.ffmpegPath ? `, ffmpeg ${settings.ffmpegPath}` : ''}`);
      io.stdout.write(lines.join('\n') + '\n');
      return 0;
    } finally {
      store.close();
    }
  },
};
