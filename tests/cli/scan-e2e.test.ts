/**
 * `genrescope scan` end to end on a library full of bad input, as a real CLI process with real
 * ffmpeg, SQLite and ONNX. When the tests run as root the CLI runs as `nobody`, because root reads
 * chmod-000 files anyway and the unreadable cases would not be tested.
 *
 * Sequence: a first scan killed with SIGKILL after its first analysed track, a second scan that
 * must finish the rest without redoing anything, a third that must re-analyse nothing; then
 * export and status on the same database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, copyFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_RATE } from '../../src/core/features/columns.ts';
import { buildLibrary, getFixtures, makeTempDir, removeTempDir, type Fixtures, type LibraryTree } from '../helpers/fixtures.ts';
import { repoRoot } from '../helpers/shared-data.ts';

const CLI = path.join(repoRoot, 'src', 'cli', 'main.ts');
const asNobody = process.getuid?.() === 0;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], opts: { env?: NodeJS.ProcessEnv; onLine?: (line: string, child: ChildProcess) => void } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      pending += c.toString('utf8');
      let i;
      while ((i = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, i);
        pending = pending.slice(i + 1);
        opts.onLine?.(line, child);
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

interface Item {
  type: 'item';
  path: string;
  status: string;
  trackId: number | null;
  genre?: string | null;
  error?: { kind: string; message: string; cached?: boolean } | null;
  reason?: string;
  decodedSamples?: number;
}
interface Summary {
  type: 'summary';
  counts: { total: number; analysed: number; unchanged: number; moved: number; failed: number; skipped: number };
  failures: { path: string; kind: string; message: string }[];
  aborted: boolean;
}

function parseLines(out: string): { items: Map<string, Item>; summary: Summary; progress: number } {
  const items = new Map<string, Item>();
  let summary: Summary | null = null;
  let progress = 0;
  for (const line of out.split('\n').filter(Boolean)) {
    const o = JSON.parse(line) as { type: string };
    if (o.type === 'item') items.set((o as Item).path, o as Item);
    else if (o.type === 'summary') summary = o as Summary;
    else if (o.type === 'progress') progress++;
  }
  if (!summary) throw new Error(`no summary line in:\n${out}`);
  return { items, summary, progress };
}

let tmp: string;
let tree: LibraryTree;
let fx: Fixtures;
let db: string;
let bad: { zero: string; truncated: string; text: string; header: string; multichannel: string };
let good: string[];
let firstRunStored = 0;
/** 'analysed' items of the first two runs, by path. */
const analysedItems = new Map<string, Item>();

function keepAnalysed(out: string): void {
  for (const line of out.split('\n')) {
    if (!line.includes('"status":"analysed"')) continue;
    const item = JSON.parse(line) as Item;
    analysedItems.set(item.path, item);
  }
}

beforeAll(async () => {
  fx = await getFixtures();
  tmp = await makeTempDir('genrescope-cli-scan-');
  tree = await buildLibrary(tmp);
  const root = tree.root;
  bad = {
    zero: path.join(root, 'bad', 'zero-byte.mp3'),
    truncated: path.join(root, 'bad', 'truncated.mp3'),
    text: path.join(root, 'bad', 'not-audio.mp3'),
    header: path.join(root, 'bad', 'header-only.wav'),
    multichannel: path.join(root, 'Surround', 'surround 8ch 96k.flac'),
  };
  await mkdir(path.join(root, 'bad'));
  await mkdir(path.join(root, 'Surround'));
  await copyFile(fx.bad.zeroByte, bad.zero);
  await copyFile(fx.bad.truncatedMp3, bad.truncated);
  await copyFile(fx.bad.textAsMp3, bad.text);
  await copyFile(fx.bad.wavHeaderOnly, bad.header);
  await copyFile(fx.multichannel.path, bad.multichannel);
  const dbDir = path.join(tmp, 'db');
  await mkdir(dbDir);
  await chmod(dbDir, 0o777);
  db = path.join(dbDir, 'library.sqlite');
  good = [...Object.values(tree.formatFiles), tree.nonAscii, tree.insideDirNamedLikeFile, tree.toDelete, tree.long, bad.multichannel, bad.truncated];
});

afterAll(async () => {
  await removeTempDir(tmp);
});

describe('genrescope scan on bad input', () => {
  it('a scan killed mid-way loses only the tracks in flight', async () => {
    let killed = false;
    const run = await cli(['scan', tree.root, '--db', db, '--json', '--workers', '2'], {
      onLine: (line, child) => {
        if (!killed && line.includes('"type":"item"') && line.includes('"status":"analysed"')) {
          killed = true;
          child.kill('SIGKILL');
        }
      },
    });
    expect(run.signal).toBe('SIGKILL');
    keepAnalysed(run.stdout);
    firstRunStored = run.stdout.split('\n').filter((l) => l.includes('"status":"analysed"')).length;
    expect(firstRunStored).toBeGreaterThanOrEqual(1);
  });

  it('completes, gives each bad file a clear error, analyses the rest and exits 1', async () => {
    const run = await cli(['scan', tree.root, '--db', db, '--json', '--workers', '2']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    keepAnalysed(run.stdout);
    const { items, summary, progress } = parseLines(run.stdout);
    expect(progress).toBeGreaterThanOrEqual(1);
    const status = (p: string) => items.get(p)?.status;
    const error = (p: string) => items.get(p)?.error;

    // Resumed: what the killed run stored is not analysed again.
    for (const p of good) expect(['analysed', 'unchanged'], p).toContain(status(p));
    expect(summary.counts.unchanged).toBeGreaterThanOrEqual(firstRunStored);
    expect(summary.counts.analysed + summary.counts.unchanged).toBe(good.length + (tree.permissionsEnforced || asNobody ? 0 : 2));

    expect(error(bad.zero)).toMatchObject({ message: expect.stringMatching(/empty \(0 bytes\)/) });
    expect(error(bad.text)).toMatchObject({ kind: 'decode', message: expect.stringMatching(/no audio stream/) });
    expect(error(bad.header)).toMatchObject({ kind: 'decode', message: expect.stringMatching(/no (decodable )?audio/) });
    if (asNobody || tree.permissionsEnforced) {
      expect(error(tree.unreadableFile)).toMatchObject({ kind: 'io', message: expect.stringMatching(/permission denied/) });
      expect(error(tree.lockedDir)).toMatchObject({ kind: 'scan', message: expect.stringMatching(/EACCES/) });
    }
    expect(summary.failures.map((f) => f.path).sort()).toEqual([...items.values()].filter((i) => i.status === 'failed').map((i) => i.path).sort());

    // Skipped, not failed: the symlink cycle, the second path to one file, hidden and system entries.
    expect(items.get(path.join(tree.root, 'loops', 'up'))?.reason).toBe('symlink-loop');
    expect(items.get(tree.linkedFile)?.reason).toBe('duplicate');
    expect(items.has(tree.dirNamedLikeFile)).toBe(false);
    expect([...items.keys()].some((p) => p.includes('$RECYCLE.BIN') && items.get(p)?.status !== 'skipped')).toBe(false);
  });

  it('decoded only the windows of the 2-hour file and read the non-ASCII path', () => {
    // Whichever of the two runs analysed a file reported its decoded-sample count.
    const long = analysedItems.get(tree.long)!;
    expect(long.status).toBe('analysed');
    expect(fx.long.durationSec).toBeGreaterThan(7000);
    // Three 30-s windows at most, against 7200 s × 22050 for a whole decode.
    expect(long.decodedSamples).toBeLessThanOrEqual(3 * 30 * SAMPLE_RATE + 3 * 2048);
    expect(long.decodedSamples).toBeGreaterThan(2 * 30 * SAMPLE_RATE);
    const nonAscii = analysedItems.get(tree.nonAscii)!;
    expect(nonAscii.status).toBe('analysed');
    expect(nonAscii.error ?? null).toBeNull();
    expect(analysedItems.get(bad.multichannel)?.status).toBe('analysed');
  });

  it('re-analyses nothing on the next scan', async () => {
    const run = await cli(['scan', tree.root, '--db', db, '--json']);
    const { summary } = parseLines(run.stdout);
    expect(summary.counts.analysed).toBe(0);
    expect(summary.counts.unchanged).toBe(good.length + (tree.permissionsEnforced || asNobody ? 0 : 2));
    // Broken files that did not change are reported again, not retried.
    expect(summary.counts.failed).toBeGreaterThanOrEqual(3);
    expect(run.code).toBe(1);
  });

  it('exports CSV and JSON and shows the status', async () => {
    const csv = await cli(['export', '--format', 'csv', '--db', db]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\r\n');
    expect(lines[0]).toMatch(/^path,title,artist,album,duration_sec,genre,confidence/);
    expect(lines.some((l) => l.includes('Björk – Jóga 日本 🎶.flac'))).toBe(true);

    const json = await cli(['export', '--format', 'json', '--db', db]);
    const rows = JSON.parse(json.stdout) as { path: string; status: string; genre: string | null; top3: unknown[] }[];
    expect(rows.length).toBe(lines.length - 1);
    expect(rows.find((r) => r.path === tree.long)).toMatchObject({ status: 'ok', top3: expect.any(Array) });
    expect(rows.find((r) => r.path === bad.zero)?.status).toBe('failed');

    const st = await cli(['status', '--db', db, '--json']);
    const s = JSON.parse(st.stdout) as { tracks: number; analysed: number; failed: number; roots: string[] };
    expect(s.roots).toEqual([tree.root]);
    expect(s.analysed).toBe(rows.filter((r) => r.status === 'ok').length);
  });

  it('answers usage errors with exit code 2 and creates no database by looking', async () => {
    expect((await cli(['scan', '--db', db])).code).toBe(2);
    expect((await cli(['export', '--format', 'xml', '--db', db])).code).toBe(2);
    expect((await cli(['scan', tree.root, '--workers', 'many'])).code).toBe(2);
    const missing = await cli(['scan', path.join(tmp, 'no-such-folder'), '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('not a folder');
    // Looking at a database that does not exist must not create it.
    const none = path.join(path.dirname(db), 'never-created.sqlite'); // a folder the CLI may write to
    const exp = await cli(['export', '--format', 'json', '--db', none]);
    expect(exp.code).toBe(1);
    expect(exp.stderr).toContain('no library database');
    const st = await cli(['status', '--db', none, '--json']);
    expect(JSON.parse(st.stdout)).toEqual({ db: none, exists: false });
    expect(existsSync(none)).toBe(false);
  });
});
