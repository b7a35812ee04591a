/**
 * `genrescope serve`: the built UI over HTTP and the UI <-> engine contract over a WebSocket, for
 * people who run the engine on a NAS or headless box and use a browser. Plain Node (no electron).
 *
 * Access: a random token (printed in the URL) is required on the WebSocket upgrade and on every
 * /audio request; the WebSocket Origin must be one of this server's own origins; on loopback binds
 * every request's Host header must name this server too (DNS rebinding). The UI files themselves
 * are public (they are the same for every install).
 */
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  EVENT_NAMES,
  events as eventSchemas,
  TOKEN_PARAM,
  WS_PATH,
  WsRequestSchema,
  type EngineEventSource,
  type HostApi,
  type ServiceApi,
  type WsEvent,
  type WsResponse,
} from '../../shared/contract.ts';
import { errorMessage } from '../errors.ts';
import { allowedHostPorts, displayHost, hostAllowed, hostPort, isLoopbackHost, newToken, originAllowed, tokenMatches } from './access.ts';
import { planAudioResponse, resolveAllowedFile } from './audio-file.ts';
import { buildCsp } from './csp.ts';
import { combineApi, createDispatcher, HostUnavailableError, type Dispatch, type EngineService } from './dispatch.ts';
import { assertRendererBuilt, serveStatic } from './static-files.ts';

export interface ServeOptions {
  /** The engine; getTrack and listRoots are needed for /audio. */
  service: EngineService & Pick<ServiceApi, 'getTrack' | 'listRoots'>;
  /** Engine events to push to every connected UI. */
  events?: EngineEventSource;
  /** Folder with the built renderer (index.html + assets/). */
  rendererDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
  /** Extra host names the UI may be reached under (e.g. a NAS's DNS name behind --host 0.0.0.0). */
  extraHosts?: string[];
  log?: (line: string) => void;
}

export interface RunningServer {
  /** The URL to open, token included. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_WS_MESSAGE = 8 * 1024 * 1024;

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  // The token rides in URLs: never leak it to another site through Referer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** What a browser UI cannot have: no native dialogs or file manager on the server's screen. */
export function webHostApi(token: string): HostApi {
  return {
    getAudioUrl: async ({ id }) => ({ url: `/audio/${id}?${TOKEN_PARAM}=${encodeURIComponent(token)}` }),
    revealInFolder: async () => {
      throw new HostUnavailableError('revealInFolder is not available in the browser UI: the files live on the server');
    },
    copyText: async () => {
      throw new HostUnavailableError('copyText is not available through the server: copy with the browser clipboard');
    },
    pickFolder: async () => {
      throw new HostUnavailableError('pickFolder is not available in the browser UI: type the folder path as the server sees it');
    },
  };
}

function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  res.end(text + '\n');
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startServeServer(options: ServeOptions): Promise<RunningServer> {
  assertRendererBuilt(options.rendererDir);
  const bindHost = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const log = options.log ?? (() => {});
  const { service } = options;
  const dispatch: Dispatch = createDispatcher(combineApi(service, webHostApi(token)), {
    onInternalError: (method, error) => log(`genrescope serve: ${method} failed: ${error.code}: ${error.message}`),
  });

  let allowed = new Set<string>();
  const checkHost = isLoopbackHost(bindHost);

  async function handleAudio(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!tokenMatches(token, url.searchParams.get(TOKEN_PARAM))) return sendText(res, 401, 'missing or wrong token');
    const m = /^\/audio\/(\d{1,15})$/.exec(url.pathname);
    if (!m) return sendText(res, 404, 'no such track');
    let trackPath: string;
    let roots: string[];
    try {
      const track = await service.getTrack({ id: Number(m[1]) });
      trackPath = track.path;
      roots = await service.listRoots();
    } catch {
      return sendText(res, 404, 'no such track');
    }
    const access = await resolveAllowedFile(trackPath, { roots });
    if (!access.ok) return sendText(res, access.status, access.reason);
    const plan = planAudioResponse(access.size, access.mime, req.headers.range);
    res.writeHead(plan.status, { ...SECURITY_HEADERS, ...plan.headers });
    if (req.method === 'HEAD' || plan.range === null) {
      res.end();
      return;
    }
    createReadStream(access.realPath, { start: plan.range.start, end: plan.range.end })
      .on('error', () => res.destroy())
      .pipe(res);
  }

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (checkHost && !hostAllowed(req.headers.host, allowed)) return sendText(res, 421, 'unknown host name');
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname.startsWith('/audio/')) return handleAudio(req, res, url);
    if (url.pathname === WS_PATH) return sendText(res, 426, 'WebSocket endpoint', { Upgrade: 'websocket' });
    const served = await serveStatic(req, res, url.pathname, {
      rendererDir: options.rendererDir,
      securityHeaders: SECURITY_HEADERS,
      csp: (r) => {
        const h = r.headers.host && /^[a-z0-9.:[\]-]+$/i.test(r.headers.host) ? r.headers.host : null;
        return buildCsp('web', h ? { wsOrigin: `ws://${h}` } : {});
      },
    });
    if (served) return;
    // Browsers ask for an icon the UI does not ship: answer empty rather than log a 404.
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204, { ...SECURITY_HEADERS, 'Cache-Control': 'max-age=86400' });
      res.end();
      return;
    }
    sendText(res, 404, 'not found');
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE });
  const clients = new Set<WebSocket>();

  function onConnection(ws: WebSocket): void {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
    ws.on('message', (data, isBinary) => {
      void (async () => {
        let reply: WsResponse;
        let parsed: unknown;
        try {
          parsed = isBinary ? undefined : JSON.parse(data.toString());
        } catch {
          parsed = undefined;
        }
        const msg = WsRequestSchema.safeParse(parsed);
        if (!msg.success) {
          reply = { id: null, ok: false, error: { code: 'INVALID_MESSAGE', message: 'expected a JSON text message {id, method, input}' } };
        } else {
          const r = await dispatch(msg.data.method, msg.data.input);
          reply = r.ok ? { id: msg.data.id, ok: true, output: r.output } : { id: msg.data.id, ok: false, error: r.error };
        }
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
      })();
    });
  }

  function broadcast(message: WsEvent): void {
    const text = JSON.stringify(message);
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
  }

  const unsubscribers: (() => void)[] = [];
  if (options.events) {
    for (const name of EVENT_NAMES) {
      unsubscribers.push(
        options.events.on(name, (payload) => {
          const p = eventSchemas[name].safeParse(payload);
          if (!p.success) {
            log(`genrescope serve: dropped malformed '${name}' event: ${p.error.message}`);
            return;
          }
          broadcast({ event: name, payload: p.data });
        }),
      );
    }
  }

  const server: Server = createServer((req, res) => {
    handleRequest(req, res).catch((err: unknown) => {
      log(`genrescope serve: ${req.method} ${req.url?.split('?')[0]} failed: ${errorMessage(err)}`);
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname !== WS_PATH) return rejectUpgrade(socket, 404, 'Not Found');
    if (checkHost && !hostAllowed(req.headers.host, allowed)) return rejectUpgrade(socket, 421, 'Misdirected Request');
    if (!tokenMatches(token, url.searchParams.get(TOKEN_PARAM))) return rejectUpgrade(socket, 401, 'Unauthorized');
    if (!originAllowed(req.headers.origin, allowed)) return rejectUpgrade(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, onConnection);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  allowed = allowedHostPorts(bindHost, port, options.extraHosts);
  const origin = `http://${hostPort(displayHost(bindHost), port)}`;

  return {
    url: `${origin}/?${TOKEN_PARAM}=${token}`,
    origin,
    port,
    token,
    close: async () => {
      for (const u of unsubscribers) u();
      for (const ws of clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
