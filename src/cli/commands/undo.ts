/** `genrescope undo`: restore the exact previous bytes of files written by `genrescope tag`. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { quickHash } from '../../core/library/quick-hash.ts';
import { Store } from '../../core/store/store.ts';
import { Tagger } from '../../core/tags/tagger.ts';
import type { UndoSelector } from '../../core/tags/tagger.ts';
import type { CliCommand } from '../command.ts';
import { DB_OPTION_HELP, parseCommandArgs, serviceOptions } from '../engine-options.ts';

const USAGE = `Usage: genrescope undo [--batch <id> | --file <path> | --entry <n> | --since <date> | --all] [options]

Restores the exact previous bytes of files that \`genrescope tag\` (or the app) wrote, newest change
first. A file changed by another program since it was tagged is left alone and reported.
Without a selector, lists the tag batches.

Options:
  --batch <id>      undo one batch (as printed by \`genrescope tag\`)
  --file <path>     undo the latest tag change of one file
  --entry <n>       undo one journal entry
  --since <date>    undo every change made since this date/time (e.g. 2026-05-01 or 2026-05-01T12:00:00Z)
  --all             undo every change still in effect
  --list            list the tag batches (the default without a selector)
${DB_OPTION_HELP}
  --json            one JSON object
  -h, --help        this help

Exit codes: 0 every selected file restored, 1 some could not be, 2 usage error.
`;

export const undoCommand: CliCommand = {
  name: 'undo',
  summary: 'undo genre tag writes (per file, per batch, since a date, or all)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      db: { type: 'string' },
      batch: { type: 'string' },
      file: { type: 'string' },
      entry: { type: 'string' },
      since: { type: 'string' },
      all: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const selectors: UndoSelector[] = [];
    if (values.batch !== undefined) selectors.push({ batchId: values.batch });
    if (values.file !== undefined) selectors.push({ path: path.resolve(io.cwd, values.file) });
    if (values.entry !== undefined) {
      const n = Number(values.entry);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`--entry expects a journal entry number, got '${values.entry}'`);
      selectors.push({ journalId: n });
    }
    if (values.since !== undefined) selectors.push({ since: values.since });
    if (values.all) selectors.push({ all: true });
    if (selectors.length > 1) throw new UsageError('give only one of --batch, --file, --entry, --since, --all');

    const { dbPath } = serviceOptions({ db: values.db }, io, 'library');
    if (!existsSync(dbPath!)) {
      io.stderr.write(`No library database at ${dbPath}: nothing to undo.\n`);
      return 1;
    }
    const store = Store.open(dbPath!);
    try {
      const tagger = new Tagger({ db: store.db, trackSync: store, quickHash });
      if (selectors.length === 0 || values.list) {
        const batches = tagger.listBatches();
        if (values.json) io.stdout.write(JSON.stringify({ batches }) + '\n');
        else if (batches.length === 0) io.stdout.write('No tag batches yet.\n');
        else {
          for (const b of batches) io.stdout.write(`${b.batchId}  ${b.createdAt}  ${b.files} file(s)  ${b.undone ? 'undone' : 'in effect'}  (${b.source})\n`);
          io.stdout.write('Undo one with: genrescope undo --batch <id>\n');
        }
        return 0;
      }
      const r = await tagger.undo(selectors[0]);
      if (values.json) {
        io.stdout.write(JSON.stringify(r) + '\n');
      } else {
        for (const f of r.results) {
          if (f.ok) io.stdout.write(`restored ${f.path}\n`);
          else io.stdout.write(`FAILED   ${f.path}\n         ${f.code ?? 'error'}: ${f.error ?? ''}\n`);
        }
        io.stdout.write(r.results.length === 0 ? 'Nothing to undo for that selection.\n' : `Restored ${r.counts.ok} file(s), ${r.counts.failed} failed.\n`);
      }
      return r.counts.failed > 0 ? 1 : 0;
    } finally {
      store.close();
    }
  },
};
