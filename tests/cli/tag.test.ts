/**
 * `genrescope tag` and `genrescope undo` end to end: a real library database with stored analyses,
 * real files, the CLI dispatcher with captured output.
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parseFile } from 'music-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.ts';
import { Store } from '../../src/core/store/index.ts';
import { makeAudio, sha256File, tempDir } from '../core/tags/fixtures.ts';

const tmp = tempDir('gs-cli-tag-');
const db = path.join(tmp.dir, 'lib.sqlite');
const music = path.join(tmp.dir, 'music');
let files: { hiphop: string; jazz: string; rock: string; fresh: string };
let shas: Record<string, string>;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await runCli(args, { stdout, stderr, cwd: tmp.dir, env: { ...process.env, GENRESCOPE_DB: '' } });
  return { code, out, err };
}

beforeAll(() => {
  mkdirSync(music);
  files = {
    hiphop: makeAudio(music, 'flac', 'a-hiphop'),
    jazz: makeAudio(music, 'mp3-v24', 'b-jazz'),
    rock: makeAudio(music, 'ogg', 'c-rock', { genre: 'Punk' }),
    fresh: makeAudio(music, 'wav', 'd-fresh'),
  };
  shas = Object.fromEntries(Object.values(files).map((f) => [f, sha256File(f)]));
  const store = Store.open(db);
  for (const [label, p] of [['hiphop', files.hiphop], ['jazz', files.jazz], ['rock', files.rock]] as const) {
    const st = statSync(p);
    const { id } = store.upsertScannedTrack({ path: p, sizeBytes: st.size, mtimeMs: st.mtimeMs, quickHash: null }, null);
    store.saveAnalysis(id, {
      modelName: 'm', modelHash: 'h', featureVersion: 'f', genre: label, confidence: 0.8, unknown: false,
      probabilities: { [label]: 0.8 }, top3: [{ genre: label, p: 0.8 }], provider: 'cpu', timingsMs: {}, windows: [],
    });
  }
  store.close();
}, 60_000);

afterAll(() => tmp.cleanup());

describe('genrescope tag / undo', () => {
  it('--dry-run shows old → new per file and changes nothing', async () => {
    const r = await cli('tag', 'music', '--db', db, '--dry-run', '--map', 'hiphop=Hip-Hop;Rap');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`write  ${files.hiphop}\n         (none) → Hip-Hop; Rap`);
    expect(r.out).toContain(`skip   ${files.rock}\n         already has a genre`);
    expect(r.out).toMatch(/d-fresh\.wav\n\s+not analysed yet: run `genrescope scan` first/);
    expect(r.out).toMatch(/Dry run: 2 file\(s\) would be written, 2 skipped/);
    for (const f of Object.values(files)) expect(sha256File(f)).toBe(shas[f]);
  });

  it('--apply writes a saved preview, only the files named', async () => {
    const dry = await cli('tag', 'music', '--db', db, '--dry-run', '--json');
    const { preview } = JSON.parse(dry.out) as { preview: { previewId: string } };
    const r = await cli('tag', '--apply', preview.previewId, files.jazz, '--db', db);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/Tagged 1 file\(s\), 0 failed/);
    expect((await parseFile(files.jazz)).common.genre).toEqual(['Jazz']);
    expect(sha256File(files.hiphop)).toBe(shas[files.hiphop]);
    const undo = await cli('undo', '--file', files.jazz, '--db', db);
    expect(undo.code).toBe(0);
    expect(sha256File(files.jazz)).toBe(shas[files.jazz]);
  });

  it('writes with a policy and a saved taxonomy, then undo --batch restores the exact bytes', async () => {
    const r = await cli('tag', 'music', '--db', db, '--policy', 'replace', '--map', 'hiphop=Hip-Hop;Rap', '--save-map', '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as { batchId: string; counts: { ok: number; failed: number; skipped: number } };
    expect(out.counts).toEqual({ ok: 3, failed: 0, skipped: 1 });
    expect((await parseFile(files.hiphop)).common.genre).toEqual(['Hip-Hop', 'Rap']);
    expect((await parseFile(files.rock)).common.genre).toEqual(['Rock']);

    // The saved taxonomy applies without --map next time.
    const again = await cli('tag', 'music', '--db', db, '--policy', 'replace', '--dry-run', '--json');
    expect(JSON.parse(again.out).counts.write).toBe(0);

    const list = await cli('undo', '--db', db);
    expect(list.out).toContain(`${out.batchId}`);
    expect(list.out).toMatch(/3 file\(s\)\s+in effect/);

    const undo = await cli('undo', '--batch', out.batchId, '--db', db);
    expect(undo.code, undo.out).toBe(0);
    expect(undo.out).toMatch(/Restored 3 file\(s\), 0 failed/);
    for (const f of Object.values(files)) expect(sha256File(f)).toBe(shas[f]);
  });

  it('usage errors exit 2; a missing database is explained', async () => {
    expect((await cli('tag', 'music', '--db', db, '--policy', 'overwrite')).code).toBe(2);
    expect((await cli('tag', 'music', '--db', db, '--min-confidence', '1.5')).code).toBe(2);
    expect((await cli('tag', 'music', '--db', db, '--map', 'nolabel')).code).toBe(2);
    expect((await cli('undo', '--all', '--batch', 'x', '--db', db)).code).toBe(2);
    const missing = await cli('tag', 'music', '--db', path.join(tmp.dir, 'none.sqlite'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/run `genrescope scan <folder>` first/);
  });
});
