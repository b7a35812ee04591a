/** `genrescope report <file>`: the FFT validation report of one audio file (issue 5). */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { readSettings } from '../../core/service/settings.ts';
import { Store } from '../../core/store/store.ts';
import { buildReport, defaultRefvectorDir, reportToHtml, reportToJson, ReportStore, type ValidationReport } from '../../core/validation/index.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { DB_OPTION_HELP, parseCommandArgs, serviceOptions } from '../engine-options.ts';

const USAGE = `Usage: genrescope report <file> [--html <out.html>] [--json] [--db <path>] [--ffmpeg <path>]

Validates the analysis of one audio file: the engine's FFT against Parseval and an independent
float64 DFT, its frame features against meyda, synthetic tones and a sweep, librosa's reference
vectors (once per app version), plus signal QA (clipping, DC offset, silence, spectral cutoff,
sample rate and channels). The report is stored in the library database.

Options:
  --html <out.html>    also write a self-contained HTML report (inline SVG plots, no network)
  --json               print the report as JSON (checks: [{name, value, threshold, pass}], qa: {...})
${DB_OPTION_HELP}
  --no-store           do not store the report in the database
  --ffmpeg <path>      ffmpeg binary (default: the saved setting, env GENRESCOPE_FFMPEG, the bundled one)
  -h, --help           this help

Exit codes: 0 every check passed, 1 some check failed (or the file could not be analysed), 2 usage.
QA flags (clipping, lossy source, ...) describe the audio and do not change the exit code.
`;

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'FFT validation and signal QA report of one file (--html, --json)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      html: { type: 'string' },
      json: { type: 'boolean', default: false },
      db: { type: 'string' },
      'no-store': { type: 'boolean', default: false },
      ffmpeg: { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one file, got ${positionals.length}` : 'missing the audio file to report on');
    const file = path.resolve(io.cwd, positionals[0]);
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no such file: ${file}`);
    const htmlOut = values.html !== undefined ? path.resolve(io.cwd, values.html) : null;
    if (htmlOut && !existsSync(path.dirname(htmlOut))) throw new UsageError(`folder for --html does not exist: ${path.dirname(htmlOut)}`);

    const { dbPath } = serviceOptions({ db: values.db }, io, 'library');
    const store = Store.open(dbPath!);
    try {
      const settings = readSettings(store);
      const track = store.getTrackByPath(file);
      const report = await buildReport(file, {
        trackId: track?.id ?? null,
        ffmpegPath: values.ffmpeg ? path.resolve(io.cwd, values.ffmpeg) : settings.ffmpegPath,
        windowCount: settings.windows.count,
        windowLengthSec: settings.windows.lengthSec,
        db: store.db,
        refvectorDir: defaultRefvectorDir(io.env),
      });
      if (!values['no-store']) new ReportStore(store.db).save(report);
      if (htmlOut) writeFileSync(htmlOut, reportToHtml(report));
      if (values.json) io.stdout.write(reportToJson(report) + '\n');
      else printSummary(report, io, htmlOut, values['no-store'] ? null : dbPath!);
      return report.allPass ? 0 : 1;
    } finally {
      store.close();
    }
  },
};

function printSummary(r: ValidationReport, io: CliIo, htmlOut: string | null, dbPath: string | null): void {
  const failed = r.checks.filter((c) => !c.pass);
  const lines = [`${r.path}`, `  ${r.version}; windows: ${r.windows.map((w) => `${w.startSec}+${w.durationSec}s`).join(', ')}`];
  for (const c of r.checks) {
    const v = c.value === null ? '—' : Math.abs(c.value) < 1e-3 && c.value !== 0 ? c.value.toExponential(2) : String(Number(c.value.toPrecision(6)));
    lines.push(`  ${c.pass ? 'pass' : 'FAIL'}  ${c.name}: ${v} (threshold ${typeof c.threshold === 'number' ? `<= ${c.threshold}` : c.threshold})`);
  }
  if (r.refvectors.status === 'absent') lines.push(`  note  ${r.refvectors.message}`);
  const q = r.qa;
  lines.push(`  QA: ${q.sampleRateHz ?? '?'} Hz, ${q.channels ?? '?'} ch, ${q.codec ?? '?'}; clipping ${q.clippingRatio}, DC ${q.dcOffset}, silence ${q.silenceRatio}, bandwidth ${q.effectiveBandwidthHz ?? '?'} Hz`);
  for (const f of r.qaFlags) lines.push(`  flag  ${f}`);
  lines.push(failed.length ? `${failed.length} of ${r.checks.length} checks failed.` : `All ${r.checks.length} checks passed.`);
  if (htmlOut) lines.push(`HTML report: ${htmlOut}`);
  if (dbPath) lines.push(`Stored in ${dbPath}`);
  io.stdout.write(lines.join('\n') + '\n');
}
