/**
 * The renderer's WebSocket transport against the real serve server and engine service (in process,
 * so the test can restart the server on the same port and token): typed calls with request ids,
 * contract-validated answers, engine error codes, events, failing calls in flight when the socket
 * drops, and reconnecting by itself when the server is back.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeServer, type RunningServer } from '../../src/core/server/serve-server.ts';
import { GenrescopeService } from '../../src/core/service/genrescope-service.ts';
import { webSocketUrl } from '../../src/renderer/src/client/connect.ts';
import type { ConnectionState } from '../../src/renderer/src/client/transport.ts';
import { WebSocketTransport } from '../../src/renderer/src/client/ws-transport.ts';
import { EngineCallError } from '../../src/shared/contract.ts';

/** Node's WebSocket, sending the Origin header a browser sends for a page from `pageUrl`. */
function nodeSocket(pageUrl: string): (url: string) => WebSocket {
  const origin = new URL(pageUrl).origin;
  // Node's (undici) WebSocket takes init options with headers where the DOM type has `protocols`.
  return (url) => new WebSocket(url, { headers: { origin } } as unknown as string[]);
}

function waitForState(t: WebSocketTransport, want: ConnectionState, ms = 15_000): Promise<void> {
  if (t.connection() === want) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`transport stayed ${t.connection()}, wanted ${want}`)), ms);
    const off = t.onConnection((s) => {
      if (s !== want) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

describe('WebSocket transport against the serve server', () => {
  let tmp: string;
  let ui: string;
  let service: GenrescopeService;
  let server: RunningServer;
  let transport: WebSocketTransport;
  const TOKEN = 'transport-test-token-0123456789';

  const start = async (port = 0) => {
    server = await startServeServer({ service, events: service, rendererDir: ui, host: '127.0.0.1', port, token: TOKEN, log: () => {} });
  };

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'genrescope-ws-'));
    ui = path.join(tmp, 'ui');
    await mkdir(ui);
    await writeFile(path.join(ui, 'index.html'), '<!doctype html><title>t</title>');
    service = new GenrescopeService({ dbPath: path.join(tmp, 'library.db'), workers: 1 });
    await start();
    transport = new WebSocketTransport(webSocketUrl(server.url), nodeSocket(server.url));
  });

  afterAll(async () => {
    transport?.close();
    await server?.close();
    await service?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('builds the socket URL from the page URL, keeping the token', () => {
    expect(webSocketUrl('http://127.0.0.1:4870/?token=abc#/library')).toBe('ws://127.0.0.1:4870/ws?token=abc');
    expect(webSocketUrl('https://nas.local/?token=a%2Fb')).toBe('wss://nas.local/ws?token=a%2Fb');
  });

  it('answers calls made before the socket opened, each to its own request', async () => {
    expect(transport.connection()).toBe('connecting');
    const [roots, settings, page] = await Promise.all([
      transport.call('listRoots', undefined),
      transport.call('getSettings', undefined),
      transport.call('listTracks', { offset: 0, limit: 10, sort: { key: 'title', dir: 'asc' } }),
    ]);
    expect(transport.connection()).toBe('open');
    expect(roots).toEqual([]);
    expect(['system', 'light', 'dark']).toContain(settings.theme);
    expect(page).toEqual({ total: 0, rows: [] });
  });

  it('rejects with the error code from the other side and keeps working', async () => {
    const bad = await transport.call('listTracks', { offset: -1, limit: 10, sort: { key: 'title', dir: 'asc' } }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(EngineCallError);
    expect((bad as EngineCallError).code).toBe('INVALID_INPUT');
    expect((bad as EngineCallError).issues?.[0]?.path).toBe('offset');
    const missing = await transport.call('getTrack', { id: 424242 }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(EngineCallError);
    expect((missing as EngineCallError).code).not.toBe('INTERNAL');
    const host = await transport.call('revealInFolder', { path: tmp }).catch((e: unknown) => e);
    expect((host as EngineCallError).code).toBe('UNAVAILABLE');
    expect(await transport.call('listRoots', undefined)).toEqual([]);
  });

  it('delivers engine events to subscribers', async () => {
    const music = path.join(tmp, 'music');
    await mkdir(music);
    const states: string[] = [];
    const idle = new Promise<void>((resolve) => {
      const off = transport.subscribe('scanProgress', (s) => {
        states.push(s.state);
        if (s.state === 'idle') {
          off();
          resolve();
        }
      });
    });
    await transport.call('addRoot', { path: music });
    await transport.call('startScan', {});
    await idle;
    expect(states[0]).toBe('scanning');
  });

  it('fails calls in flight with DISCONNECTED when the socket drops, then reconnects by itself', async () => {
    const port = server.port;
    const inFlight = transport.call('getModelCard', undefined).catch((e: unknown) => e);
    await server.close();
    const err = await inFlight;
    // The call either made it before the close or failed with DISCONNECTED; never hangs.
    if (err instanceof EngineCallError) expect(err.code).toBe('DISCONNECTED');
    await waitForState(transport, 'closed');
    // A call made while the server is down waits for the reconnect.
    const queued = transport.call('listRoots', undefined);
    await start(port);
    await waitForState(transport, 'open');
    expect(await queued).toEqual([path.join(tmp, 'music')]);
  }, 60_000);
});
