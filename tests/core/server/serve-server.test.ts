/**
 * `genrescope serve` end to end on 127.0.0.1: a real GenrescopeService on a temporary SQLite library,
 * real HTTP and WebSocket clients. No analysis runs (no workers are started), so this stays fast.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServeServer, type RunningServer } from '../../../src/core/server/serve-server.ts';
import { GenrescopeService } from '../../../src/core/service/genrescope-service.ts';

let dir: string;
let root: string;
let ui: string;
let service: GenrescopeService;
let server: RunningServer;
let libraryId: number;
let outsideId: number;
const audio = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));

function addTrack(file: string): number {
  const meta = { durationSec: 1, title: path.basename(file), artist: null, album: null, genre: [], sampleRate: 22050, channels: 1, codec: 'mp3' };
  return service.store.upsertScannedTrack({ path: file, sizeBytes: audio.length, mtimeMs: Date.now(), quickHash: null }, meta).id;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gs-serve-'));
  root = path.join(dir, 'music');
  ui = path.join(dir, 'ui');
  mkdirSync(root);
  mkdirSync(path.join(ui, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'song.mp3'), audio);
  writeFileSync(path.join(dir, 'secret.mp3'), audio);
  writeFileSync(
    path.join(ui, 'index.html'),
    '<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="media-src genrescope-audio:"><title>Genrescope</title></head><body><script type="module" src="./assets/app.js"></script></body></html>',
  );
  writeFileSync(path.join(ui, 'assets', 'app.js'), 'console.log("ui");');
  symlinkSync(path.join(dir, 'secret.mp3'), path.join(ui, 'assets', 'leak.mp3'));
  service = new GenrescopeService({ dbPath: path.join(dir, 'library.sqlite') });
  await service.addRoot({ path: root });
  libraryId = addTrack(path.join(root, 'song.mp3'));
  outsideId = addTrack(path.join(dir, 'secret.mp3'));
  server = await startServeServer({ service, events: service, rendererDir: ui, host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await server?.close();
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(pathAndQuery: string, headers: Record<string, string> = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: pathAndQuery, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket; resolves with the socket, or with the HTTP status the upgrade was refused with. */
function connect(query: string, origin: string | null = server.origin): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws${query}`, origin ? { headers: { Origin: origin } } : {});
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', reject);
  });
}

async function open(): Promise<WebSocket> {
  const ws = await connect(`?token=${server.token}`);
  if (typeof ws === 'number') throw new Error(`upgrade refused: ${ws}`);
  return ws;
}

function messages(ws: WebSocket): Record<string, unknown>[] {
  const got: Record<string, unknown>[] = [];
  ws.on('message', (d) => got.push(JSON.parse(d.toString()) as Record<string, unknown>));
  return got;
}

async function until<T>(fn: () => T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('genrescope serve', () => {
  it('prints a loopback URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the UI with a web CSP in place of the Electron one', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    const html = r.body.toString();
    expect(html).toContain('<title>Genrescope</title>');
    expect(html).not.toMatch(/Content-Security-Policy/i);
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(csp).toContain("media-src 'self' blob:");
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    const js = await get('/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect((await get('/%2e%2e/library.sqlite')).status).toBe(404);
    expect((await get('/..%2flibrary.sqlite')).status).toBe(404);
    expect((await get('/nope.js')).status).toBe(404);
    expect((await get('/assets/leak.mp3')).status).toBe(404);
    expect((await get('/favicon.ico')).status).toBe(204);
  });

  it('refuses requests under a foreign Host name (DNS rebinding)', async () => {
    expect((await get('/', { Host: `evil.example:${server.port}` })).status).toBe(421);
    expect((await get('/', { Host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('rejects a WebSocket with a wrong or missing token, or a foreign Origin', async () => {
    expect(await connect('?token=wrong')).toBe(401);
    expect(await connect('')).toBe(401);
    expect(await connect(`?token=${server.token}`, 'http://evil.example')).toBe(403);
    expect(await connect(`?token=${server.token}`, `http://127.0.0.1:${server.port + 1}`)).toBe(403);
    expect(await connect(`?token=${server.token}`, null)).toBe(403);
    const ok = await connect(`?token=${server.token}`, `http://localhost:${server.port}`);
    expect(ok).toBeInstanceOf(WebSocket);
    (ok as WebSocket).close();
  });

  it('answers contract calls, validates input, and pushes events', async () => {
    const ws = await open();
    const got = messages(ws);
    const reply = (id: number) => until(() => got.find((m) => m.id === id));

    ws.send(JSON.stringify({ id: 1, method: 'listRoots' }));
    expect(await reply(1)).toEqual({ id: 1, ok: true, output: [root] });

    ws.send(JSON.stringify({ id: 2, method: 'getTrack', input: { id: libraryId } }));
    const track = await reply(2);
    expect(track).toMatchObject({ ok: true, output: { id: libraryId, path: path.join(root, 'song.mp3'), status: 'pending' } });

    ws.send(JSON.stringify({ id: 3, method: 'getTrack', input: { id: 'x' } }));
    expect(await reply(3)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    ws.send(JSON.stringify({ id: 4, method: 'dropDatabase' }));
    expect(await reply(4)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });

    ws.send(JSON.stringify({ id: 5, method: 'revealInFolder', input: { path: root } }));
    expect(await reply(5)).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });

    ws.send(JSON.stringify({ id: 6, method: 'getAudioUrl', input: { id: libraryId } }));
    expect(await reply(6)).toEqual({ id: 6, ok: true, output: { url: `/audio/${libraryId}?token=${server.token}` } });

    ws.send(JSON.stringify({ id: 7, method: 'getTrack', input: { id: 999999 } }));
    expect(await reply(7)).toMatchObject({ ok: false, error: { code: 'USAGE' } });

    ws.send('not json');
    expect(await until(() => got.find((m) => m.id === null))).toMatchObject({ ok: false, error: { code: 'INVALID_MESSAGE' } });

    const other = path.join(dir, 'more');
    mkdirSync(other);
    ws.send(JSON.stringify({ id: 8, method: 'addRoot', input: { path: other } }));
    expect(await reply(8)).toMatchObject({ ok: true });
    expect(await until(() => got.find((m) => m.event === 'libraryChanged'))).toEqual({ event: 'libraryChanged', payload: {} });
    ws.close();
  });

  it('streams library audio with ranges, only with the token and only inside the roots', async () => {
    expect((await get(`/audio/${libraryId}`)).status).toBe(401);
    expect((await get(`/audio/${libraryId}?token=wrong`)).status).toBe(401);
    const full = await get(`/audio/${libraryId}?token=${server.token}`);
    expect(full.status).toBe(200);
    expect(full.headers['content-type']).toBe('audio/mpeg');
    expect(full.body).toEqual(audio);
    const part = await get(`/audio/${libraryId}?token=${server.token}`, { Range: 'bytes=1000-1999' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 1000-1999/${audio.length}`);
    expect(part.body).toEqual(audio.subarray(1000, 2000));
    expect((await get(`/audio/${libraryId}?token=${server.token}`, { Range: 'bytes=99999-' })).status).toBe(416);
    expect((await get(`/audio/${outsideId}?token=${server.token}`)).status).toBe(403);
    expect((await get(`/audio/424242?token=${server.token}`)).status).toBe(404);
    expect((await get(`/audio/..%2f..%2fsecret.mp3?token=${server.token}`)).status).toBe(404);
  });
});
