/**
 * Every supported format, on real files made by ffmpeg: the genre written is read back by music-metadata
 * AND ffprobe, the decoded audio is unchanged, and undo restores the exact previous bytes.
 */
import { statSync } from 'node:fs';
import { parseFile } from 'music-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../../src/core/store/index.ts';
import { Tagger } from '../../../src/core/tags/tagger.ts';
import type { TagCandidate } from '../../../src/core/tags/tagger.ts';
import { audioHash, ffprobeGenre, makeAudio, sha256File, tempDir } from './fixtures.ts';
import type { FixtureKind } from './fixtures.ts';

type Native = Record<string, Array<{ id: string; value: unknown }>>;

function nativeValues(native: Native, block: string, id: string): string[] {
  return (native[block] ?? []).filter((t) => t.id === id).map((t) => String(t.value));
}

interface FormatCase {
  kind: FixtureKind;
  /** where music-metadata finds the genre: [native block, frame id] */
  block: [string, string];
  /** what that block holds after writing ['Jazz', 'Blues'] (the format's multi-value convention) */
  multiStored: string[];
  /** what ffprobe reports after writing ['Jazz', 'Blues'] */
  multiFfprobe: string;
}

const CASES: FormatCase[] = [
  // ffmpeg reads only the first value of an ID3v2.4 multi-value text frame.
  { kind: 'mp3-v24', block: ['ID3v2.4', 'TCON'], multiStored: ['Jazz', 'Blues'], multiFfprobe: 'Jazz' },
  { kind: 'mp3-v23', block: ['ID3v2.3', 'TCON'], multiStored: ['Jazz;Blues'], multiFfprobe: 'Jazz;Blues' },
  // ffmpeg joins repeated Vorbis comment fields with ';'.
  { kind: 'flac', block: ['vorbis', 'GENRE'], multiStored: ['Jazz', 'Blues'], multiFfprobe: 'Jazz;Blues' },
  { kind: 'ogg', block: ['vorbis', 'GENRE'], multiStored: ['Jazz', 'Blues'], multiFfprobe: 'Jazz;Blues' },
  { kind: 'opus', block: ['vorbis', 'GENRE'], multiStored: ['Jazz', 'Blues'], multiFfprobe: 'Jazz;Blues' },
  { kind: 'm4a', block: ['iTunes', '©gen'], multiStored: ['Jazz; Blues'], multiFfprobe: 'Jazz; Blues' },
  { kind: 'wav', block: ['ID3v2.4', 'TCON'], multiStored: ['Jazz', 'Blues'], multiFfprobe: 'Jazz; Blues' },
  { kind: 'aiff', block: ['ID3v2.4', 'TCON'], multiStored: ['Jazz', 'Blues'], multiFfprobe: 'Jazz' },
];

let store: Store;
let tagger: Tagger;
const tmp = tempDir();

beforeAll(() => {
  store = Store.openInMemory();
  tagger = new Tagger({ db: store.db, backupDir: `${tmp.dir}/backups` });
});

afterAll(() => {
  store.close();
  tmp.cleanup();
});

function candidate(p: string, label: string): TagCandidate {
  return { trackId: null, path: p, label, confidence: 0.9, unknown: false };
}

async function tagOne(p: string, label: string, taxonomy: Record<string, string[]> = {}, keepMtime = false): Promise<number> {
  const r = await tagger.tagFiles([candidate(p, label)], { policy: 'replace', minConfidence: 0.5, taxonomy, keepMtime });
  expect(r.results, JSON.stringify(r.results)).toHaveLength(1);
  expect(r.results[0].error ?? null).toBeNull();
  return r.results[0].journalId as number;
}

describe.each(CASES)('$kind', (c) => {
  it('writes one genre that music-metadata and ffprobe read back, audio untouched, undo exact', async () => {
    const p = makeAudio(tmp.dir, c.kind, `single-${c.kind}`, { genre: 'Rock', title: 'Sine' });
    const shaBefore = sha256File(p);
    const audioBefore = audioHash(p);

    const journalId = await tagOne(p, 'jazz');
    const meta = await parseFile(p);
    expect(nativeValues(meta.native as Native, c.block[0], c.block[1])).toEqual(['Jazz']);
    expect(meta.common.title).toBe('Sine');
    expect(ffprobeGenre(p)).toBe('Jazz');
    expect(audioHash(p)).toBe(audioBefore);

    const u = await tagger.undo({ journalId });
    expect(u.counts).toEqual({ ok: 1, failed: 0, skipped: 0 });
    expect(sha256File(p)).toBe(shaBefore);
  });

  it('writes several genres with the format convention; undo exact', async () => {
    const p = makeAudio(tmp.dir, c.kind, `multi-${c.kind}`, { genre: 'Rock' });
    const shaBefore = sha256File(p);
    const audioBefore = audioHash(p);

    const journalId = await tagOne(p, 'jazz', { jazz: ['Jazz', 'Blues'] });
    const meta = await parseFile(p);
    expect(nativeValues(meta.native as Native, c.block[0], c.block[1])).toEqual(c.multiStored);
    expect(ffprobeGenre(p)).toBe(c.multiFfprobe);
    expect(audioHash(p)).toBe(audioBefore);

    await tagger.undo({ journalId });
    expect(sha256File(p)).toBe(shaBefore);
  });
});

describe('file details', () => {
  it('keeps an ID3v2.3 tag at v2.3 and adds no ID3v1 tag', async () => {
    const p = makeAudio(tmp.dir, 'mp3-v23', 'v23-stays');
    await tagOne(p, 'rock');
    const meta = await parseFile(p);
    expect(Object.keys(meta.native).sort()).toEqual(['ID3v2.3']);
  });

  it('keeps an existing ID3v1 tag in step', async () => {
    const p = makeAudio(tmp.dir, 'mp3-v23-v1', 'with-v1', { genre: 'Rock' });
    const shaBefore = sha256File(p);
    const journalId = await tagOne(p, 'jazz');
    const meta = await parseFile(p);
    expect(nativeValues(meta.native as Native, 'ID3v1', 'genre')).toEqual(['Jazz']);
    await tagger.undo({ journalId });
    expect(sha256File(p)).toBe(shaBefore);
  });

  it('keeps the modification time when asked, and undo keeps it too', async () => {
    const p = makeAudio(tmp.dir, 'flac', 'mtime');
    const before = statSync(p).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    const journalId = await tagOne(p, 'jazz', {}, true);
    expect(statSync(p).mtimeMs).toBe(before);
    await tagger.undo({ journalId });
    expect(statSync(p).mtimeMs).toBe(before);
  });

  it('stores a small byte diff, not the audio, as undo data', async () => {
    const p = makeAudio(tmp.dir, 'wav', 'diff-size');
    const journalId = await tagOne(p, 'jazz');
    const e = tagger.journal.get(journalId);
    expect(e?.restoreKind).toBe('diff');
    expect(e?.restoreData?.length ?? Infinity).toBeLessThan(2048);
    expect(e?.beforeSize).toBeGreaterThan(150_000);
  });
});
