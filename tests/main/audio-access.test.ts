import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioAccess, parseTrackAudioUrl, trackAudioUrl } from '../../src/main/audio-access.ts';

let dir: string;
let root: string;
const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
const tracks = new Map<number, string>();

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gs-audio-'));
  root = path.join(dir, 'music');
  mkdirSync(path.join(root, 'album'), { recursive: true });
  mkdirSync(path.join(dir, 'private'));
  writeFileSync(path.join(root, 'album', 'song.flac'), bytes);
  writeFileSync(path.join(root, 'album', 'notes.txt'), 'text');
  writeFileSync(path.join(dir, 'private', 'secret.mp3'), bytes);
  writeFileSync(path.join(dir, 'opened.ogg'), bytes);
  // A link inside the root that points out of it, and a linked folder escaping the root.
  symlinkSync(path.join(dir, 'private', 'secret.mp3'), path.join(root, 'escape.mp3'));
  symlinkSync(path.join(dir, 'private'), path.join(root, 'linked-dir'));
  tracks.set(1, path.join(root, 'album', 'song.flac'));
  tracks.set(2, path.join(root, 'escape.mp3'));
  tracks.set(3, path.join(root, 'album', '..', '..', 'private', 'secret.mp3'));
  tracks.set(4, path.join(root, 'linked-dir', 'secret.mp3'));
  tracks.set(5, path.join(root, 'album', 'notes.txt'));
  tracks.set(6, path.join(dir, 'opened.ogg'));
  tracks.set(7, path.join(root, 'album', 'missing.mp3'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function access(): AudioAccess {
  return new AudioAccess({
    roots: async () => [root],
    trackPath: async (id) => tracks.get(id) ?? null,
  });
}

function get(a: AudioAccess, id: number, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> {
  return a.handle(new Request(trackAudioUrl(id), { method, headers }));
}

describe('genrescope-audio URLs', () => {
  it('round-trips track ids and refuses other shapes', () => {
    expect(parseTrackAudioUrl(trackAudioUrl(42))).toBe(42);
    expect(parseTrackAudioUrl('genrescope-audio://track/42/')).toBe(42);
    expect(parseTrackAudioUrl('genrescope-audio://track/../1')).toBe(1); // URL parsing normalises the dot segments away
    expect(parseTrackAudioUrl('genrescope-audio://file/42')).toBeNull();
    expect(parseTrackAudioUrl('genrescope-audio://track/x')).toBeNull();
    expect(parseTrackAudioUrl('https://track/1')).toBeNull();
  });
});

describe('AudioAccess', () => {
  it('streams a library file whole and by range', async () => {
    const a = access();
    const full = await get(a, 1);
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('audio/flac');
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await full.arrayBuffer())).toEqual(bytes);

    const part = await get(a, 1, { Range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(100, 200));

    const tail = await get(a, 1, { Range: 'bytes=-10' });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(bytes.subarray(990));

    expect((await get(a, 1, { Range: 'bytes=5000-' })).status).toBe(416);
    const head = await get(a, 1, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('1000');
  });

  it('refuses symlink escapes, traversal, non-audio and unknown tracks', async () => {
    const a = access();
    expect((await get(a, 2)).status).toBe(403);
    expect((await get(a, 3)).status).toBe(403);
    expect((await get(a, 4)).status).toBe(403);
    expect((await get(a, 5)).status).toBe(415);
    expect((await get(a, 6)).status).toBe(403);
    expect((await get(a, 7)).status).toBe(404);
    expect((await get(a, 99)).status).toBe(404);
    expect((await a.handle(new Request('genrescope-audio://track/1', { method: 'POST' }))).status).toBe(405);
  });

  it('serves a file outside the roots only once the user opened it', async () => {
    const a = access();
    expect((await get(a, 6)).status).toBe(403);
    a.allowOpened([path.join(dir, 'opened.ogg'), 'relative.mp3']);
    const r = await get(a, 6);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('audio/ogg');
    expect((await a.check(path.join(dir, 'private', 'secret.mp3'))).ok).toBe(false);
    expect((await a.check('relative.mp3')).ok).toBe(false);
  });
});
