/**
 * The whole report on real audio: a shared GTZAN clip and a synthetic WAV pass; fault injection
 * fails the matching checks; storage in a real SQLite file; the CLI's JSON; the HTML export opened
 * in Debian Chromium with every plot rendered.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/run-cli.ts';
import { migrate } from '../../../src/core/store/migrate.ts';
import { MIGRATIONS } from '../../../src/core/store/migrations.ts';
import { buildReport, reportToHtml, reportToJson, ReportStore, type ValidationReport } from '../../../src/core/validation/index.ts';
import { describeShared, repoRoot, sharedDir } from '../../helpers/shared-data.ts';
import { testSignal, writeWav16 } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function sink(): { stream: Writable; text: () => string } {
  let buf = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      buf += chunk.toString('utf8');
      cb();
    },
  });
  return { stream, text: () => buf };
}

describeShared('validation report on real audio', () => {
  let dir = '';
  let dbPath = '';
  let db: Database.Database;
  let clipReport: ValidationReport;
  const clip = () => path.join(sharedDir(), 'data', 'gtzan', 'audio', 'rock', 'rock.00001.flac');
  const refDir = () => path.join(sharedDir(), 'data', 'refvectors');

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gs-report-'));
    dbPath = path.join(dir, 'library.sqlite');
    db = new Database(dbPath);
    migrate(db, MIGRATIONS);
    clipReport = await buildReport(clip(), { db, refvectorDir: refDir() });
  });
  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a GTZAN clip passes every check, with all five kinds of check present', () => {
    const failed = clipReport.checks.filter((c) => !c.pass);
    expect(failed, JSON.stringify(failed)).toEqual([]);
    expect(clipReport.allPass).toBe(true);
    expect(new Set(clipReport.checks.map((c) => c.group))).toEqual(new Set(['fft', 'features', 'synthetic', 'refvectors']));
    expect(clipReport.refvectors.status).toBe('ok');
    for (const c of clipReport.checks) {
      expect(c.meaning.length).toBeGreaterThan(20);
      expect(c.threshold).not.toBeNull();
    }
    expect(clipReport.windows).toHaveLength(1);
    expect(clipReport.qaFlags).toEqual([]);
    expect(clipReport.version).toMatch(/^report 1 · app \S+ · features /);
  });

  it('plots are self-contained SVG documents', () => {
    const names = clipReport.plots.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['spectrum-overlay', 'parseval-error', 'meyda-centroid', 'meyda-rms', 'qa-flags', 'qa-spectrum', 'synthetic-sweep']));
    for (const p of clipReport.plots) {
      expect(p.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(p.svg).not.toMatch(/href=|<script|<image|@import|url\((?!#)/);
    }
  });

  it('a synthetic 95-s WAV file passes too, checked in the engine\'s 3 windows', async () => {
    const wav = path.join(dir, 'synthetic.wav');
    writeWav16(wav, testSignal(22050, 95, 5), 22050);
    const r = await buildReport(wav, { db, refvectorDir: refDir(), compareFrames: 32 });
    expect(r.checks.filter((c) => !c.pass)).toEqual([]);
    expect(r.qa.sampleRateHz).toBe(22050);
    expect(r.windows.map((w) => w.frames)).toEqual([1292, 1292, 1292]);
    expect(r.windows[2].startSec).toBeGreaterThan(60);
    for (const w of r.windows) expect(w.parsevalMax!).toBeLessThan(1e-6);
    expect(r.checks.find((c) => c.name.startsWith('meyda rms: Pearson'))!.name).toContain('(96 frames)') // 32 per window;
  });

  it('a wrong FFT normalisation and a shifted feature fail exactly their checks', async () => {
    const r = await buildReport(clip(), { db, refvectorDir: refDir(), compareFrames: 48, spectrumScale: 1 / Math.sqrt(2048), featureOffset: { spread: 25 } });
    expect(r.allPass).toBe(false);
    const failed = r.checks.filter((c) => !c.pass).map((c) => c.name);
    expect(failed).toEqual(expect.arrayContaining(['Parseval energy, max relative error per frame', 'STFT vs float64 reference DFT, max error / frame peak', 'meyda spectral bandwidth / spread: max relative error', 'tone mix: power from spectrum, relative error']));
    expect(failed.some((n) => n.startsWith('meyda rms') || n.startsWith('librosa'))).toBe(false);
  });

  it('stores reports and runs the reference vectors once per version', () => {
    const store = new ReportStore(db);
    const id = store.save(clipReport);
    const back = store.get(id)!;
    expect(back.checks).toEqual(clipReport.checks);
    expect(back.plots.length).toBe(clipReport.plots.length);
    expect(store.latestForPath(clip())!.createdAt).toBe(clipReport.createdAt);
    const run = store.getRefvectorRun(clipReport.appVersion, clipReport.featureVersion, clipReport.reportVersion)!;
    expect(run.createdAt).toBe(clipReport.refvectors.createdAt);
    const rows = db.prepare('SELECT COUNT(*) AS n FROM refvector_runs').get() as { n: number };
    expect(rows.n).toBe(1); // three reports, one run
    expect(store.list({ path: clip() })[0]).toMatchObject({ allPass: true, failedChecks: 0, reportVersion: 1 });
  });

  it('CLI: `genrescope report <file> --json --db` prints checks and qa, stores, exits 0', async () => {
    const out = sink();
    const err = sink();
    const html = path.join(dir, 'cli.html');
    const code = await runCli(['report', clip(), '--json', '--db', dbPath, '--html', html], { stdout: out.stream, stderr: err.stream, cwd: dir, env: { ...process.env, GENRESCOPE_REFVECTORS: refDir() } });
    expect(err.text()).toBe('');
    expect(code).toBe(0);
    const j = JSON.parse(out.text()) as { checks: { name: string; value: number | null; threshold: unknown; pass: boolean }[]; qa: Record<string, unknown>; allPass: boolean };
    expect(j.allPass).toBe(true);
    expect(j.checks.length).toBe(clipReport.checks.length);
    for (const c of j.checks) expect(Object.keys(c)).toEqual(expect.arrayContaining(['name', 'value', 'threshold', 'pass']));
    expect(j.qa).toMatchObject({ sampleRateHz: 22050, channels: 1, clipping: false });
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/);
    const usage = await runCli(['report'], { stdout: sink().stream, stderr: sink().stream, cwd: dir, env: process.env });
    expect(usage).toBe(2);
  });

  it('CLI exits 1 when a check fails: a tampered librosa reference vector', async () => {
    const tampered = path.join(dir, 'refvectors-tampered');
    cpSync(refDir(), tampered, { recursive: true });
    const file = path.join(tampered, 'core-stft-006.json');
    const j = JSON.parse(readFileSync(file, 'utf8')) as { D: { re: number[] } };
    j.D.re[100] += 0.01; // one bin of one frame, ~1e-3 of the peak
    writeFileSync(file, JSON.stringify(j));
    const out = sink();
    const code = await runCli(['report', clip(), '--json', '--db', path.join(dir, 'other.sqlite')], { stdout: out.stream, stderr: sink().stream, cwd: dir, env: { ...process.env, GENRESCOPE_REFVECTORS: tampered } });
    expect(code).toBe(1);
    const failed = (JSON.parse(out.text()) as { checks: { name: string; pass: boolean }[] }).checks.filter((c) => !c.pass).map((c) => c.name);
    expect(failed).toEqual(['librosa core-stft-006: STFT (n_fft 128, hop 256, Hann) max error / peak']);
  });

  describe('HTML export in Chromium', () => {
    const run = existsSync(CHROMIUM) ? it : process.env.CI === 'true' ? it : it.skip;
    run('opens offline and every plot renders with a non-zero box', async () => {
      if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
      const { chromium } = await import('playwright-core');
      const htmlPath = path.join(dir, 'report.html');
      writeFileSync(htmlPath, reportToHtml(clipReport));
      expect(JSON.parse(reportToJson(clipReport)).checks.length).toBe(clipReport.checks.length);
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
      try {
        const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
        const requests: string[] = [];
        page.on('request', (r) => requests.push(r.url()));
        await page.goto('file://' + htmlPath);
        expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
        const boxes = await page.$$eval('figure svg', (els) => els.map((e) => {
          const r = e.getBoundingClientRect();
          const drawn = e.querySelectorAll('path, rect').length;
          return { w: r.width, h: r.height, drawn };
        }));
        expect(boxes.length).toBe(clipReport.plots.length);
        for (const b of boxes) {
          expect(b.w).toBeGreaterThan(100);
          expect(b.h).toBeGreaterThan(100);
          expect(b.drawn).toBeGreaterThan(2);
        }
        // the data paths themselves have extent (not just the frame)
        const pathBoxes = await page.$$eval('figure svg path', (els) => els.map((e) => (e as unknown as { getBBox(): { width: number; height: number } }).getBBox()).map((b) => b.width + b.height));
        expect(pathBoxes.filter((s) => s > 0).length).toBeGreaterThan(clipReport.plots.length);
        const shotDir = process.env.GENRESCOPE_UPDATE_SCREENSHOTS ? path.join(repoRoot, 'docs', 'screenshots') : dir;
        mkdirSync(shotDir, { recursive: true });
        await page.screenshot({ path: path.join(shotDir, 'report-html.png'), clip: { x: 0, y: 0, width: 1100, height: 1000 } });
      } finally {
        await browser.close();
      }
    });
  });
});
