/** `genrescope tag <dir|file...>`: write the analysed genres into the files' tags (preview, policies, undo). */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fdir } from 'fdir';
import { UsageError } from '../../core/errors.ts';
import { isAudioPath } from '../../core/library/scan.ts';
import { quickHash } from '../../core/library/quick-hash.ts';
import { resolveFfmpegPath } from '../../core/decode/ffmpeg-path.ts';
import { Store } from '../../core/store/store.ts';
import { parseMapArgs, TAG_POLICIES } from '../../core/tags/policy.ts';
import type { TagPolicy } from '../../core/tags/policy.ts';
import { candidatesForPaths, readTaxonomy, saveTaxonomy } from '../../core/tags/store-source.ts';
import { Tagger } from '../../core/tags/tagger.ts';
import type { ApplyResult, PreviewItem, PreviewResult } from '../../core/tags/tagger.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { DB_OPTION_HELP, parseCommandArgs, serviceOptions } from '../engine-options.ts';

const USAGE = `Usage: genrescope tag <folder|file...> [options]
       genrescope tag --apply <preview-id> [file...] [--keep-mtime] [--db <path>]

Writes the genre the library analysis found into each file's tags. Shows a per-file preview
(old → new) first; with --dry-run nothing is written and the preview id is printed, so the
preview can be applied later, to all files or only those listed (--apply). Files are written
atomically, read back, and journalled: \`genrescope undo\` restores their exact previous bytes.
Files must have been analysed by \`genrescope scan\` first.

Options:
  --policy <p>           fill (default: only files without a genre), replace, append
  --min-confidence <x>   do not write predictions below this confidence, 0..1 (default 0.5)
  --map <label=A;B>      name a model label your way (repeatable); several names → several genres;
                         an empty right side never writes that label. Merged over the saved taxonomy.
  --save-map             also save the --map entries as the taxonomy setting
  --dry-run              preview only: change nothing
  --apply <preview-id>   write a saved preview (all its files, or only the files given)
  --keep-mtime           keep each file's modification time
  --verify-audio         also decode each file before/after and compare the audio (slow)
${DB_OPTION_HELP}
  --json                 one JSON object: {preview, batchId?, results?, counts}
  -h, --help             this help

Exit codes: 0 nothing failed (skipped files are not failures), 1 some files failed, 2 usage error.
`;

function listFiles(inputs: string[], cwd: string): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    if (!existsSync(abs)) throw new UsageError(`no such file or folder: ${abs}`);
    if (statSync(abs).isDirectory()) {
      const found = new fdir().withFullPaths().filter((p) => isAudioPath(p)).crawl(abs).sync();
      out.push(...found.sort());
    } else {
      out.push(abs);
    }
  }
  return [...new Set(out)];
}

function genres(list: string[]): string {
  return list.length ? list.join('; ') : '(none)';
}

function printPreview(io: CliIo, items: PreviewItem[]): void {
  for (const i of items) {
    if (i.action === 'write') io.stdout.write(`  write  ${i.path}\n         ${genres(i.old)} → ${genres(i.new)}\n`);
    else io.stdout.write(`  skip   ${i.path}\n         ${i.reason ?? ''}\n`);
  }
}

function printApplied(io: CliIo, r: ApplyResult): void {
  for (const f of r.results.filter((x) => !x.ok)) io.stdout.write(`FAILED ${f.path}\n       ${f.code ?? 'error'}: ${f.error ?? ''}\n`);
  io.stdout.write(`Tagged ${r.counts.ok} file(s), ${r.counts.failed} failed, ${r.counts.skipped} skipped.\n`);
  if (r.counts.ok > 0) io.stdout.write(`Undo with: genrescope undo --batch ${r.batchId}\n`);
}

function parseMinConfidence(v: string | undefined): number {
  if (v === undefined) return 0.5;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`--min-confidence must be a number from 0 to 1, got '${v}'`);
  return n;
}

export const tagCommand: CliCommand = {
  name: 'tag',
  summary: 'write the analysed genres into file tags (preview, policies, undo)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      db: { type: 'string' },
      policy: { type: 'string', default: 'fill' },
      'min-confidence': { type: 'string' },
      map: { type: 'string', multiple: true },
      'save-map': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      apply: { type: 'string' },
      'keep-mtime': { type: 'boolean', default: false },
      'verify-audio': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    const policy = values.policy as TagPolicy;
    if (!TAG_POLICIES.includes(policy)) throw new UsageError(`--policy must be one of ${TAG_POLICIES.join(', ')}, got '${values.policy}'`);
    const minConfidence = parseMinConfidence(values['min-confidence']);
    const cliMap = parseMapArgs(values.map ?? []);
    if (!values.apply && positionals.length === 0) throw new UsageError('give at least one folder or file to tag');
    if (values.apply && values['dry-run']) throw new UsageError('--apply writes a saved preview; it cannot be combined with --dry-run');

    const { dbPath } = serviceOptions({ db: values.db }, io, 'library');
    if (!existsSync(dbPath!)) {
      io.stderr.write(`No library database at ${dbPath}: run \`genrescope scan <folder>\` first, so the files have genres to write.\n`);
      return 1;
    }
    const store = Store.open(dbPath!);
    try {
      const tagger = new Tagger({
        db: store.db,
        trackSync: store,
        quickHash,
        verifyAudioWith: values['verify-audio'] ? resolveFfmpegPath() : null,
      });
      const keepMtime = values['keep-mtime'] === true;
      if (values.apply) {
        const paths = positionals.length ? listFiles(positionals, io.cwd) : undefined;
        const r = await tagger.apply({ previewId: values.apply, paths, keepMtime, source: 'cli' });
        if (values.json) io.stdout.write(JSON.stringify({ batchId: r.batchId, results: r.results, counts: r.counts }) + '\n');
        else printApplied(io, r);
        return r.counts.failed > 0 ? 1 : 0;
      }

      if (values['save-map']) saveTaxonomy(store.db, { ...readTaxonomy(store.db), ...cliMap });
      const taxonomy = { ...readTaxonomy(store.db), ...cliMap };
      const files = listFiles(positionals, io.cwd);
      const candidates = candidatesForPaths(store.db, files);
      const preview: PreviewResult = tagger.preview(candidates, { policy, minConfidence, taxonomy });
      const notAnalysed = candidates.filter((c) => c.label === null).length;

      if (values['dry-run']) {
        if (values.json) {
          io.stdout.write(JSON.stringify({ preview, counts: { write: preview.counts.write, skipped: preview.counts.skip } }) + '\n');
          return 0;
        }
        printPreview(io, preview.items);
        io.stdout.write(`Dry run: ${preview.counts.write} file(s) would be written, ${preview.counts.skip} skipped. Nothing was changed.\n`);
        if (notAnalysed) io.stdout.write(`${notAnalysed} file(s) are not analysed yet: run \`genrescope scan <folder>\` first.\n`);
        if (preview.counts.write) io.stdout.write(`Write them with: genrescope tag --apply ${preview.previewId}  (add file names to write only those)\n`);
        return 0;
      }

      const r = await tagger.apply({ previewId: preview.previewId, keepMtime, source: 'cli' });
      if (values.json) {
        io.stdout.write(JSON.stringify({ preview, batchId: r.batchId, results: r.results, counts: r.counts }) + '\n');
      } else {
        printPreview(io, preview.items);
        printApplied(io, r);
        if (notAnalysed) io.stdout.write(`${notAnalysed} file(s) are not analysed yet: run \`genrescope scan <folder>\` first.\n`);
      }
      return r.counts.failed > 0 ? 1 : 0;
    } finally {
      store.close();
    }
  },
};
